"""API routes for scans (one draft per card in a photo, upload keys) and the back of a card, on the `api` blueprint.

Imported by service/http/api/__init__.py with the other routes, so they join api_bp before it is registered.
"""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, jsonify, request, url_for

from service.core.drafts import ScanResult, add_back, draft_to_json, existing_contact_for, get_draft, upload_key
from service.domain.errors import InvalidRequest
from service.http.api import outputs
from service.http.api.common import TAGS, api_bp, errors, owner
from service.http.api.inputs import BackForm, IdPath, ScanForm, ScanPath
from service.jobs.queue import PendingScan, scan_status, scan_upload
from service.reading.options import parse_languages, parse_region
from service.storage.db import db


def _upload(form: BackForm) -> tuple[bytes, str, list[str] | None, str | None]:
    """The photo's bytes and name, and the reader's languages and region (the form's, else the settings)."""
    data = form.image.read()
    if not data:
        raise InvalidRequest("the uploaded `image` is empty", {"image": "empty file"})
    config = current_app.config
    return (data, form.image.filename or "upload", parse_languages(form.lang or config.get("CARDNOTE_OCR_LANGUAGES")),
            parse_region(form.region or config.get("CARDNOTE_REGION")))


def _scan_body(result: ScanResult) -> dict[str, Any]:
    """`id`/`card` of the first card (old clients) plus `drafts`: one per card on the photo."""
    drafts = [draft_to_json(d.draft, d.existing_contact) for d in result.drafts]
    first = drafts[0] if drafts else {"id": None, "card": None}
    return {**first, "drafts": drafts, "created": result.created}


@api_bp.post("/scans", operation_id="createScan", tags=TAGS["drafts"], responses={
    201: outputs.ScannedDraft, 200: outputs.ScannedDraft, 202: outputs.PendingScan, **errors(400, 413, 422)})
def post_scan(form: ScanForm) -> tuple[Response, int]:
    """Scan a card photo into one draft per card found in it.

    201 with new drafts; 200 with the same drafts when this photo (or upload `key` / `Idempotency-Key`) was
    seen before; 422 when the file is not a readable image. With a work queue (CARDNOTE_BROKER_URL) a
    `cardnote worker` reads the card while the request waits up to CARDNOTE_SCAN_WAIT_SECONDS (default 20);
    past it, 202 with a `status_url` to poll.
    """
    data, filename, languages, region = _upload(form)
    key = upload_key(form.key or request.headers.get("Idempotency-Key"))
    result = scan_upload(db.session, owner(), data, filename, languages=languages, region=region,
                         config=current_app.config, key=key, note=form.note)
    if isinstance(result, PendingScan):
        return _pending_scan(result)
    return jsonify(_scan_body(result)), 201 if result.created else 200


@api_bp.get("/scans/<id>", operation_id="getScan", tags=TAGS["drafts"], responses={
    200: outputs.ScannedDraft, 202: outputs.PendingScan, **errors(404, 422)})
def get_scan(path: ScanPath) -> tuple[Response, int]:
    """A queued scan: still pending (202), its drafts (200), or the error it ended with (as POST would have).

    404 for another user's scan id, a draft deleted since, an expired status (24 hours), or without a queue.
    """
    result = scan_status(db.session, owner(), path.id, current_app.config)
    if isinstance(result, PendingScan):
        return _pending_scan(result)
    return jsonify(_scan_body(result)), 200


def _pending_scan(pending: PendingScan) -> tuple[Response, int]:
    status_url = url_for("api.get_scan", id=pending.id)
    response = jsonify(pending.to_json(status_url))
    response.headers["Location"] = status_url
    response.headers["Retry-After"] = "2"
    return response, 202


@api_bp.post("/drafts/<int:id>/back", operation_id="addDraftBack", tags=TAGS["drafts"], responses={
    200: outputs.Draft, **errors(400, 404, 409, 413, 422)})
def post_draft_back(path: IdPath, form: BackForm) -> Response:
    """Read the back of the draft's card and merge it into the draft (200 with the draft).

    A field the front already has is kept; a new one is added with `"side": "back"`; a conflict becomes a
    warning. 409 when the draft already has its back. Another user's draft is a 404 whatever was sent.
    """
    get_draft(db.session, owner(), path.id)
    data, filename, languages, region = _upload(form)
    draft = add_back(db.session, owner(), path.id, data, filename, languages=languages, region=region)
    return jsonify(draft_to_json(draft, existing_contact_for(db.session, owner(), draft)))
