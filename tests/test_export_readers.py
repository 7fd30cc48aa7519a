"""Exports read back by a reader that is not their writer: Mozilla's ical.js (node) opens vCard 4.0, vCard 3.0,
jCard and the follow-ups calendar for contacts with FR, DE, US, BR and GB addresses and hostile text, and gives
back the same names, phones, emails, address parts and notes, field by field."""

from __future__ import annotations

import pytest

from service.core.accounts import get_user_by_email
from service.core.export import export_stream
from service.core.followups import calendar_ics, list_followups
from service.storage.db import db
from tests.support.export_contacts import E164, OWNER, PEOPLE, read_with_ical_js, seed_hostile


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    from service.http.app import create_app

    folder = tmp_path_factory.mktemp("hostile")
    app = create_app({"TESTING": True, "CARDNOTE_DATA_DIR": str(folder / "data"),
                      "CARDNOTE_DATABASE_URL": f"sqlite:///{folder / 'h.db'}", "CARDNOTE_SECRET_KEY": "t"})
    seed_hostile(app)
    return app


def _export(app, fmt, version=None):
    with app.app_context():
        owner = get_user_by_email(db.session, OWNER)
        return "".join(export_stream(db.session, owner, fmt, version))


def _normal(text):
    return text.replace("\r\n", "\n")


@pytest.mark.parametrize(("kind", "fmt", "version"), [("vcard", "vcard", "4.0"), ("vcard", "vcard", "3.0"),
                                                       ("jcard", "jcard", None)])
def test_ical_js_reads_every_field_back(hostile, tmp_path, kind, fmt, version):
    cards = read_with_ical_js(kind, _export(hostile, fmt, version), tmp_path)
    assert len(cards) == len(PEOPLE)
    for card, person, phones in zip(cards, PEOPLE, E164, strict=True):
        fields = person["fields"]
        assert card["version"] == (version or "4.0")
        assert card["fn"] == fields["name"]
        assert card["n"][:2] == [fields["family_name"], fields["given_name"]]
        assert card["org"][0] == " ".join(fields["company"].split())
        assert card["emails"] == fields["emails"]
        assert [t.removeprefix("tel:") for t in card["tels"]] == phones
        _box, _extended, street, city, region, code, country = card["adr"]
        parts = person["parts"]
        assert (street, city, region or None, code, country) == (
            parts["street"], parts["city"], parts["region"], parts["postal_code"], parts["country"])
        label = card["label"] if version != "3.0" else card["label_property"]
        assert label == parts.get("label") or label == "\n".join(fields["address"]["lines"])
        assert len(card["notes"]) == 1
        note = card["notes"][0]
        assert _normal(person["note"]) in note
        assert "Their strengths: Strong network" in note and 'My offer: Intro to our "design" team' in note
        assert "Next step (due 2026-03-1" in note


def test_ical_js_reads_the_follow_ups_calendar(hostile, tmp_path):
    with hostile.app_context():
        owner = get_user_by_email(db.session, OWNER)
        ics = calendar_ics(list_followups(db.session, owner, status="all")[0]).decode("utf-8")
    todos = read_with_ical_js("ics", ics, tmp_path)
    assert len(todos) == len(PEOPLE)
    by_action = {todo["summary"].rsplit(": ", 1)[1]: todo for todo in todos}
    for index, person in enumerate(PEOPLE):
        todo = by_action[f"Send the deck, v{index}"]
        assert todo["due"] == f"2026-03-1{index}"
        assert person["fields"]["name"] in todo["summary"]
        assert _normal(person["note"]) in todo["description"]
        assert todo["status"] == ("COMPLETED" if index == 0 else "NEEDS-ACTION")
