"""The `csv` format: one row per contact, columns as in mappings.CSV_COLUMNS (header first), RFC 4180 quoting."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from service.core.export.mappings import CSV_COLUMNS, with_derived


def write_csv(rows: Iterator[tuple[dict[str, Any], dict[str, Any]]]) -> Iterator[str]:
    """Stream the header, then one line per contact."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def take() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(CSV_COLUMNS)
    yield take()
    for _document, flat in rows:
        values = with_derived(flat)
        writer.writerow(["" if values.get(key) is None else values[key] for key in CSV_COLUMNS.values()])
        yield take()
