"""The reader: image bytes through `ocr` and `enrich` to a card (contract 1).

This is the one place where the two stages are chained; the CLI, the web app and
bulk import all call it, so they read cards identically.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass

import cv2

from enrich.card import Card
from enrich.pipeline import build_card
from ocr.pipeline import read_card, read_cards
from ocr.types import OcrResult

# OCR is CPU-bound: in a threaded server, reading more cards at once than there are cores only adds memory
# (each read holds a full-size photo and the engine's buffers) and makes every request slower.
_READING_SLOTS = threading.BoundedSemaphore(max(1, os.cpu_count() or 1))


@dataclass
class Scan:
    """One read card and its flattened image as JPEG bytes (no metadata), for storage."""

    card: Card
    card_jpeg: bytes | None


def _to_scan(result: OcrResult, region: str | None) -> Scan:
    card = build_card(result, region=region)
    jpeg = None
    if result.card_image is not None:
        ok, buf = cv2.imencode(".jpg", result.card_image, [cv2.IMWRITE_JPEG_QUALITY, 88])
        jpeg = buf.tobytes() if ok else None
    return Scan(card=card, card_jpeg=jpeg)


def scan_image(
    data: bytes,
    filename: str,
    *,
    languages: list[str] | None = None,
    region: str | None = None,
    engine: str | None = None,
) -> Scan:
    """Read the single card shown in an image (photo or scan) into a validated card."""
    with _READING_SLOTS:
        return _to_scan(read_card(data, filename, languages=languages, engine=engine), region)


def scan_page(
    data: bytes,
    filename: str,
    *,
    languages: list[str] | None = None,
    region: str | None = None,
    engine: str | None = None,
) -> list[Scan]:
    """Read every card on a page (a flatbed scan holding several cards): one Scan per card."""
    with _READING_SLOTS:
        results = read_cards(data, filename, languages=languages, engine=engine)
        return [_to_scan(r, region) for r in results]
