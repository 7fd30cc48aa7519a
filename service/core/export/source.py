"""What every export format is made from: the owner's contacts read in batches, as cardnote's own contact
document (the `json` format) and as one flat view (`flat`) that the CRM mappings pick their values from.

Only contacts are exported, never drafts. Contacts are read by keyset pages of BATCH_SIZE and let go of after
each page, so memory stays flat however many contacts there are.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import Any

from nameparser import HumanName
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from service.storage.models import Contact, Meeting, User

BATCH_SIZE = 200
DOCUMENT_SCHEMA = "cardnote/contact@1"
UID_NAMESPACE = uuid.UUID("0c9f5c3e-5b8a-4b47-9a54-7d1d2f7a8c11")  # cardnote's namespace for contact UIDs

# Postcode shapes of the countries cards come from (BR, PT, AR, GB/IE, then 4–5 digits: ES DE FR MX US AT CH…).
# Hand-written, like enrich/address.py, because no offline international address parser fits (libpostal needs
# a 2 GB model). When no postcode is found the address stays whole in `street` rather than being guessed apart.
_POSTCODE = re.compile(r"\b(\d{5}-\d{3}|\d{4}-\d{3}|[A-Z]\d{4}[A-Z]{3}|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|\d{4,5})\b")


def iter_contacts(session: Session, owner: User, batch_size: int = BATCH_SIZE) -> Iterator[Contact]:
    """The owner's contacts in id order, with meetings and events, BATCH_SIZE at a time (bounded memory)."""
    last_id = 0
    while True:
        batch = session.scalars(
            select(Contact).where(Contact.owner_id == owner.id, Contact.id > last_id).order_by(Contact.id)
            .limit(batch_size).options(selectinload(Contact.meetings).selectinload(Meeting.event))).all()
        if not batch:
            return
        yield from batch
        last_id = batch[-1].id
        for contact in batch:  # forget the page before reading the next one
            for meeting in contact.meetings:
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
        } for m in contact.meetings],
        "created_at": _iso(contact.created_at),
        "updated_at": _iso(contact.updated_at),
    }


def _value(fields: dict[str, Any], key: str) -> str | None:
    item = fields.get(key)
    return item.get("value") if isinstance(item, dict) and item.get("value") else None


def split_address(address: dict[str, Any] | None) -> dict[str, str | None]:
    """street / city / postal_code / country from the stored address (its printed lines), never invented."""
    if not address or not address.get("value"):
        return {"address": None, "street": None, "city": None, "region": None, "postal_code": None, "country": None}
    lines = [line.strip(" ,") for line in address.get("lines") or [] if line.strip(" ,")] or [address["value"]]
    if len(lines) == 1:
        lines = [part.strip() for part in lines[0].split(",") if part.strip()]
    street, city, region, postcode = address["value"], None, None, None
    for index in range(len(lines) - 1, 0, -1):  # the postcode line is the last one that has a postcode
        match = _POSTCODE.search(lines[index])
        if match:
            postcode = match.group(1)
            before, after = lines[index][:match.start()].strip(" ,"), lines[index][match.end():].strip(" ,")
            if "," in before:  # "Springfield, IL 62704": city, then state or province
                before, region = (part.strip() for part in before.rsplit(",", 1))
            city = " ".join(f"{before} {after}".split()) or None
            street = ", ".join(lines[:index])
            break
    return {"address": address["value"], "street": street, "city": city, "region": region or None,
            "postal_code": postcode, "country": address.get("country")}


def meeting_text(meeting: dict[str, Any]) -> str:
    """One meeting as a paragraph for CRMs that only have a free-text notes field."""
    where = f" at {meeting['event']['name']}" if meeting.get("event") else ""
    collaboration = meeting["collaboration"]
    return f"{meeting['date']}{where}: {meeting['note']}\nCollaboration ({collaboration['kind']}): " \
           f"{collaboration['detail']}"


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
        **split_address(fields.get("address")),
        "notes_text": "\n\n".join(notes) or None,
        "notes": [m["note"] for m in meetings],
        "collaborations": sorted({m["collaboration"]["kind"] for m in meetings}),
        "collaboration_details": [m["collaboration"]["detail"] for m in meetings],
        "events": sorted({m["event"]["name"] for m in meetings if m.get("event")}),
        "first_met_on": meetings[0]["date"] if meetings else None,
        "created_at": document["created_at"], "updated_at": document["updated_at"],
    }
