"""Contact files come in as drafts: .vcf (2.1/3.0/4.0) and Google / Outlook CSV through POST /api/v1/imports,
`cardnote import` and the web scan page; each person a draft in "Needs context", a known person offered as a new
meeting, a second import of the same file adds nothing, a broken file is a clear 422 or named in the summary;
and google-csv / outlook-csv exports come back as the same people (round trip)."""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.cli import cli
from service.core.accounts import get_user_by_email
from service.core.contact_files import read_contact_file
from service.core.export import export_stream
from service.domain.errors import UnreadableContacts
from service.storage.db import db
from service.storage.models import Contact, Draft
from tests.support.contact_files import BROKEN_VCF, TWO_PEOPLE_VCF
from tests.support.export_contacts import E164, OWNER, PEOPLE, seed_hostile
from tests.support.service_helpers import add_user
from tests.support.web import logged_in_client

pytestmark = pytest.mark.postgres  # the database tests here run on SQLite and on PostgreSQL


def _post(client, headers, data: bytes, name: str):
    return client.post("/api/v1/imports", headers=headers, data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def _counts(app, email):
    with app.app_context():
        owner = get_user_by_email(db.session, email)
        return (db.session.query(Draft).filter_by(owner_id=owner.id).count(),
                db.session.query(Contact).filter_by(owner_id=owner.id).count())


def test_a_vcf_with_two_people_gives_two_drafts_and_again_nothing(app, client):
    headers = add_user(app, "v@example.com")
    first = _post(client, headers, TWO_PEOPLE_VCF.encode("utf-8"), "people.vcf")
    assert first.status_code == 201, first.get_json()
    body = first.get_json()
    assert body["created"] == 2 and _counts(app, "v@example.com") == (2, 0)
    juergen, amelie = (d["card"]["fields"] for d in body["drafts"])
    assert juergen["name"]["value"] == "Dr. Jürgen Müller" and juergen["family_name"]["value"] == "Müller"
    assert juergen["honorific"]["value"] == "Dr." and juergen["company"]["value"] == "Straße GmbH"
    assert [(p["value"], p["kind"], p["valid"]) for p in juergen["phones"]] == [
        ("+4915123456789", "mobile", True), ("+493090182001", "fax", True)]  # the region from the address
    assert juergen["address"]["street"] == "Friedrichstraße 123" and juergen["address"]["country"] == "DE"
    assert juergen["address"]["postal_code"] == "10117" and juergen["address"]["locality"] == "Berlin"
    assert amelie["title"]["value"].endswith("numérique du groupe")  # a folded 3.0 line
    assert amelie["company"]["value"] == "Société Générale, Lab" and amelie["department"]["value"] == "Innovation"
    assert [(e["value"], e["valid"]) for e in amelie["emails"]] == [("amelie.durand@example.fr", True),
                                                                    ("not-an-email@", False)]
    assert amelie["social"][0]["service"] == "linkedin"
    assert {f["source"] for f in (*juergen["phones"], *amelie["emails"], amelie["name"])} == {"vcard"}
    again = _post(client, headers, TWO_PEOPLE_VCF.encode("utf-8"), "people-again.vcf")
    assert again.status_code == 200 and again.get_json()["created"] == 0
    assert _counts(app, "v@example.com") == (2, 0)


@pytest.mark.parametrize(("data", "name"), [(BROKEN_VCF.encode(), "broken.vcf"), (b"a,b\n1,2\n", "numbers.csv"),
                                            (b"BEGIN:VCARD\r\nVERSION:4.0\r\nEND:VCARD\r\n", "nobody.vcf"),
                                            (b"\xff\xfe\x00\x00garbage", "bytes.vcf")])
def test_a_broken_contacts_file_is_a_clear_422(app, client, data, name):
    headers = add_user(app, "b@example.com")
    response = _post(client, headers, data, name)
    assert response.status_code == 422, response.get_json()
    assert response.get_json()["error"] == "unreadable_contacts" and name in response.get_json()["message"]
    assert _counts(app, "b@example.com") == (0, 0)


def test_someone_already_known_is_offered_as_a_new_meeting(app, client):
    headers = add_user(app, "k@example.com")
    made = client.post("/api/v1/contacts", headers=headers, json={
        "fields": {"name": "Amélie D.", "emails": ["amelie.durand@example.fr"]},
        "note": "Met her at the fair about the pilot.", "collaboration": {"kind": "partner",
                                                                          "detail": "Pilot together next spring"}})
    assert made.status_code == 201, made.get_json()
    drafts = _post(client, headers, TWO_PEOPLE_VCF.encode(), "people.vcf").get_json()["drafts"]
    known = {d["card"]["fields"]["name"]["value"]: d.get("existing_contact") for d in drafts}
    assert known["Amélie Durand"]["id"] == made.get_json()["id"] and known["Dr. Jürgen Müller"] is None
    assert _counts(app, "k@example.com") == (2, 1)


@pytest.mark.parametrize("fmt", ["google-csv", "outlook-csv"])
def test_csv_exports_come_back_as_the_same_people(app, client, fmt):
    seed_hostile(app)
    with app.app_context():
        exported = "".join(export_stream(db.session, get_user_by_email(db.session, OWNER), fmt)).encode("utf-8")
    headers = add_user(app, "roundtrip@example.com")
    response = _post(client, headers, exported, f"contacts.{fmt}.csv".replace("-csv", ""))
    assert response.status_code == 201, response.get_json()
    drafts = [d["card"]["fields"] for d in response.get_json()["drafts"]]
    assert len(drafts) == len(PEOPLE) and _counts(app, "roundtrip@example.com") == (len(PEOPLE), 0)
    for fields, person, phones in zip(drafts, PEOPLE, E164, strict=True):
        typed = person["fields"]
        assert (fields["given_name"]["value"], fields["family_name"]["value"]) == (typed["given_name"],
                                                                                   typed["family_name"])
        assert fields["name"]["value"] == f"{typed['given_name']} {typed['family_name']}"
        assert fields["company"]["value"] == " ".join(typed["company"].split())  # incl. "=HYPERLINK(…)" as text
        assert [e["value"] for e in fields["emails"]] == typed["emails"]
        assert sorted(p["value"] for p in fields["phones"]) == sorted(phones)
        assert all(p["valid"] and p["source"] == "csv" for p in fields["phones"])
        assert fields["address"]["locality"] == person["parts"]["city"]
        assert fields["address"]["postal_code"] == person["parts"]["postal_code"]
    again = _post(client, headers, exported, "same-again.csv")
    assert again.status_code == 200 and again.get_json()["created"] == 0


def test_cli_imports_a_folder_that_mixes_contacts_files_and_images(app, runner, tmp_path):
    add_user(app, "cli@example.com")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "people.vcf").write_text(TWO_PEOPLE_VCF, encoding="utf-8", newline="")
    (folder / "broken.vcf").write_text(BROKEN_VCF, encoding="utf-8", newline="")
    (folder / "card.jpg").write_bytes(b"\xff\xd8 not really a JPEG")
    result = runner.invoke(cli, ["import", str(folder), "--user", "cli@example.com", "--workers", "1"])
    assert result.exit_code == 1, result.output  # two files failed, named in the summary
    assert "broken.vcf" in result.output and "card.jpg" in result.output
    assert _counts(app, "cli@example.com") == (2, 0)
    again = runner.invoke(cli, ["import", str(folder), "--user", "cli@example.com", "--workers", "1"])
    assert "broken.vcf" in again.output and _counts(app, "cli@example.com") == (2, 0)


def test_the_scan_page_takes_a_vcf(app):
    client = logged_in_client(app, "web@example.com")
    page = client.get("/scan").get_data(as_text=True)
    assert ".vcf" in page and ".csv" in page
    response = client.post("/scan", data={"images": (io.BytesIO(TWO_PEOPLE_VCF.encode()), "people.vcf")},
                           headers={"Accept": "application/json"}, content_type="multipart/form-data")
    assert response.status_code == 200, response.get_data(as_text=True)
    items = response.get_json()["items"]
    assert [i["name"] for i in items] == ["Dr. Jürgen Müller", "Amélie Durand"] and all(i["created"] for i in items)
    assert _counts(app, "web@example.com") == (2, 0)
    review = client.get(items[0]["review_url"])  # a draft with no card image opens for its context
    assert review.status_code == 200 and "Jürgen" in review.get_data(as_text=True)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=400), st.text(max_size=300).map(str.encode),
                      st.lists(st.sampled_from(["BEGIN:VCARD", "VERSION:2.1", "VERSION:4.0", "FN:A", "N:;;;;",
                                                "TEL;CELL:+33142685300", "EMAIL:a@", "ADR:;;;;;;", "END:VCARD",
                                                "FN;ENCODING=QUOTED-PRINTABLE:=C3=", "ORG:\\;", " folded", "=",
                                                "First Name,E-mail Address", "a,\"b", ""]),
                               max_size=12).map(lambda lines: "\r\n".join(lines).encode())),
       name=st.sampled_from(["x.vcf", "x.csv"]))
def test_any_bytes_give_people_or_one_clear_error(data, name):
    try:
        cards = read_contact_file(data, name)
    except UnreadableContacts as exc:
        assert exc.message.startswith(f"{name}: ") and "\n" not in exc.message.strip()
        return
    assert cards and all(c["schema"] == "cardnote/card@1" for c in cards)
    for card in cards:
        fields = card["fields"]
        assert fields["name"] or fields["company"] or fields["emails"] or fields["phones"]
        assert all(p["value"].startswith("+") for p in fields["phones"] if p["valid"])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=60)
       .filter(lambda s: s.split()), version=st.sampled_from(["3.0", "4.0"]))
def test_any_name_in_a_vcard_comes_back(name, version):
    from service.core.export.vcard_writer import Prop, vcard_text

    text = vcard_text([Prop("version", {}, "text", version), Prop("fn", {}, "text", name),
                       Prop("email", {"type": "work"}, "text", "someone@example.org")], version)
    card = read_contact_file(text.encode("utf-8"), "one.vcf")[0]
    assert card["fields"]["name"]["value"] == " ".join(name.split())
