"""The OpenAPI 3.1 document of the JSON API, served at /openapi.json.

Maintained by hand next to service/http/api/routes.py; tests/test_service_openapi.py walks app.url_map and fails when a
route or method is missing here or documented but not served.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify

from enrich.card import PHONE_KINDS, SOURCES
from service.core.export import FORMATS as EXPORT_FORMATS
from service.domain.context import COLLABORATION_KINDS
from service.http.api.openapi_events import PATHS as EVENT_PATHS
from service.http.api.openapi_events import SCHEMAS as EVENT_SCHEMAS
from service.http.api.openapi_parts import (
    _BAD_JSON,
    _COMMON_ERRORS,
    _ID,
    _JPEG,
    _NOT_FOUND,
    _PAGING,
    _SIDE,
    _error,
    _json,
    _list_of,
    _ref,
)

openapi_bp = Blueprint("openapi", __name__)

def _text_field() -> dict[str, Any]:
    return {"type": "object", "required": ["value"], "properties": {
        "value": {"type": "string"}, "confidence": {"type": "number", "minimum": 0, "maximum": 1},
        "source": {"type": "string", "enum": list(SOURCES)}, "raw": {"type": ["string", "null"]}}}


def _with(extra: dict[str, Any]) -> dict[str, Any]:
    schema = _text_field()
    schema["properties"] = {**schema["properties"], **extra}
    return schema


def _either(obj: dict[str, Any]) -> dict[str, Any]:
    """A field object, or a plain string taken as its value (requests only)."""
    return {"oneOf": [{"type": "string"}, obj]}


def _fields_schema(request: bool) -> dict[str, Any]:
    text = _either(_text_field()) if request else _text_field()
    kinds = {"email": _with({"valid": {"type": "boolean"}}),
             "phone": _with({"kind": {"type": "string", "enum": list(PHONE_KINDS)},
                             "region": {"type": ["string", "null"]}, "valid": {"type": "boolean"}}),
             "website": _text_field(),
             "social": _with({"service": {"type": "string"}}),
             "address": _with({"lines": {"type": "array", "items": {"type": "string"}},
                               "country": {"type": ["string", "null"]}})}
    wrap = _either if request else (lambda s: s)

    def many(schema: dict[str, Any]) -> dict[str, Any]:
        return {"type": "array", "items": wrap(schema)}

    props = {k: {"anyOf": [text, {"type": "null"}]} for k in
             ("name", "given_name", "family_name", "honorific", "title", "department", "company")}
    props.update(emails=many(kinds["email"]), phones=many(kinds["phone"]), websites=many(kinds["website"]),
                 social=many(kinds["social"]), address={"anyOf": [wrap(kinds["address"]), {"type": "null"}]})
    return {"type": "object", "properties": props, "additionalProperties": False,
            "description": "The card JSON's `fields` (contract 1). In requests a plain string (or a list of "
                           "strings) is accepted where a field object (or a list of them) is expected."}


_SCHEMAS: dict[str, Any] = {
    "Error": {"type": "object", "required": ["error", "message"], "properties": {
        "error": {"type": "string"}, "message": {"type": "string"},
        "fields": {"type": "object", "additionalProperties": {"type": "string"},
                   "description": "Field path (e.g. `note`, `collaboration.kind`) -> problem."}}},
    "Card": {"type": "object", "description": "Card JSON, contract 1 (`cardnote/card@1`).",
             "required": ["schema", "source", "fields", "enrichment", "warnings", "ocr"], "properties": {
                 "schema": {"type": "string", "const": "cardnote/card@1"}, "source": {"type": "object"},
                 "fields": _fields_schema(False), "enrichment": {"type": "object"},
                 "warnings": {"type": "array", "items": {"type": "string"}}, "ocr": {"type": "object"}}},
    "Fields": _fields_schema(False),
    "FieldsInput": _fields_schema(True),
    "Collaboration": {"type": "object", "required": ["kind", "detail"], "properties": {
        "kind": {"type": "string", "enum": list(COLLABORATION_KINDS)},
        "detail": {"type": "string", "description": "What you intend to do together (CARDNOTE_DETAIL_MIN_LENGTH, "
                                                    "default 8 characters, no placeholders)."}}},
    "Event": {"type": ["object", "null"], "properties": {
        "id": {"type": "integer"}, "name": {"type": "string"}, "date": {"type": ["string", "null"], "format": "date"},
        "place": {"type": ["string", "null"]}}},
    "Meeting": {"type": "object", "required": ["id", "date", "note", "collaboration", "event"], "properties": {
        "id": {"type": "integer"}, "date": {"type": "string", "format": "date"}, "note": {"type": "string"},
        "collaboration": _ref("Collaboration"), "event": _ref("Event"),
        "their_strengths": {"type": ["string", "null"]}, "my_offer": {"type": ["string", "null"]},
        "next_step": _ref("NextStep"),
        "created_at": {"type": "string", "format": "date-time"}}},
    "MeetingInput": {"type": "object", "required": ["note", "collaboration"], "properties": {
        "note": {"type": "string", "description": "What you talked about (CARDNOTE_NOTE_MIN_LENGTH, default 15 "
                                                  "characters; blank or placeholder text like “n/a” is refused)."},
        "collaboration": _ref("Collaboration"),
        "event_id": {"type": ["integer", "null"], "description": "One of your events (anyone else's is a 404)."},
        "date": {"type": "string", "format": "date", "description": "Default: the event's date, else today."},
        "their_strengths": {"type": ["string", "null"], "maxLength": 2000,
                            "description": "Win-win: what they are good at, beyond their job title."},
        "my_offer": {"type": ["string", "null"], "maxLength": 2000,
                     "description": "Win-win: what I can bring them."},
        "next_step": _ref("NextStepInput"),
        "draft_id": {"type": ["integer", "null"],
                     "description": "Meetings: a new scan of this person (see a draft's `existing_contact`); the "
                                    "draft is deleted with the meeting saved, nothing is duplicated. Contacts: the "
                                    "draft this contact is made from, deleted when it is saved."}}},
    "Contact": {"type": "object", "required": ["id", "fields", "meetings"], "properties": {
        "id": {"type": "integer"}, "name": {"type": ["string", "null"]}, "company": {"type": ["string", "null"]},
        "email": {"type": ["string", "null"]}, "fields": _ref("Fields"),
        "meetings": {"type": "array", "items": _ref("Meeting")}, "has_image": {"type": "boolean"},
        "created_at": {"type": "string", "format": "date-time"},
        "updated_at": {"type": "string", "format": "date-time"}}},
    "ContactInput": {"allOf": [_ref("MeetingInput"), {"type": "object", "properties": {
        "fields": _ref("FieldsInput")}}],
        "description": "`fields` may be omitted with a `draft_id` (the draft's fields are used). Values equal to "
                       "the draft's keep their source; anything else is stored with source `user`."},
    "Draft": {"type": "object", "required": ["id", "card"], "properties": {
        "id": {"type": "integer"}, "card": _ref("Card"), "filename": {"type": ["string", "null"]},
        "source_sha256": {"type": "string"}, "has_image": {"type": "boolean"},
        "has_back": {"type": "boolean", "description": "The back of the card was added (`?side=back` image)."},
        "note": {"type": ["string", "null"], "description": "A note sent with the photo (the review starts with "
                                                            "it); not yet a meeting."},
        "created_at": {"type": "string", "format": "date-time"},
        "existing_contact": {"anyOf": [_ref("Contact"), {"type": "null"}],
                             "description": "A contact of yours with the same photo, email or phone: offer "
                                            "to add a meeting to it instead of a duplicate."}}},
    "Scan": {"allOf": [_ref("Draft"), {"type": "object", "required": ["drafts", "created"], "properties": {
        "drafts": {"type": "array", "items": _ref("Draft"),
                   "description": "One draft per card found in the photo, in reading order. `id`, `card` and the "
                                  "other draft keys at the top level are the first's (for clients written before "
                                  "several cards per photo)."},
        "created": {"type": "boolean", "description": "False when this photo or upload key was seen before."}}}],
        "description": "A retried upload whose drafts were all saved or discarded since answers 200 with "
                       "`drafts: []` and `id`/`card` null."},
    "PendingScan": {"type": "object", "required": ["id", "status", "status_url"], "properties": {
        "id": {"type": "string", "description": "The scan's id (not a draft id)."},
        "status": {"type": "string", "enum": ["pending", "running"]},
        "status_url": {"type": "string", "description": "GET it: 202 while pending, then 200 with the draft."}}},
    "ImportResult": {"type": "object", "required": ["file", "created", "already", "drafts"], "properties": {
        "file": {"type": "string"}, "created": {"type": "integer", "description": "New drafts made now."},
        "already": {"type": "integer", "description": "Cards of this file imported before."},
        "drafts": {"type": "array", "items": _ref("Draft"),
                   "description": "The file's drafts waiting for context (new or from before)."}}},
    "Token": {"type": "object", "properties": {
        "id": {"type": "integer"}, "name": {"type": "string"}, "created_at": {"type": "string"},
        "last_used_at": {"type": ["string", "null"]}, "revoked": {"type": "boolean"},
        "revoked_at": {"type": ["string", "null"]}}},
}


_CONTEXT_422 = _error("`context_required`: no real conversation note or collaboration (nothing was stored); "
                      "`fields` says what is missing. Also `validation_error` for contacts without identity.")
PATHS: dict[str, Any] = {
    "/api/v1/scans": {"post": {
        "summary": "Scan a card photo into a draft", "operationId": "createScan", "tags": ["drafts"],
        "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": ["image"], "properties": {
                "image": {"type": "string", "format": "binary", "description": "JPEG, PNG, HEIC… up to 20 MB."},
                "lang": {"type": "string", "description": "Languages, e.g. `spa,eng`."},
                "region": {"type": "string", "description": "Default phone region, e.g. `ES`."},
                "key": {"type": "string", "pattern": "^[A-Za-z0-9_-]{8,64}$",
                        "description": "Upload key chosen by the client (a UUID), also accepted as the "
                                       "`Idempotency-Key` header: kept once per user, so sending the same upload "
                                       "again answers 200 with the drafts it made the first time."},
                "note": {"type": "string", "description": "A note written with the photo (e.g. offline); every "
                                                          "draft of the photo starts with it."}}}}}},
        "description": "In-process by default. With a work queue (CARDNOTE_BROKER_URL) a `cardnote worker` reads "
                       "the card while the request waits up to CARDNOTE_SCAN_WAIT_SECONDS (default 20): then the "
                       "answer is the same 201/200; past it, 202 with a `status_url` to poll.",
        "responses": {"201": _json(_ref("Scan"), "New drafts, one per card in the photo."),
                      "200": _json(_ref("Scan"), "This photo (or upload key) was seen before: the same drafts."),
                      "202": _json(_ref("PendingScan"), "Queued and not finished within CARDNOTE_SCAN_WAIT_SECONDS: "
                                   "poll `status_url` (also in the Location header)."),
                      "400": _error("No `image` field, or a malformed `key`."), "413": _error("Upload too large."),
                      "422": _error("The file is not a readable image."), **_COMMON_ERRORS}}},
    "/api/v1/scans/{id}": {"get": {
        "summary": "A queued scan: pending, or its draft", "operationId": "getScan", "tags": ["drafts"],
        "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"},
                        "description": "The `id` of a 202 answer from `POST /api/v1/scans`."}],
        "responses": {"200": _json(_ref("Scan"), "Done: the drafts the scan became."),
                      "202": _json(_ref("PendingScan"), "Still queued or being read; ask again."),
                      "422": _error("The file was not a readable image (as POST would have answered)."),
                      **_COMMON_ERRORS,
                      "404": _error("No such scan for this user (another user's scan id is also 404), its draft "
                                    "was deleted since, or the status expired (24 hours); also without a queue.")}}},
    "/api/v1/drafts": {"get": {
        "summary": "Drafts awaiting context", "operationId": "listDrafts", "tags": ["drafts"],
        "parameters": _PAGING,
        "responses": {"200": _json(_list_of("Draft"), "Drafts, newest first."), "400": _error("Bad paging."),
                      **_COMMON_ERRORS}}},
    "/api/v1/drafts/{id}": {
        "get": {"summary": "One draft", "operationId": "getDraft", "tags": ["drafts"], "parameters": [_ID],
                "responses": {"200": _json(_ref("Draft"), "The draft."), **_COMMON_ERRORS, **_NOT_FOUND}},
        "delete": {"summary": "Discard a draft", "operationId": "deleteDraft", "tags": ["drafts"],
                   "parameters": [_ID],
                   "responses": {"204": {"description": "Deleted."}, **_COMMON_ERRORS, **_NOT_FOUND}}},
    "/api/v1/drafts/{id}/image": {"get": {
        "summary": "The draft's flattened card image", "operationId": "getDraftImage", "tags": ["drafts"],
        "parameters": [_ID, _SIDE], "responses": {"200": _JPEG, "400": _error("Bad `side`."), **_COMMON_ERRORS,
                                                  **_NOT_FOUND}}},
    "/api/v1/drafts/{id}/back": {"post": {
        "summary": "Add the back of the card", "operationId": "addDraftBack", "tags": ["drafts"],
        "parameters": [_ID],
        "description": "The back is read like the front and merged into the same draft: a field the front already "
                       "has is kept (a different value on the back becomes a `warnings` entry), a field only the "
                       "back has is added with `\"side\": \"back\"` on its object, lists gain the back's new "
                       "values. The card's `source.back` and `ocr.back` describe the back; both images are "
                       "kept (`GET …/image?side=back`). Sending the same back again changes nothing.",
        "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": ["image"], "properties": {
                "image": {"type": "string", "format": "binary", "description": "A photo of the card's back."},
                "lang": {"type": "string"}, "region": {"type": "string"}}}}}},
        "responses": {"200": _json(_ref("Draft"), "The draft with the back merged."),
                      "400": _error("No `image` field, or it is empty."), "413": _error("Upload too large."),
                      "409": _error("The draft already has a different back."),
                      "422": _error("Not a readable image, or the same photo as the front."), **_COMMON_ERRORS,
                      "404": _error("No such draft for this user: another user's, or a draft already saved as a "
                                    "contact (saving consumes the draft).")}}},
    "/api/v1/contacts": {
        "get": {"summary": "Contacts, searchable", "operationId": "listContacts", "tags": ["contacts"],
                "parameters": [{"name": "q", "in": "query", "required": False, "schema": {"type": "string"},
                                "description": "Case-insensitive search in name, company and email."}, *_PAGING],
                "responses": {"200": _json(_list_of("Contact"), "Contacts, most recently updated first."),
                              "400": _error("Bad paging."), **_COMMON_ERRORS}},
        "post": {"summary": "Create a contact with its first meeting", "operationId": "createContact",
                 "tags": ["contacts"],
                 "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("ContactInput")}}},
                 "responses": {"201": _json({"allOf": [_ref("Contact"), {"type": "object", "required": ["nudges"],
                                                                          "properties": {"nudges": _ref("Nudges")}}]},
                                            "The contact, and `nudges` (always present, usually empty)."),
                               "400": _BAD_JSON,
                               "422": _CONTEXT_422, **_COMMON_ERRORS,
                               "404": _error("The draft or event is not yours or does not exist.")}}},
    "/api/v1/contacts/{id}": {
        "get": {"summary": "One contact with its meetings", "operationId": "getContact", "tags": ["contacts"],
                "parameters": [_ID],
                "responses": {"200": _json(_ref("Contact"), "The contact."), **_COMMON_ERRORS, **_NOT_FOUND}},
        "patch": {"summary": "Edit some fields", "operationId": "updateContact", "tags": ["contacts"],
                  "parameters": [_ID],
                  "requestBody": {"required": True, "content": {"application/json": {"schema": {
                      "type": "object", "required": ["fields"], "properties": {"fields": _ref("FieldsInput")}}}}},
                  "responses": {"200": _json(_ref("Contact"), "The updated contact; changed fields have source "
                                                             "`user`, fields not sent are kept."),
                                "400": _BAD_JSON, "422": _error("Invalid fields."), **_COMMON_ERRORS,
                                **_NOT_FOUND}},
        "delete": {"summary": "Delete a contact and its meetings", "operationId": "deleteContact",
                   "tags": ["contacts"], "parameters": [_ID],
                   "responses": {"204": {"description": "Deleted."}, **_COMMON_ERRORS, **_NOT_FOUND}}},
    "/api/v1/contacts/{id}/image": {"get": {
        "summary": "The card image the contact came from", "operationId": "getContactImage", "tags": ["contacts"],
        "parameters": [_ID, _SIDE], "responses": {"200": _JPEG, "400": _error("Bad `side`."), **_COMMON_ERRORS,
                                                  **_NOT_FOUND}}},
    "/api/v1/contacts/{id}/meetings": {"post": {
        "summary": "Add a meeting to a contact", "operationId": "addMeeting", "tags": ["contacts"],
        "parameters": [_ID],
        "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("MeetingInput")}}},
        "responses": {"201": _json({"allOf": [_ref("Meeting"), {"type": "object", "required": ["nudges"],
                                                                  "properties": {"nudges": _ref("Nudges")}}]},
                                   "The meeting, and `nudges` (always present, usually empty)."),
                      "400": _BAD_JSON, "422": _CONTEXT_422,
                      **_COMMON_ERRORS, **_NOT_FOUND}}},
    "/api/v1/imports": {"post": {
        "summary": "Import one file: a draft for every card on it", "operationId": "importFile", "tags": ["drafts"],
        "description": "What `cardnote import` does for one file, for pages that upload many files one request at "
                       "a time: a flatbed page or photo holding several cards gives one draft per card; every page "
                       "of a PDF or multi-page TIFF is read. The file's SHA-256 (and each card crop's) is "
                       "remembered, so sending the same file again adds nothing and answers 200 with the same "
                       "drafts still waiting for context. `POST /api/v1/scans` stays the one-card route.",
        "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": ["file"], "properties": {
                "file": {"type": "string", "format": "binary",
                         "description": "JPEG, PNG, WebP, TIFF, HEIC or PDF, up to CARDNOTE_MAX_UPLOAD_MB."},
                "lang": {"type": "string", "description": "Languages, e.g. `spa,eng`."},
                "region": {"type": "string", "description": "Default phone region, e.g. `ES`."}}}}}},
        "responses": {
            "201": _json(_ref("ImportResult"), "New drafts were made from the file."),
            "200": _json(_ref("ImportResult"), "The file was imported before: nothing new; its drafts still "
                                               "waiting for context are listed."),
            "400": _error("No `file` field, or it is empty."), "413": _error("Upload too large."),
            "422": _error("The file is not a readable image or PDF, or holds no card."), **_COMMON_ERRORS}}},
    "/api/v1/export": {"get": {
        "summary": "Export your contacts", "operationId": "exportContacts", "tags": ["contacts"],
        "description": "Only contacts (never drafts), each with its meetings, notes and collaborations; phones in "
                       "E.164. Streamed as an attachment (`Content-Disposition`). Field mappings per format: "
                       "README, “Exports”. `json` follows service/core/export/contact.schema.json.",
        "parameters": [
            {"name": "format", "in": "query", "required": True, "schema": {"type": "string", "enum": list(
                EXPORT_FORMATS)}, "description": "json (cardnote's documents), jcard (RFC 7095), vcard, csv, or "
                                                 "a CRM import body: hubspot, salesforce, google, msgraph."},
            {"name": "vcard_version", "in": "query", "required": False,
             "schema": {"type": "string", "enum": ["4.0", "3.0"], "default": "4.0"},
             "description": "vCard version for `format=vcard`."}],
        "responses": {"200": {"description": "The export file.", "content": {
            "application/json": {"schema": {"type": "object"}},
            "application/vcard+json": {"schema": {"type": "array"}},
            "text/vcard": {"schema": {"type": "string"}},
            "text/csv": {"schema": {"type": "string"}}}},
            "400": _error("Unknown `format` or `vcard_version`."), **_COMMON_ERRORS}}},
    "/api/v1/tokens": {
        "get": {"summary": "Your API tokens", "operationId": "listTokens", "tags": ["tokens"],
                "responses": {"200": _json({"type": "object", "required": ["items"], "properties": {
                    "items": {"type": "array", "items": _ref("Token")}}}, "Tokens, newest first."),
                    **_COMMON_ERRORS}},
        "post": {"summary": "Create an API token", "operationId": "createToken", "tags": ["tokens"],
                 "requestBody": {"required": False, "content": {"application/json": {"schema": {
                     "type": "object", "properties": {"name": {"type": "string"}}}}}},
                 "responses": {"201": _json({"allOf": [_ref("Token"), {"type": "object", "properties": {
                     "token": {"type": "string", "description": "The secret; shown only once."}}}]}, "The token."),
                     **_COMMON_ERRORS}}},
    "/api/v1/tokens/{id}": {"delete": {
        "summary": "Revoke an API token", "operationId": "revokeToken", "tags": ["tokens"], "parameters": [_ID],
        "responses": {"204": {"description": "Revoked."}, **_COMMON_ERRORS, **_NOT_FOUND}}},
}


def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3.1 document of the API."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "cardnote API", "version": "1",
                 "description": "Business cards to contacts that carry their context. A contact is only saved "
                                "with a conversation note and an intended collaboration. Errors are JSON "
                                "`{\"error\", \"message\"}`. Create a token with `cardnote users add EMAIL` or "
                                "`cardnote users token EMAIL`."},
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "paths": {**PATHS, **EVENT_PATHS},
        "components": {"schemas": {**_SCHEMAS, **EVENT_SCHEMAS},
                       "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                                      "description": "An API token from `cardnote users token`."}}},
    }


@openapi_bp.get("/openapi.json")
def openapi_json() -> Response:
    """Serve the OpenAPI document (no authentication)."""
    return jsonify(openapi_document())
