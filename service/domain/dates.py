"""The one calendar-date type of the service: YYYY-MM-DD exactly (RFC 3339 full-date), nothing looser."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

# ASCII digits only: Python's \d also matches other scripts' digits, and fromisoformat alone (3.11) also takes
# "20260303" and week dates like "2026-W10-2".
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_iso_date(value: Any) -> dt.date | None:
    """The date `value` names (a date object, or a "YYYY-MM-DD" string of a real day); None for anything else."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:  # 2026-02-30, 2026-13-01
        return None
