"""The scan page: photograph one card or pick many files; each becomes a draft (service.core.drafts)."""

from __future__ import annotations

from typing import Any

from flask import current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_login import login_required
from werkzeug.datastructures import FileStorage
from werkzeug.wrappers import Response

from ocr.errors import CardnoteError
from service.core.drafts import DraftResult
from service.domain.errors import InvalidRequest
from service.domain.fields import display_name
from service.http.errors import wants_json
from service.http.web.blueprint import owner, web
from service.jobs.queue import PendingScan
from service.jobs.queue import scan_upload as scan_to_draft
from service.reading.options import parse_languages, parse_region
from service.storage.db import db


def _scan_one(upload: FileStorage) -> DraftResult | PendingScan:
    data = upload.read()
    if not data:
        raise InvalidRequest("The file is empty.")
    config = current_app.config
    # In-process, or on a `cardnote worker` when CARDNOTE_BROKER_URL is set (PendingScan past the wait).
    return scan_to_draft(db.session, owner(), data, upload.filename or "photo.jpg",
                         languages=parse_languages(config.get("CARDNOTE_OCR_LANGUAGES")),
                         region=parse_region(config.get("CARDNOTE_REGION")), config=config)


def _summary(result: DraftResult, filename: str) -> dict[str, Any]:
    fields = result.draft.card.get("fields") or {}
    known = result.existing_contact
    return {"id": result.draft.id, "filename": filename, "created": result.created,
            "name": display_name(fields) or (fields.get("company") or {}).get("value"),
            "review_url": url_for("web.review", draft_id=result.draft.id),
            "existing_contact": {"id": known.id, "name": known.name} if known else None}


@web.get("/scan")
@login_required
def scan() -> str:
    """The big camera button and the multi-file picker."""
    return render_template("scan.html", failures=[])


@web.post("/scan")
@login_required
def scan_upload() -> Response | tuple[Any, int]:
    """Scan the posted file(s); one card opens its review, several go to the inbox; JSON for the page's script."""
    uploads = [f for f in request.files.getlist("images") if f and f.filename]
    if not uploads:
        message = "Choose a photo of a card first."
        if wants_json():
            return jsonify({"error": "no_file", "message": message}), 400
        return render_template("scan.html", failures=[("", message)]), 400
    done: list[dict[str, Any]] = []
    failures: list[tuple[str, str]] = []
    pending: list[str] = []  # still on the work queue: they reach the inbox when a worker is done
    status = 422
    for upload in uploads:
        name = upload.filename or "photo"
        try:
            result = _scan_one(upload)
            if isinstance(result, PendingScan):
                pending.append(name)
            else:
                done.append(_summary(result, name))
        except CardnoteError as exc:
            db.session.rollback()
            failures.append((name, exc.message))
            status = exc.http_status if exc.http_status >= 400 else 422
    if wants_json():
        if len(uploads) == 1 and failures:
            return jsonify({"error": "scan_failed", "message": failures[0][1], "filename": failures[0][0]}), status
        return jsonify({"items": done, "failures": [{"filename": f, "message": m} for f, m in failures],
                        "pending": pending}), 200
    if not done and not pending:
        return render_template("scan.html", failures=failures), status
    for filename, message in failures:
        flash(f"{filename}: {message}", "error")
    if pending:
        flash(f"{len(pending)} card{'s are' if len(pending) != 1 else ' is'} still being read; "
              f"{'they' if len(pending) != 1 else 'it'} will appear in the inbox in a moment.", "info")
        return redirect(url_for("web.inbox"))
    if len(done) == 1 and not failures:
        return redirect(done[0]["review_url"])
    flash(f"Read {len(done)} card{'s' if len(done) != 1 else ''}. Add the context to each one below.", "info")
    return redirect(url_for("web.inbox"))
