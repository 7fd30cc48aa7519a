"""The scan page: photograph cards or pick many files; every card on a photo becomes a draft (service.core.drafts),
and so does every person in a contacts file (.vcf, Google or Outlook CSV) picked with them.

The page's script (static/queue.js) keeps each photo on the phone until the server has answered, and sends
it with an upload key (form field `key`) and an optional note, so a photo queued offline goes up exactly once.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_login import login_required
from werkzeug.datastructures import FileStorage
from werkzeug.wrappers import Response

from ocr.errors import CardnoteError
from service.core.contact_files import is_contact_file
from service.core.drafts import ScanResult, existing_contact_for, get_draft, upload_key
from service.core.importer import IMAGE_SUFFIXES, PDF_SUFFIXES, ReadOptions, import_bytes
from service.domain.context import ContextSettings
from service.domain.errors import InvalidRequest
from service.domain.fields import display_name
from service.http.errors import wants_json
from service.http.web.blueprint import owner, web
from service.jobs.queue import PendingScan
from service.jobs.queue import scan_upload as scan_to_draft
from service.reading.options import parse_languages, parse_region
from service.storage.db import db


def _scan_one(upload: FileStorage, key: str | None = None, note: str | None = None) -> ScanResult | PendingScan:
    data = upload.read()
    if not data:
        raise InvalidRequest("The file is empty.")
    config = current_app.config
    # In-process, or on a `cardnote worker` when CARDNOTE_BROKER_URL is set (PendingScan past the wait).
    return scan_to_draft(db.session, owner(), data, upload.filename or "photo.jpg",
                         languages=parse_languages(config.get("CARDNOTE_OCR_LANGUAGES")),
                         region=parse_region(config.get("CARDNOTE_REGION")), config=config, key=key, note=note)


def _is_contacts(upload: FileStorage) -> bool:
    head = upload.stream.read(64)
    upload.stream.seek(0)
    return is_contact_file(head, upload.filename or "", IMAGE_SUFFIXES | PDF_SUFFIXES)


def _import_contacts(upload: FileStorage) -> list[dict[str, Any]]:
    """A .vcf or Google/Outlook CSV: every person a draft (the same import as POST /api/v1/imports)."""
    data = upload.read()
    if not data:
        raise InvalidRequest("The file is empty.")
    name = upload.filename or "contacts.vcf"
    config = current_app.config
    outcome = import_bytes(db.session, owner(), data, name, ReadOptions(region=parse_region(
        config.get("CARDNOTE_REGION"))), settings=ContextSettings.from_config(config))
    drafts = [get_draft(db.session, owner(), draft_id) for draft_id in outcome.draft_ids]
    batch = [d.id for d in drafts]
    items = []
    for index, draft in enumerate(drafts):
        fields = draft.card.get("fields") or {}
        known = existing_contact_for(db.session, owner(), draft)
        items.append({"id": draft.id, "filename": name, "created": index < outcome.drafts, "card": index + 1,
                      "cards": len(batch), "name": display_name(fields) or (fields.get("company") or {}).get("value"),
                      "review_url": review_url(draft.id, batch),
                      "existing_contact": {"id": known.id, "name": known.name} if known else None})
    return items


def review_url(draft_id: int, batch: list[int]) -> str:
    """The review page of a draft; with several cards from one photo it walks through them (`batch`)."""
    if len(batch) > 1:
        return url_for("web.review", draft_id=draft_id, batch=",".join(map(str, batch)))
    return url_for("web.review", draft_id=draft_id)


def _summaries(result: ScanResult, filename: str) -> list[dict[str, Any]]:
    batch = [d.draft.id for d in result.drafts]
    items = []
    for index, found in enumerate(result.drafts):
        fields = found.draft.card.get("fields") or {}
        known = found.existing_contact
        items.append({"id": found.draft.id, "filename": filename, "created": found.created, "card": index + 1,
                      "cards": len(batch), "name": display_name(fields) or (fields.get("company") or {}).get("value"),
                      "review_url": review_url(found.draft.id, batch),
                      "existing_contact": {"id": known.id, "name": known.name} if known else None})
    return items


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
    # The key and note belong to one queued photo: the phone's queue sends one photo per request.
    key = upload_key(request.form.get("key")) if len(uploads) == 1 else None
    note = request.form.get("note") if len(uploads) == 1 else None
    for upload in uploads:
        name = upload.filename or "photo"
        try:
            if _is_contacts(upload):
                done.extend(_import_contacts(upload))
                continue
            result = _scan_one(upload, key, note)
            if isinstance(result, PendingScan):
                pending.append(name)
            else:
                done.extend(_summaries(result, name))
        except CardnoteError as exc:
            db.session.rollback()
            failures.append((name, exc.message))
            status = exc.http_status if exc.http_status >= 400 else 422
    if wants_json():
        if len(uploads) == 1 and failures:
            return jsonify({"error": "scan_failed", "message": failures[0][1], "filename": failures[0][0]}), status
        return jsonify({"items": done, "failures": [{"filename": f, "message": m} for f, m in failures],
                        "pending": pending}), 200
    if not done and not pending and failures:
        return render_template("scan.html", failures=failures), status
    for filename, message in failures:
        flash(f"{filename}: {message}", "error")
    if pending:
        flash(f"{len(pending)} card{'s are' if len(pending) != 1 else ' is'} still being read; "
              f"{'they' if len(pending) != 1 else 'it'} will appear in the inbox in a moment.", "info")
        return redirect(url_for("web.inbox"))
    if len(uploads) == 1 and done and not failures:  # one photo: its (first) card's review, with "next card"
        return redirect(done[0]["review_url"])
    if not done:  # a retried upload whose drafts were saved or discarded since
        flash("This photo was already received.", "info")
        return redirect(url_for("web.inbox"))
    flash(f"Read {len(done)} card{'s' if len(done) != 1 else ''}. Add the context to each one below.", "info")
    return redirect(url_for("web.inbox"))
