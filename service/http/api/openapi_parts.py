"""Building blocks of the hand-written OpenAPI document shared by openapi.py and openapi_events.py."""

from __future__ import annotations

from typing import Any

from service.core.contacts import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

_REF = "#/components/schemas/"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": _REF + name}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description: str) -> dict[str, Any]:
    return _json(_ref("Error"), description)


_ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
_PAGING = [
    {"name": "limit", "in": "query", "required": False, "description": f"Page size, 1–{MAX_PAGE_SIZE}.",
     "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": DEFAULT_PAGE_SIZE}},
    {"name": "offset", "in": "query", "required": False, "description": "Items to skip.",
     "schema": {"type": "integer", "minimum": 0, "default": 0}},
]
_COMMON_ERRORS = {"401": _error("Missing, unknown or revoked API token.")}
_NOT_FOUND = {"404": _error("No such object for this user (another user's object is also 404).")}
_SIDE = {"name": "side", "in": "query", "required": False, "description": "Which side of the card.",
         "schema": {"type": "string", "enum": ["front", "back"], "default": "front"}}
_JPEG = {"description": "The flattened card image, JPEG without EXIF/GPS.",
         "content": {"image/jpeg": {"schema": {"type": "string", "format": "binary"}}}}


def _list_of(name: str) -> dict[str, Any]:
    return {"type": "object", "required": ["items"], "properties": {
        "items": {"type": "array", "items": _ref(name)}, "total": {"type": "integer"},
        "limit": {"type": "integer"}, "offset": {"type": "integer"}}}


_BAD_JSON = _error("The body is not a JSON object or is malformed.")
