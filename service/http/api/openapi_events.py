"""The OpenAPI paths and schemas of events, scorecards and follow-ups (service/http/api/event_routes.py).

Merged into the document by service/http/api/openapi.py; both use the helpers of openapi_parts.py.
"""

from __future__ import annotations

from typing import Any

from service.core.events import TEXT_LIMITS
from service.core.followups import STATUSES
from service.domain.event_rules import EVENT_OBJECTIVES, QUALITY_CONTACTS_PER_EVENT, QUALITY_NUDGE_CODE, RATING_RANGE
from service.http.api.openapi_parts import (
    _BAD_JSON,
    _COMMON_ERRORS,
    _ID,
    _NOT_FOUND,
    _PAGING,
    _error,
    _json,
    _list_of,
    _ref,
)


def _text(key: str, description: str) -> dict[str, Any]:
    return {"type": ["string", "null"], "maxLength": TEXT_LIMITS[key], "description": description}


_EVENT_PROPERTIES: dict[str, Any] = {
    "name": {"type": "string", "minLength": 1, "maxLength": TEXT_LIMITS["name"]},
    "date": {"type": ["string", "null"], "format": "date", "description": "YYYY-MM-DD."},
    "place": _text("place", "Where it happens."),
    "organizer": _text("organizer", "Who organises it."),
    "audience": _text("audience", "The audience you expect."),
    "objective": {"type": ["string", "null"], "enum": [*EVENT_OBJECTIVES, None],
                  "description": "Why you go: know your objective. Anything else is a 422."},
    "pitch": _text("pitch", "Your short pitch for this audience."),
    "rating": {"type": ["integer", "null"], "minimum": RATING_RANGE[0], "maximum": RATING_RANGE[1],
               "description": "How it went, afterwards."},
    "attend_again": {"type": ["boolean", "null"], "description": "Would you go again?"},
}

SCHEMAS: dict[str, Any] = {
    "EventInput": {"type": "object", "properties": _EVENT_PROPERTIES,
                   "description": "Creating needs `name`; PATCH sends only what changes. Unknown attributes are "
                                  "a 422 (`id` and `created_at` are ignored)."},
    "EventDetail": {"type": "object", "required": ["id", "name"], "properties": {
        "id": {"type": "integer"}, **_EVENT_PROPERTIES, "created_at": {"type": "string", "format": "date-time"}}},
    "Scorecard": {"type": "object", "required": ["contacts", "meetings", "followups", "collaborations", "rating",
                                                 "attend_again"], "properties": {
        "event_id": {"type": "integer"},
        "contacts": {"type": "integer", "description": "People met there (distinct contacts)."},
        "meetings": {"type": "integer"},
        "followups": {"type": "object", "required": ["open", "done", "overdue"], "properties": {
            "open": {"type": "integer"}, "done": {"type": "integer"},
            "overdue": {"type": "integer", "description": "Open and due before today (UTC)."}}},
        "collaborations": {"type": "object", "additionalProperties": {"type": "integer"},
                           "description": "Meetings there by intended collaboration kind."},
        "rating": {"type": ["integer", "null"]}, "attend_again": {"type": ["boolean", "null"]}}},
    "NextStepInput": {"type": ["object", "null"], "required": ["action", "due"], "properties": {
        "action": {"type": "string", "minLength": 1, "maxLength": 500}, "due": {"type": "string", "format": "date"}},
        "description": "Becomes a follow-up. A blank action or a due date that is not YYYY-MM-DD is a 422."},
    "NextStep": {"type": ["object", "null"], "properties": {
        "id": {"type": "integer", "description": "The follow-up's id (PATCH /api/v1/followups/{id})."},
        "action": {"type": "string"}, "due": {"type": "string", "format": "date"}, "done": {"type": "boolean"},
        "done_at": {"type": ["string", "null"], "format": "date-time"}}},
    "Nudge": {"type": "object", "required": ["code", "message"], "properties": {
        "code": {"type": "string", "enum": [QUALITY_NUDGE_CODE]}, "message": {"type": "string"}}},
    "Nudges": {"type": "array", "items": _ref("Nudge"),
               "description": f"Always present. Empty, except when this save brings a person number "
                             f"{QUALITY_CONTACTS_PER_EVENT + 1} or later to the same event: then the "
                             f"`{QUALITY_NUDGE_CODE}` reminder. The save itself always succeeds."},
    "Followup": {"type": "object", "required": ["id", "action", "due", "done", "state", "contact"], "properties": {
        "id": {"type": "integer"}, "action": {"type": "string"}, "due": {"type": "string", "format": "date"},
        "done": {"type": "boolean"}, "done_at": {"type": ["string", "null"], "format": "date-time"},
        "state": {"type": "string", "enum": ["overdue", "today", "upcoming", "done"]},
        "contact": {"type": "object", "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}},
        "meeting": {"type": "object", "properties": {"id": {"type": "integer"}, "date": {"type": "string"},
                                                     "note": {"type": "string"}}},
        "event": _ref("Event")}},
}

_EVENT_BODY = {"required": True, "content": {"application/json": {"schema": _ref("EventInput")}}}
_EVENT_422 = _error("`validation_error`: no name, unknown objective, bad date, rating outside 1–5, unknown "
                    "attribute; `fields` says which.")

PATHS: dict[str, Any] = {
    "/api/v1/events": {
        "get": {"summary": "Your events", "operationId": "listEvents", "tags": ["events"], "parameters": _PAGING,
                "responses": {"200": _json(_list_of("EventDetail"), "Events, most recent date first."),
                              "400": _error("Bad paging."), **_COMMON_ERRORS}},
        "post": {"summary": "Create an event", "operationId": "createEvent", "tags": ["events"],
                 "requestBody": _EVENT_BODY,
                 "responses": {"201": _json(_ref("EventDetail"), "The event."), "400": _BAD_JSON,
                               "422": _EVENT_422, **_COMMON_ERRORS}}},
    "/api/v1/events/{id}": {
        "get": {"summary": "One event", "operationId": "getEvent", "tags": ["events"], "parameters": [_ID],
                "responses": {"200": _json(_ref("EventDetail"), "The event."), **_COMMON_ERRORS, **_NOT_FOUND}},
        "patch": {"summary": "Change an event (rating, attend_again…)", "operationId": "updateEvent",
                  "tags": ["events"], "parameters": [_ID], "requestBody": _EVENT_BODY,
                  "responses": {"200": _json(_ref("EventDetail"), "The updated event."), "400": _BAD_JSON,
                                "422": _EVENT_422,
                                **_COMMON_ERRORS, **_NOT_FOUND}},
        "delete": {"summary": "Delete an event (its meetings stay, without an event)", "operationId": "deleteEvent",
                   "tags": ["events"], "parameters": [_ID],
                   "responses": {"204": {"description": "Deleted."}, **_COMMON_ERRORS, **_NOT_FOUND}}},
    "/api/v1/events/{id}/scorecard": {"get": {
        "summary": "What an event led to", "operationId": "getEventScorecard", "tags": ["events"],
        "parameters": [_ID],
        "responses": {"200": _json(_ref("Scorecard"), "The scorecard."), **_COMMON_ERRORS, **_NOT_FOUND}}},
    "/api/v1/followups": {"get": {
        "summary": "Follow-ups by due date", "operationId": "listFollowups", "tags": ["followups"],
        "parameters": [{"name": "status", "in": "query", "required": False,
                        "schema": {"type": "string", "enum": list(STATUSES), "default": "open"}}, *_PAGING],
        "responses": {"200": _json(_list_of("Followup"), "Follow-ups, earliest due first."),
                      "400": _error("Unknown status or bad paging."), **_COMMON_ERRORS}}},
    "/api/v1/followups/{id}": {"patch": {
        "summary": "Mark a follow-up done (or open again)", "operationId": "updateFollowup", "tags": ["followups"],
        "parameters": [_ID],
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": ["done"], "properties": {"done": {"type": "boolean"}}}}}},
        "responses": {"200": _json(_ref("Followup"), "The follow-up."), "422": _error("`done` is not a boolean."),
                      **_COMMON_ERRORS, **_NOT_FOUND}}},
    "/api/v1/followups.ics": {"get": {
        "summary": "Open follow-ups as an iCalendar file", "operationId": "followupsCalendar",
        "tags": ["followups"],
        "description": "One VTODO per open follow-up: UID stable per follow-up (re-importing updates rather than "
                       "duplicates), DUE date, SUMMARY with the contact's name and the action, DESCRIPTION with "
                       "the action, the meeting's note and the intended collaboration.",
        "responses": {"200": {"description": "An iCalendar (RFC 5545) file.",
                              "content": {"text/calendar": {"schema": {"type": "string"}}}},
                      **_COMMON_ERRORS}}},
}
