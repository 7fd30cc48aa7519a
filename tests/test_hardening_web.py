"""Web security: headers, HTTPS-only details behind a proxy, cookies, CSRF on every form, login rate limit,
API token strength, and OCR text escaped on every page."""

from __future__ import annotations

import base64
import io
import re
from html.parser import HTMLParser

import pytest

from enrich.card import AddressField, EmailField, PhoneField, SocialField, TextField, WebsiteField
from tests.support.service_helpers import (
    COLLABORATION,
    NOTE,
    FakeReader,
    add_user,
    fake_card,
    jpeg_bytes,
    use_fake_reader,
)

PASSWORD = "correct horse battery"
REQUIRED_CSP = {"default-src": {"'self'"}, "script-src": {"'self'"}, "style-src": {"'self'"},
                "img-src": {"'self'", "data:", "blob:"}, "frame-ancestors": {"'none'"}, "form-action": {"'self'"}}


def _login(client, email="ana@example.com", password=PASSWORD, **kwargs):
    return client.post("/login", data={"email": email, "password": password}, **kwargs)


def _assert_security_headers(response):
    policy = response.headers["Content-Security-Policy"]
    directives = {name: set(sources) for name, *sources in (part.split() for part in policy.split(";") if part.strip())}
    for name, allowed in REQUIRED_CSP.items():
        # present, and allowing nothing beyond the documented sources ('self' always among them, or 'none')
        assert name in directives and directives[name] <= allowed and directives[name], (name, policy)
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] in ("same-origin", "no-referrer", "strict-origin-when-cross-origin")


@pytest.mark.parametrize("path", ["/login", "/openapi.json", "/api/v1/contacts", "/no-such-page",
                                  "/web-static/cardnote.css"])
def test_every_kind_of_response_carries_the_security_headers(client, path):
    response = client.get(path)
    _assert_security_headers(response)
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP: no HSTS


def test_hsts_and_secure_cookies_only_over_https(app):
    add_user(app, "ana@example.com")
    secure = app.test_client()
    response = _login(secure, base_url="https://cards.example")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    plain = _login(app.test_client())
    assert "Strict-Transport-Security" not in plain.headers
    assert "Secure" not in plain.headers["Set-Cookie"]
    assert "HttpOnly" in plain.headers["Set-Cookie"] and "SameSite=Lax" in plain.headers["Set-Cookie"]


@pytest.mark.parametrize("behind_proxy", [True, False])
def test_forwarded_https_is_trusted_only_behind_a_proxy(make_app, behind_proxy):
    app = make_app(CARDNOTE_BEHIND_PROXY="1" if behind_proxy else "0")
    response = app.test_client().get("/login", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "1.2.3.4"})
    assert ("Strict-Transport-Security" in response.headers) is behind_proxy


def test_remember_me_cookie_is_httponly_and_samesite(app):
    add_user(app, "ana@example.com")
    response = app.test_client().post("/login", data={"email": "ana@example.com", "password": PASSWORD,
                                                      "remember": "y"}, base_url="https://cards.example")
    cookies = response.headers.getlist("Set-Cookie")
    remember = [c for c in cookies if c.startswith("remember_token=")]
    assert remember, cookies
    assert all("HttpOnly" in c and "Secure" in c and "SameSite=Lax" in c for c in cookies)


# CSRF on every form


def _form_routes(app):
    """Every non-API route that accepts a state-changing method (the HTML forms)."""
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/") or rule.endpoint.endswith("static"):
            continue
        for method in sorted(rule.methods & {"POST", "PUT", "PATCH", "DELETE"}):
            yield rule, method


def test_every_form_route_refuses_a_post_without_the_csrf_token(make_app, reader):
    app = make_app(WTF_CSRF_ENABLED=True)
    headers = add_user(app, "ana@example.com")
    api = app.test_client()
    draft = api.post("/api/v1/scans", headers=headers, content_type="multipart/form-data",
                     data={"image": (io.BytesIO(jpeg_bytes("red")), "c.jpg")}).get_json()["id"]
    contact = api.post("/api/v1/contacts", headers=headers, json={
        "fields": {"name": "Irene"}, "note": NOTE, "collaboration": COLLABORATION,
        "next_step": {"action": "Call", "due": "2026-12-01"}}).get_json()
    event = api.post("/api/v1/events", headers=headers, json={"name": "Fair"}).get_json()["id"]
    ids = {"draft_id": draft, "contact_id": contact["id"], "event_id": event,
           "followup_id": contact["meetings"][0]["next_step"]["id"]}
    browser = app.test_client()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', browser.get("/login").text).group(1)
    logged_in = browser.post("/login", data={"email": "ana@example.com", "password": PASSWORD, "csrf_token": token})
    assert logged_in.status_code == 302
    routes = list(_form_routes(app))
    assert {arg for rule, _ in routes for arg in rule.arguments} <= set(ids), [r.rule for r, _ in routes]
    assert len(routes) >= 10
    for rule, method in routes:
        path = rule.rule
        for arg, value in ids.items():
            path = path.replace(f"<int:{arg}>", str(value))
        response = browser.open(path, method=method, data={"note": NOTE, "name": "x"})
        assert response.status_code == 400, (method, path, response.status_code)
        assert "form expired" in response.text
    # nothing changed, and the session is still alive (logout without a token was refused too)
    assert browser.get(f"/contacts/{ids['contact_id']}").status_code == 200
    assert browser.get(f"/drafts/{ids['draft_id']}").status_code == 200


# Login rate limit


def test_failed_logins_are_rate_limited_with_a_page_and_json(make_app):
    app = make_app(CARDNOTE_LOGIN_RATE_LIMIT="3 per minute")
    add_user(app, "ana@example.com")
    client = app.test_client()
    assert [_login(client, password="wrong").status_code for _ in range(3)] == [401, 401, 401]
    page = _login(client, password="wrong")
    assert page.status_code == 429 and page.mimetype == "text/html"
    assert "Too many attempts" in page.text and "Retry-After" in page.headers
    as_json = _login(client, headers={"Accept": "application/json"})
    assert as_json.status_code == 429
    assert as_json.get_json()["error"] == "too_many_requests"
    # another address is not affected
    other = _login(app.test_client(), environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert other.status_code == 302


def test_successful_logins_do_not_use_up_the_limit(make_app):
    app = make_app(CARDNOTE_LOGIN_RATE_LIMIT="2 per minute")
    add_user(app, "ana@example.com")
    for _ in range(5):
        client = app.test_client()
        assert _login(client).status_code == 302


def test_login_limit_storage_is_a_setting(make_app):
    app = make_app(CARDNOTE_RATELIMIT_STORAGE_URI="memory://")
    assert app.extensions["cardnote.limiter"]._storage_uri == "memory://"


# API tokens


def test_api_tokens_have_at_least_128_random_bits_are_hashed_and_revocable(app, client):
    headers = add_user(app, "ana@example.com")
    secrets = [client.post("/api/v1/tokens", headers=headers, json={"name": f"t{i}"}).get_json() for i in range(20)]
    for created in secrets:
        raw = base64.urlsafe_b64decode(created["token"] + "=" * (-len(created["token"]) % 4))
        assert len(raw) * 8 >= 128
    assert len({s["token"] for s in secrets}) == 20
    with app.app_context():
        from sqlalchemy import select

        from service.storage.db import db
        from service.storage.models import ApiToken

        stored = set(db.session.scalars(select(ApiToken.token_hash)))
    assert not {s["token"] for s in secrets} & stored
    victim = secrets[0]
    bearer = {"Authorization": f"Bearer {victim['token']}"}
    assert client.get("/api/v1/contacts", headers=bearer).status_code == 200
    assert client.delete(f"/api/v1/tokens/{victim['id']}", headers=headers).status_code == 204
    assert client.get("/api/v1/contacts", headers=bearer).status_code == 401


# Escaping of everything OCR read

PAYLOAD = "<script>alert('x')</script>"
IMG = '<img src=x onerror="alert(1)">'


def _hostile_card():
    card = fake_card(name=f"Irene {PAYLOAD}", email="isoliz@merino.example", phone="+34612345678")
    fields = card.fields
    fields.title = TextField(f"CEO {IMG}", 0.9, "ocr", f"CEO {IMG}")
    fields.company = TextField(f"Merino {PAYLOAD}", 0.7, "ocr", f"Merino {PAYLOAD}")
    fields.given_name = TextField(f"Irene{PAYLOAD}", 0.9, "ocr")
    fields.emails = [EmailField(f"a{PAYLOAD}@x.example", False, 0.3, "ocr", f"Mail: {PAYLOAD}")]
    fields.phones = [PhoneField(f"{PAYLOAD}123", "work", None, False, 0.2, "ocr", f"Tel {IMG}")]
    fields.websites = [WebsiteField(f"javascript:alert(1)//{PAYLOAD}", 0.5, "ocr", f"W: {PAYLOAD}")]
    fields.social = [SocialField("linkedin", f"javascript:alert(2)/{IMG}", 0.9, "ocr")]
    fields.address = AddressField(f"Street {PAYLOAD}", [f"Street {PAYLOAD}", IMG], None, 0.5, "ocr")
    card.warnings = [f"{IMG} looks odd", PAYLOAD]
    card.ocr = {"engine": "fake", "lines": [{"text": PAYLOAD, "confidence": 0.5, "box": [0, 0, 1, 1]}],
                "codes": [f"MECARD:N:{PAYLOAD};"]}
    return card


class _Tags(HTMLParser):
    """Every start tag of a page with its attributes, and the text inside <script> elements, as a browser parses."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.script_text.append(data)


def _assert_inert(page: str, where: str) -> None:
    parsed = _Tags()
    parsed.feed(page)
    assert not "".join(parsed.script_text).strip(), where  # no inline script, hostile or not
    for tag, attributes in parsed.tags:
        assert not [name for name in attributes if name.startswith("on")], (where, tag, attributes)
        assert not (tag == "img" and attributes.get("src") == "x"), (where, attributes)
        for name in ("href", "src", "action", "formaction"):
            assert not (attributes.get(name) or "").strip().lower().startswith("javascript:"), (where, attributes)
    assert "<script>alert" not in page and "<img src=x" not in page, where


def test_ocr_text_with_markup_is_shown_as_text_on_every_page(app, client, monkeypatch):
    use_fake_reader(monkeypatch, FakeReader(_hostile_card()))
    add_user(app, "ana@example.com")
    assert _login(client).status_code == 302
    upload = client.post("/scan", content_type="multipart/form-data",
                         data={"images": (io.BytesIO(jpeg_bytes("red")), f"{PAYLOAD}.jpg")})
    draft_path = upload.location
    review = client.get(draft_path).text
    _assert_inert(review, "review")
    assert "&lt;script&gt;alert(" in review  # the text is there, escaped
    _assert_inert(client.get("/inbox").text, "inbox")
    saved = client.post(draft_path, data={
        "name": f"Irene {PAYLOAD}", "company": f"Merino {PAYLOAD}", "title": f"CEO {IMG}",
        "emails": ["isoliz@merino.example"], "phones": ["+34612345678"], "phones_kind": ["work"],
        "websites": ["javascript:alert(1)"], "social": ["javascript:alert(2)"], "social_service": ["linkedin"],
        "note": f"{NOTE} {PAYLOAD}", "collaboration_kind": "partner",
        "collaboration_detail": f"{COLLABORATION['detail']} {IMG}"})
    assert saved.status_code == 302, saved.text[:500]
    contact_page = client.get(saved.location).text
    _assert_inert(contact_page, "contact")
    assert "&lt;script&gt;alert(" in contact_page
    for path in ("/contacts", f"{saved.location}/edit", f"{saved.location}/delete", "/contacts?q=<script>"):
        _assert_inert(client.get(path).text, path)
