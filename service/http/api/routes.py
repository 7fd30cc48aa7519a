"""The JSON API (contract 3) under /api/v1: scans and drafts, contacts and meetings, export, imports, tokens.

Thin views over service.core: inputs arrive validated (service/http/api/inputs.py), answers are documented by
service/http/api/outputs.py, errors are JSON `{"error", "message"}` (service/http/errors.py). Every query is
scoped to the token's owner, so another user's id is a 404. Events and follow-ups: event_routes.py.
"""

from __future__ import annotations

from pathlib import PurePath

from flask import Response, current_app, jsonify, request, stream_with_context
from pydantic import ValidationError

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
from service.core.export import FORMATS, export_stream
from service.core.importer import ReadOptions, import_bytes
from service.domain.errors import InvalidRequest
from service.http.api import outputs
from service.http.api.common import TAGS, api_bp, context_settings, errors, jpeg_response, owner, validation_failed
from service.http.api.inputs import (
    ContactInput,
    ContactPatch,
    ContactQuery,
    ExportQuery,
    IdPath,
    ImportForm,
    MeetingInput,
    Paging,
    SideQuery,
    TokenInput,
)
from service.reading.options import parse_languages, parse_region
from service.storage.db import db

# Drafts


# Scans and the back of a card: service/http/api/scan_routes.py


@api_bp.get("/drafts", operation_id="listDrafts", tags=TAGS["drafts"],
            responses={200: outputs.DraftList, **errors(400)})
def get_drafts(query: Paging) -> Response:
    """Drafts awaiting context, newest first."""
    drafts = list_drafts(db.session, owner(), query.limit, query.offset)
    return jsonify({"items": [draft_to_json(d, with_existing=False) for d in drafts], "limit": query.limit,
                    "offset": query.offset})


@api_bp.get("/drafts/<int:id>", operation_id="getDraft", tags=TAGS["drafts"],
            responses={200: outputs.Draft, **errors(404)})
def get_one_draft(path: IdPath) -> Response:
    """One draft, with a known contact sharing its photo, email or phone."""
    draft = get_draft(db.session, owner(), path.id)
    return jsonify(draft_to_json(draft, existing_contact_for(db.session, owner(), draft)))


@api_bp.delete("/drafts/<int:id>", operation_id="deleteDraft", tags=TAGS["drafts"],
               responses={204: None, **errors(404)})
def delete_one_draft(path: IdPath) -> tuple[str, int]:
    """Discard a draft."""
    delete_draft(db.session, owner(), path.id)
    db.session.commit()
    return "", 204


@api_bp.get("/drafts/<int:id>/image", operation_id="getDraftImage", tags=TAGS["drafts"],
            responses={200: outputs.JPEG, **errors(400, 404)})
def get_draft_image(path: IdPath, query: SideQuery) -> Response:
    """The draft's flattened card image, front or (`?side=back`) back (JPEG without metadata)."""
    draft = get_draft(db.session, owner(), path.id)
    return jpeg_response(draft.back_jpeg if query.side == "back" else draft.image_jpeg)


# Contacts and meetings


@api_bp.post("/contacts", operation_id="createContact", tags=TAGS["contacts"],
             responses={201: outputs.ContactCreated, **errors(400, 404, 422)})
def post_contact(body: ContactInput) -> tuple[Response, int]:
    """Create a contact with its first meeting.

    422 `context_required` without a real conversation note and intended collaboration (nothing is stored;
    `fields` says what is missing); 422 `validation_error` for a contact without a name, company, email or phone.
    """
    contact = create_contact(db.session, owner(), settings=context_settings(), **_meeting(body))
    db.session.commit()
    # "nudges" is always present: [] or the quality_over_quantity reminder (service/domain/event_rules.py).
    return jsonify({**contact_to_json(contact), "nudges": nudges_for(db.session, contact.meetings[-1])}), 201


def _meeting(body: MeetingInput) -> dict:
    """The body as keyword arguments of create_contact / add_meeting (dates back to text: the core parses them)."""
    values = body.model_dump(mode="json", exclude_unset=True)
    if "fields" in values and body.fields is not None:
        values["fields"] = body.fields.model_dump(mode="json", exclude_unset=True)
    return {"fields": None, **values} if isinstance(body, ContactInput) else values


@api_bp.get("/contacts", operation_id="listContacts", tags=TAGS["contacts"],
            responses={200: outputs.ContactList, **errors(400)})
def get_contacts(query: ContactQuery) -> Response:
    """Contacts, most recently updated first, searchable by name, company or email (`q`)."""
    contacts, total = list_contacts(db.session, owner(), query.q, query.limit, query.offset)
    return jsonify({"items": [contact_to_json(c) for c in contacts], "total": total, "limit": query.limit,
                    "offset": query.offset})


@api_bp.get("/contacts/<int:id>", operation_id="getContact", tags=TAGS["contacts"],
            responses={200: outputs.Contact, **errors(404)})
def get_one_contact(path: IdPath) -> Response:
    """One contact with its fields and meetings."""
    return jsonify(contact_to_json(get_contact(db.session, owner(), path.id)))


@api_bp.patch("/contacts/<int:id>", operation_id="updateContact", tags=TAGS["contacts"],
              responses={200: outputs.Contact, **errors(400, 404, 422)})
def patch_contact(path: IdPath, body: ContactPatch) -> Response:
    """Edit some fields of a contact; fields not sent are kept, changed values get source `user`."""
    contact = update_contact(db.session, owner(), path.id, body.fields.model_dump(mode="json", exclude_unset=True))
    db.session.commit()
    return jsonify(contact_to_json(get_contact(db.session, owner(), contact.id)))


@api_bp.delete("/contacts/<int:id>", operation_id="deleteContact", tags=TAGS["contacts"],
               responses={204: None, **errors(404)})
def delete_one_contact(path: IdPath) -> tuple[str, int]:
    """Delete a contact and its meetings."""
    delete_contact(db.session, owner(), path.id)
    db.session.commit()
    return "", 204


@api_bp.get("/contacts/<int:id>/image", operation_id="getContactImage", tags=TAGS["contacts"],
            responses={200: outputs.JPEG, **errors(400, 404)})
def get_contact_image(path: IdPath, query: SideQuery) -> Response:
    """The card image the contact was created from, front or (`?side=back`) back (JPEG without metadata)."""
    contact = get_contact(db.session, owner(), path.id)
    return jpeg_response(contact.back_jpeg if query.side == "back" else contact.image_jpeg)


@api_bp.post("/contacts/<int:id>/meetings", operation_id="addMeeting", tags=TAGS["contacts"],
             responses={201: outputs.MeetingCreated, **errors(400, 404, 422)})
def post_meeting(path: IdPath, body: MeetingInput) -> tuple[Response, int]:
    """Add a meeting (its own note and collaboration) to a contact, optionally consuming a draft of them."""
    meeting = add_meeting(db.session, owner(), path.id, settings=context_settings(), **_meeting(body))
    db.session.commit()
    return jsonify({**meeting_to_json(meeting), "nudges": nudges_for(db.session, meeting)}), 201


# Export


@api_bp.get("/export", operation_id="exportContacts", tags=TAGS["contacts"],
            responses={200: outputs.EXPORT, **errors(400)})
def get_export(query: ExportQuery) -> Response:
    """Export your contacts (never drafts), each with its meetings, notes and collaborations.

    Streamed as an attachment (`Content-Disposition`); phones in E.164. Field mappings per format: README,
    “Exports”. `json` follows service/core/export/contact.schema.json.
    """
    spec = FORMATS[query.format]
    chunks = export_stream(db.session, owner(), spec.name, query.vcard_version)
    response = Response(stream_with_context(chunks), content_type=f"{spec.media_type}; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="cardnote-contacts.{spec.extension}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


# Bulk import of one uploaded file (the web scan page sends many files, one request each, to show progress)


@api_bp.post("/imports", operation_id="importFile", tags=TAGS["drafts"], responses={
    201: outputs.ImportResult, 200: outputs.ImportResult, **errors(400, 413, 422)})
def post_import(form: ImportForm) -> tuple[Response, int]:
    """Import one file: a draft for every card on it, or for every person in a contacts file.

    What `cardnote import` does for one file: a page or photo holding several cards gives one draft per card;
    every page of a PDF or multi-page TIFF is read. A `.vcf` (vCard 2.1, 3.0 or 4.0, several per file) or a
    Google Contacts / Outlook CSV gives one draft per person (fields with source `vcard` or `csv`); someone you
    already know comes back with `existing_contact` set, to add a meeting there. Sending the same file again adds
    nothing and answers 200 with its drafts still waiting for context. 422 when the file is not a readable
    image, PDF or contacts file, or holds no card or person.
    """
    data = form.file.read()
    if not data:
        raise InvalidRequest("the uploaded `file` is empty", {"file": "empty file"})
    config = current_app.config
    options = ReadOptions(languages=parse_languages(form.lang or config.get("CARDNOTE_OCR_LANGUAGES")),
                          region=parse_region(form.region or config.get("CARDNOTE_REGION")))
    name = PurePath(form.file.filename or "upload").name or "upload"
    outcome = import_bytes(db.session, owner(), data, name, options, settings=context_settings())
    drafts = [get_draft(db.session, owner(), draft_id) for draft_id in outcome.draft_ids]
    return jsonify({"file": name, "created": outcome.drafts, "already": outcome.already,
                    "drafts": [draft_to_json(d, existing_contact_for(db.session, owner(), d)) for d in drafts]}
                   ), 201 if outcome.drafts else 200


# API tokens of the current user


@api_bp.get("/tokens", operation_id="listTokens", tags=TAGS["tokens"], responses={200: outputs.TokenList})
def get_tokens() -> Response:
    """Your API tokens, newest first (never their secrets)."""
    return jsonify({"items": [token_to_json(t) for t in list_tokens(db.session, owner())]})


@api_bp.post("/tokens", operation_id="createToken", tags=TAGS["tokens"], responses={
    201: outputs.NewToken, **errors(400, 422)}, openapi_extensions={"requestBody": {
        "required": False, "content": {"application/json": {"schema": TokenInput.model_json_schema()}}}})
def post_token() -> tuple[Response, int]:
    """Create another API token; its secret is in the answer and never shown again."""
    # The body is optional (flask-openapi3's `body:` would require one): validated here by the same model.
    try:
        body = TokenInput.model_validate(request.get_json(silent=True) if request.get_data() else {})
    except ValidationError as exc:
        validation_failed(exc)
    token, secret = issue_token(db.session, owner(), body.name or "api")
    db.session.commit()
    return jsonify({**token_to_json(token), "token": secret}), 201


@api_bp.delete("/tokens/<int:id>", operation_id="revokeToken", tags=TAGS["tokens"],
               responses={204: None, **errors(404)})
def delete_token(path: IdPath) -> tuple[str, int]:
    """Revoke one of your API tokens (the one in use included)."""
    revoke_token(db.session, owner(), path.id)
    db.session.commit()
    return "", 204
