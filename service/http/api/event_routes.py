"""API routes for events, scorecards and follow-ups, on the `api` blueprint (bearer tokens, JSON errors).

Imported at the end of service/http/api/routes.py so the routes join api_bp before it is registered. Documented in
service/http/api/openapi.py like every other route.
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
from service.http.api.routes import _json_body, _owner, _paging, api_bp
from service.storage.db import db


@api_bp.post("/events")
def post_event() -> tuple[Response, int]:
    """Create an event; 422 for an unknown objective, a bad date or rating, or no name."""
    event = create_event(db.session, _owner(), _json_body())
    db.session.commit()
    return jsonify(event_json(event)), 201


@api_bp.get("/events")
def get_events() -> Response:
    """The owner's events, most recent first, paged."""
    limit, offset = _paging()
    events, total = list_events(db.session, _owner(), limit, offset)
    return jsonify({"items": [event_json(e) for e in events], "total": total, "limit": limit, "offset": offset})


@api_bp.get("/events/<int:event_id>")
def get_one_event(event_id: int) -> Response:
    """One event."""
    return jsonify(event_json(owned_event(db.session, _owner(), event_id)))


@api_bp.patch("/events/<int:event_id>")
def patch_event(event_id: int) -> Response:
    """Change some attributes of an event (rating 1–5 and attend_again after it)."""
    event = update_event(db.session, _owner(), event_id, request.get_json(silent=True))
    db.session.commit()
    return jsonify(event_json(event))


@api_bp.delete("/events/<int:event_id>")
def delete_one_event(event_id: int) -> tuple[str, int]:
    """Delete an event; its meetings stay, without an event."""
    delete_event(db.session, _owner(), event_id)
    db.session.commit()
    return "", 204


@api_bp.get("/events/<int:event_id>/scorecard")
def get_scorecard(event_id: int) -> Response:
    """What the event led to: contacts, meetings, follow-ups, collaborations by kind, rating."""
    return jsonify(scorecard(db.session, _owner(), event_id))


@api_bp.get("/followups")
def get_followups() -> Response:
    """Follow-ups by due date: open ones by default, `status=done|all` for the others."""
    limit, offset = _paging()
    items, total = list_followups(db.session, _owner(), request.args.get("status", "open"), limit, offset)
    return jsonify({"items": [followup_json(f) for f in items], "total": total, "limit": limit,
                    "offset": offset})


@api_bp.patch("/followups/<int:followup_id>")
def patch_followup(followup_id: int) -> Response:
    """Mark a follow-up done (`{"done": true}`) or open again (`{"done": false}`)."""
    body = request.get_json(silent=True)
    followup = set_done(db.session, _owner(), followup_id, body.get("done") if isinstance(body, dict) else None)
    db.session.commit()
    return jsonify(followup_json(followup))


@api_bp.get("/followups.ics")
def get_followups_ics() -> Response:
    """The open follow-ups as an iCalendar file, one VTODO each, for the user's calendar."""
    followups, _total = list_followups(db.session, _owner(), "open")
    response = Response(calendar_ics(followups), content_type="text/calendar; charset=utf-8")
    response.headers["Content-Disposition"] = 'attachment; filename="cardnote-followups.ics"'
    return response
