"""One CSV writer for the `csv`, `google-csv` and `outlook-csv` layouts (csv_formats.py): RFC 4180 quoting, CRLF,
and every cell a spreadsheet would run as a formula neutralised the OWASP way (a leading apostrophe).

Neutralising by hand rather than with defusedcsv.writer: defusedcsv lets a cell that starts with a tab or a
carriage return through (both start a formula once a spreadsheet trims them, OWASP CSV Injection), rewrites
every '|' inside the cell, and would turn a phone number "+33142685300" into "'+33142685300", which Google
Contacts and Outlook then keep as a number with an apostrophe. A cell is left as it is in one case only: a
phone column whose whole value is an E.164 number ("+" and 7–15 digits); it holds no function, reference or
separator, so it cannot do anything in a spreadsheet, and address books need its "+" to know the country.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import Any

from service.core.export.csv_formats import CARDNOTE_CSV, GOOGLE_CSV, OUTLOOK_CSV, CsvLayout

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
E164 = re.compile(r"\+[1-9]\d{6,14}")
BOM = "\ufeff"


def neutralise(value: Any, phone_column: bool = False) -> str:
    """The cell text, with a leading apostrophe when a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    if phone_column and E164.fullmatch(text):
        return text
    # Spreadsheets skip leading spaces and line breaks before deciding whether a cell is a formula.
    if text.lstrip(" \n").startswith(FORMULA_STARTS) or text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def write_layout(layout: CsvLayout, rows: Iterator[tuple[dict[str, Any], dict[str, Any]]]) -> Iterator[str]:
    """Stream the header (after a BOM when the layout wants one), then one line per contact."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def take() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(layout.columns)
    yield (BOM if layout.bom else "") + take()
    for _document, flat in rows:
        values = layout.row(flat)
        writer.writerow([neutralise(values.get(column), column in layout.phone_columns) for column in layout.columns])
        yield take()


def write_csv(rows: Iterator[tuple[dict[str, Any], dict[str, Any]]]) -> Iterator[str]:
    """cardnote's own columns (mappings.CSV_COLUMNS)."""
    return write_layout(CARDNOTE_CSV, rows)


def write_google_csv(rows: Iterator[tuple[dict[str, Any], dict[str, Any]]]) -> Iterator[str]:
    """Google Contacts' import columns, UTF-8 without BOM."""
    return write_layout(GOOGLE_CSV, rows)


def write_outlook_csv(rows: Iterator[tuple[dict[str, Any], dict[str, Any]]]) -> Iterator[str]:
    """Outlook's import columns, UTF-8 with BOM."""
    return write_layout(OUTLOOK_CSV, rows)
