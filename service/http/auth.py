"""Who is asking: `Authorization: Bearer TOKEN` for the API, the Flask-Login session for the web pages.

API routes authenticate with the bearer token only (no session cookie), so they need no CSRF token; web
pages use the Flask-Login session and Flask-WTF CSRF.
"""

from __future__ import annotations

from flask import Request
from flask_login import LoginManager

from service.core.accounts import user_for_token
from service.domain.errors import Unauthorized
from service.storage.db import db
from service.storage.models import ApiToken, User

login_manager = LoginManager()
# "basic", not "strong": phones change IP address between networks and would be logged out mid-event.
login_manager.session_protection = "basic"
login_manager.login_message = "Please log in to see this page."


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    try:
        return db.session.get(User, int(user_id))
    except ValueError:
        return None


def bearer_user(request: Request) -> tuple[User, ApiToken]:
    """Authenticate an API request by its `Authorization: Bearer` header, else raise Unauthorized."""
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise Unauthorized("send an API token as `Authorization: Bearer TOKEN` (create one with "
                           "`cardnote users token EMAIL`)")
    found = user_for_token(db.session, secret.strip())
    if found is None:
        raise Unauthorized("the API token is unknown or revoked")
    return found
