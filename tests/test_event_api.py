"""At the event, through the JSON API (SQLite and PostgreSQL): several cards per photo, upload keys that make a
retried upload harmless, a note sent with the photo, and the back of a card merged into its draft.

The reader is the stand-in (tests.support.service_helpers.FakeReader) where a test is about storage and answers; the
unreadable-file test uses the real reader (it fails at decoding, before any OCR).
"""

from __future__ import annotations

import io
import threading

import pytest
from sqlalchemy import func, select

from enrich.card import Card, CardFields, EmailField, PhoneField, TextField, WebsiteField
from service.storage.db import db
from service.storage.models import Contact, Draft, ScanKey
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

KEY = "6f1c2b1e-5a0d-4e59-9b7e-2d7f3c1a9e10"


@pytest.fixture
def reader(reader):
    """The stand-in reader with two cards queued: Irene Soliz, then Jonas Weber."""
    reader.cards = [fake_card(), fake_card(name="Jonas Weber", email="jonas@weber.example", phone="")]
    return reader


def back_card(**fields) -> Card:
    """The back of a card as the reader returns it: by default a website and a work phone, no name."""
    values = {"websites": [WebsiteField("https://merino.example", 0.9, "ocr", "merino.example")],
              "phones": [PhoneField("+34912345678", "work", "ES", True, 0.95, "ocr", "Tel. 912 345 678")]}
    values.update(fields)
    return Card(source={"file": "back.jpg", "sha256": "b", "width": 60, "height": 40}, fields=CardFields(**values),
                enrichment={"country": "ES"}, warnings=[], ocr={"engine": "fake", "lines": [{"text": "merino"}]})


def _scan(client, headers, data=None, **form):
    return client.post("/api/v1/scans", headers=headers, content_type="multipart/form-data",
                       data={"image": (io.BytesIO(data or jpeg_bytes()), "card.jpg"), **form})


def _back(client, headers, draft_id, data=None, name="back.jpg"):
    return client.post(f"/api/v1/drafts/{draft_id}/back", headers=headers, content_type="multipart/form-data",
                       data={"image": (io.BytesIO(data or jpeg_bytes("olive")), name)})


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_a_photo_of_two_cards_gives_two_drafts_and_keeps_the_old_keys(app, client, ana, reader):
    reader.per_photo = 2
    answer = _scan(client, ana, jpeg_bytes("navy"))
    assert answer.status_code == 201
    body = answer.get_json()
    names = [d["card"]["fields"]["name"]["value"] for d in body["drafts"]]
    assert names == ["Irene Soliz", "Jonas Weber"]
    assert body["id"] == body["drafts"][0]["id"] and body["card"] == body["drafts"][0]["card"]  # old clients
    assert [d["card"]["source"]["card"] for d in body["drafts"]] == [1, 2]
    assert len({d["id"] for d in body["drafts"]}) == 2 and _count(app, Draft) == 2

    again = _scan(client, ana, jpeg_bytes("navy"))  # the same photo: the same two drafts, not read again
    assert again.status_code == 200
    assert [d["id"] for d in again.get_json()["drafts"]] == [d["id"] for d in body["drafts"]]
    assert reader.calls == 2 and _count(app, Draft) == 2


def test_an_upload_key_makes_a_retry_return_the_first_drafts(app, client, ana, reader):
    first = _scan(client, ana, jpeg_bytes("navy"), key=KEY, note="Wrote this offline at the stand, kiosk pilot.")
    assert first.status_code == 201
    draft = first.get_json()
    assert draft["note"] == "Wrote this offline at the stand, kiosk pilot."
    # The phone sends it again (its answer was lost): same key, even re-encoded bytes — the same draft.
    retry = client.post("/api/v1/scans", headers={**ana, "Idempotency-Key": KEY}, content_type="multipart/form-data",
                        data={"image": (io.BytesIO(jpeg_bytes("teal")), "card.jpg")})
    assert retry.status_code == 200 and retry.get_json()["id"] == draft["id"]
    assert reader.calls == 1 and _count(app, Draft) == 1 and _count(app, ScanKey) == 1

    # Saved meanwhile: the retry still makes nothing new, and says so.
    assert client.post("/api/v1/contacts", headers=ana, json={"draft_id": draft["id"], "note": NOTE,
                                                              "collaboration": COLLABORATION}).status_code == 201
    late = _scan(client, ana, jpeg_bytes("navy"), key=KEY).get_json()
    assert late["drafts"] == [] and late["id"] is None and late["created"] is False
    assert _count(app, Draft) == 0 and reader.calls == 1


def test_another_users_upload_key_is_theirs(app, client, ana, reader):
    bob = add_user(app, "bob@example.com")
    mine = _scan(client, ana, jpeg_bytes("navy"), key=KEY).get_json()
    theirs = _scan(client, bob, jpeg_bytes("navy"), key=KEY)
    assert theirs.status_code == 201 and theirs.get_json()["id"] != mine["id"]


@pytest.mark.parametrize("key", ["short", "x" * 65, "has spaces in it", "../../etc/passwd"])
def test_a_malformed_upload_key_is_a_400_and_stores_nothing(app, client, ana, reader, key):
    answer = _scan(client, ana, key=key)
    assert answer.status_code == 400 and answer.get_json()["error"] == "invalid_request"
    assert _count(app, Draft) == 0 and reader.calls == 0


def test_concurrent_retries_with_one_key_make_one_draft(app, ana, reader):
    answers = []

    def send() -> None:
        with app.test_client() as client:
            answers.append(_scan(client, ana, jpeg_bytes("navy"), key=KEY).status_code)

    threads = [threading.Thread(target=send) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == [200, 200, 201]  # one request made the draft; the others answer with it
    assert _count(app, Draft) == 1 and _count(app, ScanKey) == 1


def test_the_back_is_merged_the_front_wins_and_both_images_are_kept(app, client, ana, monkeypatch):
    front = fake_card(phone="+34612345678")
    back = back_card(company=TextField("Merino Soluciones Globales", 0.8, "ocr"),
                     emails=[EmailField("isoliz@merino.example", True, 0.97, "ocr")])
    use_fake_reader(monkeypatch, FakeReader(front, back, image=jpeg_bytes("grey")))
    draft = _scan(client, ana, jpeg_bytes("navy")).get_json()
    use_fake_reader(monkeypatch, FakeReader(back, image=jpeg_bytes("white", size=(80, 50))))

    answer = _back(client, ana, draft["id"])
    assert answer.status_code == 200
    merged = answer.get_json()
    fields = merged["card"]["fields"]
    assert merged["id"] == draft["id"] and merged["has_back"] is True
    assert fields["name"]["value"] == "Irene Soliz" and "side" not in fields["name"]
    assert fields["company"]["value"] == "Merino Soluciones"  # the front's value is kept...
    assert any("Merino Soluciones Globales" in w for w in merged["card"]["warnings"])  # ...the conflict is a warning
    assert fields["websites"] == [{"value": "https://merino.example", "confidence": 0.9, "source": "ocr",
                                   "raw": "merino.example", "side": "back"}]
    assert [(p["value"], p.get("side")) for p in fields["phones"]] == [("+34612345678", None),
                                                                       ("+34912345678", "back")]
    assert len(fields["emails"]) == 1  # the same address on both sides is one
    assert merged["card"]["source"]["back"]["file"] == "back.jpg"
    front_image = client.get(f"/api/v1/drafts/{draft['id']}/image", headers=ana).data
    back_image = client.get(f"/api/v1/drafts/{draft['id']}/image?side=back", headers=ana).data
    assert front_image and back_image and front_image != back_image

    # Saving keeps both sides (and the back's provenance) on the contact.
    contact = client.post("/api/v1/contacts", headers=ana, json={"draft_id": draft["id"], "note": NOTE,
                                                                 "collaboration": COLLABORATION}).get_json()
    assert contact["has_back"] is True
    assert contact["fields"]["websites"][0]["side"] == "back"
    assert client.get(f"/api/v1/contacts/{contact['id']}/image?side=back", headers=ana).data == back_image
    # The draft is gone now: adding a back to it is a 404, nothing is created.
    gone = _back(client, ana, draft["id"], jpeg_bytes("black"))
    assert gone.status_code == 404 and gone.get_json()["error"] == "not_found"
    assert _count(app, Contact) == 1 and _count(app, Draft) == 0


def test_the_same_back_twice_changes_nothing_and_another_back_is_a_409(app, client, ana, monkeypatch):
    use_fake_reader(monkeypatch, FakeReader(fake_card()))
    draft = _scan(client, ana, jpeg_bytes("navy")).get_json()
    fake = FakeReader(back_card())
    use_fake_reader(monkeypatch, fake)
    first = _back(client, ana, draft["id"], jpeg_bytes("olive")).get_json()
    assert _back(client, ana, draft["id"], jpeg_bytes("olive")).get_json() == first
    other = _back(client, ana, draft["id"], jpeg_bytes("maroon"))
    assert other.status_code == 409 and other.get_json()["error"] == "conflict"
    assert fake.calls == 1
    assert client.get(f"/api/v1/drafts/{draft['id']}", headers=ana).get_json()["card"] == first["card"]


def test_back_errors_are_json_and_change_nothing(app, client, ana, monkeypatch):
    use_fake_reader(monkeypatch, FakeReader(fake_card()))
    front_bytes = jpeg_bytes("navy")
    draft = _scan(client, ana, front_bytes).get_json()
    bob = add_user(app, "bob@example.com")
    assert _back(client, bob, draft["id"]).status_code == 404  # another user's draft
    assert _back(client, ana, 999999).status_code == 404
    same = _back(client, ana, draft["id"], front_bytes)
    assert same.status_code == 422 and "same photo" in same.get_json()["message"]
    missing = client.post(f"/api/v1/drafts/{draft['id']}/back", headers=ana, content_type="multipart/form-data",
                          data={})
    assert missing.status_code == 400 and missing.get_json()["error"] == "invalid_request"
    monkeypatch.undo()  # the real reader: a text file is refused while decoding
    not_an_image = _back(client, ana, draft["id"], b"these are meeting notes, not a photo", "notes.jpg")
    assert not_an_image.status_code == 422 and not_an_image.get_json()["error"] == "unreadable_image"
    kept = client.get(f"/api/v1/drafts/{draft['id']}", headers=ana).get_json()
    assert kept["has_back"] is False and kept["card"] == draft["card"]


def test_scans_and_backs_are_in_the_openapi_document(client):
    spec = client.get("/openapi.json").get_json()
    scans = spec["paths"]["/api/v1/scans"]["post"]
    scanned = {"$ref": "#/components/schemas/ScannedDraft"}
    assert scans["responses"]["201"]["content"]["application/json"]["schema"] == scanned
    assert {"id", "card", "drafts", "created"} <= set(spec["components"]["schemas"]["ScannedDraft"]["properties"])
    form = scans["requestBody"]["content"]["multipart/form-data"]["schema"]
    form = spec["components"]["schemas"][form["$ref"].rsplit("/", 1)[1]] if "$ref" in form else form
    assert {"image", "key", "note"} <= set(form["properties"])
    back = spec["paths"]["/api/v1/drafts/{id}/back"]["post"]
    assert {"200", "404", "409", "422"} <= set(back["responses"])


@pytest.mark.slow
def test_a_real_photo_of_two_cards_gives_their_two_drafts(client, ana):
    from bench.scoring import normalise
    from samples.scenes import two_card_photo

    two = two_card_photo(seed=3)
    body = _scan(client, ana, two.jpeg).get_json()
    # as the bench scores names: the reader keeps the case the card prints ("LIAM GILL")
    assert [normalise(d["card"]["fields"]["name"]["value"]) for d in body["drafts"]] == [
        normalise(c["name"]) for c in two.cards]
    assert body["id"] == body["drafts"][0]["id"]
    for draft, card in zip(body["drafts"], two.cards, strict=True):
        assert sorted(e["value"].lower() for e in draft["card"]["fields"]["emails"]) == sorted(
            e.lower() for e in card["emails"])
