"""Object ids as they arrive in URLs and bodies."""

from __future__ import annotations

from typing import Any

from service.domain.errors import NotFound


def as_id(value: Any) -> int:
    """An id from a URL or body; anything that is not a whole number is simply not found."""
    try:
        return int(value)
    except (TypeError, ValueError):
        raise NotFound("no such object") from None
