"""Contacts: list with search, the contact page with its meetings, edit, delete (confirmed), add a meeting."""

from __future__ import annotations

import contextlib

from flask import flash, redirect, render_template, request, url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from service.core.contacts import (
    add_meeting,
    create_contact,
    delete_contact,
    get_contact,
    list_contacts,
    update_contact,
)
from service.domain.context import COLLABORATION_KINDS
from service.domain.errors import ValidationFailed
from service.domain.fields import normalise_fields
from service.http.web.blueprint import context_settings, jpeg_response, owner, web
from service.http.web.event_views import flash_nudges, meeting_extras_from_form
from service.http.web.formdata import context_from_form, fields_from_form
from service.storage.db import db
from service.storage.models import Contact

CONTACTS_PAGE_SIZE = 50


@web.get("/contacts")
@login_required
def contacts() -> str:
    """The owner's contacts, searchable by name, company or email."""
    query = (request.args.get("q") or "").strip()
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    rows, total = list_contacts(db.session, owner(), query, CONTACTS_PAGE_SIZE, (page - 1) * CONTACTS_PAGE_SIZE)
    return render_template("contacts.html", contacts=rows, total=total, query=query, page=page,
                           has_more=page * CONTACTS_PAGE_SIZE < total)


@web.route("/contacts/new", methods=["GET", "POST"])
@login_required
def new_contact() -> Response | tuple[str, int] | str:
    """A contact typed by hand (no card), created together with its first meeting."""
    errors: dict[str, str] = {}
    message = None
    fields: dict = {}
    if request.method == "POST":
        submitted = fields_from_form(request.form)
        note, collaboration, date = context_from_form(request.form)
        try:
            created = create_contact(db.session, owner(), fields=submitted, note=note, collaboration=collaboration,
                                     date=date, settings=context_settings(), **meeting_extras_from_form(request.form))
        except ValidationFailed as exc:
            db.session.rollback()
            errors, message = exc.fields, exc.message
            with contextlib.suppress(ValidationFailed):
                fields = normalise_fields(submitted)
        else:
            db.session.commit()
            flash(f"Saved {created.name or created.company or 'the contact'}.", "success")
            flash_nudges(created.meetings[-1])
            return redirect(url_for("web.contact", contact_id=created.id))
    page = render_template("contact_new.html", fields=fields, errors=errors, message=message, values=request.form,
                           kinds=COLLABORATION_KINDS, settings=context_settings())
    return (page, 422) if errors else page


def _render_contact(contact: Contact, errors: dict[str, str] | None = None, message: str | None = None) -> str:
    return render_template("contact.html", contact=contact, errors=errors or {}, message=message,
                           values=request.form, kinds=COLLABORATION_KINDS, settings=context_settings())


@web.get("/contacts/<int:contact_id>")
@login_required
def contact(contact_id: int) -> str:
    """A contact's fields and meetings timeline, with the add-a-meeting form."""
    return _render_contact(get_contact(db.session, owner(), contact_id))


@web.post("/contacts/<int:contact_id>/meetings")
@login_required
def contact_meeting(contact_id: int) -> Response | tuple[str, int]:
    """Record another conversation; refused (nothing stored) without a real note and collaboration."""
    note, collaboration, date = context_from_form(request.form)
    try:
        meeting = add_meeting(db.session, owner(), contact_id, note=note, collaboration=collaboration, date=date,
                              settings=context_settings(), **meeting_extras_from_form(request.form))
    except ValidationFailed as exc:
        db.session.rollback()
        return _render_contact(get_contact(db.session, owner(), contact_id), exc.fields, exc.message), 422
    db.session.commit()
    flash("Meeting added.", "success")
    flash_nudges(meeting)
    return redirect(url_for("web.contact", contact_id=contact_id))


@web.route("/contacts/<int:contact_id>/edit", methods=["GET", "POST"])
@login_required
def edit_contact(contact_id: int) -> Response | tuple[str, int] | str:
    """Edit the fields; changed values become the user's (source `user`)."""
    found = get_contact(db.session, owner(), contact_id)
    if request.method == "GET":
        return render_template("contact_edit.html", contact=found, fields=found.fields, errors={}, message=None)
    submitted = fields_from_form(request.form)
    try:
        update_contact(db.session, owner(), contact_id, submitted)
    except ValidationFailed as exc:
        db.session.rollback()
        found = get_contact(db.session, owner(), contact_id)
        try:
            shown = normalise_fields(submitted, found.fields)
        except ValidationFailed:
            shown = found.fields
        return render_template("contact_edit.html", contact=found, fields=shown, errors=exc.fields,
                               message=exc.message), 422
    db.session.commit()
    flash("Changes saved.", "success")
    return redirect(url_for("web.contact", contact_id=contact_id))


@web.route("/contacts/<int:contact_id>/delete", methods=["GET", "POST"])
@login_required
def remove_contact(contact_id: int) -> Response | str:
    """Ask first (GET), then delete the contact and its meetings (POST)."""
    found = get_contact(db.session, owner(), contact_id)
    if request.method == "GET":
        return render_template("contact_delete.html", contact=found)
    name, meetings = found.name or found.company or "The contact", len(found.meetings)
    delete_contact(db.session, owner(), contact_id)
    db.session.commit()
    flash(f"{name} was deleted with {meetings} meeting{'s' if meetings != 1 else ''}.", "info")
    return redirect(url_for("web.contacts"))


@web.get("/contacts/<int:contact_id>/image")
@login_required
def contact_image(contact_id: int) -> Response:
    """The card image the owner's contact was saved from (`?side=back`: its back)."""
    contact = get_contact(db.session, owner(), contact_id)
    return jpeg_response(contact.back_jpeg if request.args.get("side") == "back" else contact.image_jpeg)
