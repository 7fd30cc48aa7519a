"""The audit log: every create, edit and delete of a user's objects, and every export, with user and UTC time.

Creates, edits and deletes are caught by one SQLAlchemy `after_flush` hook on every ORM session, so the API,
the web pages, the CLI and bulk import are all covered without each view remembering to log, and the audit
row is written in the same transaction as the change (both or neither). Exports change nothing in the
database, so the export code calls `record_export`. Only names of changed attributes are kept, never values:
the log must not become a second copy of the contacts.

Rows inserted with Core statements (bulk import's INSERT … ON CONFLICT for drafts) bypass the ORM and are not
logged here; the contacts import makes from them are.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, insert, inspect, select
from sqlalchemy.orm import Session

from service.storage.models import ApiToken, AuditEntry, Contact, Draft, Event, Followup, Meeting, User, utcnow

AUDITED: dict[type, str] = {Contact: "contact", Meeting: "meeting", Draft: "draft", Event: "event",
                            Followup: "followup", ApiToken: "api_token", User: "user"}
# Bookkeeping columns that change without anyone editing the object.
NOT_AN_EDIT = frozenset({"updated_at", "last_used_at", "created_at"})


def install() -> None:
    """Listen to every ORM session's flushes (idempotent)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)


def record_export(session: Session, user: User, fmt: str, count: int | None = None) -> None:
    """Log that `user` exported their contacts in `fmt` (committed at once: an export writes nothing else)."""
    detail: dict[str, Any] = {"format": fmt}
    if count is not None:
        detail["count"] = count
    session.execute(insert(AuditEntry.__table__).values(at=utcnow(), user_id=user.id, action="export",
                                                        object_type="contacts", object_id=None, detail=detail))
    session.commit()


def entries(session: Session, user_id: int | None = None) -> list[AuditEntry]:
    """Audit rows, oldest first (all users, or one)."""
    query = select(AuditEntry).order_by(AuditEntry.id)
    if user_id is not None:
        query = query.where(AuditEntry.user_id == user_id)
    return list(session.scalars(query))


def _after_flush(session: Session, _context: Any) -> None:
    rows = []
    now = utcnow()
    for action, objects in (("create", session.new), ("edit", session.dirty), ("delete", session.deleted)):
        for obj in objects:
            kind = AUDITED.get(type(obj))
            if kind is None:
                continue
            detail = None
            if action == "edit":
                changed = _changed_attributes(obj)
                if not changed:
                    continue
                detail = {"changed": changed}
            rows.append({"at": now, "user_id": _user_of(session, obj), "action": action, "object_type": kind,
                         "object_id": getattr(obj, "id", None),
                         "detail": detail})
    if rows:
        session.connection().execute(insert(AuditEntry.__table__), rows)


def _changed_attributes(obj: Any) -> list[str]:
    state = inspect(obj)
    return sorted(attr.key for attr in state.mapper.column_attrs
                  if attr.key not in NOT_AN_EDIT and state.attrs[attr.key].history.has_changes())


def _user_of(session: Session, obj: Any) -> int | None:
    """The user the object belongs to (every change is made by its owner: nothing is shared between users)."""
    if isinstance(obj, User):
        return obj.id
    if isinstance(obj, ApiToken):
        return obj.user_id
    if isinstance(obj, Meeting):
        contact = inspect(obj).attrs.contact.loaded_value
        if isinstance(contact, Contact):
            return contact.owner_id
        return session.connection().scalar(select(Contact.owner_id).where(Contact.id == obj.contact_id))
    return getattr(obj, "owner_id", None)
