"""The web pages through Flask's test client: login, scan → review → save with context, inbox, contacts.

The reader is replaced by tests.support.service_helpers.FakeReader, so no OCR runs here (see test_browser.py).
"""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select

from enrich.card import TextField
from ocr.errors import UnreadableImage
from service.storage.db import db
from service.storage.models import Contact, Draft, Meeting
from tests.support.service_helpers import (
    COLLABORATION,
    NOTE,
    fake_card,
    jpeg_bytes,
    use_fake_reader,
)
from tests.support.web import CONTEXT, PASSWORD, logged_in_client, login, review_form


def scan(client, filename: str = "card.jpg", colour: str = "white") -> int:
    """Photograph a card on the scan page; return the id of the draft whose review page it opens."""
    response = client.post("/scan", content_type="multipart/form-data",
                           data={"images": (io.BytesIO(jpeg_bytes(colour)), filename)})
    assert response.status_code == 302, response.data
    match = re.fullmatch(r"/drafts/(\d+)", response.location)
    assert match, response.location
    return int(match.group(1))


def count(app, model, *where) -> int:
    """Rows of `model` in the app's database."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def save_contact(client, reader, name: str = "Irene Soliz", email: str = "isoliz@merino.example") -> int:
    """Scan a card and save it with context; return the new contact's id."""
    reader.cards = [fake_card(name=name, email=email, phone="")]
    draft_id = scan(client, f"{name}.jpg", colour="#%06x" % (hash(name) & 0xFFFFFF))
    response = client.post(f"/drafts/{draft_id}", data=review_form(
        {"name": name, "emails": [email], "phones": [], "phones_kind": []}, **CONTEXT))
    assert response.status_code == 302, response.data
    return int(response.location.rsplit("/", 1)[1])


# Login


@pytest.mark.parametrize("path", ["/", "/scan", "/inbox", "/contacts", "/drafts/1", "/contacts/1",
                                  "/contacts/1/edit", "/drafts/1/image"])
def test_pages_send_anonymous_visitors_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.location.startswith("/login")


def test_wrong_password_shows_an_error_and_does_not_log_in(client, ana):
    response = login(client, "ana@example.com", "not the password")
    assert response.status_code == 401
    assert "Wrong email or password." in response.text
    assert login(client, "nobody@example.com").status_code == 401  # same message for an unknown account
    assert client.get("/scan").status_code == 302


def test_login_sets_a_protected_session_cookie_and_follows_only_local_next(client, ana):
    response = login(client, "ana@example.com", next_url="/contacts")
    assert response.location == "/contacts"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain-HTTP default; CARDNOTE_COOKIE_SECURE=1 behind HTTPS (next test)
    client.post("/logout")
    assert login(client, "ana@example.com", next_url="//evil.example/").location == "/scan"
    assert client.get("/scan").status_code == 200


def test_session_cookie_is_secure_when_configured_for_https(make_app, ana):
    cookie = login(make_app(CARDNOTE_COOKIE_SECURE="1").test_client(), "ana@example.com").headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie


def test_logout_ends_the_session(client, logged_in):
    assert client.post("/logout").status_code == 302
    assert client.get("/contacts").status_code == 302


def test_csrf_token_is_required_when_enabled(make_app, ana):
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    refused = client.post("/login", data={"email": "ana@example.com", "password": PASSWORD})
    assert refused.status_code == 400
    assert "form expired" in refused.text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/login").text).group(1)
    accepted = client.post("/login", data={"email": "ana@example.com", "password": PASSWORD, "csrf_token": token})
    assert accepted.status_code == 302
    page = client.get("/scan").text
    assert 'name="csrf_token"' in page  # every form of the page carries it
    assert client.post("/logout").status_code == 400  # a logged-in form post without the token is refused too
    assert client.get("/contacts").status_code == 200  # …and did not log out


# Scan and review


def test_scan_opens_the_review_page_with_fields_image_and_warnings(client, logged_in, reader):
    card = fake_card()
    card.fields.title = TextField("Diseñadora Gráfica", 0.41, "ocr", "Diseñadora Grafica")
    card.warnings = ["Phone 222 145 1450 has no country code; read it as a MX number."]
    reader.cards = [card]
    draft_id = scan(client)
    page = client.get(f"/drafts/{draft_id}").text
    assert 'value="Irene Soliz"' in page and 'value="isoliz@merino.example"' in page
    assert 'value="+34612345678"' in page and '<option value="mobile" selected>' in page
    assert "Phone 222 145 1450 has no country code" in page
    assert re.search(r'class="field low" data-field="title"', page)  # the unsure value is highlighted
    assert not re.search(r'class="field low" data-field="name"', page)
    assert f'src="/drafts/{draft_id}/image"' in page
    assert "data-needs-context" in page and "Save contact" in page
    image = client.get(f"/drafts/{draft_id}/image")
    assert image.status_code == 200 and image.mimetype == "image/jpeg"


def test_saving_without_a_note_rerenders_with_the_message_and_stores_nothing(app, client, logged_in, reader):
    draft_id = scan(client)
    response = client.post(f"/drafts/{draft_id}", data=review_form(
        {"company": "Merino Labs"}, note="n/a", collaboration_kind="partner", collaboration_detail=""))
    assert response.status_code == 422
    page = response.text
    assert "Not saved" in page
    assert re.search(r'id="note-error"[^>]*>Write the conversation note', page)
    assert "collaboration detail" in page
    assert 'value="Merino Labs"' in page  # what the person typed is kept on the page
    assert '<option value="partner" selected>' in page
    assert count(app, Contact) == 0 and count(app, Meeting) == 0
    assert count(app, Draft, Draft.id == draft_id) == 1


def test_saving_with_context_creates_the_contact_and_removes_the_draft(app, client, logged_in, reader):
    draft_id = scan(client)
    response = client.post(f"/drafts/{draft_id}", data=review_form(
        {"title": "Head of Design", "emails": ["isoliz@merino.example", "irene@home.example"]},
        **CONTEXT, date="2026-03-05"))
    assert response.status_code == 302
    contact_id = int(response.location.rsplit("/", 1)[1])
    assert count(app, Draft) == 0
    with app.app_context():
        contact = db.session.get(Contact, contact_id)
        fields = contact.fields
        assert fields["name"]["source"] == "ocr" and fields["name"]["confidence"] == 0.94  # unchanged: as read
        assert fields["title"] == {"value": "Head of Design", "confidence": 1.0, "source": "user"}
        assert [e["source"] for e in fields["emails"]] == ["ocr", "user"]
        assert [m.note for m in contact.meetings] == [NOTE]
        assert str(contact.meetings[0].date) == "2026-03-05"
        assert contact.image_jpeg  # the card image moved from the draft to the contact
    page = client.get(f"/contacts/{contact_id}").text
    assert NOTE in page and COLLABORATION["detail"] in page and "Head of Design" in page
    assert client.get(f"/contacts/{contact_id}/image").status_code == 200


def test_scanning_someone_known_offers_a_meeting_instead_of_a_duplicate(app, client, logged_in, reader):
    contact_id = save_contact(client, reader)
    reader.cards = [fake_card(name="Irene Soliz Ramos", email="ISOLIZ@merino.example", phone="")]
    draft_id = scan(client, "again.jpg", colour="black")
    page = client.get(f"/drafts/{draft_id}").text
    assert "You already know Irene Soliz" in page
    assert f'name="contact_id" value="{contact_id}"' in page and "Add a meeting to Irene Soliz" in page

    refused = client.post(f"/drafts/{draft_id}/meeting", data={"contact_id": contact_id, "note": "", **{
        k: v for k, v in CONTEXT.items() if k != "note"}})
    assert refused.status_code == 422 and "Not saved" in refused.text
    assert count(app, Meeting) == 1 and count(app, Draft) == 1

    second = "Second chat at the fair: they want the workshop in June, in Puebla."
    added = client.post(f"/drafts/{draft_id}/meeting", data={**CONTEXT, "note": second, "contact_id": contact_id})
    assert added.location == f"/contacts/{contact_id}"
    assert count(app, Contact) == 1 and count(app, Draft) == 0
    assert count(app, Meeting, Meeting.contact_id == contact_id) == 2
    assert second in client.get(f"/contacts/{contact_id}").text


def test_several_files_without_script_land_in_the_inbox(client, logged_in, reader):
    reader.cards = [fake_card(name="Ana Uno", email="uno@example.com"), fake_card(name="Bea Dos", email="dos@x.es")]
    response = client.post("/scan", content_type="multipart/form-data", data={"images": [
        (io.BytesIO(jpeg_bytes("red")), "one.jpg"), (io.BytesIO(jpeg_bytes("blue")), "two.jpg")]})
    assert response.location == "/inbox"
    inbox = client.get("/inbox").text
    assert "Ana Uno" in inbox and "Bea Dos" in inbox
    assert re.search(r'data-testid="drafts-count">2<', inbox)


def test_the_upload_script_gets_json_per_file(client, logged_in, reader, monkeypatch):
    response = client.post("/scan", headers={"Accept": "application/json"}, content_type="multipart/form-data",
                           data={"images": (io.BytesIO(jpeg_bytes()), "card.jpg")})
    assert response.status_code == 200
    item = response.get_json()["items"][0]
    assert item["name"] == "Irene Soliz" and item["review_url"] == f"/drafts/{item['id']}" and item["created"]

    def unreadable(data, filename, **options):
        raise UnreadableImage("This file is not an image cardnote can read (PDF).")

    use_fake_reader(monkeypatch, unreadable)
    failed = client.post("/scan", headers={"Accept": "application/json"}, content_type="multipart/form-data",
                         data={"images": (io.BytesIO(b"%PDF-1.4"), "doc.pdf")})
    assert failed.status_code == 422
    assert failed.get_json() == {"error": "scan_failed", "filename": "doc.pdf",
                                 "message": "This file is not an image cardnote can read (PDF)."}
    page = client.post("/scan", content_type="multipart/form-data",
                       data={"images": (io.BytesIO(b"%PDF-1.4"), "doc.pdf")})
    assert page.status_code == 422 and "not an image cardnote can read" in page.text


def test_inbox_lists_drafts_and_deletes_one(app, client, logged_in, reader):
    draft_id = scan(client)
    assert f'href="/drafts/{draft_id}"' in client.get("/inbox").text
    assert client.post(f"/drafts/{draft_id}/delete").location == "/inbox"
    assert count(app, Draft) == 0
    assert "Nothing waiting" in client.get("/inbox").text


# Contacts


def test_search_finds_contacts_by_name_company_and_email(client, logged_in, reader):
    save_contact(client, reader, "Irene Soliz", "isoliz@merino.example")
    save_contact(client, reader, "Tomás Vidal", "tomas@vidal-obras.es")
    everyone = client.get("/contacts").text
    assert "Irene Soliz" in everyone and "Tomás Vidal" in everyone
    for query in ("vidal", "VIDAL-OBRAS.es", "tomás"):
        found = client.get("/contacts", query_string={"q": query}).text
        assert "Tomás Vidal" in found and "Irene Soliz" not in found, query
    assert "Irene Soliz" in client.get("/contacts", query_string={"q": "merino"}).text  # company
    nothing = client.get("/contacts", query_string={"q": "nobody-like-this"}).text
    assert "0 matches" in nothing and "Irene" not in nothing


def test_edit_marks_changed_values_as_the_users(app, client, logged_in, reader):
    contact_id = save_contact(client, reader)
    form = client.get(f"/contacts/{contact_id}/edit").text
    assert 'value="Irene Soliz"' in form
    response = client.post(f"/contacts/{contact_id}/edit", data=review_form(
        {"company": "Merino Diseño", "phones": ["+34 612 34 56 78"], "phones_kind": ["work"]}))
    assert response.location == f"/contacts/{contact_id}"
    with app.app_context():
        fields = db.session.get(Contact, contact_id).fields
    assert fields["company"]["value"] == "Merino Diseño" and fields["company"]["source"] == "user"
    assert fields["name"]["source"] == "ocr"
    assert fields["phones"][0]["value"] == "+34612345678" and fields["phones"][0]["kind"] == "work"
    emptied = client.post(f"/contacts/{contact_id}/edit", data={"name": "", "company": "", "emails": [""]})
    assert emptied.status_code == 422 and "needs at least a name" in emptied.text


def test_delete_asks_for_confirmation_first(app, client, logged_in, reader):
    contact_id = save_contact(client, reader)
    confirm = client.get(f"/contacts/{contact_id}/delete")
    assert confirm.status_code == 200 and "Delete Irene Soliz?" in confirm.text and "1 meeting" in confirm.text
    assert count(app, Contact) == 1
    assert client.post(f"/contacts/{contact_id}/delete").location == "/contacts"
    assert count(app, Contact) == 0 and count(app, Meeting) == 0
    assert client.get(f"/contacts/{contact_id}").status_code == 404


def test_adding_a_meeting_on_the_contact_page_needs_context(app, client, logged_in, reader):
    contact_id = save_contact(client, reader)
    refused = client.post(f"/contacts/{contact_id}/meetings", data={**CONTEXT, "collaboration_kind": ""})
    assert refused.status_code == 422
    assert "Choose the intended collaboration" in refused.text
    assert count(app, Meeting) == 1
    added = client.post(f"/contacts/{contact_id}/meetings", data={**CONTEXT, "note": "Coffee in Madrid about "
                                                                  "the next trade fair and the catalogue."})
    assert added.status_code == 302 and count(app, Meeting) == 2


def test_a_contact_typed_by_hand_needs_context_too(app, client, logged_in):
    form = review_form({"name": "Lucía Ortega", "emails": ["lucia@ortega.example"], "phones": [],
                        "phones_kind": []})
    refused = client.post("/contacts/new", data={**form, **CONTEXT, "collaboration_detail": "todo"})
    assert refused.status_code == 422
    assert 'value="Lucía Ortega"' in refused.text and "collaboration detail" in refused.text
    assert count(app, Contact) == 0
    created = client.post("/contacts/new", data={**form, **CONTEXT})
    assert created.status_code == 302
    with app.app_context():
        contact = db.session.scalars(select(Contact)).one()
        assert contact.fields["name"]["source"] == "user" and contact.image_jpeg is None
        assert len(contact.meetings) == 1


# Safety


def test_script_printed_on_a_card_is_shown_as_text(client, logged_in, reader):
    card = fake_card(name="<script>alert('name')</script>")
    card.warnings = ["<img src=x onerror=alert(1)> looks odd"]
    reader.cards = [card]
    draft_id = scan(client)
    review = client.get(f"/drafts/{draft_id}").text
    assert "<script>alert" not in review and "<img src=x" not in review
    assert "&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;" in review
    assert "&lt;img src=x onerror=alert(1)&gt; looks odd" in review
    saved = client.post(f"/drafts/{draft_id}", data=review_form(
        {"name": "<script>alert('name')</script>", "social": ["javascript:alert(1)"]}, **CONTEXT))
    contact_page = client.get(saved.location).text
    assert "<script>alert" not in contact_page and "&lt;script&gt;" in contact_page
    assert 'href="javascript:' not in contact_page
    assert "<script>alert" not in client.get("/contacts").text


def test_pages_carry_no_inline_script_and_a_strict_policy(client, logged_in, reader):
    contact_id = save_contact(client, reader)
    draft_id = scan(client, "other.jpg", colour="green")
    for path in ("/scan", "/inbox", "/contacts", "/contacts/new", f"/contacts/{contact_id}",
                 f"/contacts/{contact_id}/edit", f"/contacts/{contact_id}/delete", f"/drafts/{draft_id}",
                 "/missing-page"):
        response = client.get(path)
        assert "script-src 'self'" in response.headers["Content-Security-Policy"], path
        scripts = re.findall(r"<script\b[^>]*>", response.text)
        assert scripts and all("src=" in tag for tag in scripts), (path, scripts)
        bodies = re.findall(r"<script\b[^>]*>(.*?)</script>", response.text, re.S)
        assert not any(body.strip() for body in bodies), path  # no inline code
        assert not re.search(r"\son[a-z]+\s*=", response.text), path  # no inline event handlers
    assert client.get("/missing-page").status_code == 404


def test_another_users_drafts_and_contacts_answer_404(app, client, logged_in, reader):
    own_contact = save_contact(client, reader)
    own_draft = scan(client, "mine.jpg", colour="grey")
    other = logged_in_client(app, "bob@example.com")
    for path in (f"/drafts/{own_draft}", f"/drafts/{own_draft}/image", f"/contacts/{own_contact}",
                 f"/contacts/{own_contact}/edit", f"/contacts/{own_contact}/delete", f"/contacts/{own_contact}/image"):
        assert other.get(path).status_code == 404, path
    for path, data in ((f"/drafts/{own_draft}", review_form(**CONTEXT)),
                       (f"/drafts/{own_draft}/meeting", {**CONTEXT, "contact_id": own_contact}),
                       (f"/drafts/{own_draft}/delete", {}),
                       (f"/contacts/{own_contact}/meetings", CONTEXT),
                       (f"/contacts/{own_contact}/edit", review_form()),
                       (f"/contacts/{own_contact}/delete", {})):
        assert other.post(path, data=data).status_code == 404, path
    assert "Irene" not in other.get("/contacts").text and "mine.jpg" not in other.get("/inbox").text
    # Bob cannot attach his scan as a meeting of Ana's contact either.
    reader.cards = [fake_card(name="Bob's card", email="b@example.com")]
    bobs_draft = scan(other, "bob.jpg", colour="yellow")
    stolen = other.post(f"/drafts/{bobs_draft}/meeting", data={**CONTEXT, "contact_id": own_contact})
    assert stolen.status_code == 404
    assert count(app, Contact) == 1 and count(app, Meeting) == 1 and count(app, Draft) == 2
