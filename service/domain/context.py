"""The context rule: a contact or meeting needs a real conversation note and an intended collaboration.

This is the ONE place the rule is decided (API, web form and bulk import all call validate_context);
the database repeats a coarser version as NOT NULL / CHECK constraints (models.py) as a last line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# The database refuses notes/details shorter than these (CHECK constraints in storage/models.py and migration
# 0001); the configurable minimums (service/settings) may be raised freely but never lowered below them.
DB_NOTE_FLOOR = 8
DB_DETAIL_FLOOR = 4

COLLABORATION_KINDS = ("client", "supplier", "partner", "investor", "mentor", "talent", "referral", "other")

# Text people type to get past a required box without saying anything. Compared after lower-casing and
# dropping whitespace/punctuation at the ends, so "N/A.", " TBD " and "--" all match.
PLACEHOLDERS = frozenset({
    "", "n/a", "na", "n.a", "n a", "none", "nothing", "nil", "null", "-", "--", "---", "...", "..", ".",
    "todo", "to do", "tbd", "tbc", "later", "asdf", "asdfgh", "qwerty", "xxx", "xx", "x", "test", "testing",
    "foo", "bar", "blah", "lorem ipsum", "?", "??", "???", "no", "nope", "idk", "whatever", "something",
    "same", "see above", "misc", "stuff", "note", "notes", "detail", "details", "ok", "okay",
})
_EDGE_NOISE = re.compile(r"^[\s\W_]+|[\s\W_]+$")
# A word of four or more letters: a note made only of symbols, digits or keyboard mash like "a a a a"
# says nothing, however long.
_WORD = re.compile(r"[^\W\d_]{4,}")


@dataclass(frozen=True)
class ContextSettings:
    """The documented minimum lengths (CARDNOTE_NOTE_MIN_LENGTH / CARDNOTE_DETAIL_MIN_LENGTH)."""

    note_min_length: int = 15
    detail_min_length: int = 8

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> ContextSettings:
        """Read the minimum lengths from a Flask config."""
        return cls(int(config["CARDNOTE_NOTE_MIN_LENGTH"]), int(config["CARDNOTE_DETAIL_MIN_LENGTH"]))


def is_placeholder(text: str) -> bool:
    """True when `text` is blank or a stock filler such as "n/a", "-", "todo", "..." or "asdf"."""
    squeezed = " ".join(text.split()).lower()
    return squeezed in PLACEHOLDERS or _EDGE_NOISE.sub("", squeezed) in PLACEHOLDERS


def _text_problem(value: Any, what: str, min_length: int) -> str | None:
    if value is None:
        return f"Write the {what}."
    if not isinstance(value, str):
        return f"The {what} must be text."
    text = value.strip()
    if not text or is_placeholder(text):
        return f"Write the {what}; blank or placeholder text like “n/a” or “todo” does not count."
    if len(text) < min_length:
        return f"The {what} is too short: write at least {min_length} characters."
    if not _WORD.search(text):
        return f"The {what} must say something in words."
    return None


def validate_context(note: Any, kind: Any, detail: Any,
                     settings: ContextSettings | None = None) -> dict[str, str]:
    """Check a note and collaboration; return {field path: problem} — empty when the context is real."""
    settings = settings or ContextSettings()
    errors: dict[str, str] = {}
    problem = _text_problem(note, "conversation note (what you talked about)", settings.note_min_length)
    if problem:
        errors["note"] = problem
    if kind is None or (isinstance(kind, str) and not kind.strip()):
        errors["collaboration.kind"] = "Choose the intended collaboration: " + ", ".join(COLLABORATION_KINDS) + "."
    elif not isinstance(kind, str) or kind.strip().lower() not in COLLABORATION_KINDS:
        errors["collaboration.kind"] = f"Unknown collaboration {kind!r}; choose one of " + ", ".join(
            COLLABORATION_KINDS) + "."
    problem = _text_problem(detail, "collaboration detail (what you intend to do together)",
                            settings.detail_min_length)
    if problem:
        errors["collaboration.detail"] = problem
    return errors


def context_message(errors: Mapping[str, str]) -> str:
    """One sentence for a person explaining why the contact or meeting was not saved."""
    return ("Not saved: a contact needs a real conversation note and an intended collaboration (kind and detail). "
            + " ".join(errors.values()))
