"""The JSON API (contract 3): the context rule's 422s, the draft -> contact flow, edits, meetings, errors."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import func, select

from service.storage.db import db
from service.storage.models import Contact, Draft, Meeting
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


def _scan(client, headers, data=None, name="card.jpg"):
    return client.post("/api/v1/scans", headers=headers,
                       data={"image": (io.BytesIO(data or jpeg_bytes()), name)}, content_type="multipart/form-data")


def _counts(app):
    with app.app_context():
        return tuple(db.session.scalar(select(func.count()).select_from(m)) for m in (Contact, Meeting, Draft))


CONTEXT_CASES = {
    "missing note": ({"collaboration": COLLABORATION}, "note"),
    "blank note": ({"note": "   \n\t ", "collaboration": COLLABORATION}, "note"),
    "placeholder n/a": ({"note": "n/a", "collaboration": COLLABORATION}, "note"),
    "placeholder TODO padded": ({"note": "  TODO. ", "collaboration": COLLABORATION}, "note"),
    "placeholder dots": ({"note": "...", "collaboration": COLLABORATION}, "note"),
    "placeholder asdf": ({"note": "asdf", "collaboration": COLLABORATION}, "note"),
    "note too short": ({"note": "Met him", "collaboration": COLLABORATION}, "note"),
    "note not text": ({"note": 12345678901234567, "collaboration": COLLABORATION}, "note"),
    "missing collaboration": ({"note": NOTE}, "collaboration.kind"),
    "missing kind": ({"note": NOTE, "collaboration": {"detail": COLLABORATION["detail"]}}, "collaboration.kind"),
    "unknown kind": ({"note": NOTE, "collaboration": {"kind": "zzz", "detail": COLLABORATION["detail"]}},
                     "collaboration.kind"),
    "missing detail": ({"note": NOTE, "collaboration": {"kind": "client"}}, "collaboration.detail"),
    "placeholder detail": ({"note": NOTE, "collaboration": {"kind": "client", "detail": "tbd"}},
                           "collaboration.detail"),
    "detail too short": ({"note": NOTE, "collaboration": {"kind": "client", "detail": "sell"}},
                         "collaboration.detail"),
}


@pytest.mark.parametrize("case", CONTEXT_CASES)
def test_contact_without_real_context_is_422_and_stores_nothing(app, client, ana, reader, case):
    draft = _scan(client, ana).get_json()["id"]
    body, field = CONTEXT_CASES[case]
    before = _counts(app)
    response = client.post("/api/v1/contacts", headers=ana,
                           json={"draft_id": draft, "fields": {"name": "Irene Soliz"}, **body})
    assert response.status_code == 422
    error = response.get_json()
    assert error["error"] == "context_required"
    assert error["message"]
    assert field in error["fields"], error
    assert _counts(app) == before  # no contact, no meeting, and the draft is still there
    assert client.get(f"/api/v1/drafts/{draft}", headers=ana).status_code == 200


@pytest.mark.parametrize("case", CONTEXT_CASES)
def test_meeting_without_real_context_is_422_and_stores_nothing(app, client, ana, case):
    contact = client.post("/api/v1/contacts", headers=ana,
                          json={"fields": {"name": "Irene"}, "note": NOTE, "collaboration": COLLABORATION})
    cid = contact.get_json()["id"]
    body, field = CONTEXT_CASES[case]
    response = client.post(f"/api/v1/contacts/{cid}/meetings", headers=ana, json=body)
    assert response.status_code == 422
    assert response.get_json()["error"] == "context_required"
    assert field in response.get_json()["fields"]
    assert len(client.get(f"/api/v1/contacts/{cid}", headers=ana).get_json()["meetings"]) == 1


def test_several_problems_are_reported_together(client, ana):
    response = client.post("/api/v1/contacts", headers=ana, json={"fields": {"name": "X Y"}, "note": "-"})
    assert response.status_code == 422
    assert set(response.get_json()["fields"]) == {"note", "collaboration.kind", "collaboration.detail"}


def test_minimum_lengths_are_settings(make_app):
    strict = make_app(CARDNOTE_NOTE_MIN_LENGTH=80)
    headers = add_user(strict, "s@example.com")
    response = strict.test_client().post("/api/v1/contacts", headers=headers,
                                         json={"fields": {"name": "A B"}, "note": NOTE, "collaboration": COLLABORATION})
    assert response.status_code == 422 and "80" in response.get_json()["fields"]["note"]


def test_scan_to_contact_flow(app, client, ana, reader):
    scanned = _scan(client, ana)
    assert scanned.status_code == 201
    draft = scanned.get_json()
    assert draft["card"]["schema"] == "cardnote/card@1" and draft["existing_contact"] is None
    assert [d["id"] for d in client.get("/api/v1/drafts", headers=ana).get_json()["items"]] == [draft["id"]]
    image = client.get(f"/api/v1/drafts/{draft['id']}/image", headers=ana)
    assert image.status_code == 200 and image.mimetype == "image/jpeg"

    fields = draft["card"]["fields"]
    fields["title"] = "Diseñadora Gráfica"  # the user adds a field the card did not give
    created = client.post("/api/v1/contacts", headers=ana, json={
        "draft_id": draft["id"], "fields": fields, "note": NOTE, "collaboration": COLLABORATION})
    assert created.status_code == 201
    contact = created.get_json()
    assert contact["fields"]["name"]["source"] == "ocr"  # unchanged values keep their provenance
    assert contact["fields"]["name"]["raw"] == "Irene Soliz"
    assert contact["fields"]["title"] == {"value": "Diseñadora Gráfica", "confidence": 1.0, "source": "user"}
    assert contact["meetings"][0]["note"] == NOTE
    assert contact["meetings"][0]["collaboration"] == COLLABORATION
    assert contact["meetings"][0]["event"] is None
    # the draft became the contact: gone from the inbox, its image kept on the contact
    assert client.get("/api/v1/drafts", headers=ana).get_json()["items"] == []
    assert client.get(f"/api/v1/drafts/{draft['id']}", headers=ana).status_code == 404
    assert client.get(f"/api/v1/contacts/{contact['id']}/image", headers=ana).data == image.data


def test_same_photo_twice_is_the_same_draft_and_is_read_once(client, ana, reader):
    data = jpeg_bytes("navy")
    first, second = _scan(client, ana, data), _scan(client, ana, data)
    assert first.status_code == 201 and second.status_code == 200
    assert first.get_json()["id"] == second.get_json()["id"]
    assert reader.calls == 1
    assert _scan(client, ana, jpeg_bytes("olive")).get_json()["id"] != first.get_json()["id"]


def test_scanning_someone_known_offers_the_existing_contact(client, ana, monkeypatch):
    use_fake_reader(monkeypatch, FakeReader(
        fake_card(), fake_card(name="I. Soliz", email="other@example.org", phone="+34612345678")))
    first = _scan(client, ana, jpeg_bytes("red")).get_json()
    cid = client.post("/api/v1/contacts", headers=ana, json={
        "draft_id": first["id"], "note": NOTE, "collaboration": COLLABORATION}).get_json()["id"]
    again = _scan(client, ana, jpeg_bytes("blue")).get_json()  # another photo, same phone number
    assert again["existing_contact"]["id"] == cid
    assert client.get(f"/api/v1/drafts/{again['id']}", headers=ana).get_json()["existing_contact"]["id"] == cid


def test_stored_card_image_has_no_exif(client, ana, monkeypatch):
    use_fake_reader(monkeypatch, FakeReader(fake_card(), image=jpeg_bytes(exif=True)))
    draft = _scan(client, ana).get_json()
    stored = client.get(f"/api/v1/drafts/{draft['id']}/image", headers=ana).data
    with Image.open(io.BytesIO(stored)) as image:
        assert not image.getexif() and "exif" not in image.info


def test_fields_accept_plain_strings_and_lists(client, ana):
    created = client.post("/api/v1/contacts", headers=ana, json={
        "fields": {"name": "Ana Díaz", "emails": "ana@lab.example", "phones": ["+34 612 345 678"],
                   "websites": ["lab.example"]},
        "note": NOTE, "collaboration": COLLABORATION})
    assert created.status_code == 201
    fields = created.get_json()["fields"]
    assert fields["name"] == {"value": "Ana Díaz", "confidence": 1.0, "source": "user"}
    assert fields["emails"][0]["value"] == "ana@lab.example" and fields["emails"][0]["valid"] is True
    assert fields["phones"][0]["value"] == "+34612345678" and fields["phones"][0]["source"] == "user"
    assert fields["websites"][0]["value"] == "https://lab.example"
    assert fields["address"] is None and fields["social"] == []


@pytest.mark.parametrize("fields", [{}, {"title": "CEO"}, {"name": "   "}])
def test_contact_needs_an_identity(client, ana, fields):
    response = client.post("/api/v1/contacts", headers=ana, json={
        "fields": fields, "note": NOTE, "collaboration": COLLABORATION})
    assert response.status_code == 422 and response.get_json()["error"] == "validation_error"


@pytest.mark.parametrize("fields", [{"nickname": "Ana"}, {"emails": 5}, {"name": ["a", "b"]}, "Ana", {"name": {}}])
def test_malformed_fields_are_refused(client, ana, fields):
    response = client.post("/api/v1/contacts", headers=ana, json={
        "fields": fields, "note": NOTE, "collaboration": COLLABORATION})
    assert response.status_code == 422
    assert {"error", "message"} <= set(response.get_json())


def test_patch_changes_only_the_fields_sent(client, ana, reader):
    draft = _scan(client, ana).get_json()
    cid = client.post("/api/v1/contacts", headers=ana, json={
        "draft_id": draft["id"], "note": NOTE, "collaboration": COLLABORATION}).get_json()["id"]
    patched = client.patch(f"/api/v1/contacts/{cid}", headers=ana,
                           json={"fields": {"company": "Merino Group", "emails": ["isoliz@merino.example", "i@x.org"]}})
    assert patched.status_code == 200
    fields = patched.get_json()["fields"]
    assert fields["company"]["value"] == "Merino Group" and fields["company"]["source"] == "user"
    assert fields["name"]["source"] == "ocr"  # untouched
    assert [e["source"] for e in fields["emails"]] == ["ocr", "user"]
    listed = client.get("/api/v1/contacts?q=merino group", headers=ana).get_json()
    assert [c["id"] for c in listed["items"]] == [cid]


def test_meetings_timeline_and_events(app, client, ana):
    from service.core.accounts import get_user_by_email
    from service.core.events import create_event

    with app.app_context():
        event = create_event(db.session, get_user_by_email(db.session, "ana@example.com"),
                             {"name": "Trade fair", "date": "2026-03-04", "place": "Madrid"})
        db.session.commit()
        event_id = event.id
    cid = client.post("/api/v1/contacts", headers=ana, json={
        "fields": {"name": "Ana"}, "note": NOTE, "collaboration": COLLABORATION, "event_id": event_id,
    }).get_json()["id"]
    added = client.post(f"/api/v1/contacts/{cid}/meetings", headers=ana, json={
        "note": "Coffee about the pilot's budget and timeline", "date": "2026-05-01",
        "collaboration": {"kind": "client", "detail": "Pilot of our reader in their lab"}})
    assert added.status_code == 201
    meetings = client.get(f"/api/v1/contacts/{cid}", headers=ana).get_json()["meetings"]
    assert [m["date"] for m in meetings] == ["2026-03-04", "2026-05-01"]  # the event's date by default
    assert meetings[0]["event"]["name"] == "Trade fair" and meetings[1]["event"] is None


def test_search_and_paging(client, ana):
    for name, company in [("Ana Díaz", "Lab SL"), ("Bea Ruiz", "Acme"), ("Carl Lab", "Zeta")]:
        assert client.post("/api/v1/contacts", headers=ana, json={
            "fields": {"name": name, "company": company}, "note": NOTE, "collaboration": COLLABORATION,
        }).status_code == 201
    found = client.get("/api/v1/contacts?q=LAB", headers=ana).get_json()
    assert sorted(c["name"] for c in found["items"]) == ["Ana Díaz", "Carl Lab"] and found["total"] == 2
    page = client.get("/api/v1/contacts?limit=2&offset=2", headers=ana).get_json()
    assert len(page["items"]) == 1 and page["total"] == 3
    assert client.get("/api/v1/contacts?q=100%", headers=ana).get_json()["items"] == []
    for bad in ("limit=0", "limit=1000", "offset=-1", "limit=x"):
        response = client.get(f"/api/v1/contacts?{bad}", headers=ana)
        assert response.status_code == 400 and response.get_json()["error"] == "invalid_request"


def test_delete_contact(client, ana):
    cid = client.post("/api/v1/contacts", headers=ana, json={
        "fields": {"name": "Ana"}, "note": NOTE, "collaboration": COLLABORATION}).get_json()["id"]
    assert client.delete(f"/api/v1/contacts/{cid}", headers=ana).status_code == 204
    assert client.get(f"/api/v1/contacts/{cid}", headers=ana).status_code == 404


@pytest.mark.parametrize(("method", "path", "kwargs", "status"), [
    ("get", "/api/v1/nowhere", {}, 404),
    ("put", "/api/v1/contacts", {}, 405),
    ("post", "/api/v1/contacts", {"data": "not json", "content_type": "text/plain"}, 400),
    ("post", "/api/v1/contacts", {"json": ["a", "list"]}, 400),
    ("post", "/api/v1/scans", {"data": {}}, 400),
    ("get", "/api/v1/contacts/abc", {}, 404),
])
def test_errors_are_json(client, ana, method, path, kwargs, status):
    response = getattr(client, method)(path, headers=ana, **kwargs)
    assert response.status_code == status
    assert response.is_json and {"error", "message"} <= set(response.get_json())


def test_unreadable_upload_is_a_json_422(client, ana):
    response = _scan(client, ana, b"plain text, not a picture", "notes.jpg")
    assert response.status_code == 422
    assert response.get_json()["error"] == "unreadable_image"


def test_upload_too_large_is_a_json_413(make_app):
    small = make_app(MAX_CONTENT_LENGTH=1000)
    headers = add_user(small, "big@example.com")
    response = _scan(small.test_client(), headers, b"x" * 5000)
    assert response.status_code == 413 and response.get_json()["error"] == "request_entity_too_large"


def test_rescan_of_a_known_person_becomes_a_meeting_not_a_duplicate(client, ana, reader):
    cid = client.post("/api/v1/contacts", headers=ana, json={
        "fields": {"name": "Irene Soliz", "emails": ["isoliz@merino.example"]}, "note": NOTE,
        "collaboration": COLLABORATION}).get_json()["id"]
    draft = _scan(client, ana, jpeg_bytes("maroon")).get_json()
    assert draft["existing_contact"]["id"] == cid
    refused = client.post(f"/api/v1/contacts/{cid}/meetings", headers=ana,
                          json={"draft_id": draft["id"], "note": "tbd", "collaboration": COLLABORATION})
    assert refused.status_code == 422
    assert client.get(f"/api/v1/drafts/{draft['id']}", headers=ana).status_code == 200  # kept on refusal
    added = client.post(f"/api/v1/contacts/{cid}/meetings", headers=ana, json={
        "draft_id": draft["id"], "note": "Second chat at the fair about the pilot budget",
        "collaboration": {"kind": "client", "detail": "Pilot of the reader in spring"}})
    assert added.status_code == 201
    assert client.get("/api/v1/drafts", headers=ana).get_json()["items"] == []
    contact = client.get(f"/api/v1/contacts/{cid}", headers=ana).get_json()
    assert len(contact["meetings"]) == 2 and contact["has_image"] is True
    assert client.get("/api/v1/contacts", headers=ana).get_json()["total"] == 1


def test_pages_get_html_errors_and_json_clients_get_json(app):
    def boom():
        raise RuntimeError("secret internals")

    app.add_url_rule("/boom-for-test", "boom", boom)
    client = app.test_client()
    page = client.get("/no-such-page-here", headers={"Accept": "text/html"})
    assert page.status_code == 404 and page.mimetype == "text/html"
    as_json = client.get("/no-such-page-here", headers={"Accept": "application/json"})
    assert as_json.status_code == 404 and as_json.get_json()["error"] == "not_found"
    crashed = client.get("/boom-for-test", headers={"Accept": "application/json"})
    assert crashed.status_code == 500 and crashed.get_json()["error"] == "internal_error"
    assert "secret internals" not in crashed.get_data(as_text=True)
