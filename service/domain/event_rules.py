"""Relationship-first rules for events and follow-ups: pure functions, no database or web work.

- An event's objective is one of EVENT_OBJECTIVES (the database repeats it as a CHECK).
- Conversations, not cards: from the (QUALITY_CONTACTS_PER_EVENT + 1)th contact saved at one event on,
  saving still works but answers with the `quality_over_quantity` nudge.
- "Best" events first: see `scorecard_rank`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

EVENT_OBJECTIVES = ("visibility", "clients", "suppliers", "collaborators", "investors", "learning")
QUALITY_CONTACTS_PER_EVENT = 3
QUALITY_NUDGE_CODE = "quality_over_quantity"
QUALITY_NUDGE_MESSAGE = ("Saved. That is more than {limit} people at this event: two or three real conversations "
                         "are worth more than a pocket of cards. Consider following up well with the ones that "
                         "matter most.")
# Collaboration kinds that name a concrete intention; "other" says less about where the event led.
VAGUE_COLLABORATIONS = frozenset({"other"})
RATING_RANGE = (1, 5)


def quality_nudges(contacts_at_event: int, new_at_event: bool) -> list[dict[str, str]]:
    """The gentle reminder when this save brought a new person to an event already past the threshold."""
    if not new_at_event or contacts_at_event <= QUALITY_CONTACTS_PER_EVENT:
        return []
    return [{"code": QUALITY_NUDGE_CODE,
             "message": QUALITY_NUDGE_MESSAGE.format(limit=QUALITY_CONTACTS_PER_EVENT)}]


def collaborations_per_contact(collaborations: Mapping[str, int], contacts: int) -> float:
    """Meetings with a concrete collaboration kind (not "other") per contact met at the event."""
    if contacts <= 0:
        return 0.0
    concrete = sum(n for kind, n in collaborations.items() if kind not in VAGUE_COLLABORATIONS)
    return concrete / contacts


def scorecard_rank(card: Mapping[str, Any], event_date: dt.date | None) -> tuple:
    """Sort key, best first: rating (unrated last), then concrete collaborations per contact,
    then follow-ups done, then the more recent event."""
    rating = card.get("rating")
    return (
        -(rating if rating is not None else 0),
        -collaborations_per_contact(card.get("collaborations") or {}, card.get("contacts") or 0),
        -((card.get("followups") or {}).get("done") or 0),
        -(event_date.toordinal() if event_date else 0),
    )


def followup_bucket(due: dt.date, today: dt.date) -> str:
    """Where an open follow-up goes on the Follow-ups page: overdue, today or upcoming."""
    if due < today:
        return "overdue"
    return "today" if due == today else "upcoming"


MAX_WIN_WIN_LENGTH = 2000
MAX_ACTION_LENGTH = 500


def check_optional_text(value: Any, field: str, max_length: int = MAX_WIN_WIN_LENGTH) -> tuple[str | None, dict]:
    """An optional free text (their_strengths, my_offer…): stripped, blank is None; {field: problem} if wrong."""
    if value is None:
        return None, {}
    if not isinstance(value, str):
        return None, {field: "must be text"}
    text = value.strip()
    if len(text) > max_length:
        return None, {field: f"at most {max_length} characters"}
    return text or None, {}


def check_next_step(value: Any) -> tuple[tuple[str, dt.date] | None, dict[str, str]]:
    """A meeting's optional next step {"action", "due"} as (action, due date); {path: problem} when invalid."""
    if value is None:
        return None, {}
    if not isinstance(value, dict):
        return None, {"next_step": 'send {"action": "…", "due": "YYYY-MM-DD"} or null'}
    errors: dict[str, str] = {}
    action, due = value.get("action"), value.get("due")
    if not isinstance(action, str) or not action.strip():
        errors["next_step.action"] = "say what you will do next"
    elif len(action.strip()) > MAX_ACTION_LENGTH:
        errors["next_step.action"] = f"at most {MAX_ACTION_LENGTH} characters"
    parsed = None
    try:
        # fromisoformat on the exact string: "2026-13-01", "tomorrow" or a datetime are all refused.
        parsed = dt.date.fromisoformat(due) if isinstance(due, str) and len(due) == 10 else None
    except ValueError:
        parsed = None
    if parsed is None:
        errors["next_step.due"] = "a due date as YYYY-MM-DD"
    if errors:
        return None, errors
    return (action.strip(), parsed), {}
