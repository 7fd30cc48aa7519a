"""The `api` blueprint and what its routes share: bearer authentication, the owner, validation errors, JPEGs.

Routes declare their inputs as typed arguments (`path`, `query`, `form`, `body`: models of inputs.py) and their
answers in `responses` (models of outputs.py); flask-openapi3 validates the inputs and writes /openapi.json.
A request that fails validation is answered like every other error (`{"error", "message", "fields"}`):
400 `invalid_request` for the query, the form or a body that is not a JSON object; 422 `validation_error`
for a body that breaks its schema; 422 `context_required` (service.domain.context.validate_context) when the
note or collaboration is what is wrong.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Response, current_app, g, request
from flask_openapi3 import APIBlueprint, Tag
from pydantic import BaseModel, ValidationError

from service.core.contacts import checked_context
from service.domain.context import ContextSettings
from service.domain.errors import InvalidRequest, NotFound, ValidationFailed
from service.http.api import inputs, outputs
from service.http.auth import bearer_user
from service.storage.models import User

api_bp = APIBlueprint("api", __name__, url_prefix="/api/v1", abp_security=[{"bearer": []}],
                      abp_responses={401: outputs.Error})
TAGS = {name: [Tag(name=name)] for name in ("drafts", "contacts", "events", "followups", "tokens")}


@api_bp.before_request
def _authenticate() -> None:
    g.api_user, g.api_token = bearer_user(request)


def owner() -> User:
    """The user of the request's API token."""
    return g.api_user


def context_settings() -> ContextSettings:
    """The documented minimum lengths of notes and details, from the app config."""
    return ContextSettings.from_config(current_app.config)


def jpeg_response(data: bytes | None) -> Response:
    """A stored card image; NotFound when none is stored."""
    if data is None:
        raise NotFound("no card image is stored for this object")
    response = Response(data, mimetype="image/jpeg")
    response.headers["Cache-Control"] = "private, max-age=3600"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def errors(*statuses: int) -> dict[int, type[BaseModel]]:
    """Documented error answers, each `{"error", "message"}` (outputs.Error)."""
    return dict.fromkeys(statuses, outputs.Error)


def _models(base: type[BaseModel]) -> dict[str, type[BaseModel]]:
    found: dict[str, type[BaseModel]] = {}
    for sub in base.__subclasses__():
        found[sub.__name__] = sub
        found.update(_models(sub))
    return found


# Pydantic's error locations name union members ("str", "list[…]", "EmailFieldInput"); people want the path.
_PATH_PART = re.compile(r"[a-z_][a-z0-9_]*")
_TYPE_NAMES = frozenset({"str", "int", "float", "bool", "list", "dict", "none"})


def _path(location: tuple[Any, ...]) -> str:
    parts = [str(p) for p in location if isinstance(p, int) or (
        isinstance(p, str) and _PATH_PART.fullmatch(p) and p not in _TYPE_NAMES)]
    return ".".join(parts) or "body"


def validation_failed(exc: ValidationError) -> Response:
    """flask-openapi3's hook: turn a refused request into the service's error (raised, so app.py renders it)."""
    model = _models(BaseModel).get(exc.title)
    problems: dict[str, str] = {}
    for item in exc.errors(include_url=False):
        problems.setdefault(_path(item["loc"]), item["msg"])
    listed = "; ".join(f"{path}: {message}" for path, message in problems.items())
    if model is not None and issubclass(model, inputs.Path):  # an id that cannot exist is simply not found
        raise NotFound("no such object")
    if model is None or not issubclass(model, inputs.Body):
        raise InvalidRequest(f"The request was refused: {listed}.", problems)
    if all(not item["loc"] for item in exc.errors()):  # not an object at all: invalid JSON, a list, no body
        raise InvalidRequest("send a JSON object with Content-Type: application/json")
    context_fields = getattr(model, "CONTEXT_FIELDS", ())
    if any(path.split(".")[0] in context_fields for path in problems):
        raw = request.get_json(silent=True) or {}
        checked_context(raw.get("note"), raw.get("collaboration"), context_settings())  # raises ContextRequired
    raise ValidationFailed(f"Not saved: {listed}.", problems)
