"""The `api` blueprint and what its routes share: bearer authentication, the owner, JSON bodies, paging."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, g, request

from service.core.contacts import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from service.domain.context import ContextSettings
from service.domain.errors import InvalidRequest, NotFound
from service.http.auth import bearer_user
from service.http.security import DATABASE_INT_MAX
from service.reading.options import parse_languages, parse_region
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


def side(front: bytes | None, back: bytes | None) -> bytes | None:
    """The image of the card side asked for with `?side=front|back` (default front)."""
    wanted = request.args.get("side", "front")
    if wanted not in ("front", "back"):
        raise InvalidRequest("side must be `front` or `back`")
    return back if wanted == "back" else front


def read_options() -> tuple[list[str] | None, str | None]:
    """The reader's languages and phone region: the request's `lang`/`region` fields, else the settings."""
    config = current_app.config
    return (parse_languages(request.form.get("lang") or config.get("CARDNOTE_OCR_LANGUAGES")),
            parse_region(request.form.get("region") or config.get("CARDNOTE_REGION")))


def uploaded_image() -> tuple[bytes, str]:
    """The multipart `image` field's bytes and file name; InvalidRequest when it is missing or empty."""
    upload = request.files.get("image")
    if upload is None:
        raise InvalidRequest("send the photo as multipart/form-data field `image`")
    data = upload.read()
    if not data:
        raise InvalidRequest("the uploaded `image` is empty")
    return data, upload.filename or "upload"
