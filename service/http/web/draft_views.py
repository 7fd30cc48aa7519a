"""The "Needs context" inbox and the review page of a draft: context first, then the fields; save or add a meeting.

Several cards from one photo are reviewed one after the other: their ids travel as `batch` (query string and a
hidden input), and saving or discarding one opens the next one still waiting.
"""

from __future__ import annotations

import contextlib
from typing import Any

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from service.core.contacts import add_meeting, create_contact
from service.core.drafts import add_back, delete_draft, drafts_by_ids, existing_contact_for, get_draft, list_drafts
from service.domain.context import COLLABORATION_KINDS
from service.domain.errors import InvalidRequest, ValidationFailed
from service.domain.fields import normalise_fields
from service.http.web.blueprint import context_settings, jpeg_response, owner, web
from service.http.web.event_views import flash_nudges, meeting_extras_from_form
from service.http.web.formdata import context_from_form, fields_from_form
from service.http.web.scan_views import review_url
from service.reading.options import parse_languages, parse_region
from service.storage.db import db
from service.storage.models import Draft

INBOX_PAGE_SIZE = 50
MAX_BATCH = 50  # cards of one photo walked through on the review page


def _batch(draft: Draft) -> tuple[list[int], list[int]]:
    """The cards photographed together with `draft`, in photo order (ids as sent), and those still waiting."""
    raw = request.values.get("batch") or ""
    ids = list(dict.fromkeys(int(p) for p in raw.split(",")[:MAX_BATCH] if p.isdigit() and len(p) < 10))
    if draft.id not in ids:
        return [draft.id], [draft.id]
    return ids, [d.id for d in drafts_by_ids(db.session, owner(), ids)]


def _after(draft_id: int, batch: tuple[list[int], list[int]], default: str) -> str:
    """The next card of the photo still waiting after `draft_id` (or the first one before it), else `default`."""
    ids, waiting = batch[0], [i for i in batch[1] if i != draft_id]
    if not waiting:
        return default
    later = [i for i in ids[ids.index(draft_id) + 1:] if i in waiting]
    return review_url((later or waiting)[0], ids)


def render_review(draft: Draft, *, submitted: dict[str, Any] | None = None, errors: dict[str, str] | None = None,
                  message: str | None = None) -> str:
    """The review page; after a refused save it shows what the person typed, not the card as first read."""
    card = draft.card or {}
    fields = card.get("fields") or {}
    if submitted is not None:
        # The same provenance rules as saving: unchanged values keep their confidence, edits are the user's.
        with contextlib.suppress(ValidationFailed):
            fields = normalise_fields(submitted, fields, region=(card.get("enrichment") or {}).get("country"))
    batch = _batch(draft)
    values = request.form if request.method == "POST" else {"note": draft.note} if draft.note else {}
    return render_template("review.html", draft=draft, card=card, fields=fields,
                           existing=existing_contact_for(db.session, owner(), draft),
                           errors=errors or {}, message=message, values=values,
                           kinds=COLLABORATION_KINDS, settings=context_settings(), batch=batch[0],
                           position=batch[0].index(draft.id) + 1, next_url=_after(draft.id, batch, ""))


@web.get("/inbox")
@login_required
def inbox() -> str:
    """Scans not saved yet, newest first."""
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    drafts = list_drafts(db.session, owner(), INBOX_PAGE_SIZE + 1, (page - 1) * INBOX_PAGE_SIZE)
    return render_template("inbox.html", drafts=drafts[:INBOX_PAGE_SIZE], page=page,
                           has_more=len(drafts) > INBOX_PAGE_SIZE)


@web.get("/drafts/<int:draft_id>")
@login_required
def review(draft_id: int) -> str:
    """The flattened card beside its editable fields, then the conversation note and collaboration."""
    return render_review(get_draft(db.session, owner(), draft_id))


@web.post("/drafts/<int:draft_id>")
@login_required
def save_draft(draft_id: int) -> Response | tuple[str, int]:
    """Save the draft as a contact with its first meeting; refused (nothing stored) without real context."""
    draft = get_draft(db.session, owner(), draft_id)
    fields = fields_from_form(request.form)
    note, collaboration, date = context_from_form(request.form)
    try:
        contact = create_contact(db.session, owner(), fields=fields, note=note, collaboration=collaboration,
                                 draft_id=draft.id, date=date, settings=context_settings(),
                                 **meeting_extras_from_form(request.form))
    except ValidationFailed as exc:
        db.session.rollback()
        return render_review(draft, submitted=fields, errors=exc.fields, message=exc.message), 422
    batch = _batch(draft)
    db.session.commit()
    flash(f"Saved {contact.name or contact.company or 'the contact'}.", "success")
    flash_nudges(contact.meetings[-1])
    return redirect(_after(draft_id, batch, url_for("web.contact", contact_id=contact.id)))


@web.post("/drafts/<int:draft_id>/meeting")
@login_required
def draft_to_meeting(draft_id: int) -> Response | tuple[str, int]:
    """Someone already known: add this conversation as a meeting of that contact and discard the draft."""
    draft = get_draft(db.session, owner(), draft_id)
    note, collaboration, date = context_from_form(request.form)
    try:
        meeting = add_meeting(db.session, owner(), request.form.get("contact_id"), note=note,
                              collaboration=collaboration, date=date, settings=context_settings(),
                              **meeting_extras_from_form(request.form))
    except ValidationFailed as exc:
        db.session.rollback()
        return render_review(draft, submitted=fields_from_form(request.form), errors=exc.fields,
                             message=exc.message), 422
    batch = _batch(draft)
    delete_draft(db.session, owner(), draft.id)
    db.session.commit()
    flash(f"Added a meeting to {meeting.contact.name or 'the contact'}.", "success")
    flash_nudges(meeting)
    return redirect(_after(draft_id, batch, url_for("web.contact", contact_id=meeting.contact.id)))


@web.post("/drafts/<int:draft_id>/delete")
@login_required
def discard_draft(draft_id: int) -> Response:
    """Discard a scan (and open the next card of its photo, if any)."""
    batch = _batch(get_draft(db.session, owner(), draft_id))
    delete_draft(db.session, owner(), draft_id)
    db.session.commit()
    flash("Scan discarded.", "info")
    return redirect(_after(draft_id, batch, url_for("web.inbox")))


@web.post("/drafts/<int:draft_id>/back")
@login_required
def add_draft_back(draft_id: int) -> Response | tuple[str, int]:
    """Photograph the back of the card: read it and merge it into this draft (the front's values win)."""
    draft = get_draft(db.session, owner(), draft_id)
    upload = request.files.get("image")
    data = upload.read() if upload else b""
    if not data:
        raise InvalidRequest("Choose a photo of the back of the card first.")
    config = current_app.config
    before = len((draft.card or {}).get("warnings") or [])
    draft = add_back(db.session, owner(), draft.id, data, upload.filename or "back.jpg",
                     languages=parse_languages(config.get("CARDNOTE_OCR_LANGUAGES")),
                     region=parse_region(config.get("CARDNOTE_REGION")))
    added = len(draft.card.get("warnings") or []) - before
    flash("Added the back of the card." + (f" Check {added} new warning{'s' if added != 1 else ''} below."
                                           if added else ""), "success")
    return redirect(review_url(draft.id, _batch(draft)[0]))


@web.get("/drafts/<int:draft_id>/image")
@login_required
def draft_image(draft_id: int) -> Response:
    """The flattened card image of the owner's draft (`?side=back`: its back)."""
    draft = get_draft(db.session, owner(), draft_id)
    return jpeg_response(draft.back_jpeg if request.args.get("side") == "back" else draft.image_jpeg)
