"""The pure rules of service/domain/event_rules.py: nudge threshold, "best first", follow-up buckets, next steps."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from service.domain.event_rules import (
    QUALITY_CONTACTS_PER_EVENT,
    QUALITY_NUDGE_CODE,
    check_next_step,
    check_optional_text,
    collaborations_per_contact,
    followup_bucket,
    quality_nudges,
    scorecard_rank,
)


def test_nudge_only_past_the_threshold_and_only_for_someone_new():
    for contacts in range(QUALITY_CONTACTS_PER_EVENT + 1):
        assert quality_nudges(contacts, new_at_event=True) == []
    assert [n["code"] for n in quality_nudges(QUALITY_CONTACTS_PER_EVENT + 1, True)] == [QUALITY_NUDGE_CODE]
    assert quality_nudges(QUALITY_CONTACTS_PER_EVENT + 5, new_at_event=False) == []


def _card(rating=None, contacts=0, collaborations=None, done=0):
    return {"rating": rating, "contacts": contacts, "collaborations": collaborations or {},
            "followups": {"open": 0, "done": done, "overdue": 0}}


def test_best_first_rating_then_collaborations_per_contact_then_done_then_recent():
    day = dt.date(2026, 5, 1)
    cards = {
        "rated 5": (_card(5, 10, {"other": 10}), day),
        "rated 3, focused": (_card(3, 2, {"client": 2}), day),
        "rated 3, scattered": (_card(3, 10, {"client": 2, "other": 8}), day),
        "unrated, followed up": (_card(None, 2, {"client": 2}, done=2), day),
        "unrated, newer": (_card(None, 2, {"client": 2}), day + dt.timedelta(days=30)),
        "unrated, older": (_card(None, 2, {"client": 2}), day),
    }
    ranked = sorted(cards, key=lambda name: scorecard_rank(*cards[name]))
    assert ranked == ["rated 5", "rated 3, focused", "rated 3, scattered", "unrated, followed up",
                      "unrated, newer", "unrated, older"]


def test_collaborations_per_contact_ignores_vague_kinds_and_empty_events():
    assert collaborations_per_contact({"client": 3, "other": 1}, 2) == 1.5
    assert collaborations_per_contact({}, 0) == 0.0


def test_followup_buckets():
    today = dt.date(2026, 11, 26)
    assert followup_bucket(today - dt.timedelta(days=1), today) == "overdue"
    assert followup_bucket(today, today) == "today"
    assert followup_bucket(today + dt.timedelta(days=1), today) == "upcoming"


@given(st.dates(), st.text(min_size=1).filter(lambda s: s.strip() and len(s.strip()) <= 500))
def test_valid_next_steps_round_trip(due, action):
    parsed, errors = check_next_step({"action": action, "due": due.isoformat()})
    assert errors == {} and parsed == (action.strip(), due)


@given(st.one_of(st.text(), st.integers(), st.none(), st.datetimes().map(lambda d: d.isoformat())))
def test_anything_but_an_iso_date_is_refused(due):
    try:
        valid = isinstance(due, str) and len(due) == 10 and dt.date.fromisoformat(due) is not None
    except ValueError:
        valid = False
    parsed, errors = check_next_step({"action": "Call them", "due": due})
    assert ("next_step.due" in errors) == (not valid)
    assert (parsed is None) == (not valid)


@given(st.one_of(st.none(), st.text(max_size=0), st.text(alphabet=" \t\n", max_size=5)))
def test_blank_action_is_refused(action):
    _parsed, errors = check_next_step({"action": action, "due": "2026-12-01"})
    assert "next_step.action" in errors


def test_optional_texts():
    assert check_optional_text("  Negotiation  ", "their_strengths") == ("Negotiation", {})
    assert check_optional_text("   ", "my_offer") == (None, {})
    assert check_optional_text(None, "my_offer") == (None, {})
    assert "my_offer" in check_optional_text(["a"], "my_offer")[1]
