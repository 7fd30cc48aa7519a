"""Events pages: the list with scorecards (best first), create and edit; plus what the meeting forms share —
the event choice (today's event preselected), win-win texts, next step, and the quality nudge as a flash."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from service.core.events import (
    create_event,
    delete_event,
    events_best_first,
    list_events,
    nudges_for,
    owned_event,
    today_utc,
    todays_event,
    update_event,
)
from service.domain.errors import ValidationFailed
from service.domain.event_rules import EVENT_OBJECTIVES, QUALITY_CONTACTS_PER_EVENT, RATING_RANGE
from service.http.web.blueprint import owner, web
from service.storage.db import db
from service.storage.models import Event, Meeting

# How many events the meeting forms offer (most recent first); older ones are picked via the API or edit.
EVENT_CHOICES = 30
TEXT_INPUTS = ("name", "place", "organizer", "audience", "pitch")
ATTEND_AGAIN = {"yes": True, "no": False, "": None}


@web.app_template_global("event_choices")
def event_choices() -> list[Event]:
    """The logged-in user's recent events for a meeting form's event menu."""
    if not current_user.is_authenticated:
        return []
    return list_events(db.session, owner(), EVENT_CHOICES)[0]


@web.app_template_global("todays_event_id")
def todays_event_id() -> int | None:
    """The id of the event dated today, which the save form proposes."""
    if not current_user.is_authenticated:
        return None
    event = todays_event(db.session, owner())
    return event.id if event else None


def meeting_extras_from_form(form: MultiDict) -> dict[str, Any]:
    """The posted event, win-win texts and next step, as create_contact/add_meeting keyword arguments."""
    action, due = (form.get("next_action") or "").strip(), (form.get("next_due") or "").strip()
    return {
        "event_id": (form.get("event_id") or "").strip() or None,
        "their_strengths": form.get("their_strengths") or None,
        "my_offer": form.get("my_offer") or None,
        # Both blank: no next step. Half filled: the domain check says which half is missing.
        "next_step": {"action": action, "due": due} if action or due else None,
    }


def flash_nudges(meeting: Meeting) -> None:
    """Show the quality nudge (the same words the API answers) after a save at a busy event."""
    for nudge in nudges_for(db.session, meeting):
        flash(nudge["message"], "nudge")


def _event_body(form: MultiDict, with_outcome: bool) -> dict[str, Any]:
    body: dict[str, Any] = {key: form.get(key, "") for key in TEXT_INPUTS}
    body["date"] = (form.get("date") or "").strip() or None
    body["objective"] = (form.get("objective") or "").strip() or None
    if with_outcome:
        rating = (form.get("rating") or "").strip()
        body["rating"] = int(rating) if rating.isdigit() else (rating or None)
        body["attend_again"] = ATTEND_AGAIN.get(form.get("attend_again") or "", form.get("attend_again"))
    return body


def _form_values(event: Event | None) -> dict[str, Any]:
    if event is None:
        return {"date": today_utc().isoformat()}
    values = {key: getattr(event, key) or "" for key in TEXT_INPUTS}
    values.update(date=event.date.isoformat() if event.date else "", objective=event.objective or "",
                  rating=str(event.rating or ""),
                  attend_again={True: "yes", False: "no"}.get(event.attend_again, ""))
    return values


def _render_form(event: Event | None, values: Any, errors: dict[str, str] | None = None,
                 message: str | None = None) -> str:
    return render_template("event_form.html", event=event, values=values, errors=errors or {}, message=message,
                           objectives=EVENT_OBJECTIVES, ratings=range(RATING_RANGE[0], RATING_RANGE[1] + 1))


@web.get("/events")
@login_required
def events() -> str:
    """Events with their scorecards, best first: rating, then concrete collaborations per contact."""
    return render_template("events.html", rows=events_best_first(db.session, owner()),
                           limit=QUALITY_CONTACTS_PER_EVENT)


@web.route("/events/new", methods=["GET", "POST"])
@login_required
def new_event() -> Response | tuple[str, int] | str:
    """Create an event: what it is, my objective and my pitch for it."""
    if request.method == "GET":
        return _render_form(None, _form_values(None))
    try:
        event = create_event(db.session, owner(), _event_body(request.form, with_outcome=False))
    except ValidationFailed as exc:
        db.session.rollback()
        return _render_form(None, request.form, exc.fields, exc.message), 422
    db.session.commit()
    flash(f"Event “{event.name}” saved.", "success")
    return redirect(url_for("web.events"))


@web.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
@login_required
def edit_event(event_id: int) -> Response | tuple[str, int] | str:
    """Edit an event, and afterwards rate it and say whether to attend again."""
    event = owned_event(db.session, owner(), event_id)
    if request.method == "GET":
        return _render_form(event, _form_values(event))
    try:
        update_event(db.session, owner(), event_id, _event_body(request.form, with_outcome=True))
    except ValidationFailed as exc:
        db.session.rollback()
        return _render_form(owned_event(db.session, owner(), event_id), request.form, exc.fields, exc.message), 422
    db.session.commit()
    flash("Event updated.", "success")
    return redirect(url_for("web.events"))


@web.post("/events/<int:event_id>/delete")
@login_required
def remove_event(event_id: int) -> Response:
    """Delete an event; the meetings held there stay, without an event."""
    name = owned_event(db.session, owner(), event_id).name
    delete_event(db.session, owner(), event_id)
    db.session.commit()
    flash(f"Event “{name}” deleted; its meetings are kept.", "info")
    return redirect(url_for("web.events"))
