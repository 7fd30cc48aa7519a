"""The three CSV layouts: no cell a spreadsheet would run as a formula (hypothesis over hostile text), E.164
phones kept usable, Google's and Outlook's own column names, and the BOM only where the importer needs it."""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from service.core.export import FORMATS
from service.core.export.csv_formats import GOOGLE_COLUMNS, OUTLOOK_COLUMNS
from service.core.export.csv_writer import BOM, E164, neutralise
from service.core.export.source import flat

CSV_FORMATS = ("csv", "google-csv", "outlook-csv")
PHONE_COLUMNS = {"Phone 1 - Value", "Phone 2 - Value", "Phone 3 - Value", "Business Fax", "Business Phone",
                 "Business Phone 2", "Mobile Phone"}
DANGER = st.sampled_from(["=", "+", "-", "@", "\t", "\r", " =", "\n+", "=HYPERLINK(\"http://x\",\"y\")",
                          "@SUM(1+1)*cmd|' /C calc'!A0", "-2+3", "+33142685300"])
TEXT = st.one_of(st.text(min_size=1, max_size=30), st.tuples(DANGER, st.text(max_size=20)).map("".join))


def _document(values: dict[str, str], phone: str) -> dict:
    text = {key: {"value": value} for key, value in values.items()}
    return {"schema": "cardnote/contact@1", "id": 1, "uid": "urn:uuid:00000000-0000-5000-8000-000000000001",
            "name": values["name"], "company": values["company"],
            "fields": {**text, "emails": [{"value": values["email"], "valid": True}],
                       "phones": [{"value": phone, "kind": "work", "valid": True},
                                  {"value": values["name"], "kind": "mobile", "valid": True}],
                       "websites": [{"value": values["title"]}], "social": [],
                       "address": {"value": values["address"], "lines": values["address"].split("\n")}},
            "meetings": [{"date": "2026-03-04", "note": values["note"], "event": None,
                          "collaboration": {"kind": "client", "detail": values["detail"]},
                          "their_strengths": values["title"], "my_offer": values["company"],
                          "next_step": {"action": values["note"], "due": "2026-03-05", "done": False,
                                        "done_at": None}}],
            "created_at": "2026-03-04T10:30:00+00:00", "updated_at": "2026-03-04T10:30:00+00:00"}


def _rows(fmt: str, document: dict) -> tuple[str, list[list[str]]]:
    text = "".join(FORMATS[fmt].write(iter([(document, flat(document))])))
    return text, list(csv.reader(io.StringIO(text.removeprefix(BOM), newline="")))


KEYS = ("name", "given_name", "family_name", "title", "company", "department", "email", "address", "note", "detail")


@settings(max_examples=80, deadline=None)
@given(values=st.fixed_dictionaries({key: TEXT for key in KEYS}), phone=st.one_of(DANGER, st.just("+442079460958")))
def test_no_cell_starts_a_formula(values, phone):
    document = _document(values, phone)
    for fmt in CSV_FORMATS:
        _text, rows = _rows(fmt, document)
        header, *body = rows
        assert len(body) == 1
        for column, cell in zip(header, body[0], strict=True):
            if column in PHONE_COLUMNS and E164.fullmatch(cell):
                continue  # a bare E.164 number: digits only, address books need its "+"
            assert not cell.lstrip(" \n").startswith(("=", "+", "-", "@", "\t", "\r")), (fmt, column, cell)


def test_e164_phones_stay_as_they_are_and_formulas_get_an_apostrophe():
    assert neutralise("+33142685300", phone_column=True) == "+33142685300"
    assert neutralise("+33142685300") == "'+33142685300"
    assert neutralise("+33 1 42 68 53 00", phone_column=True) == "'+33 1 42 68 53 00"
    assert neutralise("=1+1", phone_column=True) == "'=1+1"
    assert neutralise("\t=cmd") == "'\t=cmd" and neutralise("Anne-Marie") == "Anne-Marie"


def test_google_and_outlook_headers_and_bom():
    values = {key: f"{key} text" for key in KEYS}
    document = _document(values, "+442079460958")
    google, rows = _rows("google-csv", document)
    assert not google.startswith(BOM) and rows[0] == GOOGLE_COLUMNS
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["First Name"], row["Last Name"], row["E-mail 1 - Value"], row["Phone 1 - Value"]) == (
        "given_name text", "family_name text", "email text", "+442079460958")
    assert row["Organization Name"] == "company text" and "note text" in row["Notes"]
    assert "Next step (due 2026-03-05, open): note text" in row["Notes"]
    outlook, rows = _rows("outlook-csv", document)
    assert outlook.startswith(BOM) and rows[0] == OUTLOOK_COLUMNS
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["First Name"], row["E-mail Address"], row["Business Phone"], row["Company"], row["Job Title"]) == (
        "given_name text", "email text", "+442079460958", "company text", "title text")
    assert "Their strengths: title text" in row["Notes"]


def test_openapi_and_cli_list_the_csv_formats(client, runner):
    spec = client.get("/openapi.json").get_json()
    parameters = next(op for path, item in spec["paths"].items() if path.endswith("/export")
                      for op in item.values())["parameters"]
    schema = next(p for p in parameters if p["name"] == "format")["schema"]
    assert {"csv", "google-csv", "outlook-csv"} <= set(schema.get("enum") or schema.get("anyOf", [{}])[0]["enum"])
    from service.cli import cli

    help_text = runner.invoke(cli, ["export", "--help"]).output
    assert "google-csv" in help_text and "outlook-csv" in help_text
