"""Property tests for the export writers: any text survives vCard (4.0 and 3.0), jCard and CSV unchanged, and
the address split never invents text."""

from __future__ import annotations

import csv
import io
import json

import vobject
from hypothesis import given, settings
from hypothesis import strategies as st

from service.core.export.address_parts import address_parts
from service.core.export.csv_writer import write_csv
from service.core.export.json_writers import write_jcard
from service.core.export.source import flat
from service.core.export.vcard_writer import vcard_properties, vcard_text

# Printable text with the characters the formats must escape: , ; \ : " and line breaks.
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85")
               | st.sampled_from([",", ";", "\\", ":", '"', "\n"]), min_size=1, max_size=80).filter(
    lambda s: s.strip() == s and s.strip())


def _document(name: str, note: str, company: str) -> dict:
    return {"schema": "cardnote/contact@1", "id": 7, "uid": "urn:uuid:00000000-0000-5000-8000-000000000007",
            "name": name, "company": company,
            "fields": {"name": {"value": name}, "given_name": {"value": name}, "family_name": {"value": "X"},
                       "company": {"value": company}, "emails": [], "phones": [], "websites": [], "social": [],
                       "address": None},
            "meetings": [{"date": "2026-03-04", "note": note, "collaboration": {"kind": "client", "detail": note},
                          "event": None}],
            "created_at": "2026-03-04T10:30:00+00:00", "updated_at": "2026-03-04T10:30:00+00:00"}


@settings(max_examples=60, deadline=None)
@given(name=TEXT, note=TEXT, company=TEXT)
def test_any_text_survives_vcard_both_versions(name, note, company):
    document = _document(name, note, company)
    for version in ("4.0", "3.0"):
        card = vobject.readOne(vcard_text(vcard_properties(document, flat(document)), version))
        assert card.fn.value == name
        assert card.n.value.given == name
        assert card.note.value == f"2026-03-04: {note}\nCollaboration (client): {note}"


@settings(max_examples=60, deadline=None)
@given(name=TEXT, note=TEXT, company=TEXT)
def test_any_text_survives_jcard_and_csv(name, note, company):
    document = _document(name, note, company)
    jcard = json.loads("".join(write_jcard(iter([(document, flat(document))]))))[0]
    props = {p[0]: p for p in jcard[1]}
    assert props["fn"][3] == name and props["org"][3] == company
    row = next(csv.DictReader(io.StringIO("".join(write_csv(iter([(document, flat(document))]))), newline="")))
    # a value a spreadsheet would run as a formula comes back after one apostrophe (csv_writer.neutralise)
    assert row["name"] in (name, "'" + name) and row["company"] in (company, "'" + company) and note in row["notes"]
    assert row["name"] == name or name.lstrip(" \n")[0] in "=+-@\t\r"


@settings(deadline=None)  # the address parser loads its town lists on first use
@given(st.lists(st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40),
                min_size=1, max_size=4))
def test_address_split_never_invents_text(lines):
    value = ", ".join(lines)
    parts = address_parts({"value": value, "lines": lines, "country": None})
    squeezed = "".join(value.split()).replace(",", "")
    for key in ("street", "city", "region", "postal_code"):
        if parts[key]:
            assert "".join(parts[key].split()).replace(",", "") in squeezed or all(
                word.replace(",", "") in squeezed for word in parts[key].split())
