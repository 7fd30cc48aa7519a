"""Exports: a golden file per format, parse-back with the field's readers (vobject, json + jsonschema, csv),
only the user's own contacts (never drafts, never another user's), the API and CLI edges, batched reading.

Regenerate the golden files after an intended change:
    CARDNOTE_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_export.py
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import jsonschema
import pytest
import vobject

from service.cli import cli
from service.core.accounts import get_user_by_email, issue_token
from service.core.export import FORMATS, export_stream
from service.core.export.mappings import CSV_COLUMNS, HUBSPOT_PROPERTIES
from service.core.export.source import iter_contacts
from service.storage.db import db
from tests.support.export_helpers import OTHER, OWNER, seed_contacts

GOLDEN = Path(__file__).resolve().parent / "golden"
SCHEMA = Path(__file__).resolve().parent.parent / "service" / "core" / "export" / "contact.schema.json"
NAMES = ["Irene Soliz", "Jean-Luc O'Neil; \"JL\"", "Ana"]
TRICKY_NOTE = "Long chat, over two lines:\nfirst about pricing, then about a pilot; très intéressant."
GOLDEN_CASES = [(name, None) for name in FORMATS] + [("vcard", "3.0")]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """One app with the fixed contacts for the whole module (every test here only reads them)."""
    from service.http.app import create_app

    folder = tmp_path_factory.mktemp("export")
    env = {"CARDNOTE_DATA_DIR": str(folder / "data"), "CARDNOTE_DATABASE_URL": f"sqlite:///{folder / 'e.db'}",
           "CARDNOTE_SECRET_KEY": "test-secret"}
    app = create_app({"TESTING": True, **env})
    app.config["EXPORT_TEST_ENV"] = env
    seed_contacts(app)
    return app


@pytest.fixture
def client(seeded):
    return seeded.test_client()


@pytest.fixture
def runner(seeded):
    from click.testing import CliRunner

    return CliRunner(env=seeded.config["EXPORT_TEST_ENV"])


def _export(app, fmt, version=None, email=OWNER):
    with app.app_context():
        owner = get_user_by_email(db.session, email)
        return "".join(export_stream(db.session, owner, fmt, version))


@pytest.mark.parametrize(("fmt", "version"), GOLDEN_CASES)
def test_export_matches_its_golden_file(seeded, fmt, version):
    text = _export(seeded, fmt, version)
    golden = GOLDEN / (f"export.{fmt}" + (f"{version[0]}" if version else ""))
    if os.environ.get("CARDNOTE_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_bytes(text.encode("utf-8"))
    assert text == golden.read_bytes().decode("utf-8")


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_drafts_and_other_users_contacts_never_appear(seeded, fmt):
    text = _export(seeded, fmt)
    assert "Draft Only" not in text and "Secret Person" not in text and "secret@example.org" not in text
    assert "Irene" in text
    assert "secret@example.org" in _export(seeded, fmt, email=OTHER)


def test_json_validates_against_the_schema_file(seeded):
    document = json.loads(_export(seeded, "json"))
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text())).validate(document)
    assert [c["name"] for c in document["contacts"]] == NAMES
    meetings = document["contacts"][1]["meetings"]
    assert [m["collaboration"]["kind"] for m in meetings] == ["client", "partner"]
    assert meetings[0]["note"] == TRICKY_NOTE
    assert document["contacts"][0]["meetings"][0]["event"]["name"] == "Logistics Fair 2026"


def test_schema_refuses_a_contact_without_meetings_or_with_a_non_e164_valid_phone(seeded):
    document = json.loads(_export(seeded, "json"))
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text()))
    document["contacts"][0]["meetings"] = []
    assert not validator.is_valid(document)
    document = json.loads(_export(seeded, "json"))
    document["contacts"][0]["fields"]["phones"][0]["value"] = "222 145 1450"
    assert not validator.is_valid(document)


@pytest.mark.parametrize("version", ["4.0", "3.0"])
def test_vcard_parses_back_with_vobject(seeded, version):
    cards = list(vobject.readComponents(_export(seeded, "vcard", version)))
    assert [c.version.value for c in cards] == [version] * 3
    assert [c.fn.value for c in cards] == NAMES
    irene, jean, ana = cards
    tels = [t.value for t in irene.contents["tel"]]
    assert tels == (["tel:+522221451450", "tel:+525555551234", "tel:+525555551299"] if version == "4.0"
                    else ["+522221451450", "+525555551234", "+525555551299"])
    assert irene.adr.value.street == "Calle Mayor 12, 2º" and irene.adr.value.code == "28013"
    assert irene.org.value == ["Merino Soluciones", "Marketing"]
    notes = [n.value for n in jean.contents["note"]]
    assert notes[0].startswith("2026-03-04: " + TRICKY_NOTE)
    assert jean.categories.value == ["client", "partner"]
    assert ana.n.value.given == "Ana"
    assert ("kind" in irene.contents) == (version == "4.0")


def test_jcard_is_rfc_7095_shaped(seeded):
    cards = json.loads(_export(seeded, "jcard"))
    assert len(cards) == 3
    for card in cards:
        assert card[0] == "vcard"
        assert card[1][0] == ["version", {}, "text", "4.0"]
        assert all(isinstance(p[0], str) and isinstance(p[1], dict) and isinstance(p[2], str) and len(p) >= 4
                   for p in card[1])
    jean = {p[0]: p for p in reversed(cards[1][1])}
    assert jean["categories"][3:] == ["client", "partner"]  # multi-valued: values follow one another
    notes = [p[3] for p in cards[1][1] if p[0] == "note"]
    assert len(notes) == 2 and TRICKY_NOTE in notes[0]
    tel = next(p for p in cards[0][1] if p[0] == "tel")
    assert tel[2] == "uri" and tel[3] == "tel:+522221451450"


def test_csv_has_the_documented_header_and_one_row_per_contact(seeded):
    rows = list(csv.DictReader(io.StringIO(_export(seeded, "csv"), newline="")))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert [r["name"] for r in rows] == NAMES
    assert TRICKY_NOTE in rows[1]["notes"] and "phone 1234 (did not validate)" in rows[1]["notes"]
    assert rows[0]["phones"] == "mobile:+522221451450; work:+525555551234; fax:+525555551299"
    assert rows[1]["collaborations"] == "client; partner"


def test_crm_bodies_use_their_documented_fields(seeded):
    hubspot = json.loads(_export(seeded, "hubspot"))["inputs"]
    assert all(set(i["properties"]) <= set(HUBSPOT_PROPERTIES) for i in hubspot)
    assert hubspot[0]["properties"]["mobilephone"] == "+522221451450"
    leads = json.loads(_export(seeded, "salesforce"))["records"]
    assert all(r["attributes"] == {"type": "Lead"} and r["LastName"] for r in leads)
    assert "Quote for 3 packaging concepts" in leads[0]["Description"]
    people = json.loads(_export(seeded, "google"))["contacts"]
    assert people[0]["contactPerson"]["phoneNumbers"][2] == {"value": "+525555551299", "type": "workFax"}
    assert TRICKY_NOTE in people[1]["contactPerson"]["biographies"][0]["value"]
    graph = json.loads(_export(seeded, "msgraph"))["value"]
    assert graph[0]["businessPhones"] == ["+525555551234"] and graph[0]["mobilePhone"] == "+522221451450"
    assert graph[0]["emailAddresses"] == [{"address": "isoliz@merinosoluciones.com.mx", "name": "Irene Soliz"}]
    assert "Co-present" in graph[1]["personalNotes"]


def _token(app, email):
    with app.app_context():
        _, secret = issue_token(db.session, get_user_by_email(db.session, email), "t")
        db.session.commit()
    return {"Authorization": f"Bearer {secret}"}


def test_api_streams_an_attachment_of_only_the_callers_contacts(seeded, client):
    response = client.get("/api/v1/export?format=vcard", headers=_token(seeded, OWNER))
    assert response.status_code == 200 and response.is_streamed
    assert response.headers["Content-Type"] == "text/vcard; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="cardnote-contacts.vcf"'
    body = response.get_data(as_text=True)
    assert body.count("BEGIN:VCARD") == 3 and "Secret Person" not in body
    other = client.get("/api/v1/export?format=json", headers=_token(seeded, OTHER)).get_json()
    assert [c["name"] for c in other["contacts"]] == ["Secret Person"]
    old = client.get("/api/v1/export?format=vcard&vcard_version=3.0", headers=_token(seeded, OWNER))
    assert "VERSION:3.0" in old.get_data(as_text=True)


@pytest.mark.parametrize("query", ["format=xml", "", "format=vcard&vcard_version=2.1"])
def test_api_refuses_unknown_formats_with_a_json_error(seeded, client, query):
    response = client.get(f"/api/v1/export?{query}", headers=_token(seeded, OWNER))
    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid_request" and response.get_json()["message"]


def test_api_export_needs_a_token(seeded, client):
    assert client.get("/api/v1/export?format=json").status_code == 401


def test_cli_writes_the_file_and_refuses_unknown_formats(seeded, runner, tmp_path):
    target = tmp_path / "out.csv"
    result = runner.invoke(cli, ["export", "--user", OWNER, "--format", "csv", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes().decode("utf-8") == _export(seeded, "csv")
    assert not list(tmp_path.glob(".*partial"))
    assert runner.invoke(cli, ["export", "--user", OWNER, "--format", "xml"]).exit_code == 2
    stdout = runner.invoke(cli, ["export", "--user", OWNER, "--format", "vcard", "--vcard-version", "3.0"])
    assert stdout.output.count("VERSION:3.0") == 3


def test_contacts_are_read_in_batches_and_let_go_of(seeded):
    with seeded.app_context():
        owner = get_user_by_email(db.session, OWNER)
        held = []
        for contact in iter_contacts(db.session, owner, batch_size=1):
            held.append(len(db.session.identity_map))
            assert contact.name in NAMES
        # Only the current page (contact + its meetings + event + owner) is in the session at any time.
        assert max(held) <= 5 and len(held) == 3
