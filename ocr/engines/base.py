"""The one interface every OCR engine implements, and the language-code mapping they share."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np

from ocr.types import OcrLine

DEFAULT_LANGUAGES = ["eng", "spa", "fra", "deu", "por"]

# ISO 639-1 and 639-2/B codes to the ISO 639-2/T codes Tesseract names its packs by.
_LANGUAGE_ALIASES = {
    "en": "eng",
    "es": "spa",
    "fr": "fra",
    "fre": "fra",
    "de": "deu",
    "ger": "deu",
    "pt": "por",
    "it": "ita",
    "nl": "nld",
    "dut": "nld",
}


def normalize_languages(languages: list[str] | None) -> list[str]:
    """ISO codes ("en", "spa", "pt-BR") to Tesseract language names, de-duplicated, in order."""
    if not languages:
        return list(DEFAULT_LANGUAGES)
    result: list[str] = []
    for code in languages:
        base = code.strip().lower().replace("_", "-").split("-")[0]
        name = _LANGUAGE_ALIASES.get(base, base)
        if name and name not in result:
            result.append(name)
    return result or list(DEFAULT_LANGUAGES)


@runtime_checkable
class OcrEngine(Protocol):
    """Reads text lines from an upright image; boxes are in that image's pixels."""

    name: str

    @property
    def version(self) -> str:
        """Engine version string, e.g. "5.3.0"."""
        ...

    def read(self, image_bgr: np.ndarray, languages: list[str]) -> list[OcrLine]:
        """Read every text line of `image_bgr` (BGR uint8)."""
        ...

    def detect_rotation(self, image_bgr: np.ndarray) -> int | None:
        """Clockwise rotation (0, 90, 180, 270) that the content has, or None when unsure."""
        ...


def sort_lines(lines: list[OcrLine]) -> list[OcrLine]:
    """Top-to-bottom, then left-to-right; lines whose vertical centres are close count as one row."""
    if not lines:
        return []
    by_top = sorted(lines, key=lambda line: line.box[1] + line.box[3] / 2)
    rows: list[list[OcrLine]] = []
    for line in by_top:
        centre = line.box[1] + line.box[3] / 2
        if rows:
            last = rows[-1][0]
            last_centre = last.box[1] + last.box[3] / 2
            if abs(centre - last_centre) < 0.5 * min(line.height, last.height):  # a slanted line's box is tall
                rows[-1].append(line)
                continue
        rows.append([line])
    return [line for row in rows for line in sorted(row, key=lambda item: item.box[0])]
