"""What the API accepts, as pydantic models: flask-openapi3 validates every request with them and generates the
OpenAPI document from them, so the document cannot drift from what the code accepts.

JSON bodies refuse unknown keys and take exact JSON types (no "5" for 5, no true for 1). Dates are YYYY-MM-DD.
The rules beyond a schema — the context rule (`service.domain.context.validate_context`), a contact's identity,
whose ids are whose — stay in the domain and core layers and answer 422/404 as documented.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, ClassVar, Literal

from flask import has_request_context, request
from flask_openapi3 import FileStorage
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationInfo,
    WithJsonSchema,
)

from service.core.contacts import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from service.core.events import TEXT_LIMITS
from service.core.export import FORMATS
from service.core.export.vcard_writer import VERSIONS as VCARD_VERSIONS
from service.core.followups import STATUSES
from service.domain.context import COLLABORATION_KINDS
from service.domain.dates import parse_iso_date
from service.domain.event_rules import EVENT_OBJECTIVES, MAX_ACTION_LENGTH, MAX_WIN_WIN_LENGTH, RATING_RANGE
from service.http.api.card_fields import FieldsInput
from service.http.security import DATABASE_INT_MAX
from service.reading.options import LANGUAGES_PATTERN, REGION_PATTERN


def _iso_date(value: Any) -> dt.date:
    date = parse_iso_date(value)
    if date is None:
        raise ValueError("expected a date as YYYY-MM-DD")
    return date


# The one date type of the API (service.domain.dates): "2026-03-03" only, a real day.
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date), WithJsonSchema({"type": "string", "format": "date"})]


def _normalised(value: Any) -> Any:
    """Trimmed and lower-cased, as the domain compares kinds, objectives and format names."""
    return value.strip().lower() if isinstance(value, str) else value


def _text(max_length: int) -> Any:
    """Text that says something (not only blanks), at most `max_length` characters."""
    return Annotated[StrictStr, Field(max_length=max_length, pattern=r"\S")]


class Body(BaseModel):
    """A JSON request body: unknown keys are refused."""

    model_config = ConfigDict(extra="forbid")


class Query(BaseModel):
    """Query-string parameters: unknown ones are refused, like unknown body keys."""

    model_config = ConfigDict(extra="forbid")


class Form(BaseModel):
    """A multipart/form-data body."""


class Path(BaseModel):
    """Path parameters."""


class IdPath(Path):
    """An object id in the path (too large for any database: 404)."""

    id: int


class ScanPath(Path):
    """A queued scan's id: the `id` of a 202 answer (a UUID; a draft's id is not a scan id)."""

    id: str = Field(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


# Paging and lists


class Paging(Query):
    """Paging of list routes."""

    limit: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description=f"Page size, 1–{MAX_PAGE_SIZE}.")
    offset: int = Field(0, ge=0, le=DATABASE_INT_MAX, description="Items to skip.")


class ContactQuery(Paging):
    """Search and paging of the contact list."""

    q: str | None = Field(None, description="Case-insensitive search in name, company and email.")


class FollowupQuery(Paging):
    """Which follow-ups, and paging."""

    status: Literal[STATUSES] = Field("open", description="open (default), done or all.")  # type: ignore[valid-type]


class ExportQuery(Query):
    """Export format and vCard version."""

    format: Annotated[Literal[tuple(FORMATS)], BeforeValidator(_normalised)] = Field(  # type: ignore[valid-type]
        description="json (cardnote's documents), jcard (RFC 7095), vcard, csv (cardnote's columns), google-csv "
                    "(Google Contacts import), outlook-csv (Outlook import), or a CRM import body: hubspot, "
                    "salesforce, google, msgraph.")
    vcard_version: Literal[VCARD_VERSIONS] = Field("4.0", description="vCard version for `format=vcard`.")  # type: ignore[valid-type]


# Uploads


def _form_text(value: Any, info: ValidationInfo) -> Any:
    """The field exactly as posted: flask-openapi3 JSON-decodes form values ("1" becomes 1), the reader wants text."""
    if has_request_context() and info.field_name in request.form:
        sent = request.form.getlist(info.field_name)
        if len(sent) > 1:
            raise ValueError("send this field once")
        return sent[0]
    return value


Languages = Annotated[str, BeforeValidator(_form_text), Field(pattern=LANGUAGES_PATTERN, description=(
    "Languages printed on the card, comma-separated, e.g. `spa,eng` (eng, spa, fra, deu, por; two-letter codes "
    "too). Default: CARDNOTE_OCR_LANGUAGES, else the reader's default."))]
Region = Annotated[str, BeforeValidator(_form_text), Field(pattern=REGION_PATTERN, description=(
    "Default country for phone numbers printed without +code, e.g. `ES`. Default: CARDNOTE_REGION, else "
    "inferred per card."))]


SCAN_NOTE_MAX_LENGTH = 10_000  # a note typed on a phone at the event; the meeting's own limit applies later


class BackForm(Form):
    """A photo of the back of a card."""

    image: FileStorage = Field(description="JPEG, PNG, WebP, TIFF or HEIC, up to CARDNOTE_MAX_UPLOAD_MB.")
    lang: Languages | None = None
    region: Region | None = None


UploadKey = Annotated[str, BeforeValidator(_form_text), Field(pattern=r"^[A-Za-z0-9_-]{8,64}$", description=(
    "Upload key chosen by the client (a UUID), also accepted as the `Idempotency-Key` header: kept once per "
    "user, so sending the same upload again answers 200 with the drafts it made the first time."))]


class ScanForm(BackForm):
    """A card photo to read (one draft per card found in it)."""

    key: UploadKey | None = None
    note: Annotated[str, BeforeValidator(_form_text)] | None = Field(None, max_length=SCAN_NOTE_MAX_LENGTH,
        description="A note written with the photo (e.g. offline); every draft of the photo starts with it.")


class SideQuery(Query):
    """Which side of the card to show."""

    side: Literal["front", "back"] = Field("front", description="`back` once the back was added.")


class ImportForm(Form):
    """One file to import: an image or PDF holding one or more cards, or a contacts file (.vcf, Google/Outlook CSV)."""

    file: FileStorage = Field(description="JPEG, PNG, WebP, TIFF, HEIC or PDF, or a contacts file: .vcf "
                                          "(vCard 2.1/3.0/4.0) or a Google Contacts / Outlook CSV; "
                                          "at most CARDNOTE_MAX_UPLOAD_MB.")
    lang: Languages | None = None
    region: Region | None = None


# Contacts and meetings


class CollaborationInput(Body):
    """The intended collaboration: a kind from the fixed list and a sentence of detail."""

    kind: Annotated[Literal[COLLABORATION_KINDS], BeforeValidator(_normalised)]  # type: ignore[valid-type]
    detail: StrictStr = Field(description="What you intend to do together (at least CARDNOTE_DETAIL_MIN_LENGTH "
                                          "characters, default 8; placeholders like “n/a” are refused).")


class NextStepInput(Body):
    """A next step: becomes a follow-up."""

    action: _text(MAX_ACTION_LENGTH)
    due: IsoDate


class MeetingInput(Body):
    """A conversation: note, intended collaboration, and optionally where, when and what next."""

    # The context rule decides about these two (422 context_required); see ContactInput.
    CONTEXT_FIELDS: ClassVar[tuple[str, ...]] = ("note", "collaboration")

    note: StrictStr = Field(description="What you talked about (at least CARDNOTE_NOTE_MIN_LENGTH characters, "
                                        "default 15; blank or placeholder text like “n/a” is refused).")
    collaboration: CollaborationInput
    event_id: StrictInt | None = Field(None, description="One of your events (anyone else's is a 404).")
    date: IsoDate | None = Field(None, description="Default: the event's date, else today (UTC).")
    their_strengths: _text(MAX_WIN_WIN_LENGTH) | None = Field(
        None, description="Win-win: what they are good at, beyond their job title.")
    my_offer: _text(MAX_WIN_WIN_LENGTH) | None = Field(None, description="Win-win: what I can bring them.")
    next_step: NextStepInput | None = None
    draft_id: StrictInt | None = Field(None, description=(
        "Meetings: a new scan of this person (see a draft's `existing_contact`); the draft is deleted with the "
        "meeting saved. Contacts: the draft this contact is made from, deleted when it is saved."))


class ContactInput(MeetingInput):
    """A new contact with its first meeting. `fields` may be omitted with a `draft_id` (the draft's are used);
    values equal to the draft's keep their source, anything else is stored with source `user`."""

    fields: FieldsInput | None = None


class ContactPatch(Body):
    """Fields to change; fields not sent are kept."""

    fields: FieldsInput


# Events and follow-ups


def _event_text(key: str, description: str) -> Any:
    return Field(None, max_length=TEXT_LIMITS[key], description=description)


class EventPatch(Body):
    """Attributes of an event to change (PATCH sends only what changes)."""

    name: _text(TEXT_LIMITS["name"]) = Field(None, description="Every event keeps a name: no null.")
    date: IsoDate | None = None
    place: StrictStr | None = _event_text("place", "Where it happens.")
    organizer: StrictStr | None = _event_text("organizer", "Who organises it.")
    audience: StrictStr | None = _event_text("audience", "The audience you expect.")
    objective: Annotated[Literal[EVENT_OBJECTIVES], BeforeValidator(_normalised)] | None = Field(  # type: ignore[valid-type]
        None, description="Why you go: know your objective.")
    pitch: StrictStr | None = _event_text("pitch", "Your short pitch for this audience.")
    rating: Annotated[StrictInt, Field(ge=RATING_RANGE[0], le=RATING_RANGE[1])] | None = Field(
        None, description="How it went, afterwards.")
    attend_again: StrictBool | None = Field(None, description="Would you go again?")
    # What the API answers with, so an event read can be sent back: ignored.
    id: Any = Field(None, description="Ignored (read-only).")
    created_at: Any = Field(None, description="Ignored (read-only).")
    scorecard: Any = Field(None, description="Ignored (read-only).")

    def attributes(self) -> dict[str, Any]:
        """The attributes sent, for service.core.events (read-only ones left out)."""
        return self.model_dump(exclude_unset=True, exclude={"id", "created_at", "scorecard"})


class EventInput(EventPatch):
    """A new event: a name, and whatever else is known."""

    name: _text(TEXT_LIMITS["name"])


class FollowupPatch(Body):
    """Done, or open again."""

    done: StrictBool


class TokenInput(Body):
    """A name to recognise the new token by."""

    name: StrictStr | None = Field(None, description="Default `api`.")
