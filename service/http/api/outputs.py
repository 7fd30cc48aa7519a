"""What the API answers, as pydantic models: they document each response in /openapi.json (the JSON itself is
built by the core's `*_to_json` functions; tests and Schemathesis check that it matches these models).

Answers may gain keys over time (documented additions), so these models accept keys they do not name.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from service.core.export import FORMATS
from service.domain.context import COLLABORATION_KINDS
from service.domain.event_rules import EVENT_OBJECTIVES, QUALITY_CONTACTS_PER_EVENT, QUALITY_NUDGE_CODE
from service.http.api.card_fields import Fields


class Answer(BaseModel):
    """A JSON answer (keys added later are allowed)."""

    model_config = ConfigDict(extra="allow")


class Error(Answer):
    """Every error: a code for programs, a message for people, and which field is wrong when that is known."""

    error: str = Field(description="A stable code: invalid_request, validation_error, context_required, "
                                   "not_found, unauthorized, unreadable_image…")
    message: str
    fields: dict[str, str] | None = Field(None, description="Field path (e.g. `note`, `collaboration.kind`) -> "
                                                            "problem.")


class Card(Answer):
    """Card JSON, contract 1 (`cardnote/card@1`)."""

    schema_: Literal["cardnote/card@1"] = Field(alias="schema")
    source: dict
    fields: Fields
    enrichment: dict
    warnings: list[str]
    ocr: dict


class Collaboration(Answer):
    """The intended collaboration of a meeting."""

    kind: Literal[COLLABORATION_KINDS]  # type: ignore[valid-type]
    detail: str


class Event(Answer):
    """An event as meetings and follow-ups show it."""

    id: int
    name: str
    date: dt.date | None
    place: str | None


class NextStep(Answer):
    """A meeting's next step: its follow-up."""

    id: int = Field(description="The follow-up's id (PATCH /api/v1/followups/{id}).")
    action: str
    due: dt.date
    done: bool
    done_at: dt.datetime | None


class Meeting(Answer):
    """One conversation with a contact."""

    id: int
    date: dt.date
    note: str
    collaboration: Collaboration
    event: Event | None
    their_strengths: str | None = None
    my_offer: str | None = None
    next_step: NextStep | None = None
    created_at: dt.datetime | None = None


class Nudge(Answer):
    """A gentle reminder that comes with a save."""

    code: Literal[QUALITY_NUDGE_CODE]  # type: ignore[valid-type]
    message: str


NUDGES = (f"Always present. Empty, except when this save brings a person number {QUALITY_CONTACTS_PER_EVENT + 1} "
          f"or later to the same event: then the `{QUALITY_NUDGE_CODE}` reminder. The save itself succeeds.")


class Contact(Answer):
    """A contact with its fields and its meetings, oldest first."""

    id: int
    name: str | None = None
    company: str | None = None
    email: str | None = None
    fields: Fields
    meetings: list[Meeting]
    has_image: bool = False
    has_back: bool = Field(False, description="The back of the card was added (`?side=back` image).")
    note: str | None = Field(None, description="A note sent with the photo (the review starts with it); "
                             "not yet a meeting.")
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None


class ContactCreated(Contact):
    """The new contact, and `nudges`."""

    nudges: list[Nudge] = Field(description=NUDGES)


class MeetingCreated(Meeting):
    """The new meeting, and `nudges`."""

    nudges: list[Nudge] = Field(description=NUDGES)


class Draft(Answer):
    """A scan awaiting context."""

    id: int
    card: Card
    filename: str | None = None
    source_sha256: str | None = None
    has_image: bool = False
    has_back: bool = Field(False, description="The back of the card was added (`?side=back` image).")
    note: str | None = Field(None, description="A note sent with the photo (the review starts with it); "
                             "not yet a meeting.")
    created_at: dt.datetime | None = None
    existing_contact: Contact | None = Field(None, description=(
        "A contact of yours with the same photo, email or phone: offer to add a meeting to it instead of a "
        "duplicate."))


class ScannedDraft(BaseModel):
    """The drafts a scan became: one per card found, in reading order; `id`/`card` and the other draft keys
    at the top level are the first's (for clients written before several cards per photo)."""

    model_config = ConfigDict(extra="allow")

    id: int | None
    card: Card | None
    drafts: list[Draft] = Field(description="One draft per card found in the photo, in reading order.")
    created: bool = Field(description="False when this photo or upload key was seen before.")


class PendingScan(Answer):
    """A scan still on the work queue."""

    id: str = Field(description="The scan's id (not a draft id).")
    status: Literal["pending", "running"]
    status_url: str = Field(description="GET it: 202 while pending, then 200 with the draft.")


class ImportResult(Answer):
    """What importing one file did."""

    file: str
    created: int = Field(description="New drafts made now.")
    already: int = Field(description="Cards of this file imported before.")
    drafts: list[Draft] = Field(description="The file's drafts waiting for context (new or from before).")


class EventDetail(Answer):
    """An event with every attribute."""

    id: int
    name: str
    date: dt.date | None = None
    place: str | None = None
    organizer: str | None = None
    audience: str | None = None
    objective: Literal[EVENT_OBJECTIVES] | None = None  # type: ignore[valid-type]
    pitch: str | None = None
    rating: int | None = None
    attend_again: bool | None = None
    created_at: dt.datetime | None = None


class FollowupCounts(Answer):
    """Follow-ups of an event's meetings."""

    open: int
    done: int
    overdue: int = Field(description="Open and due before today (UTC).")


class Scorecard(Answer):
    """What an event led to."""

    event_id: int
    contacts: int = Field(description="People met there (distinct contacts).")
    meetings: int
    followups: FollowupCounts
    collaborations: dict[str, int] = Field(description="Meetings there by intended collaboration kind.")
    rating: int | None
    attend_again: bool | None


class FollowupContact(Answer):
    """Who a follow-up is with."""

    id: int
    name: str


class FollowupMeeting(Answer):
    """The meeting a follow-up came from."""

    id: int
    date: dt.date
    note: str


class Followup(Answer):
    """A next step with its contact, meeting and event, and where it stands."""

    id: int
    action: str
    due: dt.date
    done: bool
    done_at: dt.datetime | None
    state: Literal["overdue", "today", "upcoming", "done"]
    contact: FollowupContact
    meeting: FollowupMeeting
    event: Event | None


class Token(Answer):
    """An API token (never its secret or hash)."""

    id: int
    name: str
    created_at: dt.datetime | None
    last_used_at: dt.datetime | None
    revoked: bool
    revoked_at: dt.datetime | None


class NewToken(Token):
    """A new token with its secret, shown only this once."""

    token: str = Field(description="The secret; send it as `Authorization: Bearer TOKEN`.")


class Page(Answer):
    """A page of a list."""

    total: int | None = Field(None, description="All items matching, on every page.")
    limit: int | None = None
    offset: int | None = None


class DraftList(Page):
    """Drafts, newest first."""

    items: list[Draft]


class ContactList(Page):
    """Contacts, most recently updated first."""

    items: list[Contact]


class EventList(Page):
    """Events, most recent date first."""

    items: list[EventDetail]


class FollowupList(Page):
    """Follow-ups, earliest due first."""

    items: list[Followup]


class TokenList(Answer):
    """Tokens, newest first."""

    items: list[Token]


# Answers that are not JSON objects, as OpenAPI response objects.
JPEG = {"description": "The flattened card image, JPEG without EXIF/GPS.",
        "content": {"image/jpeg": {"schema": {"type": "string", "format": "binary"}}}}
EXPORT = {"description": "The export file, as an attachment.",
          "content": {media: {"schema": {"type": "array"} if media == "application/vcard+json" else
                              {"type": "object"} if media == "application/json" else {"type": "string"}}
                      for media in dict.fromkeys(f.media_type for f in FORMATS.values())}}
CALENDAR = {"description": "An iCalendar (RFC 5545) file.",
            "content": {"text/calendar": {"schema": {"type": "string"}}}}
