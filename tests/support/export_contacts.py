"""Contacts with FR, DE, US, BR and GB addresses and hostile text, and what an independent reader must get back.

Each PERSON gives the fields as the user typed them and the parts a correct address split has (the truth the
exports are compared against, written by hand from the printed address).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

from service.core.accounts import create_user
from service.core.contacts import create_contact
from service.storage.db import db
from service.storage.models import Followup

OWNER = "hostile@example.com"
ROOT = Path(__file__).resolve().parents[2]
READER = ROOT / "tests" / "js" / "read_export.mjs"
LONG_NOTE = ("Long talk, \"quoted\", with commas, semicolons; colons: and a tab\there. 绿色能源 مرحبا بالعالم 🚀👩‍💻 "
             * 40)[:1999].rstrip().ljust(1999, "x") + "."  # 2,000 characters, no trailing space to trim

PEOPLE = [
    {"fields": {"name": "Amélie \"Mimi\" Durand-Lefèvre", "given_name": "Amélie", "family_name": "Durand-Lefèvre",
                "company": "Société Générale; Innovation, Lab", "title": "Directrice \"R&D\"",
                "emails": ["amelie.durand@example.fr"], "phones": [{"value": "+33 1 42 68 53 00", "kind": "work"}],
                "address": "12, rue de la Paix\n75002 Paris\nFrance"},  # typed on three lines
     "note": "Met at VivaTech; talked about \"green\" data centres,\nthen\tcarbon accounting. ^caret^ \\backslash",
     "parts": {"street": "12, rue de la Paix", "city": "Paris", "region": None, "postal_code": "75002",
               "country": "France", "label": "12, rue de la Paix\n75002 Paris\nFrance"}},
    {"fields": {"name": "Jürgen Groß", "given_name": "Jürgen", "family_name": "Groß", "company": "Straße & Söhne GmbH",
                "emails": ["j.gross@example.de"], "phones": [{"value": "+49 30 9018 2000", "kind": "work"}],
                "address": {"value": "Friedrichstraße 123, 10117 Berlin",
                            "lines": ["Friedrichstraße 123", "10117 Berlin"], "country": "DE"}},
     "note": LONG_NOTE,
     "parts": {"street": "Friedrichstraße 123", "city": "Berlin", "region": None, "postal_code": "10117",
               "country": "Germany"}},
    {"fields": {"name": "Mary-Jane O'Connor", "given_name": "Mary-Jane", "family_name": "O'Connor",
                "company": "=HYPERLINK(\"http://evil.example\",\"x\")", "title": "+VP, Sales; East",
                "emails": ["mj@example.com"], "phones": [{"value": "+1 212 736 3100", "kind": "work"}],
                "address": {"value": "350 Fifth Avenue, Suite 3300, New York, NY 10118, USA",
                            "lines": ["350 Fifth Avenue, Suite 3300", "New York, NY 10118", "USA"]}},
     "note": "-2+3 said the whiteboard; @channel asked about pricing.\r\nSecond line after CRLF.",
     "parts": {"street": "350 Fifth Avenue, Suite 3300", "city": "New York", "region": "NY", "postal_code": "10118",
               "country": "United States"}},
    {"fields": {"name": "João da Silva", "given_name": "João", "family_name": "da Silva",
                "company": "Café Ltda.", "emails": ["joao@example.com.br"],
                "phones": [{"value": "+55 11 98765 4321", "kind": "mobile"}, {"value": "+55 11 3065 1000",
                                                                              "kind": "work"}],
                "address": {"value": "Av. Paulista, 1578, Bela Vista, São Paulo - SP, 01310-200, Brasil",
                            "lines": ["Av. Paulista, 1578", "Bela Vista", "São Paulo - SP", "01310-200", "Brasil"]}},
     "note": "Conversa sobre logística 🚚, 東京 e עברית (RTL) — next steps in a week.",
     "parts": {"street": "Av. Paulista, 1578, Bela Vista", "city": "São Paulo", "region": "SP",
               "postal_code": "01310-200", "country": "Brazil"}},
    {"fields": {"name": "Siân Ó Briain", "given_name": "Siân", "family_name": "Ó Briain", "company": "Tab\tCo",
                "emails": ["sian@example.co.uk"], "phones": [{"value": "+44 20 7946 0958", "kind": "work"}],
                "address": {"value": "10 Downing Street, London SW1A 2AA, United Kingdom",
                            "lines": ["10 Downing Street", "London SW1A 2AA", "United Kingdom"]}},
     "note": "Tea and a long chat about open data 🫖 — 中文 — العربية.",
     "parts": {"street": "10 Downing Street", "city": "London", "region": None, "postal_code": "SW1A 2AA",
               "country": "United Kingdom"}},
]
E164 = [["+33142685300"], ["+493090182000"], ["+12127363100"], ["+5511987654321", "+551130651000"],
        ["+442079460958"]]


def seed_hostile(app) -> None:
    """The PEOPLE as contacts of OWNER, each with win-win texts and a next step (the first one done)."""
    with app.app_context():
        session = db.session
        owner = create_user(session, OWNER, "correct horse battery")
        for index, person in enumerate(PEOPLE):
            create_contact(session, owner, fields=person["fields"], note=person["note"],
                           collaboration={"kind": "partner", "detail": f"Pilot, phase {index + 1}; \"soon\""},
                           date="2026-03-03", their_strengths=f"Strong network, {index} offices; 🚀",
                           my_offer="Intro to our \"design\" team",
                           next_step={"action": f"Send the deck, v{index}", "due": "2026-03-1" + str(index)})
        session.flush()
        first = session.query(Followup).order_by(Followup.id).first()
        first.done_at = dt.datetime(2026, 3, 9, 8, 0, tzinfo=dt.UTC)
        session.commit()


def read_with_ical_js(kind: str, text: str, tmp_path: Path) -> list[dict]:
    """What ical.js (node) reads from an export: see tests/js/read_export.mjs."""
    node = shutil.which("node")
    assert node, "Node.js is needed to read exports with ical.js"
    target = tmp_path / f"export.{kind}"
    target.write_bytes(text.encode("utf-8"))
    done = subprocess.run([node, str(READER), kind, str(target)], capture_output=True, text=True, cwd=ROOT,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)
