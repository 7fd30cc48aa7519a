"""Tesseract through pytesseract: words grouped into lines with confidence, box and boldness."""

from __future__ import annotations

import functools
import os
import re

import cv2
import numpy as np
import pytesseract

from ocr.engines.base import normalize_languages
from ocr.errors import OcrEngineError
from ocr.lines import add_boldness
from ocr.types import OcrLine

# psm 11 ("sparse text") finds the scattered blocks of a business card better than the
# page-layout mode, which tends to merge columns; words are regrouped into lines by geometry.
_CONFIG = "--oem 1 --psm 11"


class TesseractEngine:
    """The required engine: Tesseract 4/5 LSTM via its command-line binary."""

    name = "tesseract"

    def __init__(self) -> None:
        # Tesseract's OpenMP threads fight with the worker processes for the cores.
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")

    @property
    def version(self) -> str:
        """The installed Tesseract version, e.g. "5.3.0"."""
        return _tesseract_version()

    def read(self, image_bgr: np.ndarray, languages: list[str]) -> list[OcrLine]:
        """Read the text lines of an upright image."""
        langs = self._check_languages(normalize_languages(languages))
        rgb = cv2.cvtColor(image_bgr, cv2.COLOR_BGR2RGB)
        try:
            data = pytesseract.image_to_data(
                rgb, lang="+".join(langs), config=_CONFIG, output_type=pytesseract.Output.DICT
            )
        except pytesseract.TesseractNotFoundError as exc:
            raise _not_installed() from exc
        except pytesseract.TesseractError as exc:
            raise OcrEngineError(f"Tesseract failed: {exc.message}") from exc
        return add_boldness(image_bgr, _group_words(data))

    def detect_rotation(self, image_bgr: np.ndarray) -> int | None:
        """Clockwise rotation of the content from Tesseract's OSD, or None when it is unsure."""
        try:
            osd = pytesseract.image_to_osd(image_bgr[:, :, ::-1], config="--psm 0 -c min_characters_to_try=10")
        except pytesseract.TesseractNotFoundError as exc:
            raise _not_installed() from exc
        except pytesseract.TesseractError:
            return None  # too few characters to decide
        rotate = re.search(r"Rotate: (\d+)", osd)
        confidence = re.search(r"Orientation confidence: ([\d.]+)", osd)
        if not rotate or not confidence or float(confidence.group(1)) < 1.0:
            return None
        # OSD's "Rotate" is the clockwise turn that makes the page upright; the content is
        # therefore rotated by the opposite amount.
        return (360 - int(rotate.group(1))) % 360

    def _check_languages(self, langs: list[str]) -> list[str]:
        installed = _installed_languages()
        missing = [lang for lang in langs if lang not in installed]
        if missing:
            packages = " ".join(f"tesseract-ocr-{lang.replace('_', '-').lower()}" for lang in missing)
            raise OcrEngineError(
                f"Tesseract has no language pack for {', '.join(missing)}; install it with "
                f"`apt-get install {packages}` (installed: {', '.join(sorted(installed)) or 'none'})"
            )
        return langs


def _not_installed() -> OcrEngineError:
    return OcrEngineError(
        "the tesseract program is not installed; install it with `apt-get install tesseract-ocr` "
        "(plus tesseract-ocr-spa, -fra, -deu, -por for other languages)"
    )


@functools.cache
def _tesseract_version() -> str:
    try:
        return str(pytesseract.get_tesseract_version()).split()[0]
    except pytesseract.TesseractNotFoundError as exc:
        raise _not_installed() from exc


@functools.cache
def _installed_languages() -> frozenset[str]:
    try:
        return frozenset(pytesseract.get_languages(config=""))
    except pytesseract.TesseractNotFoundError as exc:
        raise _not_installed() from exc


def _group_words(data: dict) -> list[OcrLine]:
    """Tesseract's words to lines: same block/paragraph/line number, kept in reading order."""
    groups: dict[tuple[int, int, int], list[int]] = {}
    for i, word in enumerate(data["text"]):
        if not word.strip() or float(data["conf"][i]) < 0:
            continue
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        groups.setdefault(key, []).append(i)
    lines = []
    for indexes in groups.values():
        indexes.sort(key=lambda i: data["left"][i])
        text = " ".join(data["text"][i].strip() for i in indexes)
        left = min(data["left"][i] for i in indexes)
        top = min(data["top"][i] for i in indexes)
        right = max(data["left"][i] + data["width"][i] for i in indexes)
        bottom = max(data["top"][i] + data["height"][i] for i in indexes)
        # Weight word confidences by length so one short misread does not sink a long line.
        weights = [len(data["text"][i].strip()) for i in indexes]
        confidence = sum(float(data["conf"][i]) * w for i, w in zip(indexes, weights, strict=True)) / (
            100.0 * sum(weights)
        )
        lines.append(OcrLine(text=text, confidence=round(confidence, 3), box=(left, top, right - left, bottom - top)))
    return lines
