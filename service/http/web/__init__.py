"""The mobile-first web pages: `init_app(app)` registers the `web` blueprint (the hook app.py calls).

Views are split by concern (auth, scan, drafts/inbox, contacts) and stay thin over service.core.drafts,
service.core.contacts and service.core.accounts. Templates never mark user or OCR text safe, and pages carry no
inline script, so the strict Content-Security-Policy set here holds.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

import phonenumbers
from flask import Flask, Response
from flask_login import current_user
from sqlalchemy import func, select

from service.domain.context import PLACEHOLDERS
from service.http.auth import login_manager

# The view modules add their routes to the blueprint when imported.
from service.http.web import (  # noqa: F401
    auth_views,
    contact_views,
    draft_views,
    event_views,
    followup_views,
    pwa_views,
    scan_views,
)
from service.http.web.blueprint import web
from service.http.web.formdata import LIST_LABELS, OPTIONAL_FIELDS, SOCIAL_SERVICES, needs_check, single_rows
from service.storage.db import db
from service.storage.models import Draft

# img-src blob: shows the thumbnails of photos waiting in the phone's upload queue (object URLs of IndexedDB blobs).
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob:; "
                           "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
                           "object-src 'none'")
# Problems the context form shows beside their own input (keys of domain.validate_context, plus the date).
CONTEXT_ERROR_KEYS = ("note", "collaboration.kind", "collaboration.detail", "date")
SOURCE_LABELS = {"ocr": "read from card", "qr": "from QR code", "user": "typed by you", "enrichment": "inferred"}


def safe_url(value: Any) -> str | None:
    """The value when it is an http(s) URL fit for an href, else None (a card may print `javascript:`)."""
    if not isinstance(value, str):
        return None
    return value if urlsplit(value.strip()).scheme.lower() in ("http", "https") else None


def phone_display(value: Any) -> str:
    """An E.164 number in international format for reading; anything else unchanged."""
    if not isinstance(value, str) or not value.startswith("+"):
        return value or ""
    try:
        return phonenumbers.format_number(phonenumbers.parse(value), phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    except phonenumbers.NumberParseException:
        return value


def today_iso(days_ahead: int = 0) -> str:
    """Today's date (UTC) as YYYY-MM-DD, optionally some days ahead: the default meeting date."""
    return (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=days_ahead)).isoformat()


def _nav_context() -> dict[str, Any]:
    if not current_user.is_authenticated:
        return {"drafts_waiting": 0}
    count = db.session.scalar(select(func.count()).select_from(Draft).where(Draft.owner_id == current_user.id))
    return {"drafts_waiting": count or 0}


def _security_headers(response: Response) -> Response:
    if response.mimetype == "text/html":
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if current_user.is_authenticated:
            # The service worker keeps pages per user (static/sw.js) and drops another user's as soon as it sees
            # this; private caching only, never a shared cache.
            response.headers["X-Cardnote-User"] = str(current_user.id)
            response.headers.setdefault("Cache-Control", "private, no-cache")
            response.vary.add("Cookie")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    return response


def init_app(app: Flask) -> None:
    """Register the pages, the login view, template helpers and security headers."""
    # A review page may stay open through a long conversation; the token lives as long as the session
    # instead of expiring after Flask-WTF's default hour and refusing the note typed meanwhile.
    app.config["WTF_CSRF_TIME_LIMIT"] = None
    app.register_blueprint(web)
    login_manager.login_view = "web.login"
    login_manager.login_message_category = "info"
    app.context_processor(_nav_context)
    app.after_request(_security_headers)
    app.add_template_filter(safe_url, "safe_url")
    app.add_template_filter(phone_display, "phone_display")
    app.add_template_test(needs_check, "needs_check")
    app.add_template_global(single_rows, "single_rows")
    app.add_template_global(LIST_LABELS, "list_labels")
    app.add_template_global(SOCIAL_SERVICES, "social_services")
    app.add_template_global(SOURCE_LABELS, "source_labels")
    app.add_template_global(OPTIONAL_FIELDS, "optional_fields")
    app.add_template_global(today_iso, "today_iso")
    app.add_template_global(CONTEXT_ERROR_KEYS, "context_error_keys")
    # The page's Save gate mirrors the context rule with the server's own list (one source: service.domain).
    app.add_template_global(sorted(PLACEHOLDERS), "context_placeholders")
