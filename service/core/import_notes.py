"""The notes sidecar of `cardnote import --notes FILE.csv`: which conversation and collaboration goes with which file.

Columns: file, note, collaboration_kind, collaboration_detail (required); event, met_on (optional). `file` is
the path relative to the imported folder (or just the file name when that is unique); `file#N` addresses the
N-th card of a page holding several cards, and a row without `#N` applies to every card of the file.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ocr.errors import ConfigurationError

REQUIRED_COLUMNS = ("file", "note", "collaboration_kind", "collaboration_detail")
OPTIONAL_COLUMNS = ("event", "met_on")


@dataclass(frozen=True)
class NoteRow:
    """One sidecar row: the context for the card(s) of one file."""

    line: int
    file: str
    note: str
    collaboration_kind: str
    collaboration_detail: str
    event: str | None = None
    met_on: str | None = None


def _key(text: str) -> str:
    path = text.strip().replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return path


class Sidecar:
    """The parsed sidecar, looked up by (relative path, card number)."""

    def __init__(self, rows: list[NoteRow]) -> None:
        self.rows = rows
        self._by_key: dict[str, NoteRow] = {}
        for row in rows:
            self._by_key.setdefault(_key(row.file), row)
        self.used: set[int] = set()

    @classmethod
    def load(cls, path: Path) -> Sidecar:
        """Read a CSV sidecar (UTF-8, with or without BOM); ConfigurationError for a missing column."""
        try:
            with path.open(newline="", encoding="utf-8-sig") as handle:
                reader = csv.DictReader(handle)
                columns = [c.strip().lower() for c in reader.fieldnames or []]
                missing = [c for c in REQUIRED_COLUMNS if c not in columns]
                if missing:
                    raise ConfigurationError(
                        f"{path.name}: the notes file lacks the column(s) {', '.join(missing)}; expected "
                        f"{', '.join(REQUIRED_COLUMNS)} and optionally {', '.join(OPTIONAL_COLUMNS)}")
                rows = []
                for record in reader:
                    clean = {(k or "").strip().lower(): (v or "").strip() for k, v in record.items()
                             if isinstance(v, str | None)}
                    if not clean.get("file"):
                        continue
                    rows.append(NoteRow(line=reader.line_num, file=clean["file"], note=clean.get("note", ""),
                                        collaboration_kind=clean.get("collaboration_kind", ""),
                                        collaboration_detail=clean.get("collaboration_detail", ""),
                                        event=clean.get("event") or None, met_on=clean.get("met_on") or None))
        except OSError as exc:
            raise ConfigurationError(f"cannot read the notes file {path}: {exc.strerror or exc}") from exc
        except (UnicodeDecodeError, csv.Error) as exc:
            raise ConfigurationError(f"{path.name}: not a UTF-8 CSV file ({exc})") from exc
        return cls(rows)

    def for_card(self, relpath: str, position: int) -> NoteRow | None:
        """The row for card `position` (1-based) of the file at `relpath`, if any."""
        name = PurePosixPath(relpath).name
        for key in (f"{relpath}#{position}", relpath, f"{name}#{position}", name):
            row = self._by_key.get(key)
            if row is not None:
                self.used.add(row.line)
                return row
        return None

    def unused(self) -> list[NoteRow]:
        """Rows that matched no imported card (a typo in `file`, or a file that failed)."""
        return [row for row in self.rows if row.line not in self.used]
