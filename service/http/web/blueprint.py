"""The `web` blueprint and the small helpers its views share (owner, settings, image responses)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app
from flask_login import current_user

from service.domain.context import ContextSettings
from service.domain.errors import NotFound
from service.storage.models import User

web = Blueprint("web", __name__, template_folder="templates", static_folder="static",
                static_url_path="/web-static")


def owner() -> User:
    """The logged-in user (views are all behind login_required)."""
    return current_user._get_current_object()


def context_settings() -> ContextSettings:
    """The documented minimum lengths of notes and details, from the app config."""
    return ContextSettings.from_config(current_app.config)


def jpeg_response(data: bytes | None) -> Response:
    """A stored card image for its owner; 404 when none is stored."""
    if data is None:
        raise NotFound("no card image is stored for this object")
    response = Response(data, mimetype="image/jpeg")
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


def safe_next(target: Any, default: str) -> str:
    """A redirect target after login: a local path only, never another site (open-redirect guard)."""
    if isinstance(target, str) and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default
