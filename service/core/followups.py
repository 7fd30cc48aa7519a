"""Follow-ups: the next steps set on meetings — listing, marking done, and the iCalendar (VTODO) feed.

Every query is scoped to the owner (another user's follow-up is NotFound); functions flush, callers commit.
The calendar file is written with the `icalendar` library rather than by hand (folding, escaping, CRLF).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import icalendar
from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from service.core.events import event_to_json, today_utc
from service.domain.errors import InvalidRequest, NotFound, ValidationFailed
from service.domain.event_rules import followup_bucket
from service.domain.ids import as_id
from service.storage.models import Contact, Followup, Meeting, User

STATUSES = ("open", "done", "all")
CALENDAR_PRODID = "-//cardnote//follow-ups//EN"


def _query(owner: User):
    return (select(Followup).join(Meeting, Meeting.id == Followup.meeting_id)
            .join(Contact, Contact.id == Meeting.contact_id)
            .where(Followup.owner_id == owner.id, Contact.owner_id == owner.id)
            .options(joinedload(Followup.meeting).joinedload(Meeting.contact),
                     joinedload(Followup.meeting).joinedload(Meeting.event)))


def list_followups(session: Session, owner: User, status: str = "open", limit: int | None = None,
                   offset: int = 0) -> tuple[list[Followup], int]:
    """The owner's follow-ups with this status (open, done or all), by due date; and their total."""
    if status not in STATUSES:
        raise InvalidRequest(f"status must be one of {', '.join(STATUSES)}")
    query = _query(owner)
    if status == "open":
        query = query.where(Followup.done_at.is_(None))
    elif status == "done":
        query = query.where(Followup.done_at.is_not(None))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    query = query.order_by(Followup.due, Followup.id).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query).unique()), total


def get_followup(session: Session, owner: User, followup_id: Any) -> Followup:
    """One of the owner's follow-ups; NotFound for an unknown id or another user's."""
    followup = session.scalar(_query(owner).where(Followup.id == as_id(followup_id)))
    if followup is None:
        raise NotFound("no such follow-up")
    return followup


def set_done(session: Session, owner: User, followup_id: Any, done: Any) -> Followup:
    """Mark a follow-up done (or open again with done=false)."""
    followup = get_followup(session, owner, followup_id)  # first: another user's id is a plain 404
    if not isinstance(done, bool):
        raise ValidationFailed('send {"done": true} or {"done": false}', {"done": "true or false"})
    if done and followup.done_at is None:
        followup.done_at = dt.datetime.now(dt.UTC)
    elif not done:
        followup.done_at = None
    session.flush()
    return followup


def contact_label(contact: Contact) -> str:
    """The name a person reads for a contact (name, else company)."""
    return contact.name or contact.company or f"contact {contact.id}"


def followup_json(followup: Followup, today: dt.date | None = None) -> dict[str, Any]:
    """A follow-up with its contact, meeting and event, and where it stands (overdue, today, upcoming, done)."""
    meeting = followup.meeting
    done = followup.done_at is not None
    return {
        "id": followup.id, "action": followup.action, "due": followup.due.isoformat(), "done": done,
        "done_at": followup.done_at.isoformat() if followup.done_at else None,
        "state": "done" if done else followup_bucket(followup.due, today or today_utc()),
        "contact": {"id": meeting.contact.id, "name": contact_label(meeting.contact)},
        "meeting": {"id": meeting.id, "date": meeting.date.isoformat(), "note": meeting.note},
        "event": event_to_json(meeting.event),
    }


def followup_uid(followup: Followup) -> str:
    """A UID that stays the same for this follow-up across downloads, so calendars update instead of duplicating."""
    created = followup.created_at.strftime("%Y%m%dT%H%M%SZ") if followup.created_at else "0"
    return f"followup-{followup.id}-{created}@cardnote"


def _description(followup: Followup) -> str:
    meeting = followup.meeting
    where = f" at {meeting.event.name}" if meeting.event else ""
    text = (f"{followup.action}\n\nMet on {meeting.date.isoformat()}{where}: {meeting.note}\n"
            f"Intended collaboration ({meeting.collaboration_kind}): {meeting.collaboration_detail}")
    return "\n".join(text.splitlines())  # a CR typed in a note would reach calendars as a stray character


def calendar_ics(followups: list[Followup]) -> bytes:
    """An iCalendar file with one VTODO per follow-up (DUE date, SUMMARY with the contact, DESCRIPTION)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", CALENDAR_PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "cardnote follow-ups")
    for followup in followups:
        todo = icalendar.Todo()
        todo.add("uid", followup_uid(followup))
        # DTSTAMP: when this information last changed, so the same follow-up exports identically.
        todo.add("dtstamp", followup.updated_at or followup.created_at or dt.datetime.now(dt.UTC))
        todo.add("due", followup.due)
        todo.add("summary", f"Follow up with {contact_label(followup.meeting.contact)}: {followup.action}")
        todo.add("description", _description(followup))
        todo.add("status", "COMPLETED" if followup.done_at else "NEEDS-ACTION")
        calendar.add_component(todo)
    return calendar.to_ical()
