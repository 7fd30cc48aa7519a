"""API routes for events, scorecards and follow-ups, on the `api` blueprint (bearer tokens, JSON errors).

Imported by service/http/api/__init__.py with the other routes, so they join api_bp before it is registered.
"""

from __future__ import annotations

from flask import Response, jsonify, request

from service.core.events import (
    create_event,
    delete_event,
    event_json,
    list_events,
    owned_event,
    scorecard,
    update_event,
)
from service.core.followups import calendar_ics, followup_json, list_followups, set_done
from service.http.api.common import api_bp, json_body, owner, paging
from service.storage.db import db


@api_bp.post("/events")
def post_event() -> tuple[Response, int]:
    """Create an event; 422 for an unknown objective, a bad date or rating, or no name."""
    event = create_event(db.session, owner(), json_body())
    db.session.commit()
    return jsonify(event_json(event)), 201


@api_bp.get("/events")
def get_events() -> Response:
    """The owner's events, most recent first, paged."""
    limit, offset = paging()
    events, total = list_events(db.session, owner(), limit, offset)
    return jsonify({"items": [event_json(e) for e in events], "total": total, "limit": limit, "offset": offset})


@api_bp.get("/events/<int:event_id>")
def get_one_event(event_id: int) -> Response:
    """One event."""
    return jsonify(event_json(owned_event(db.session, owner(), event_id)))


@api_bp.patch("/events/<int:event_id>")
def patch_event(event_id: int) -> Response:
    """Change some attributes of an event (rating 1–5 and attend_again after it)."""
    event = update_event(db.session, owner(), event_id, request.get_json(silent=True))
    db.session.commit()
    return jsonify(event_json(event))


@api_bp.delete("/events/<int:event_id>")
def delete_one_event(event_id: int) -> tuple[str, int]:
    """Delete an event; its meetings stay, without an event."""
    delete_event(db.session, owner(), event_id)
    db.session.commit()
    return "", 204


@api_bp.get("/events/<int:event_id>/scorecard")
def get_scorecard(event_id: int) -> Response:
    """What the event led to: contacts, meetings, follow-ups, collaborations by kind, rating."""
    return jsonify(scorecard(db.session, owner(), event_id))


@api_bp.get("/followups")
def get_followups() -> Response:
    """Follow-ups by due date: open ones by default, `status=done|all` for the others."""
    limit, offset = paging()
    items, total = list_followups(db.session, owner(), request.args.get("status", "open"), limit, offset)
    return jsonify({"items": [followup_json(f) for f in items], "total": total, "limit": limit,
                    "offset": offset})


@api_bp.patch("/followups/<int:followup_id>")
def patch_followup(followup_id: int) -> Response:
    """Mark a follow-up done (`{"done": true}`) or open again (`{"done": false}`)."""
    body = request.get_json(silent=True)
    followup = set_done(db.session, owner(), followup_id, body.get("done") if isinstance(body, dict) else None)
    db.session.commit()
    return jsonify(followup_json(followup))


@api_bp.get("/followups.ics")
def get_followups_ics() -> Response:
    """The open follow-ups as an iCalendar file, one VTODO each, for the user's calendar."""
    followups, _total = list_followups(db.session, owner(), "open")
    response = Response(calendar_ics(followups), content_type="text/calendar; charset=utf-8")
    response.headers["Content-Disposition"] = 'attachment; filename="cardnote-followups.ics"'
    return response
