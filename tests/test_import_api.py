"""POST /api/v1/imports: one uploaded file gives a draft per card; the same file again adds nothing."""

from __future__ import annotations

import io

import pytest

import service.reading.reader
from tests.support.import_helpers import PAGE, fake_scan_page, image_bytes, pdf_bytes
from tests.support.service_helpers import add_user


@pytest.fixture(autouse=True)
def fake_reader(monkeypatch):
    monkeypatch.setattr(service.reading.reader, "scan_page", fake_scan_page)


def _post(client, headers, data: bytes, name: str):
    return client.post("/api/v1/imports", headers=headers, data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_a_four_card_page_gives_four_drafts_once(app, client):
    headers = add_user(app, "a@example.com")
    first = _post(client, headers, PAGE.read_bytes(), "page.jpg")
    assert first.status_code == 201
    body = first.get_json()
    assert body["created"] == 4 and len(body["drafts"]) == 4
    assert sorted(d["card"]["source"]["card"] for d in body["drafts"]) == [1, 2, 3, 4]
    again = _post(client, headers, PAGE.read_bytes(), "renamed.jpg")
    assert again.status_code == 200
    assert again.get_json()["created"] == 0 and again.get_json()["already"] == 4
    assert {d["id"] for d in again.get_json()["drafts"]} == {d["id"] for d in body["drafts"]}
    assert len(client.get("/api/v1/drafts", headers=headers).get_json()["items"]) == 4


def test_each_user_gets_their_own_drafts(app, client):
    alice, bob = add_user(app, "alice@example.com"), add_user(app, "bob@example.com")
    made = _post(client, alice, pdf_bytes([(200, 30, 30), (30, 200, 30)]), "two.pdf").get_json()
    assert made["created"] == 2
    theirs = _post(client, bob, pdf_bytes([(200, 30, 30), (30, 200, 30)]), "two.pdf")
    assert theirs.status_code == 201  # Bob's import is his own, not "already imported" by Alice
    assert not {d["id"] for d in made["drafts"]} & {d["id"] for d in theirs.get_json()["drafts"]}
    assert client.get(f"/api/v1/drafts/{made['drafts'][0]['id']}", headers=bob).status_code == 404


def test_bad_uploads_are_json_errors(app, client):
    headers = add_user(app, "c@example.com")
    broken = _post(client, headers, image_bytes((1, 2, 3))[:200], "broken.jpg")
    assert broken.status_code == 422 and broken.get_json()["error"] == "unreadable_image"
    assert _post(client, headers, b"", "empty.jpg").status_code == 400
    missing = client.post("/api/v1/imports", headers=headers, data={}, content_type="multipart/form-data")
    assert missing.status_code == 400 and "file" in missing.get_json()["message"]
    assert _post(client, {}, PAGE.read_bytes(), "page.jpg").status_code == 401
