"""The "Needs context" inbox and the review page of a draft: edit fields, add context, save or add a meeting."""

from __future__ import annotations

import contextlib
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from service.core.contacts import add_meeting, create_contact
from service.core.drafts import delete_draft, existing_contact_for, get_draft, list_drafts
from service.domain.context import COLLABORATION_KINDS
from service.domain.errors import ValidationFailed
from service.domain.fields import normalise_fields
from service.http.web.blueprint import context_settings, jpeg_response, owner, web
from service.http.web.event_views import flash_nudges, meeting_extras_from_form
from service.http.web.formdata import context_from_form, fields_from_form
from service.storage.db import db
from service.storage.models import Draft

INBOX_PAGE_SIZE = 50


def render_review(draft: Draft, *, submitted: dict[str, Any] | None = None, errors: dict[str, str] | None = None,
                  message: str | None = None) -> str:
    """The review page; after a refused save it shows what the person typed, not the card as first read."""
    card = draft.card or {}
    fields = card.get("fields") or {}
    if submitted is not None:
        # The same provenance rules as saving: unchanged values keep their confidence, edits are the user's.
        with contextlib.suppress(ValidationFailed):
            fields = normalise_fields(submitted, fields, region=(card.get("enrichment") or {}).get("country"))
    return render_template("review.html", draft=draft, card=card, fields=fields,
                           existing=existing_contact_for(db.session, owner(), draft),
                           errors=errors or {}, message=message, values=request.form,
                           kinds=COLLABORATION_KINDS, settings=context_settings())


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
    db.session.commit()
    flash(f"Saved {contact.name or contact.company or 'the contact'}.", "success")
    flash_nudges(contact.meetings[-1])
    return redirect(url_for("web.contact", contact_id=contact.id))


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
    delete_draft(db.session, owner(), draft.id)
    db.session.commit()
    flash(f"Added a meeting to {meeting.contact.name or 'the contact'}.", "success")
    flash_nudges(meeting)
    return redirect(url_for("web.contact", contact_id=meeting.contact.id))


@web.post("/drafts/<int:draft_id>/delete")
@login_required
def discard_draft(draft_id: int) -> Response:
    """Discard a scan."""
    delete_draft(db.session, owner(), draft_id)
    db.session.commit()
    flash("Scan discarded.", "info")
    return redirect(url_for("web.inbox"))


@web.get("/drafts/<int:draft_id>/image")
@login_required
def draft_image(draft_id: int) -> Response:
    """The flattened card image of the owner's draft."""
    return jpeg_response(get_draft(db.session, owner(), draft_id).image_jpeg)
