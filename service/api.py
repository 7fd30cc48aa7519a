"""The JSON API (contract 3) under /api/v1: thin views over the domain modules, bearer-token auth.

Every route answers JSON, errors included (`{"error", "message"}`, see app.py); every query is scoped
to the token's owner, so another user's id is a 404. Keep service/openapi.py in step with this file
(tests/test_service_openapi.py checks both ways).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, g, jsonify, request, stream_with_context, url_for

from service.auth import bearer_user, issue_token, list_tokens, revoke_token, token_to_json
from service.contacts import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    add_meeting,
    contact_to_json,
    create_contact,
    delete_contact,
    get_contact,
    list_contacts,
    meeting_to_json,
    update_contact,
)
from service.db import db
from service.domain import ContextSettings
from service.drafts import (
    ScanResult,
    add_back,
    delete_draft,
    draft_to_json,
    existing_contact_for,
    get_draft,
    list_drafts,
    upload_key,
)
from service.errors import InvalidRequest, NotFound
from service.events import nudges_for
from service.models import User
from service.queue import PendingScan, scan_status, scan_upload
from service.scan_command import parse_languages, parse_region
from service.security import DATABASE_INT_MAX

api_bp = Blueprint("api", __name__, url_prefix="/api/v1")


@api_bp.before_request
def _authenticate() -> None:
    g.api_user, g.api_token = bearer_user(request)


def _owner() -> User:
    return g.api_user


def _json_body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise InvalidRequest("send a JSON object with Content-Type: application/json")
    return body


def _paging() -> tuple[int, int]:
    try:
        limit = int(request.args.get("limit", DEFAULT_PAGE_SIZE))
        offset = int(request.args.get("offset", 0))
    except ValueError:
        raise InvalidRequest("limit and offset must be whole numbers") from None
    if not 1 <= limit <= MAX_PAGE_SIZE or not 0 <= offset <= DATABASE_INT_MAX:  # larger breaks the driver: 500
        raise InvalidRequest(f"limit must be 1–{MAX_PAGE_SIZE} and offset 0 or more")
    return limit, offset


def _settings() -> ContextSettings:
    return ContextSettings.from_config(current_app.config)


def _meeting_extras(body: dict[str, Any]) -> dict[str, Any]:
    """The optional per-meeting win-win texts and next step of a contact or meeting request."""
    return {key: body.get(key) for key in ("their_strengths", "my_offer", "next_step")}


def _side(front: bytes | None, back: bytes | None) -> bytes | None:
    """The image of the side asked for with `?side=front|back` (default front)."""
    side = request.args.get("side", "front")
    if side not in ("front", "back"):
        raise InvalidRequest("side must be `front` or `back`")
    return back if side == "back" else front


def _jpeg(data: bytes | None) -> Response:
    if data is None:
        raise NotFound("no card image is stored for this object")
    response = Response(data, mimetype="image/jpeg")
    response.headers["Cache-Control"] = "private, max-age=3600"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


# Scans and drafts


def _read_options() -> tuple[list[str] | None, str | None]:
    config = current_app.config
    return (parse_languages(request.form.get("lang") or config.get("CARDNOTE_OCR_LANGUAGES")),
            parse_region(request.form.get("region") or config.get("CARDNOTE_REGION")))


def _uploaded_image() -> tuple[bytes, str]:
    upload = request.files.get("image")
    if upload is None:
        raise InvalidRequest("send the photo as multipart/form-data field `image`")
    data = upload.read()
    if not data:
        raise InvalidRequest("the uploaded `image` is empty")
    return data, upload.filename or "upload"


def _scan_body(result: ScanResult) -> dict[str, Any]:
    """`id`/`card` of the first card (old clients) plus `drafts`: one per card on the photo."""
    drafts = [draft_to_json(d.draft, d.existing_contact) for d in result.drafts]
    first = drafts[0] if drafts else {"id": None, "card": None}
    return {**first, "drafts": drafts, "created": result.created}


@api_bp.post("/scans")
def post_scan() -> tuple[Response, int]:
    """Scan an uploaded photo into one draft per card (201), or return the drafts of the same photo/key (200)."""
    data, filename = _uploaded_image()
    languages, region = _read_options()
    key = upload_key(request.form.get("key") or request.headers.get("Idempotency-Key"))
    # With CARDNOTE_BROKER_URL the scan runs on a worker; past CARDNOTE_SCAN_WAIT_SECONDS: 202 + status URL.
    result = scan_upload(db.session, _owner(), data, filename, languages=languages, region=region,
                         config=current_app.config, key=key, note=request.form.get("note"))
    if isinstance(result, PendingScan):
        return _pending_scan(result)
    return jsonify(_scan_body(result)), 201 if result.created else 200


@api_bp.get("/scans/<scan_id>")
def get_scan(scan_id: str) -> tuple[Response, int]:
    """A scan answered 202: still pending (202), its drafts (200), or the error it ended with."""
    result = scan_status(db.session, _owner(), scan_id, current_app.config)
    if isinstance(result, PendingScan):
        return _pending_scan(result)
    return jsonify(_scan_body(result)), 200


@api_bp.post("/drafts/<int:draft_id>/back")
def post_draft_back(draft_id: int) -> Response:
    """Read the back of the draft's card and merge it into the draft (200 with the draft)."""
    get_draft(db.session, _owner(), draft_id)  # another user's draft is a 404 whatever was sent
    data, filename = _uploaded_image()
    languages, region = _read_options()
    draft = add_back(db.session, _owner(), draft_id, data, filename, languages=languages, region=region)
    return jsonify(draft_to_json(draft, existing_contact_for(db.session, _owner(), draft)))


def _pending_scan(pending: PendingScan) -> tuple[Response, int]:
    status_url = url_for("api.get_scan", scan_id=pending.id)
    response = jsonify(pending.to_json(status_url))
    response.headers["Location"] = status_url
    response.headers["Retry-After"] = "2"
    return response, 202


@api_bp.get("/drafts")
def get_drafts() -> Response:
    """The drafts awaiting context, newest first."""
    limit, offset = _paging()
    drafts = list_drafts(db.session, _owner(), limit, offset)
    return jsonify({"items": [draft_to_json(d, with_existing=False) for d in drafts], "limit": limit,
                    "offset": offset})


@api_bp.get("/drafts/<int:draft_id>")
def get_one_draft(draft_id: int) -> Response:
    """One draft, with a known contact sharing its email or phone."""
    draft = get_draft(db.session, _owner(), draft_id)
    return jsonify(draft_to_json(draft, existing_contact_for(db.session, _owner(), draft)))


@api_bp.delete("/drafts/<int:draft_id>")
def delete_one_draft(draft_id: int) -> tuple[str, int]:
    """Discard a draft."""
    delete_draft(db.session, _owner(), draft_id)
    db.session.commit()
    return "", 204


@api_bp.get("/drafts/<int:draft_id>/image")
def get_draft_image(draft_id: int) -> Response:
    """The flattened card image of a draft, front or (`?side=back`) back (JPEG without metadata)."""
    draft = get_draft(db.session, _owner(), draft_id)
    return _jpeg(_side(draft.image_jpeg, draft.back_jpeg))


# Contacts and meetings


@api_bp.post("/contacts")
def post_contact() -> tuple[Response, int]:
    """Create a contact with its first meeting; 422 context_required without a real note and collaboration."""
    body = _json_body()
    contact = create_contact(db.session, _owner(), fields=body.get("fields"), note=body.get("note"),
                             collaboration=body.get("collaboration"), event_id=body.get("event_id"),
                             draft_id=body.get("draft_id"), date=body.get("date"), settings=_settings(),
                             **_meeting_extras(body))
    db.session.commit()
    # "nudges" is always present: [] or the quality_over_quantity reminder (service/event_rules.py).
    return jsonify({**contact_to_json(contact), "nudges": nudges_for(db.session, contact.meetings[-1])}), 201


@api_bp.get("/contacts")
def get_contacts() -> Response:
    """The owner's contacts, searchable by name, company or email (`q`), paged."""
    limit, offset = _paging()
    contacts, total = list_contacts(db.session, _owner(), request.args.get("q"), limit, offset)
    return jsonify({"items": [contact_to_json(c) for c in contacts], "total": total, "limit": limit,
                    "offset": offset})


@api_bp.get("/contacts/<int:contact_id>")
def get_one_contact(contact_id: int) -> Response:
    """One contact with its fields and meetings."""
    return jsonify(contact_to_json(get_contact(db.session, _owner(), contact_id)))


@api_bp.patch("/contacts/<int:contact_id>")
def patch_contact(contact_id: int) -> Response:
    """Edit some fields of a contact; fields not sent are kept."""
    body = _json_body()
    if "fields" not in body:
        raise InvalidRequest("send {\"fields\": {…}} with the fields to change")
    contact = update_contact(db.session, _owner(), contact_id, body["fields"])
    db.session.commit()
    return jsonify(contact_to_json(get_contact(db.session, _owner(), contact.id)))


@api_bp.delete("/contacts/<int:contact_id>")
def delete_one_contact(contact_id: int) -> tuple[str, int]:
    """Delete a contact and its meetings."""
    delete_contact(db.session, _owner(), contact_id)
    db.session.commit()
    return "", 204


@api_bp.get("/contacts/<int:contact_id>/image")
def get_contact_image(contact_id: int) -> Response:
    """The card image the contact was created from, front or (`?side=back`) back (JPEG without metadata)."""
    contact = get_contact(db.session, _owner(), contact_id)
    return _jpeg(_side(contact.image_jpeg, contact.back_jpeg))


@api_bp.post("/contacts/<int:contact_id>/meetings")
def post_meeting(contact_id: int) -> tuple[Response, int]:
    """Add a meeting (its own note and collaboration) to a contact, optionally consuming a draft of them."""
    body = _json_body()
    meeting = add_meeting(db.session, _owner(), contact_id, note=body.get("note"),
                          collaboration=body.get("collaboration"), event_id=body.get("event_id"),
                          date=body.get("date"), settings=_settings(), draft_id=body.get("draft_id"),
                          **_meeting_extras(body))
    db.session.commit()
    return jsonify({**meeting_to_json(meeting), "nudges": nudges_for(db.session, meeting)}), 201


# Export


@api_bp.get("/export")
def get_export() -> Response:
    """The user's contacts (never drafts) in an export format, streamed as an attachment."""
    from service.export import export_stream, get_format  # loaded on first export only

    spec = get_format(request.args.get("format"))
    chunks = export_stream(db.session, _owner(), spec.name, request.args.get("vcard_version"))
    response = Response(stream_with_context(chunks), content_type=f"{spec.media_type}; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="cardnote-contacts.{spec.extension}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


# Bulk import of one uploaded file (the web scan page sends many files, one request each, to show progress)


@api_bp.post("/imports")
def post_import() -> tuple[Response, int]:
    """Import one uploaded image or PDF like `cardnote import`: one draft per card on it (201; 200 if seen before)."""
    from pathlib import PurePath

    from service.importer import ReadOptions, import_bytes

    upload = request.files.get("file")
    if upload is None:
        raise InvalidRequest("send the image or PDF as multipart/form-data field `file`")
    data = upload.read()
    if not data:
        raise InvalidRequest("the uploaded `file` is empty")
    config = current_app.config
    options = ReadOptions(languages=parse_languages(request.form.get("lang") or config.get("CARDNOTE_OCR_LANGUAGES")),
                          region=parse_region(request.form.get("region") or config.get("CARDNOTE_REGION")))
    name = PurePath(upload.filename or "upload").name or "upload"
    outcome = import_bytes(db.session, _owner(), data, name, options, settings=_settings())
    drafts = [get_draft(db.session, _owner(), draft_id) for draft_id in outcome.draft_ids]
    return jsonify({"file": name, "created": outcome.drafts, "already": outcome.already,
                    "drafts": [draft_to_json(d, existing_contact_for(db.session, _owner(), d)) for d in drafts]}
                   ), 201 if outcome.drafts else 200


# API tokens of the current user


@api_bp.get("/tokens")
def get_tokens() -> Response:
    """The current user's API tokens (never their secrets)."""
    return jsonify({"items": [token_to_json(t) for t in list_tokens(db.session, _owner())]})


@api_bp.post("/tokens")
def post_token() -> tuple[Response, int]:
    """Create another API token; its secret is in the answer and never shown again."""
    body = request.get_json(silent=True) or {}
    name = body.get("name") if isinstance(body, dict) and isinstance(body.get("name"), str) else "api"
    token, secret = issue_token(db.session, _owner(), name)
    db.session.commit()
    return jsonify({**token_to_json(token), "token": secret}), 201


@api_bp.delete("/tokens/<int:token_id>")
def delete_token(token_id: int) -> tuple[str, int]:
    """Revoke one of the current user's API tokens (the one in use included)."""
    revoke_token(db.session, _owner(), token_id)
    db.session.commit()
    return "", 204


# Events and follow-ups register their routes on api_bp from their own module.
from service import api_events  # noqa: E402,F401
