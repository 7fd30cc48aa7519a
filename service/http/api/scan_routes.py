"""API routes for scans (one draft per card in a photo, upload keys) and the back of a card, on the `api` blueprint.

Imported by service/http/api/__init__.py with the other routes, so they join api_bp before it is registered.
"""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, jsonify, request, url_for

from service.core.drafts import ScanResult, add_back, draft_to_json, existing_contact_for, get_draft, upload_key
from service.http.api.common import api_bp, owner, read_options, uploaded_image
from service.jobs.queue import PendingScan, scan_status, scan_upload
from service.storage.db import db


def _scan_body(result: ScanResult) -> dict[str, Any]:
    """`id`/`card` of the first card (old clients) plus `drafts`: one per card on the photo."""
    drafts = [draft_to_json(d.draft, d.existing_contact) for d in result.drafts]
    first = drafts[0] if drafts else {"id": None, "card": None}
    return {**first, "drafts": drafts, "created": result.created}


@api_bp.post("/scans")
def post_scan() -> tuple[Response, int]:
    """Scan an uploaded photo into one draft per card (201), or return the drafts of the same photo/key (200)."""
    data, filename = uploaded_image()
    languages, region = read_options()
    key = upload_key(request.form.get("key") or request.headers.get("Idempotency-Key"))
    # With CARDNOTE_BROKER_URL the scan runs on a worker; past CARDNOTE_SCAN_WAIT_SECONDS: 202 + status URL.
    result = scan_upload(db.session, owner(), data, filename, languages=languages, region=region,
                         config=current_app.config, key=key, note=request.form.get("note"))
    if isinstance(result, PendingScan):
        return _pending_scan(result)
    return jsonify(_scan_body(result)), 201 if result.created else 200


@api_bp.get("/scans/<scan_id>")
def get_scan(scan_id: str) -> tuple[Response, int]:
    """A scan answered 202: still pending (202), its drafts (200), or the error it ended with."""
    result = scan_status(db.session, owner(), scan_id, current_app.config)
    if isinstance(result, PendingScan):
        return _pending_scan(result)
    return jsonify(_scan_body(result)), 200


def _pending_scan(pending: PendingScan) -> tuple[Response, int]:
    status_url = url_for("api.get_scan", scan_id=pending.id)
    response = jsonify(pending.to_json(status_url))
    response.headers["Location"] = status_url
    response.headers["Retry-After"] = "2"
    return response, 202


@api_bp.post("/drafts/<int:draft_id>/back")
def post_draft_back(draft_id: int) -> Response:
    """Read the back of the draft's card and merge it into the draft (200 with the draft)."""
    get_draft(db.session, owner(), draft_id)  # another user's draft is a 404 whatever was sent
    data, filename = uploaded_image()
    languages, region = read_options()
    draft = add_back(db.session, owner(), draft_id, data, filename, languages=languages, region=region)
    return jsonify(draft_to_json(draft, existing_contact_for(db.session, owner(), draft)))
