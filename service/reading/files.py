"""The per-file task of `cardnote scan`: a path in, one card JSON per card found (or an error naming the file) out.

A module of its own so the spawned reader processes (service/jobs/pool.py) import only the reader.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ocr.errors import CardnoteError
from service.reading.reader import scan_page


def read_card_file(
    path: str, languages: list[str] | None, region: str | None, engine: str | None
) -> list[dict[str, Any]]:
    """Read one file into one card JSON per card found, or one error object naming the file; never raises."""
    name = Path(path).name
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return [{"source": {"file": name}, "error": "unreadable_file", "message": f"{name}: {exc.strerror or exc}"}]
    try:
        scans = scan_page(data, name, languages=languages, region=region, engine=engine)
        return [scan.card.to_json() for scan in scans]
    except CardnoteError as exc:
        return [{"source": {"file": name}, **exc.to_dict()}]
