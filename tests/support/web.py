"""A logged-in browser for page tests: a user and a test client whose session is theirs."""

from __future__ import annotations

from tests.support.service_helpers import add_user

PASSWORD = "correct horse battery"


def logged_in_client(app, email: str):
    """Create `email` and return a test client logged in as them through the login form."""
    add_user(app, email, PASSWORD)
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    return client
