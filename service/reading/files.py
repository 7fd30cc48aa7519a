"""The per-file task of `cardnote scan`: a path in, its card JSON (or an error object naming the file) out.

A module of its own so the spawned reader processes (service/jobs/pool.py) import only the reader.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ocr.errors import CardnoteError
from service.reading.reader import scan_image


def read_card_file(path: str, languages: list[str] | None, region: str | None, engine: str | None) -> dict[str, Any]:
    """Read one file into its card JSON, or an error object naming the file; never raises."""
    name = Path(path).name
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return {"source": {"file": name}, "error": "unreadable_file", "message": f"{name}: {exc.strerror or exc}"}
    try:
        return scan_image(data, name, languages=languages, region=region, engine=engine).card.to_json()
    except CardnoteError as exc:
        return {"source": {"file": name}, **exc.to_dict()}
