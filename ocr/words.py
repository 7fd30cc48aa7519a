"""Word boundaries the recogniser dropped ("UnitedStatesSenator", "ADACHILtda.", "Schillerweg198"), put back.

Only spaces are inserted, never letters, and only where the print itself shows a word ending: a lower-case
run followed by a capitalised word, a run of capitals followed by a capitalised word, a word glued to a
number, an abbreviation's full stop glued to the next word (not inside one abbreviation: "B.Com.",
"S.Coop."). Joined forms that are words themselves ("WhatsApp", "LinkedIn") stay joined, by wordfreq's
small lists for five languages (as the table in ocr/word_frequency.py keeps them, loaded on first use).
A token in one case throughout ("CLINTONVILLE", "INTERWORLD") is never split by word frequencies: measured
on the real cards, compound place and brand names lost more than glued words gained.
Emails, web addresses and paths are left alone.
"""

from __future__ import annotations

import re

from ocr.word_frequency import known_word

_SKIP = re.compile(r"@|/|^(?i:www)\.|\.[a-z]{2,}$|\.[A-Za-z]{2,3}$")
# Each pattern consumes the end of a word and looks ahead at the next: a space goes where a match ends.
_LOWER_UPPER = re.compile(r"[a-zà-ÿ]{3}(?=[A-ZÀ-Þ](?:[a-zà-ÿ]|'[A-ZÀ-Þ]))")
_CAPS_WORD = re.compile(r"[A-ZÀ-Þ]{2}(?=[A-ZÀ-Þ][a-zà-ÿ]{2})")
_WORD_NUMBER = re.compile(r"[^\W\d_]{4}(?=\d)")
_STOP_WORD = re.compile(r"\b[^\W\d_]{1,5}\.(?=[^\W\d_]{2})")
# One letter and a short abbreviation, each with its full stop, is one abbreviation as printed: degrees
# ("B.Com.", "M.Sc.", "M.Tech.") and legal forms ("S.Com.", "S.Coop."). "Prof.Dr." is two titles.
_ONE_ABBREVIATION = re.compile(r"[^\W\d_]\.[^\W\d_]{2,4}\.[,;]?")


def restore_spaces(text: str) -> str:
    """The line with the spaces between glued words put back; letters are never changed."""
    return " ".join(_split_token(token) for token in text.split(" "))


def _split_token(token: str) -> str:
    if len(token) < 4 or _SKIP.search(token) or _ONE_ABBREVIATION.fullmatch(token):
        return token
    parts = [token]
    for pattern in (_STOP_WORD, _LOWER_UPPER, _CAPS_WORD, _WORD_NUMBER):
        parts = [piece for part in parts for piece in _split_at(pattern, part)]
    return " ".join(parts)


def _split_at(pattern: re.Pattern[str], part: str) -> list[str]:
    """Split where the pattern's matches end, unless the joined letters form a known word."""
    cuts = [match.end() for match in pattern.finditer(part) if 0 < match.end() < len(part)]
    if not cuts:
        return [part]
    letters = re.sub(r"[^\w']", "", part).lower()
    if letters.isalpha() and known_word(letters):  # Zipf frequency >= 1.5 in a small list of en es pt fr de
        return [part]
    return [part[a:b] for a, b in zip([0, *cuts], [*cuts, len(part)], strict=True)]


