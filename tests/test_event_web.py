"""At the event, the web pages through Flask's test client: the review page's order, several cards of one photo
reviewed in turn, the back of a card, the phone's upload queue (key and note), and the installable app (manifest,
service worker, log-out's clean slate). The reader is the stand-in (FakeReader): these tests are about the pages;
tests/test_event_browser.py reads real generated cards.
"""

from __future__ import annotations

import io
import json
import re

import pytest

from enrich.card import Card, CardFields, WebsiteField
from service.domain.context import PLACEHOLDERS
from tests.support.service_helpers import fake_card, jpeg_bytes
from tests.support.web import CONTEXT, review_form

KEY = "0b7e8d0c-9a7c-4d0e-8f1e-1c2d3e4f5a6b"


@pytest.fixture
def reader(reader):
    """The stand-in reader with two cards queued: Irene Soliz, then Jonas Weber."""
    reader.cards = [fake_card(), fake_card(name="Jonas Weber", email="jonas@weber.example", phone="")]
    return reader


def _post_photo(client, colour="navy", **form):
    return client.post("/scan", content_type="multipart/form-data",
                       data={"images": (io.BytesIO(jpeg_bytes(colour)), "card.jpg"), **form})


def test_the_review_page_asks_for_the_conversation_before_the_fields(client, logged_in, reader):
    location = _post_photo(client).location
    html = client.get(location).get_data(as_text=True)
    note, kind, event = html.index('id="note"'), html.index('id="collaboration_kind"'), html.index('id="event_id"')
    first_field = html.index("data-field=")
    assert html.index('class="card-figure"') < note < kind < event < first_field
    assert html.index('id="date"') > event  # when, win-win and the next step follow the event
    # Sure values are compact rows; the unsure company (confidence 0.7 is not below the line) is too, a low one
    # would be flagged.
    assert re.search(r'class="field sure"[^>]*data-field="name"', html)
    # The page's Save gate gets the server's rule: minimum lengths and the placeholder list.
    placeholders = re.search(r'data-placeholders="([^"]+)"', html).group(1).replace("&#34;", '"')
    assert set(json.loads(placeholders)) == set(PLACEHOLDERS)
    assert 'data-min="15"' in html and 'data-min="8"' in html
    assert "Add the back" in html


def test_a_photo_with_two_cards_is_reviewed_one_card_after_the_other(client, logged_in, reader):
    reader.per_photo = 2
    first = _post_photo(client).location
    match = re.fullmatch(r"/drafts/(\d+)\?batch=(\d+),(\d+)", first)
    assert match and match.group(1) == match.group(2)
    page = client.get(first).get_data(as_text=True)
    assert "Card 1 of 2" in page and "Next card" in page and 'value="Irene Soliz"' in page
    # Saving the first opens the second (the batch travels in the form).
    saved = client.post(f"/drafts/{match.group(1)}", data=review_form(batch=f"{match.group(2)},{match.group(3)}",
                                                                      **CONTEXT))
    assert saved.status_code == 302 and saved.location.startswith(f"/drafts/{match.group(3)}?batch=")
    second = client.get(saved.location).get_data(as_text=True)
    assert "Card 2 of 2" in second and 'value="Jonas Weber"' in second and "Next card" not in second
    # The last one saved: the contact page, as for a single card.
    done = client.post(f"/drafts/{match.group(3)}", data=review_form(
        {"name": "Jonas Weber", "emails": ["jonas@weber.example"], "phones": [], "phones_kind": []},
        batch=f"{match.group(2)},{match.group(3)}", **CONTEXT))
    assert re.fullmatch(r"/contacts/\d+", done.location)


def test_the_scan_script_gets_every_card_and_a_retry_with_its_key_gets_the_same(client, logged_in, reader):
    reader.per_photo = 2
    headers = {"Accept": "application/json"}
    first = client.post("/scan", headers=headers, content_type="multipart/form-data", data={
        "images": (io.BytesIO(jpeg_bytes("navy")), "card.jpg"), "key": KEY, "note": "Offline note about kiosks."})
    items = first.get_json()["items"]
    assert [i["card"] for i in items] == [1, 2] and all("batch=" in i["review_url"] for i in items)
    again = client.post("/scan", headers=headers, content_type="multipart/form-data", data={
        "images": (io.BytesIO(jpeg_bytes("teal")), "card.jpg"), "key": KEY})
    assert [i["id"] for i in again.get_json()["items"]] == [i["id"] for i in items]
    assert reader.calls == 2  # one photo read once (two cards)
    review = client.get(items[0]["review_url"]).get_data(as_text=True)
    assert "Offline note about kiosks." in review  # the note typed with the queued photo starts the review


def test_adding_the_back_on_the_review_page(client, logged_in, reader):
    reader.cards = [fake_card()]
    location = _post_photo(client).location
    draft_id = int(location.rsplit("/", 1)[1])
    back = Card(source={"file": "back.jpg"}, fields=CardFields(
        websites=[WebsiteField("https://merino.example", 0.9, "ocr", "merino.example")]), enrichment={},
        warnings=[], ocr={"engine": "fake", "lines": []})
    reader.cards, reader.image = [back], jpeg_bytes("white", size=(90, 50))
    answer = client.post(f"/drafts/{draft_id}/back", content_type="multipart/form-data",
                         data={"image": (io.BytesIO(jpeg_bytes("olive")), "back.jpg")})
    assert answer.status_code == 302 and answer.location == location
    page = client.get(location).get_data(as_text=True)
    assert "Added the back of the card." in page
    assert 'value="https://merino.example"' in page and "on the back of the card" in page
    assert 'alt="The back of the card"' in page and "Add the back" not in page
    assert client.get(f"/drafts/{draft_id}/image?side=back").mimetype == "image/jpeg"
    empty = client.post(f"/drafts/{draft_id}/back", content_type="multipart/form-data", data={})
    assert empty.status_code == 400


def test_the_app_is_installable_and_its_worker_covers_the_whole_site(client, logged_in):
    manifest = client.get("/manifest.webmanifest")
    assert manifest.mimetype == "application/manifest+json"
    body = manifest.get_json(force=True)
    assert body["display"] == "standalone" and body["start_url"] == "/scan" and body["name"] == "cardnote"
    sizes = {icon["sizes"] for icon in body["icons"]}
    assert "512x512" in sizes and "192x192" in sizes
    for icon in body["icons"]:
        image = client.get(icon["src"])
        assert image.status_code == 200 and image.mimetype == "image/png"
        assert image.data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = int.from_bytes(image.data[16:20], "big"), int.from_bytes(image.data[20:24], "big")
        assert f"{width}x{height}" == icon["sizes"]
    worker = client.get("/sw.js")
    assert worker.mimetype == "text/javascript" and worker.headers["Service-Worker-Allowed"] == "/"
    assert worker.headers["Cache-Control"] == "no-cache"
    script = worker.get_data(as_text=True)
    assert not re.search(r"__[A-Z_]+__", script)  # every placeholder filled in
    assert "/web-static/cardnote.css" in script and "/web-static/queue-core.js" in script
    page = client.get("/scan")
    assert page.headers["X-Cardnote-User"] and "private" in page.headers["Cache-Control"]
    assert "blob:" in page.headers["Content-Security-Policy"]  # thumbnails of queued photos
    assert 'rel="manifest"' in page.get_data(as_text=True)


def test_log_out_tells_the_browser_to_forget_this_user(client, logged_in):
    response = client.post("/logout")
    assert response.status_code == 302
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'
    assert "X-Cardnote-User" not in client.get("/login").headers
