"""Contacts and meetings: every write goes through here, checked by domain.validate_context.

All functions take the owner and scope every query to them: someone else's id is NotFound.
They flush but do not commit; callers (views, CLI, import) commit once per request or task.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from service.core.events import event_to_json, get_event
from service.domain.context import ContextSettings, context_message, validate_context
from service.domain.dates import parse_iso_date
from service.domain.errors import ContextRequired, NotFound, ValidationFailed
from service.domain.event_rules import check_next_step, check_optional_text
from service.domain.fields import display_name, has_identity, lookup_emails, lookup_phones, normalise_fields
from service.domain.ids import as_id
from service.storage.models import Contact, ContactEmail, ContactPhone, Draft, Followup, Meeting, User

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


def checked_context(note: Any, collaboration: Any, settings: ContextSettings) -> tuple[str, str, str]:
    """The note, kind and detail, trimmed, when they pass the context rule; else ContextRequired (422)."""
    if collaboration is not None and not isinstance(collaboration, dict):
        collaboration = {"kind": collaboration} if isinstance(collaboration, str) else {}
    collaboration = collaboration or {}
    kind, detail = collaboration.get("kind"), collaboration.get("detail")
    errors = validate_context(note, kind, detail, settings)
    if errors:
        raise ContextRequired(context_message(errors), errors)
    return note.strip(), kind.strip().lower(), detail.strip()


def _parse_date(value: Any) -> dt.date:
    if value in (None, ""):
        return dt.datetime.now(dt.UTC).date()
    date = parse_iso_date(value)
    if date is None:
        raise ValidationFailed(f"date {value!r} is not an ISO date (YYYY-MM-DD)", {"date": "expected YYYY-MM-DD"})
    return date


def get_contact(session: Session, owner: User, contact_id: Any) -> Contact:
    """The owner's contact with its meetings; NotFound for an unknown id or another user's contact."""
    contact = session.scalar(
        select(Contact).where(Contact.id == as_id(contact_id), Contact.owner_id == owner.id)
        .options(selectinload(Contact.meetings).selectinload(Meeting.event),
                 selectinload(Contact.meetings).selectinload(Meeting.followup)))
    if contact is None:
        raise NotFound("no such contact")
    return contact


def _index(session: Session, contact: Contact) -> None:
    """Refresh the search columns and the email/phone lookup rows from the contact's fields."""
    fields = contact.fields
    contact.name = display_name(fields)
    contact.company = (fields.get("company") or {}).get("value")
    emails = lookup_emails(fields)
    contact.email = emails[0] if emails else None
    contact.emails = [ContactEmail(owner_id=contact.owner_id, email=e) for e in emails]
    contact.phones = [ContactPhone(owner_id=contact.owner_id, phone=p) for p in lookup_phones(fields)]


def _checked_extras(extras: dict[str, Any]) -> tuple[str | None, str | None, tuple[str, dt.date] | None]:
    """The optional win-win texts and next step of a meeting; ValidationFailed (422) naming what is wrong."""
    strengths, errors = check_optional_text(extras.get("their_strengths"), "their_strengths")
    offer, offer_errors = check_optional_text(extras.get("my_offer"), "my_offer")
    next_step, step_errors = check_next_step(extras.get("next_step"))
    errors = {**errors, **offer_errors, **step_errors}
    if errors:
        raise ValidationFailed("Not saved: " + "; ".join(f"{k}: {v}" for k, v in errors.items()) + ".", errors)
    return strengths, offer, next_step


def _add_meeting_row(session: Session, contact: Contact, owner: User, note: Any, collaboration: Any,
                     event_id: Any, date: Any, settings: ContextSettings,
                     extras: dict[str, Any] | None = None) -> Meeting:
    note, kind, detail = checked_context(note, collaboration, settings)
    strengths, offer, next_step = _checked_extras(extras or {})
    event = get_event(session, owner, event_id)
    meeting = Meeting(note=note, collaboration_kind=kind, collaboration_detail=detail, event=event,
                      date=_parse_date(date if date else (event.date if event and event.date else None)),
                      their_strengths=strengths, my_offer=offer)
    if next_step is not None:
        meeting.followup = Followup(owner_id=owner.id, action=next_step[0], due=next_step[1])
    contact.meetings.append(meeting)
    return meeting


def _owned_draft(session: Session, owner: User, draft_id: Any) -> Draft | None:
    if draft_id in (None, ""):
        return None
    draft = session.scalar(select(Draft).where(Draft.id == as_id(draft_id), Draft.owner_id == owner.id))
    if draft is None:
        raise NotFound("no such draft")
    return draft


def create_contact(session: Session, owner: User, *, fields: Any, note: Any, collaboration: Any,
                   event_id: Any = None, draft_id: Any = None, date: Any = None,
                   settings: ContextSettings | None = None, their_strengths: Any = None, my_offer: Any = None,
                   next_step: Any = None) -> Contact:
    """Create a contact with its first meeting (and consume the draft) — all or nothing.

    The first meeting may carry the win-win texts (`their_strengths`, `my_offer`) and a `next_step`
    {"action", "due"} that becomes a follow-up."""
    settings = settings or ContextSettings()
    checked_context(note, collaboration, settings)  # the rule first: nothing else matters without it
    draft = _owned_draft(session, owner, draft_id)
    card_fields = (draft.card.get("fields") if draft else None) or {}
    region = ((draft.card.get("enrichment") or {}).get("country")) if draft else None
    if fields is None:  # nothing edited: the draft's fields as read (or none, which fails the identity check)
        fields = card_fields
    stored = normalise_fields(fields, card_fields, region=region)
    if not has_identity(stored):
        raise ValidationFailed("a contact needs at least a name, company, email or phone",
                               {"fields": "add a name, company, email or phone"})
    contact = Contact(owner_id=owner.id, fields=stored, image_jpeg=draft.image_jpeg if draft else None,
                      back_jpeg=draft.back_jpeg if draft else None,
                      source_sha256=draft.source_sha256 if draft else None)
    _index(session, contact)
    _add_meeting_row(session, contact, owner, note, collaboration, event_id, date, settings,
                     {"their_strengths": their_strengths, "my_offer": my_offer, "next_step": next_step})
    session.add(contact)
    if draft is not None:
        session.delete(draft)
    session.flush()
    return contact


def add_meeting(session: Session, owner: User, contact_id: Any, *, note: Any, collaboration: Any,
                event_id: Any = None, date: Any = None, settings: ContextSettings | None = None,
                draft_id: Any = None, their_strengths: Any = None, my_offer: Any = None,
                next_step: Any = None) -> Meeting:
    """Record another conversation with one of the owner's contacts; a `draft_id` (a new scan of this person)
    is consumed in the same transaction, its card image kept when the contact has none."""
    contact = get_contact(session, owner, contact_id)
    draft = _owned_draft(session, owner, draft_id)
    meeting = _add_meeting_row(session, contact, owner, note, collaboration, event_id, date,
                               settings or ContextSettings(),
                               {"their_strengths": their_strengths, "my_offer": my_offer, "next_step": next_step})
    contact.updated_at = dt.datetime.now(dt.UTC)
    if draft is not None:
        if not contact.has_image and draft.image_jpeg is not None:
            contact.image_jpeg = draft.image_jpeg
            contact.back_jpeg = draft.back_jpeg
            contact.source_sha256 = contact.source_sha256 or draft.source_sha256
        session.delete(draft)
    session.flush()
    return meeting


def update_contact(session: Session, owner: User, contact_id: Any, fields: Any) -> Contact:
    """Apply a partial `fields` edit; changed values get source `user`, unchanged ones keep theirs."""
    contact = get_contact(session, owner, contact_id)
    region = next((p.get("region") for p in contact.fields.get("phones") or [] if p.get("region")), None)
    updated = normalise_fields(fields, contact.fields, partial=True, region=region)
    if not has_identity(updated):
        raise ValidationFailed("a contact needs at least a name, company, email or phone",
                               {"fields": "add a name, company, email or phone"})
    contact.fields = updated
    _index(session, contact)
    contact.updated_at = dt.datetime.now(dt.UTC)
    session.flush()
    return contact


def delete_contact(session: Session, owner: User, contact_id: Any) -> None:
    """Delete one of the owner's contacts with its meetings."""
    session.delete(get_contact(session, owner, contact_id))
    session.flush()


def list_contacts(session: Session, owner: User, query: str | None = None, limit: int = DEFAULT_PAGE_SIZE,
                  offset: int = 0) -> tuple[list[Contact], int]:
    """The owner's contacts matching `query` (name, company or email, case-insensitive), newest first; and the total."""
    where = [Contact.owner_id == owner.id]
    if query and query.strip():
        pattern = "%" + query.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where.append(or_(*(func.lower(col).like(pattern, escape="\\")
                           for col in (Contact.name, Contact.company, Contact.email))))
    total = session.scalar(select(func.count()).select_from(Contact).where(*where)) or 0
    rows = session.scalars(select(Contact).where(*where).order_by(Contact.updated_at.desc(), Contact.id.desc())
                           .limit(limit).offset(offset)
                           .options(selectinload(Contact.meetings).selectinload(Meeting.event),
                                    selectinload(Contact.meetings).selectinload(Meeting.followup)))
    return list(rows), total


def find_existing(session: Session, owner: User, emails: list[str], phones: list[str]) -> Contact | None:
    """The owner's contact sharing an email or phone with a new card (to offer a meeting, not a duplicate)."""
    conditions = []
    if emails:
        conditions.append(Contact.id.in_(select(ContactEmail.contact_id).where(
            ContactEmail.owner_id == owner.id, ContactEmail.email.in_(emails))))
    if phones:
        conditions.append(Contact.id.in_(select(ContactPhone.contact_id).where(
            ContactPhone.owner_id == owner.id, ContactPhone.phone.in_(phones))))
    if not conditions:
        return None
    return session.scalar(select(Contact).where(Contact.owner_id == owner.id, or_(*conditions))
                          .order_by(Contact.id).limit(1))


def followup_state(followup: Followup | None) -> dict[str, Any] | None:
    """A meeting's next step as JSON: {"id", "action", "due", "done", "done_at"} (None without one)."""
    if followup is None:
        return None
    return {"id": followup.id, "action": followup.action, "due": followup.due.isoformat(),
            "done": followup.done_at is not None,
            "done_at": followup.done_at.isoformat() if followup.done_at else None}


def meeting_to_json(meeting: Meeting) -> dict[str, Any]:
    """A meeting as JSON: date, note, collaboration, event, win-win texts and next step."""
    return {
        "id": meeting.id,
        "date": meeting.date.isoformat(),
        "note": meeting.note,
        "collaboration": {"kind": meeting.collaboration_kind, "detail": meeting.collaboration_detail},
        "event": event_to_json(meeting.event),
        "their_strengths": meeting.their_strengths,
        "my_offer": meeting.my_offer,
        "next_step": followup_state(meeting.followup),
        "created_at": meeting.created_at.isoformat() if meeting.created_at else None,
    }


def contact_to_json(contact: Contact) -> dict[str, Any]:
    """A contact as JSON: its fields (contract-1 shape) and its meetings, oldest first."""
    return {
        "id": contact.id,
        "name": contact.name,
        "company": contact.company,
        "email": contact.email,
        "fields": contact.fields,
        "meetings": [meeting_to_json(m) for m in contact.meetings],
        "has_image": bool(contact.has_image),
        "has_back": bool(contact.has_back),
        "created_at": contact.created_at.isoformat() if contact.created_at else None,
        "updated_at": contact.updated_at.isoformat() if contact.updated_at else None,
    }
