"""The web pages as a browser posts them: logging in through the form, the review form, the context fields."""

from __future__ import annotations

from tests.support.service_helpers import COLLABORATION, NOTE, add_user

PASSWORD = "correct horse battery"
# The context of a meeting as the save form posts it (the API takes COLLABORATION as an object instead).
CONTEXT = {"note": NOTE, "collaboration_kind": COLLABORATION["kind"],
           "collaboration_detail": COLLABORATION["detail"]}


def login(client, email: str, password: str = PASSWORD, next_url: str | None = None):
    """Post the login form; the response (302 when it worked)."""
    url = "/login" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"email": email, "password": password})


def logged_in_client(app, email: str):
    """Create `email` and return a new test client logged in as them through the login form."""
    add_user(app, email, PASSWORD)
    client = app.test_client()
    response = login(client, email)
    assert response.status_code == 302, response.status_code
    return client


def review_form(fields: dict | None = None, **context) -> dict:
    """A review/edit form as the page posts it (Irene Soliz's card unless `fields` says otherwise)."""
    form = {"name": "Irene Soliz", "company": "Merino Soluciones", "emails": ["isoliz@merino.example", ""],
            "phones": ["+34612345678", ""], "phones_kind": ["mobile", "mobile"], "social": [""],
            "social_service": ["linkedin"], "websites": [""]}
    form.update(fields or {})
    form.update(context)
    return form
