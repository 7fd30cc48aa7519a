"""What every export format is made from: the owner's contacts read in batches, as cardnote's own contact
document (the `json` format) and as one flat view (`flat`) that the CRM mappings pick their values from.

Only contacts are exported, never drafts. Contacts are read by keyset pages of BATCH_SIZE and let go of after
each page, so memory stays flat however many contacts there are.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

from nameparser import HumanName
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from service.core.export.address_parts import address_parts
from service.storage.models import Contact, Meeting, User

BATCH_SIZE = 200
DOCUMENT_SCHEMA = "cardnote/contact@1"
UID_NAMESPACE = uuid.UUID("0c9f5c3e-5b8a-4b47-9a54-7d1d2f7a8c11")  # cardnote's namespace for contact UIDs

def iter_contacts(session: Session, owner: User, batch_size: int = BATCH_SIZE) -> Iterator[Contact]:
    """The owner's contacts in id order, with meetings and events, BATCH_SIZE at a time (bounded memory)."""
    last_id = 0
    while True:
        batch = session.scalars(
            select(Contact).where(Contact.owner_id == owner.id, Contact.id > last_id).order_by(Contact.id)
            .limit(batch_size).options(selectinload(Contact.meetings).selectinload(Meeting.event),
                                selectinload(Contact.meetings).selectinload(Meeting.followup))).all()
        if not batch:
            return
        yield from batch
        last_id = batch[-1].id
        for contact in batch:  # forget the page before reading the next one
            for meeting in contact.meetings:
                if meeting.followup is not None:
                    session.expunge(meeting.followup)
                session.expunge(meeting)
            session.expunge(contact)


def contact_uid(contact: Contact) -> str:
    """A stable, globally unique id for address books (vCard UID): a UUID from the contact's id and creation."""
    created = contact.created_at.isoformat() if contact.created_at else ""
    return f"urn:uuid:{uuid.uuid5(UID_NAMESPACE, f'{contact.id}:{created}')}"


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def contact_document(contact: Contact) -> dict[str, Any]:
    """cardnote's own contact document (`cardnote/contact@1`, service/core/export/contact.schema.json)."""
    return {
        "schema": DOCUMENT_SCHEMA,
        "id": contact.id,
        "uid": contact_uid(contact),
        "name": contact.name,
        "company": contact.company,
        "fields": contact.fields,
        "meetings": [{
            "date": m.date.isoformat(),
            "note": m.note,
            "collaboration": {"kind": m.collaboration_kind, "detail": m.collaboration_detail},
            "event": ({"name": m.event.name, "date": _iso(m.event.date), "place": m.event.place}
                      if m.event is not None else None),
            "their_strengths": m.their_strengths or None,
            "my_offer": m.my_offer or None,
            "next_step": ({"action": m.followup.action, "due": m.followup.due.isoformat(),
                           "done": m.followup.done_at is not None, "done_at": _iso(m.followup.done_at)}
                          if m.followup is not None else None),
        } for m in contact.meetings],
        "created_at": _iso(contact.created_at),
        "updated_at": _iso(contact.updated_at),
    }


def _value(fields: dict[str, Any], key: str) -> str | None:
    item = fields.get(key)
    return item.get("value") if isinstance(item, dict) and item.get("value") else None


def meeting_text(meeting: dict[str, Any]) -> str:
    """One meeting as a paragraph for formats that only have free-text notes: the conversation, the intended
    collaboration, the win-win texts and the next step with its due date and state."""
    where = f" at {meeting['event']['name']}" if meeting.get("event") else ""
    collaboration = meeting["collaboration"]
    lines = [f"{meeting['date']}{where}: {meeting['note']}",
             f"Collaboration ({collaboration['kind']}): {collaboration['detail']}"]
    if meeting.get("their_strengths"):
        lines.append(f"Their strengths: {meeting['their_strengths']}")
    if meeting.get("my_offer"):
        lines.append(f"My offer: {meeting['my_offer']}")
    step = meeting.get("next_step")
    if step:
        state = f"done {step['done_at'][:10]}" if step["done"] else "open"
        lines.append(f"Next step (due {step['due']}, {state}): {step['action']}")
    return "\n".join(lines)


def flat(document: dict[str, Any]) -> dict[str, Any]:
    """The flat view the mappings read: one value per key, lists where a CRM takes several. Phones in E.164."""
    fields = document["fields"]
    name = _value(fields, "name") or document.get("name")
    given, family = _value(fields, "given_name"), _value(fields, "family_name")
    if name and not (given or family):  # a name typed in one box: nameparser splits it for first/last columns
        parsed = HumanName(name)
        given, family = parsed.first or None, parsed.last or None
    phones = [p for p in fields.get("phones") or [] if p.get("value")]
    valid = [p for p in phones if p.get("valid") and str(p["value"]).startswith("+")]
    emails = [e["value"] for e in fields.get("emails") or [] if e.get("value") and e.get("valid", True)]
    websites = [w["value"] for w in fields.get("websites") or [] if w.get("value")]
    social = [s["value"] for s in fields.get("social") or [] if s.get("value")]
    unverified = [f"phone {p['value']} (did not validate)" for p in phones if p not in valid]
    unverified += [f"email {e['value']} (did not validate)" for e in fields.get("emails") or []
                   if e.get("value") and not e.get("valid", True)]
    meetings = document["meetings"]
    notes = [meeting_text(m) for m in meetings]
    if unverified:
        notes.append("Unverified on the card: " + "; ".join(unverified))

    def first(kinds: tuple[str, ...]) -> str | None:
        return next((p["value"] for p in valid if p.get("kind") in kinds), None)

    return {
        "id": document["id"], "uid": document["uid"],
        "full_name": name or " ".join(filter(None, [given, family])) or None,
        "given_name": given, "family_name": family, "honorific": _value(fields, "honorific"),
        "title": _value(fields, "title"), "department": _value(fields, "department"),
        "company": _value(fields, "company"),
        "email": emails[0] if emails else None, "emails": emails,
        "phones": [{"value": p["value"], "kind": p.get("kind") or "other"} for p in valid],
        "work_phone": first(("work", "other")), "work_phones": [p["value"] for p in valid if p.get("kind") in
                                                                ("work", "other")],
        "mobile_phone": first(("mobile",)), "fax": first(("fax",)),
        "website": websites[0] if websites else None, "websites": websites, "social": social,
        **address_parts(fields.get("address")),
        "notes_text": "\n\n".join(notes) or None,
        "notes": [m["note"] for m in meetings],
        "collaborations": sorted({m["collaboration"]["kind"] for m in meetings}),
        "collaboration_details": [m["collaboration"]["detail"] for m in meetings],
        "events": sorted({m["event"]["name"] for m in meetings if m.get("event")}),
        "first_met_on": meetings[0]["date"] if meetings else None,
        "created_at": document["created_at"], "updated_at": document["updated_at"],
    }
