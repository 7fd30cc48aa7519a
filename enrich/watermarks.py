"""Scanner apps' watermarks ("Scanned with CamScanner"): printed by the app, not by the card, so no field's.

Phone scanner apps stamp their name into the picture, usually in a corner, sometimes over the card's own
print, where OCR reads it as a line of its own or glued to a card line. Left in, the tagger weighs it as
a title or a brand. The apps are named here by hand: no library lists them, and the list is short and
slow to change. OCR splits and misreads the stamp ("Cam Scanner", "CS CamScanner"), so the names are
matched with optional spaces.
"""

from __future__ import annotations

import re

# Stamped as "Scanned with <app>" (a card could print "Adobe Scan" or "Clear Scan" as its own words)
SCANNER_APPS = ("CamScanner", "Adobe Scan", "Microsoft Lens", "Office Lens", "Genius Scan", "TurboScan",
                "Tiny Scanner", "Scanbot", "SwiftScan", "Clear Scan", "vFlat Scan", "Notes Scanner")
# Stamped with the app's name and logo alone, a name no card prints as its own
STAMPED_ALONE = ("CamScanner",)


def _loose(name: str) -> str:
    """The app's name as a pattern that allows OCR to add or drop the spaces between its letters."""
    return r"\s?".join(re.escape(c) for c in name.replace(" ", ""))


_END = r"(?![\w@]|\.\w)[\s.,:;|]*"
_WATERMARK = re.compile(
    rf"(?i)(?<![\w@.])(?:CS\s?)?(?:scanned\s+(?:with|by)\s+(?:{'|'.join(_loose(n) for n in SCANNER_APPS)})"
    rf"|(?:{'|'.join(_loose(n) for n in STAMPED_ALONE)})){_END}")


# What OCR leaves of a stamp whose app name it read apart or lost: the lead-in alone, the logo's letters
_LEAD_IN = re.compile(r"(?i)^\W*scanned\s+(?:with|by)\W*$")
_LOGO = re.compile(r"^\W*CS\W*$")


def strip_watermark(text: str) -> str:
    """The line without any scanner app's stamp ('' when the line was only the stamp)."""
    if not _WATERMARK.search(text):
        return text
    return re.sub(r"\s{2,}", " ", _WATERMARK.sub(" ", text)).strip()


def strip_watermarks(texts: list[str]) -> list[str]:
    """The card's lines without the stamp; the stamp's leftovers go too once the card shows a stamp."""
    out = [strip_watermark(text) for text in texts]
    stamped = any(a != b for a, b in zip(texts, out, strict=True)) or any(_LEAD_IN.match(t) for t in texts)
    if stamped:
        out = ["" if _LEAD_IN.match(t) or _LOGO.match(t) else t for t in out]
    return out
