"""Fixed contacts for the export tests: the same ids, values and timestamps on every run (golden files)."""

from __future__ import annotations

import datetime as dt

from service.core.accounts import create_user
from service.core.contacts import create_contact
from service.core.events import create_event
from service.storage.db import db
from service.storage.models import Contact, Draft

FIXED_TIME = dt.datetime(2026, 3, 4, 10, 30, tzinfo=dt.UTC)
OWNER = "exporter@example.com"
OTHER = "someone-else@example.com"


def seed_contacts(app) -> None:
    """Three contacts (one rich, one with characters that need escaping, one minimal), a draft, and another
    user's contact; none of the last two may ever be exported."""
    with app.app_context():
        session = db.session
        owner = create_user(session, OWNER, "correct horse battery")
        other = create_user(session, OTHER, "correct horse battery")
        fair = create_event(session, owner, {"name": "Logistics Fair 2026", "date": "2026-03-03", "place": "Madrid"})
        create_contact(session, owner, fields={
            "name": "Irene Soliz", "given_name": "Irene", "family_name": "Soliz", "title": "Diseñadora Gráfica",
            "department": "Marketing", "company": "Merino Soluciones",
            "emails": ["isoliz@merinosoluciones.com.mx"],
            "phones": [{"value": "+52 222 145 1450", "kind": "mobile"}, {"value": "+52 55 5555 1234", "kind": "work"},
                       {"value": "+52 55 5555 1299", "kind": "fax"}],
            "websites": ["https://merinosoluciones.com.mx"],
            "social": [{"value": "https://www.linkedin.com/in/irene-soliz", "service": "linkedin"}],
            "address": {"value": "Calle Mayor 12, 2º, 28013 Madrid", "lines": ["Calle Mayor 12, 2º", "28013 Madrid"],
                        "country": "ES"}},
            note="Talked about packaging design for their new product line.",
            collaboration={"kind": "supplier", "detail": "Quote for 3 packaging concepts"}, event_id=fair.id,
            date="2026-03-03")
        tricky = create_contact(session, owner, fields={
            "name": "Jean-Luc O'Neil; \"JL\"", "company": "Acme, Inc.", "emails": ["jl@acme.example"],
            "phones": [{"value": "+33 1 42 68 53 00", "kind": "work"}, {"value": "12-34", "kind": "other"}],
            "address": {"value": "1 Main St, Springfield, IL 62704", "lines": ["1 Main St", "Springfield, IL 62704"],
                        "country": "US"}},
            note="Long chat, over two lines:\nfirst about pricing, then about a pilot; très intéressant.",
            collaboration={"kind": "client", "detail": "Pilot with 10 seats, then decide"}, date="2026-03-04")
        session.flush()
        from service.core.contacts import add_meeting

        add_meeting(session, owner, tricky.id, note="Follow-up call about the pilot's success criteria.",
                    collaboration={"kind": "partner", "detail": "Co-present the pilot results"}, date="2026-03-20")
        create_contact(session, owner, fields={"name": "Ana"}, note="Met at the coffee stand, talked about hiring.",
                       collaboration={"kind": "talent", "detail": "Keep in mind for the design job"},
                       date="2026-03-05")
        create_contact(session, other, fields={"name": "Secret Person", "emails": ["secret@example.org"]},
                       note="This contact belongs to another user entirely.",
                       collaboration={"kind": "client", "detail": "Never exported for the owner"})
        session.add(Draft(owner_id=owner.id, card={"fields": {"name": {"value": "Draft Only"}}},
                          source_sha256="d" * 64, filename="draft.jpg"))
        session.flush()
        for contact in session.query(Contact):
            contact.created_at = contact.updated_at = FIXED_TIME
        session.commit()
