"""Shared post-processing of read lines: stroke-weight (boldness) estimate."""

from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np

from ocr.types import OcrLine


def add_boldness(image_bgr: np.ndarray, lines: list[OcrLine]) -> list[OcrLine]:
    """Set each line's `bold` (0..1) from its stroke width relative to its height, against the card's median."""
    if not lines:
        return lines
    grey = cv2.cvtColor(image_bgr, cv2.COLOR_BGR2GRAY) if image_bgr.ndim == 3 else image_bgr
    ratios = [_stroke_ratio(grey, line.box, line.height) for line in lines]
    known = [r for r in ratios if r > 0]
    if not known:
        return lines
    typical = float(np.median(known))
    result = []
    for line, ratio in zip(lines, ratios, strict=True):
        # The median line scores 0.25; a stroke 1.6x the card's typical weight scores 1.
        bold = 0.0 if ratio <= 0 else float(np.clip((ratio / typical - 0.8) / 0.8, 0.0, 1.0))
        result.append(replace(line, bold=round(bold, 3)))
    return result


def _stroke_ratio(grey: np.ndarray, box: tuple[int, int, int, int], letters: int) -> float:
    """Mean stroke width / letter height, from ink area over half its outline length."""
    x, y, w, h = box
    patch = grey[max(y, 0) : y + h, max(x, 0) : x + w]
    if patch.size < 16 or letters < 6:
        return 0.0
    _, ink = cv2.threshold(patch, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    if np.count_nonzero(ink) > ink.size / 2:  # ink is the minority colour (also for light-on-dark text)
        ink = 255 - ink
    area = float(np.count_nonzero(ink))
    outline = float(np.count_nonzero(ink) - np.count_nonzero(cv2.erode(ink, np.ones((3, 3), np.uint8))))
    if area == 0 or outline == 0:
        return 0.0
    return (2.0 * area / outline) / letters
