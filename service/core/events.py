"""Events: create, edit, list and delete them, their scorecards and the quality nudge.

Every function takes the owner and scopes its queries to them (another user's event is NotFound).
They flush but do not commit; callers commit once per request. The rules themselves (objectives,
nudge threshold, what "best" means) live in service/domain/event_rules.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from service.domain.errors import InvalidRequest, NotFound, ValidationFailed
from service.domain.event_rules import EVENT_OBJECTIVES, RATING_RANGE, quality_nudges, scorecard_rank
from service.domain.ids import as_id
from service.storage.models import Contact, Event, Followup, Meeting, User

# Attribute -> longest text accepted; the name is required, every other attribute is optional.
TEXT_LIMITS = {"name": 200, "place": 200, "organizer": 200, "audience": 1000, "pitch": 1000}
EDITABLE = (*TEXT_LIMITS, "date", "objective", "rating", "attend_again")
READ_ONLY = frozenset({"id", "created_at", "scorecard"})


def today_utc() -> dt.date:
    """Today's date in UTC, the date the service uses for 'today' everywhere (meetings, follow-ups, events)."""
    return dt.datetime.now(dt.UTC).date()


def _check_value(key: str, value: Any) -> tuple[Any, str | None]:
    """(clean value, problem) for one event attribute."""
    if key in TEXT_LIMITS:
        if value is None:
            return None, None
        if not isinstance(value, str):
            return None, "must be text"
        text = value.strip()
        if len(text) > TEXT_LIMITS[key]:
            return None, f"at most {TEXT_LIMITS[key]} characters"
        return text or None, None
    if value is None or value == "":
        return None, None
    if key == "date":
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value, None
        try:
            if not isinstance(value, str) or len(value) != 10:
                raise ValueError
            return dt.date.fromisoformat(value), None
        except ValueError:
            return None, "a date as YYYY-MM-DD"
    if key == "objective":
        objective = value.strip().lower() if isinstance(value, str) else None
        if objective not in EVENT_OBJECTIVES:
            return None, f"unknown objective {value!r}; choose one of " + ", ".join(EVENT_OBJECTIVES)
        return objective, None
    if key == "rating":
        low, high = RATING_RANGE
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            return None, f"a whole number from {low} to {high}"
        return value, None
    if not isinstance(value, bool):  # attend_again
        return None, "true, false or null"
    return value, None


def _checked_attributes(body: Any, creating: bool) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise InvalidRequest("send the event as a JSON object with Content-Type: application/json")
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    for key, value in body.items():
        if key in READ_ONLY:
            continue
        if key not in EDITABLE:
            errors[key] = "unknown attribute; events have " + ", ".join(EDITABLE)
            continue
        clean[key], problem = _check_value(key, value)
        if problem:
            errors[key] = problem
    if (creating or "name" in clean) and not clean.get("name") and "name" not in errors:
        errors["name"] = "an event needs a name"
    if errors:
        raise ValidationFailed("The event was not saved: " + "; ".join(f"{k}: {v}" for k, v in errors.items())
                               + ".", errors)
    return clean


def get_event(session: Session, owner: User, event_id: Any) -> Event | None:
    """The owner's event with this id (None for no id); NotFound for anyone else's."""
    if event_id in (None, ""):
        return None
    event = session.scalar(select(Event).where(Event.id == as_id(event_id), Event.owner_id == owner.id))
    if event is None:
        raise NotFound("no such event")
    return event


def create_event(session: Session, owner: User, body: Any) -> Event:
    """Create one of the owner's events from a dict of attributes; ValidationFailed (422) names what is wrong."""
    event = Event(owner_id=owner.id, **_checked_attributes(body, creating=True))
    session.add(event)
    session.flush()
    return event


def owned_event(session: Session, owner: User, event_id: Any) -> Event:
    """The owner's event; NotFound for an unknown id or another user's event."""
    event = get_event(session, owner, as_id(event_id))
    if event is None:
        raise NotFound("no such event")
    return event


def update_event(session: Session, owner: User, event_id: Any, body: Any) -> Event:
    """Change some attributes of an event (rating and attend_again included); others are kept."""
    event = owned_event(session, owner, event_id)  # before validating: another user's id is a plain 404
    for key, value in _checked_attributes(body, creating=False).items():
        setattr(event, key, value)
    session.flush()
    return event


def delete_event(session: Session, owner: User, event_id: Any) -> None:
    """Delete an event; its meetings stay, no longer linked to it."""
    session.delete(owned_event(session, owner, event_id))
    session.flush()


def list_events(session: Session, owner: User, limit: int | None = None, offset: int = 0) -> tuple[list[Event], int]:
    """The owner's events, most recent date first (undated last); and their total."""
    where = Event.owner_id == owner.id
    total = session.scalar(select(func.count()).select_from(Event).where(where)) or 0
    query = (select(Event).where(where)
             .order_by(Event.date.is_(None), Event.date.desc(), Event.id.desc()).offset(offset))
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query)), total


def todays_event(session: Session, owner: User, today: dt.date | None = None) -> Event | None:
    """The event the owner is at today (the most recently created one dated today), if any."""
    return session.scalar(select(Event).where(Event.owner_id == owner.id, Event.date == (today or today_utc()))
                          .order_by(Event.id.desc()).limit(1))


def event_json(event: Event) -> dict[str, Any]:
    """An event with every attribute, as the API answers it."""
    return {"id": event.id, "name": event.name, "date": event.date.isoformat() if event.date else None,
            "place": event.place, "organizer": event.organizer, "audience": event.audience,
            "objective": event.objective, "pitch": event.pitch, "rating": event.rating,
            "attend_again": event.attend_again,
            "created_at": event.created_at.isoformat() if event.created_at else None}


def event_to_json(event: Event | None) -> dict[str, Any] | None:
    """An event as JSON."""
    if event is None:
        return None
    return {"id": event.id, "name": event.name, "date": event.date.isoformat() if event.date else None,
            "place": event.place}


def scorecards(session: Session, owner: User, events: list[Event],
               today: dt.date | None = None) -> dict[int, dict[str, Any]]:
    """Scorecard per event id: contacts and meetings there, follow-ups open/done/overdue, collaborations by kind."""
    today = today or today_utc()
    ids = [e.id for e in events]
    cards = {e.id: {"event_id": e.id, "contacts": 0, "meetings": 0,
                    "followups": {"open": 0, "done": 0, "overdue": 0}, "collaborations": {},
                    "rating": e.rating, "attend_again": e.attend_again} for e in events}
    if not ids:
        return cards
    mine = (Meeting.event_id.in_(ids), Contact.owner_id == owner.id)
    for event_id, contacts, meetings in session.execute(
            select(Meeting.event_id, func.count(func.distinct(Meeting.contact_id)), func.count(Meeting.id))
            .join(Contact, Contact.id == Meeting.contact_id).where(*mine).group_by(Meeting.event_id)):
        cards[event_id].update(contacts=contacts, meetings=meetings)
    for event_id, kind, count in session.execute(
            select(Meeting.event_id, Meeting.collaboration_kind, func.count(Meeting.id))
            .join(Contact, Contact.id == Meeting.contact_id).where(*mine)
            .group_by(Meeting.event_id, Meeting.collaboration_kind)):
        cards[event_id]["collaborations"][kind] = count
    is_open = Followup.done_at.is_(None)
    for event_id, open_, done, overdue in session.execute(
            select(Meeting.event_id, func.sum(case((is_open, 1), else_=0)),
                   func.sum(case((is_open, 0), else_=1)),
                   func.sum(case(((is_open & (Followup.due < today)), 1), else_=0)))
            .join(Meeting, Meeting.id == Followup.meeting_id).join(Contact, Contact.id == Meeting.contact_id)
            .where(*mine, Followup.owner_id == owner.id).group_by(Meeting.event_id)):
        cards[event_id]["followups"] = {"open": int(open_ or 0), "done": int(done or 0),
                                        "overdue": int(overdue or 0)}
    return cards


def scorecard(session: Session, owner: User, event_id: Any, today: dt.date | None = None) -> dict[str, Any]:
    """One event's scorecard (404 for another user's event)."""
    event = owned_event(session, owner, event_id)
    return scorecards(session, owner, [event], today)[event.id]


def events_best_first(session: Session, owner: User,
                      today: dt.date | None = None) -> list[tuple[Event, dict[str, Any]]]:
    """Every event of the owner with its scorecard, best first (event_rules.scorecard_rank)."""
    events, _total = list_events(session, owner)
    cards = scorecards(session, owner, events, today)
    return sorted(((e, cards[e.id]) for e in events), key=lambda pair: scorecard_rank(pair[1], pair[0].date))


def nudges_for(session: Session, meeting: Meeting) -> list[dict[str, str]]:
    """The quality nudge when this meeting brought one more person to an event past the threshold, else []."""
    if meeting.event_id is None:
        return []
    at_event = Meeting.event_id == meeting.event_id
    contacts = session.scalar(select(func.count(func.distinct(Meeting.contact_id))).where(at_event)) or 0
    met_before = session.scalar(select(func.count(Meeting.id)).where(
        at_event, Meeting.contact_id == meeting.contact_id, Meeting.id != meeting.id)) or 0
    return quality_nudges(contacts, new_at_event=met_before == 0)
