"""Tesseract through pytesseract: words grouped into lines with confidence, box and boldness."""

from __future__ import annotations

import functools
import os

import cv2
import numpy as np
import pytesseract

from ocr.engines.base import normalize_languages
from ocr.errors import OcrEngineError
from ocr.flatten import downscale, turn_upright
from ocr.lines import add_boldness
from ocr.types import OcrLine

# Automatic page segmentation (psm 3) measured slightly better than sparse text (psm 11/12)
# on the synthetic cards (78% vs 77% of field strings found).
_CONFIG = "--oem 1 --psm 3"


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
        """Clockwise rotation of the content: line direction from the ink, which way up from trial reads.

        Tesseract's own OSD was measured slower (~1.3 s a card) and often wrong or "too few
        characters" on cards, so each candidate turn is read at a small size and the one with
        the most confidently read letters wins.
        """
        small = downscale(image_bgr, 1100)[0]
        sideways = _lines_run_vertically(small)
        candidates = (90, 270) if sideways else (0, 180)
        scores = {rotation: _trial_score(turn_upright(small, rotation)) for rotation in candidates}
        best = max(scores, key=lambda rotation: scores[rotation])
        if scores[best] == 0:
            return None
        return best

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



def _lines_run_vertically(image_bgr: np.ndarray) -> bool:
    """Whether the text lines run up/down: ink smeared along each axis forms longer runs along the lines."""
    grey = cv2.cvtColor(image_bgr, cv2.COLOR_BGR2GRAY)
    ink = cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15)
    if np.count_nonzero(ink) > ink.size / 2:
        ink = 255 - ink
    reach = max(9, max(grey.shape) // 60)
    counts = []
    for kernel in ((reach, 1), (1, reach)):
        merged = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        contours, _ = cv2.findContours(merged, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        elongated = 0
        for contour in contours:
            _, _, w, h = cv2.boundingRect(contour)
            long_side, short_side = (w, h) if kernel[0] > 1 else (h, w)
            if short_side >= 4 and long_side >= 4 * short_side:
                elongated += long_side
        counts.append(elongated)
    return counts[1] > 1.3 * counts[0]


def _trial_score(image_bgr: np.ndarray) -> float:
    """Letters in words Tesseract reads confidently (English model, sparse text) from an image."""
    try:
        data = pytesseract.image_to_data(
            image_bgr[:, :, ::-1], lang="eng", config="--oem 1 --psm 11", output_type=pytesseract.Output.DICT
        )
    except pytesseract.TesseractNotFoundError as exc:
        raise _not_installed() from exc
    except pytesseract.TesseractError:
        return 0.0
    score = 0.0
    for word, confidence in zip(data["text"], data["conf"], strict=True):
        letters = sum(ch.isalnum() for ch in word)
        if letters >= 3 and float(confidence) >= 60:
            score += letters * float(confidence) / 100
    return score
