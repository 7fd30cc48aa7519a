"""API routes for events, scorecards and follow-ups, on the `api` blueprint (bearer tokens, JSON errors).

Imported by service/http/api/__init__.py with the other routes, so they join api_bp before it is registered.
"""

from __future__ import annotations

from flask import Response, jsonify

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
from service.http.api import outputs
from service.http.api.common import TAGS, api_bp, errors, owner
from service.http.api.inputs import EventInput, EventPatch, FollowupPatch, FollowupQuery, IdPath, Paging
from service.storage.db import db


@api_bp.post("/events", operation_id="createEvent", tags=TAGS["events"],
             responses={201: outputs.EventDetail, **errors(400, 422)})
def post_event(body: EventInput) -> tuple[Response, int]:
    """Create an event; 422 for no name, an unknown objective or attribute, a bad date, a rating outside 1–5."""
    event = create_event(db.session, owner(), body.attributes())
    db.session.commit()
    return jsonify(event_json(event)), 201


@api_bp.get("/events", operation_id="listEvents", tags=TAGS["events"],
            responses={200: outputs.EventList, **errors(400)})
def get_events(query: Paging) -> Response:
    """Your events, most recent date first, paged."""
    events, total = list_events(db.session, owner(), query.limit, query.offset)
    return jsonify({"items": [event_json(e) for e in events], "total": total, "limit": query.limit,
                    "offset": query.offset})


@api_bp.get("/events/<int:id>", operation_id="getEvent", tags=TAGS["events"],
            responses={200: outputs.EventDetail, **errors(404)})
def get_one_event(path: IdPath) -> Response:
    """One event."""
    return jsonify(event_json(owned_event(db.session, owner(), path.id)))


@api_bp.patch("/events/<int:id>", operation_id="updateEvent", tags=TAGS["events"],
              responses={200: outputs.EventDetail, **errors(400, 404, 422)})
def patch_event(path: IdPath, body: EventPatch) -> Response:
    """Change some attributes of an event (rating 1–5 and attend_again after it); the others are kept."""
    event = update_event(db.session, owner(), path.id, body.attributes())
    db.session.commit()
    return jsonify(event_json(event))


@api_bp.delete("/events/<int:id>", operation_id="deleteEvent", tags=TAGS["events"],
               responses={204: None, **errors(404)})
def delete_one_event(path: IdPath) -> tuple[str, int]:
    """Delete an event; its meetings stay, without an event."""
    delete_event(db.session, owner(), path.id)
    db.session.commit()
    return "", 204


@api_bp.get("/events/<int:id>/scorecard", operation_id="getEventScorecard", tags=TAGS["events"],
            responses={200: outputs.Scorecard, **errors(404)})
def get_scorecard(path: IdPath) -> Response:
    """What an event led to: contacts, meetings, follow-ups, collaborations by kind, rating."""
    return jsonify(scorecard(db.session, owner(), path.id))


@api_bp.get("/followups", operation_id="listFollowups", tags=TAGS["followups"],
            responses={200: outputs.FollowupList, **errors(400)})
def get_followups(query: FollowupQuery) -> Response:
    """Follow-ups by due date: open ones by default, `status=done|all` for the others."""
    items, total = list_followups(db.session, owner(), query.status, query.limit, query.offset)
    return jsonify({"items": [followup_json(f) for f in items], "total": total, "limit": query.limit,
                    "offset": query.offset})


@api_bp.patch("/followups/<int:id>", operation_id="updateFollowup", tags=TAGS["followups"],
              responses={200: outputs.Followup, **errors(400, 404, 422)})
def patch_followup(path: IdPath, body: FollowupPatch) -> Response:
    """Mark a follow-up done (`{"done": true}`) or open again (`{"done": false}`)."""
    followup = set_done(db.session, owner(), path.id, body.done)
    db.session.commit()
    return jsonify(followup_json(followup))


@api_bp.get("/followups.ics", operation_id="followupsCalendar", tags=TAGS["followups"],
            responses={200: outputs.CALENDAR})
def get_followups_ics() -> Response:
    """Open follow-ups as an iCalendar file, one VTODO each, for any calendar app.

    UID stable per follow-up (re-importing updates rather than duplicates), DUE date, SUMMARY with the
    contact's name and the action, DESCRIPTION with the action, the meeting's note and the collaboration.
    """
    followups, _total = list_followups(db.session, owner(), "open")
    response = Response(calendar_ics(followups), content_type="text/calendar; charset=utf-8")
    response.headers["Content-Disposition"] = 'attachment; filename="cardnote-followups.ics"'
    return response
