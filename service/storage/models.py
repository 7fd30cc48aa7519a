"""SQLAlchemy 2 models of the service. The schema itself is created by the Alembic migrations.

Every user-owned row carries `owner_id` (directly or through its contact) so that each query is
scoped to its owner. The context rule is repeated here as NOT NULL / CHECK constraints.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, column_property, mapped_column, relationship

from service.domain.context import COLLABORATION_KINDS, DB_DETAIL_FLOOR, DB_NOTE_FLOOR
from service.domain.event_rules import EVENT_OBJECTIVES, RATING_RANGE

# Stable constraint names, so migrations on SQLite (batch mode) and PostgreSQL agree.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
# Characters trimmed before the length checks; literal tab/newline/CR work in SQLite's trim(X, Y) and in
# PostgreSQL's trim(string, characters) alike, whereas char()/chr() differ between the two.
_BLANKS = " \t\n\r"


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC datetime on every backend (SQLite returns naive values otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        """Store UTC."""
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return value

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        """Read back as aware UTC."""
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value


def utcnow() -> dt.datetime:
    """The current time in UTC (timezone-aware)."""
    return dt.datetime.now(dt.UTC)


def min_length_check(column: str, floor: int) -> str:
    """SQL for 'the column, trimmed of whitespace, has at least `floor` characters'."""
    return f"length(trim({column}, '{_BLANKS}')) >= {floor}"


KIND_CHECK = "collaboration_kind IN (" + ", ".join(f"'{k}'" for k in COLLABORATION_KINDS) + ")"
OBJECTIVE_CHECK = "objective IS NULL OR objective IN (" + ", ".join(f"'{o}'" for o in EVENT_OBJECTIVES) + ")"
RATING_CHECK = f"rating IS NULL OR rating BETWEEN {RATING_RANGE[0]} AND {RATING_RANGE[1]}"


class Base(DeclarativeBase):
    """Declarative base with the naming convention."""

    metadata = MetaData(naming_convention=NAMING)


class User(UserMixin, Base):
    """A person who logs in; owns drafts, contacts, events and API tokens."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    tokens: Mapped[list[ApiToken]] = relationship(back_populates="user", cascade="all, delete-orphan",
                                                  passive_deletes=True)


class ApiToken(Base):
    """An API token, stored only as the SHA-256 of the secret the user was shown once."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="tokens")


class Draft(Base):
    """A scan awaiting context: the card JSON, the flattened card image and the photo's hash."""

    __tablename__ = "drafts"
    __table_args__ = (UniqueConstraint("owner_id", "source_sha256", name="uq_drafts_owner_sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    card: Mapped[dict[str, Any]] = mapped_column(JSON)
    image_jpeg: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    source_sha256: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    back_jpeg: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)  # the card's back, once added
    back_sha256: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text)  # typed on the phone with the photo; the review starts with it


class ScanKey(Base):
    """A client-chosen upload key (the phone's offline queue), once per user: a retried upload answers with the
    drafts the first one made instead of new ones."""

    __tablename__ = "scan_keys"
    __table_args__ = (UniqueConstraint("owner_id", "key", name="uq_scan_keys_owner_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))
    sha256: Mapped[str] = mapped_column(String(64))
    draft_ids: Mapped[list[int]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Event(Base):
    """Where meetings happen (a trade fair, a conference), with my objective and pitch, and how it went."""

    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint(OBJECTIVE_CHECK, name="objective_known"),
        CheckConstraint(RATING_CHECK, name="rating_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    date: Mapped[dt.date | None] = mapped_column(Date)
    place: Mapped[str | None] = mapped_column(String(200))
    organizer: Mapped[str | None] = mapped_column(String(200))
    audience: Mapped[str | None] = mapped_column(Text)
    objective: Mapped[str | None] = mapped_column(String(20))
    pitch: Mapped[str | None] = mapped_column(Text)
    rating: Mapped[int | None] = mapped_column(Integer)
    attend_again: Mapped[bool | None] = mapped_column(Boolean)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Contact(Base):
    """A person: contract-1 `fields` (each with its source) plus denormalised search columns."""

    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    name: Mapped[str | None] = mapped_column(String(300))
    company: Mapped[str | None] = mapped_column(String(300))
    email: Mapped[str | None] = mapped_column(String(320))
    image_jpeg: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    source_sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    back_jpeg: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    meetings: Mapped[list[Meeting]] = relationship(back_populates="contact", cascade="all, delete-orphan",
                                                   passive_deletes=True, order_by="Meeting.date, Meeting.id")
    emails: Mapped[list[ContactEmail]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    phones: Mapped[list[ContactPhone]] = relationship(cascade="all, delete-orphan", passive_deletes=True)


class ContactEmail(Base):
    """Lower-cased email of a contact, to recognise someone already known."""

    __tablename__ = "contact_emails"
    __table_args__ = (Index("ix_contact_emails_owner_email", "owner_id", "email"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(320))


class ContactPhone(Base):
    """A contact's phone as E.164 (or bare digits when invalid), to recognise someone already known."""

    __tablename__ = "contact_phones"
    __table_args__ = (Index("ix_contact_phones_owner_phone", "owner_id", "phone"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    phone: Mapped[str] = mapped_column(String(40))


class Meeting(Base):
    """One conversation with a contact: when, optionally at which event, what about, and what next."""

    __tablename__ = "meetings"
    __table_args__ = (
        CheckConstraint(min_length_check("note", DB_NOTE_FLOOR), name="note_not_blank"),
        CheckConstraint(min_length_check("collaboration_detail", DB_DETAIL_FLOOR), name="detail_not_blank"),
        CheckConstraint(KIND_CHECK, name="collaboration_kind_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text)
    collaboration_kind: Mapped[str] = mapped_column(String(20))
    collaboration_detail: Mapped[str] = mapped_column(Text)
    their_strengths: Mapped[str | None] = mapped_column(Text)
    my_offer: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    contact: Mapped[Contact] = relationship(back_populates="meetings")
    event: Mapped[Event | None] = relationship()
    followup: Mapped[Followup | None] = relationship(back_populates="meeting", cascade="all, delete-orphan",
                                                     passive_deletes=True, uselist=False)


class Followup(Base):
    """A meeting's next step: an action due on a date, open until marked done."""

    __tablename__ = "followups"
    __table_args__ = (
        CheckConstraint(min_length_check("action", 1), name="action_not_blank"),
        Index("ix_followups_owner_due", "owner_id", "due"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), unique=True)
    action: Mapped[str] = mapped_column(Text)
    due: Mapped[dt.date] = mapped_column(Date)
    done_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="followup")



class ImportedFile(Base):
    """A file bulk import has finished for a user, by content hash: a re-run skips it (import resumability)."""

    __tablename__ = "imported_files"
    __table_args__ = (UniqueConstraint("owner_id", "sha256", name="uq_imported_files_owner_sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    sha256: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str | None] = mapped_column(String(1024))
    cards: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class ImportedCard(Base):
    """One card bulk import created, by the SHA-256 of its card crop; the unique key makes each card once."""

    __tablename__ = "imported_cards"
    __table_args__ = (UniqueConstraint("owner_id", "sha256", name="uq_imported_cards_owner_sha256"),
                      Index("ix_imported_cards_owner_file", "owner_id", "file_sha256"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    sha256: Mapped[str] = mapped_column(String(64))
    file_sha256: Mapped[str] = mapped_column(String(64))
    position: Mapped[str] = mapped_column(String(20))  # "1", or "page:card" for a page holding several
    draft_id: Mapped[int | None] = mapped_column(ForeignKey("drafts.id", ondelete="SET NULL"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class AuditEntry(Base):
    """Who created, edited, deleted or exported what, and when (UTC); written by service/storage/audit.py.

    `user_id` is deliberately not a foreign key: the log outlives the users and objects it mentions."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_user_at", "user_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))  # create | edit | delete | export
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)


# Whether an image is stored, without loading the (deferred) bytes in list views.
Draft.has_image = column_property(Draft.__table__.c.image_jpeg.isnot(None))
Contact.has_image = column_property(Contact.__table__.c.image_jpeg.isnot(None))
Draft.has_back = column_property(Draft.__table__.c.back_jpeg.isnot(None))
Contact.has_back = column_property(Contact.__table__.c.back_jpeg.isnot(None))
