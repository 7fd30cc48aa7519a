"""Two users: every API route and web page that takes an id answers 404 for the other user's object, and changes
nothing. Routes are found by walking Flask's URL map, so a new route cannot escape the check."""

from __future__ import annotations

import io

import pytest

from tests.support.service_helpers import (
    COLLABORATION,
    NOTE,
    FakeReader,
    add_user,
    fake_card,
    jpeg_bytes,
    use_fake_reader,
)

pytestmark = pytest.mark.postgres  # the database tests here run on SQLite and on PostgreSQL

# A valid body per (method, collection): bodies with keys a route does not know are refused before any look-up.
BODIES = {
    ("PATCH", "contact_id"): {"fields": {"name": "Mallory"}},
    ("PATCH", "event_id"): {"name": "Mallory"},
    ("PATCH", "followup_id"): {"done": True},
    ("POST", "contact_id"): {"note": NOTE, "collaboration": COLLABORATION},
}


@pytest.fixture
def world(app, client, monkeypatch):
    """Ana owns a draft, an event, a contact met there (with image and a next step) and a token; Bea owns nothing."""
    use_fake_reader(monkeypatch, FakeReader(fake_card(), fake_card(name="Other Person")))
    ana, bea = add_user(app, "ana@example.com"), add_user(app, "bea@example.com")

    def scan(colour):
        return client.post("/api/v1/scans", headers=ana, content_type="multipart/form-data",
                           data={"image": (io.BytesIO(jpeg_bytes(colour)), "c.jpg")}).get_json()["id"]

    event = client.post("/api/v1/events", headers=ana, json={"name": "Fair", "objective": "clients"}).get_json()["id"]
    contact = client.post("/api/v1/contacts", headers=ana, json={
        "draft_id": scan("red"), "note": NOTE, "collaboration": COLLABORATION, "event_id": event,
        "next_step": {"action": "Send the deck", "due": "2026-12-01"}}).get_json()
    ids = {"draft_id": scan("green"), "contact_id": contact["id"], "event_id": event,
           "followup_id": contact["meetings"][0]["next_step"]["id"],
           "token_id": client.get("/api/v1/tokens", headers=ana).get_json()["items"][0]["id"],
           # Queued scans exist only with a broker (CARDNOTE_BROKER_URL); here every scan id is unknown, and
           # tests/test_celery_scans.py checks another user's queued scan is a 404 against a real Redis.
           "scan_id": "queued-scan-of-ana"}
    return ana, bea, ids


# The collection a route's `<id>` belongs to -> the key of `ids` in the world fixture.
KINDS = {"drafts": "draft_id", "contacts": "contact_id", "tokens": "token_id", "events": "event_id",
         "followups": "followup_id", "scans": "scan_id"}


def _kind(rule):
    return KINDS.get(rule.rule.split("/")[3])


def _id_routes(app):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/") and rule.arguments:
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule, method


def test_every_route_with_an_id_is_covered(app):
    # Fails when a route with an id is added whose argument this test does not know how to fill.
    assert {_kind(rule) for rule, _ in _id_routes(app)} == set(KINDS.values())
    assert len(list(_id_routes(app))) >= 14


def test_another_users_objects_are_404_on_every_route(app, client, world):
    ana, bea, ids = world
    def snapshot(path):
        body = client.get(path, headers=ana).get_json()
        for item in body.get("items", []):
            item.pop("last_used_at", None)  # Ana's own reads update a token's
        return body

    before = {path: snapshot(path)
              for path in (f"/api/v1/contacts/{ids['contact_id']}", f"/api/v1/drafts/{ids['draft_id']}",
                           "/api/v1/tokens", f"/api/v1/events/{ids['event_id']}",
                           f"/api/v1/events/{ids['event_id']}/scorecard", "/api/v1/followups?status=all")}
    checked = []
    for rule, method in _id_routes(app):
        value = str(ids[_kind(rule)])
        path = rule.rule.replace("<int:id>", value).replace("<id>", value)
        if rule.rule.endswith("/back"):  # the one upload with an id: a valid image, so only ownership can refuse it
            response = client.open(path, method=method, headers=bea, content_type="multipart/form-data",
                                   data={"image": (io.BytesIO(jpeg_bytes("blue")), "back.jpg")})
        else:
            response = client.open(path, method=method, headers=bea, json=BODIES.get((method, _kind(rule))))
        assert response.status_code == 404, (method, path, response.get_json())
        assert response.get_json()["error"] == "not_found"
        checked.append((method, rule.rule))
        # the owner still sees exactly the same objects
        for owned, body in before.items():
            assert snapshot(owned) == body, (method, path)
    assert len(checked) == len(list(_id_routes(app)))


def test_lists_show_only_own_objects(client, world):
    ana, bea, _ids = world
    assert client.get("/api/v1/contacts", headers=bea).get_json()["items"] == []
    assert client.get("/api/v1/drafts", headers=bea).get_json()["items"] == []
    assert client.get("/api/v1/events", headers=bea).get_json()["items"] == []
    assert client.get("/api/v1/followups?status=all", headers=bea).get_json()["items"] == []
    assert b"BEGIN:VTODO" not in client.get("/api/v1/followups.ics", headers=bea).data
    assert b"BEGIN:VTODO" in client.get("/api/v1/followups.ics", headers=ana).data
    assert [t["name"] for t in client.get("/api/v1/tokens", headers=bea).get_json()["items"]] == ["test"]
    assert len(client.get("/api/v1/contacts", headers=ana).get_json()["items"]) == 1


def test_draft_and_event_of_another_user_cannot_be_used(app, client, world):
    from service.core.accounts import get_user_by_email
    from service.core.events import create_event
    from service.storage.db import db

    _ana, bea, ids = world
    with app.app_context():
        event = create_event(db.session, get_user_by_email(db.session, "ana@example.com"), {"name": "Fair"})
        db.session.commit()
        event_id = event.id
    stolen_draft = client.post("/api/v1/contacts", headers=bea, json={
        "draft_id": ids["draft_id"], "note": NOTE, "collaboration": COLLABORATION})
    assert stolen_draft.status_code == 404
    stolen_event = client.post("/api/v1/contacts", headers=bea, json={
        "fields": {"name": "Bea's friend"}, "note": NOTE, "collaboration": COLLABORATION, "event_id": event_id})
    assert stolen_event.status_code == 404
    assert client.get("/api/v1/contacts", headers=bea).get_json()["items"] == []


def test_same_photo_by_two_users_gives_two_drafts(client, world):
    ana, bea, _ = world
    data = jpeg_bytes("purple")

    def scan(headers):
        return client.post("/api/v1/scans", headers=headers, content_type="multipart/form-data",
                           data={"image": (io.BytesIO(data), "c.jpg")})

    first, second = scan(ana), scan(bea)
    assert first.status_code == second.status_code == 201
    assert first.get_json()["id"] != second.get_json()["id"]
    assert second.get_json()["existing_contact"] is None  # Ana's contacts are not Bea's


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer nope", "Basic YTpi", "bearer "])
def test_missing_or_wrong_token_is_401(client, world, header):
    response = client.get("/api/v1/contacts", headers={"Authorization": header} if header else {})
    assert response.status_code == 401
    assert response.get_json()["error"] == "unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


PAGE_FORM = {"note": NOTE, "collaboration_kind": COLLABORATION["kind"], "collaboration_detail": COLLABORATION["detail"],
             "name": "Mallory", "contact_id": "", "done": "1"}


def _page_id_routes(app):
    """Every non-API route with an argument (the web pages), except the static-file routes."""
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/") and rule.arguments and not rule.endpoint.endswith("static"):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule, method


def _logged_in(app, email):
    """A test client whose session belongs to `email` (Flask-Login's session keys)."""
    from sqlalchemy import select

    from service.storage.db import db
    from service.storage.models import User

    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.email == email))
    browser = app.test_client()
    with browser.session_transaction() as session:
        session["_user_id"], session["_fresh"] = str(user_id), True
    return browser


def test_every_page_with_an_id_answers_404_to_another_user(app, client, world):
    ana, _bea, ids = world
    bea_browser = _logged_in(app, "bea@example.com")
    ana_browser = _logged_in(app, "ana@example.com")
    routes = list(_page_id_routes(app))
    # A page whose id this test cannot fill fails here instead of escaping the check.
    assert {arg for rule, _ in routes for arg in rule.arguments} <= set(ids), [r.rule for r, _ in routes]
    assert len(routes) >= 10
    before = client.get(f"/api/v1/contacts/{ids['contact_id']}", headers=ana).get_json()
    for rule, method in routes:
        path = rule.rule
        for arg, value in ids.items():
            path = path.replace(f"<int:{arg}>", str(value))
        data = {**PAGE_FORM, "contact_id": str(ids["contact_id"])} if method == "POST" else None
        response = bea_browser.open(path, method=method, data=data)
        assert response.status_code == 404, (method, path, response.status_code)
        assert ana_browser.get(f"/contacts/{ids['contact_id']}").status_code == 200
    assert client.get(f"/api/v1/contacts/{ids['contact_id']}", headers=ana).get_json() == before
    assert client.get(f"/api/v1/drafts/{ids['draft_id']}", headers=ana).status_code == 200
