"""The JSON API (contract 3) under /api/v1: thin views over the domain modules, bearer-token auth.

Every route answers JSON, errors included (`{"error", "message"}`, see app.py); every query is scoped
to the token's owner, so another user's id is a 404. Keep service/http/api/openapi.py in step with this file
(tests/test_service_openapi.py checks both ways).
"""

from __future__ import annotations

from pathlib import PurePath

from flask import Response, current_app, jsonify, request, stream_with_context

from service.core.accounts import issue_token, list_tokens, revoke_token, token_to_json
from service.core.contacts import (
    add_meeting,
    contact_to_json,
    create_contact,
    delete_contact,
    get_contact,
    list_contacts,
    meeting_to_json,
    update_contact,
)
from service.core.drafts import delete_draft, draft_to_json, existing_contact_for, get_draft, list_drafts
from service.core.events import nudges_for
from service.core.export import export_stream, get_format
from service.core.importer import ReadOptions, import_bytes
from service.domain.errors import InvalidRequest
from service.http.api.common import (
    api_bp,
    context_settings,
    jpeg_response,
    json_body,
    meeting_extras,
    owner,
    paging,
    side,
)
from service.reading.options import parse_languages, parse_region
from service.storage.db import db

# Drafts (scans and the back of a card: service/http/api/scan_routes.py)


@api_bp.get("/drafts")
def get_drafts() -> Response:
    """The drafts awaiting context, newest first."""
    limit, offset = paging()
    drafts = list_drafts(db.session, owner(), limit, offset)
    return jsonify({"items": [draft_to_json(d, with_existing=False) for d in drafts], "limit": limit,
                    "offset": offset})


@api_bp.get("/drafts/<int:draft_id>")
def get_one_draft(draft_id: int) -> Response:
    """One draft, with a known contact sharing its email or phone."""
    draft = get_draft(db.session, owner(), draft_id)
    return jsonify(draft_to_json(draft, existing_contact_for(db.session, owner(), draft)))


@api_bp.delete("/drafts/<int:draft_id>")
def delete_one_draft(draft_id: int) -> tuple[str, int]:
    """Discard a draft."""
    delete_draft(db.session, owner(), draft_id)
    db.session.commit()
    return "", 204


@api_bp.get("/drafts/<int:draft_id>/image")
def get_draft_image(draft_id: int) -> Response:
    """The flattened card image of a draft, front or (`?side=back`) back (JPEG without metadata)."""
    draft = get_draft(db.session, owner(), draft_id)
    return jpeg_response(side(draft.image_jpeg, draft.back_jpeg))


# Contacts and meetings


@api_bp.post("/contacts")
def post_contact() -> tuple[Response, int]:
    """Create a contact with its first meeting; 422 context_required without a real note and collaboration."""
    body = json_body()
    contact = create_contact(db.session, owner(), fields=body.get("fields"), note=body.get("note"),
                             collaboration=body.get("collaboration"), event_id=body.get("event_id"),
                             draft_id=body.get("draft_id"), date=body.get("date"), settings=context_settings(),
                             **meeting_extras(body))
    db.session.commit()
    # "nudges" is always present: [] or the quality_over_quantity reminder (service/domain/event_rules.py).
    return jsonify({**contact_to_json(contact), "nudges": nudges_for(db.session, contact.meetings[-1])}), 201


@api_bp.get("/contacts")
def get_contacts() -> Response:
    """The owner's contacts, searchable by name, company or email (`q`), paged."""
    limit, offset = paging()
    contacts, total = list_contacts(db.session, owner(), request.args.get("q"), limit, offset)
    return jsonify({"items": [contact_to_json(c) for c in contacts], "total": total, "limit": limit,
                    "offset": offset})


@api_bp.get("/contacts/<int:contact_id>")
def get_one_contact(contact_id: int) -> Response:
    """One contact with its fields and meetings."""
    return jsonify(contact_to_json(get_contact(db.session, owner(), contact_id)))


@api_bp.patch("/contacts/<int:contact_id>")
def patch_contact(contact_id: int) -> Response:
    """Edit some fields of a contact; fields not sent are kept."""
    body = json_body()
    if "fields" not in body:
        raise InvalidRequest("send {\"fields\": {…}} with the fields to change")
    contact = update_contact(db.session, owner(), contact_id, body["fields"])
    db.session.commit()
    return jsonify(contact_to_json(get_contact(db.session, owner(), contact.id)))


@api_bp.delete("/contacts/<int:contact_id>")
def delete_one_contact(contact_id: int) -> tuple[str, int]:
    """Delete a contact and its meetings."""
    delete_contact(db.session, owner(), contact_id)
    db.session.commit()
    return "", 204


@api_bp.get("/contacts/<int:contact_id>/image")
def get_contact_image(contact_id: int) -> Response:
    """The card image the contact was created from, front or (`?side=back`) back (JPEG without metadata)."""
    contact = get_contact(db.session, owner(), contact_id)
    return jpeg_response(side(contact.image_jpeg, contact.back_jpeg))


@api_bp.post("/contacts/<int:contact_id>/meetings")
def post_meeting(contact_id: int) -> tuple[Response, int]:
    """Add a meeting (its own note and collaboration) to a contact, optionally consuming a draft of them."""
    body = json_body()
    meeting = add_meeting(db.session, owner(), contact_id, note=body.get("note"),
                          collaboration=body.get("collaboration"), event_id=body.get("event_id"),
                          date=body.get("date"), settings=context_settings(), draft_id=body.get("draft_id"),
                          **meeting_extras(body))
    db.session.commit()
    return jsonify({**meeting_to_json(meeting), "nudges": nudges_for(db.session, meeting)}), 201


# Export


@api_bp.get("/export")
def get_export() -> Response:
    """The user's contacts (never drafts) in an export format, streamed as an attachment."""
    spec = get_format(request.args.get("format"))
    chunks = export_stream(db.session, owner(), spec.name, request.args.get("vcard_version"))
    response = Response(stream_with_context(chunks), content_type=f"{spec.media_type}; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="cardnote-contacts.{spec.extension}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


# Bulk import of one uploaded file (the web scan page sends many files, one request each, to show progress)


@api_bp.post("/imports")
def post_import() -> tuple[Response, int]:
    """Import one uploaded image or PDF like `cardnote import`: one draft per card on it (201; 200 if seen before)."""
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
    outcome = import_bytes(db.session, owner(), data, name, options, settings=context_settings())
    drafts = [get_draft(db.session, owner(), draft_id) for draft_id in outcome.draft_ids]
    return jsonify({"file": name, "created": outcome.drafts, "already": outcome.already,
                    "drafts": [draft_to_json(d, existing_contact_for(db.session, owner(), d)) for d in drafts]}
                   ), 201 if outcome.drafts else 200


# API tokens of the current user


@api_bp.get("/tokens")
def get_tokens() -> Response:
    """The current user's API tokens (never their secrets)."""
    return jsonify({"items": [token_to_json(t) for t in list_tokens(db.session, owner())]})


@api_bp.post("/tokens")
def post_token() -> tuple[Response, int]:
    """Create another API token; its secret is in the answer and never shown again."""
    body = request.get_json(silent=True) or {}
    name = body.get("name") if isinstance(body, dict) and isinstance(body.get("name"), str) else "api"
    token, secret = issue_token(db.session, owner(), name)
    db.session.commit()
    return jsonify({**token_to_json(token), "token": secret}), 201


@api_bp.delete("/tokens/<int:token_id>")
def delete_token(token_id: int) -> tuple[str, int]:
    """Revoke one of the current user's API tokens (the one in use included)."""
    revoke_token(db.session, owner(), token_id)
    db.session.commit()
    return "", 204

