"""The `api` blueprint and what its routes share: bearer authentication, the owner, JSON bodies, paging."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, g, request

from service.core.contacts import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from service.domain.context import ContextSettings
from service.domain.errors import InvalidRequest, NotFound
from service.http.auth import bearer_user
from service.http.security import DATABASE_INT_MAX
from service.storage.models import User

api_bp = Blueprint("api", __name__, url_prefix="/api/v1")


@api_bp.before_request
def _authenticate() -> None:
    g.api_user, g.api_token = bearer_user(request)


def owner() -> User:
    """The user of the request's API token."""
    return g.api_user


def json_body() -> dict[str, Any]:
    """The request's JSON object; InvalidRequest (400) for anything else."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise InvalidRequest("send a JSON object with Content-Type: application/json")
    return body


def paging() -> tuple[int, int]:
    """`limit` and `offset` from the query string, checked."""
    try:
        limit = int(request.args.get("limit", DEFAULT_PAGE_SIZE))
        offset = int(request.args.get("offset", 0))
    except ValueError:
        raise InvalidRequest("limit and offset must be whole numbers") from None
    if not 1 <= limit <= MAX_PAGE_SIZE or not 0 <= offset <= DATABASE_INT_MAX:  # larger breaks the driver: 500
        raise InvalidRequest(f"limit must be 1–{MAX_PAGE_SIZE} and offset 0 or more")
    return limit, offset


def context_settings() -> ContextSettings:
    """The documented minimum lengths of notes and details, from the app config."""
    return ContextSettings.from_config(current_app.config)


def meeting_extras(body: dict[str, Any]) -> dict[str, Any]:
    """The optional per-meeting win-win texts and next step of a contact or meeting request."""
    return {key: body.get(key) for key in ("their_strengths", "my_offer", "next_step")}


def jpeg_response(data: bytes | None) -> Response:
    """A stored card image; NotFound when none is stored."""
    if data is None:
        raise NotFound("no card image is stored for this object")
    response = Response(data, mimetype="image/jpeg")
    response.headers["Cache-Control"] = "private, max-age=3600"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
