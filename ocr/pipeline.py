"""The ocr stage: image bytes to OcrResult(s). decode -> find card -> orient -> read -> codes."""

from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np

from ocr.cards import find_cards_with_text
from ocr.codes import read_codes
from ocr.decode import DecodedImage, decode_image, decode_pages
from ocr.engines import get_engine
from ocr.engines.base import OcrEngine, normalize_languages, sort_lines
from ocr.flatten import CardCrop, deskew, downscale, find_card, find_cards, text_height, turn_upright
from ocr.types import OcrResult
from ocr.words import restore_spaces

# Working size of the flattened card. RapidOCR detects on a ~1280 px copy and cuts small
# lines from this image, so it gets the card at its native size within limits. Tesseract
# reads best when letters are ~20-30 px tall, so its scale follows the measured letter height.
RAPID_MIN_LONG_SIDE, RAPID_MAX_LONG_SIDE = 1280, 2000
TESSERACT_LETTER_HEIGHT = 26.0
TESSERACT_MIN_LONG_SIDE, TESSERACT_MAX_LONG_SIDE = 800, 2000
DARK_CARD_LEVEL = 110  # median grey below this: light text on a dark card
INK_CONTRAST = 40  # grey levels between the paper's median and a pixel of print
TEXT_CHECK_SIDE = 1024  # long side of the whole-image copy whose text lines check the card outlines
# An empty card outline is searched again, cut out, on at most CLOSER_SIDE pixels: only worth it when that
# shows its print at least CLOSER_GAIN times larger than the whole-image check did.
CLOSER_SIDE = 800
CLOSER_GAIN = 1.5


def read_card(
    data: bytes, filename: str, *, languages: list[str] | None = None, engine: str | None = None
) -> OcrResult:
    """Read the one card shown in a photo or scan (first page): the card with the most text when there are several."""
    decoded = decode_image(data, filename)
    ocr_engine = get_engine(engine)
    results = _read_page(decoded, ocr_engine, normalize_languages(languages))
    return max(results, key=lambda result: sum(len(line.text) for line in result.lines))


def read_cards(
    data: bytes, filename: str, *, languages: list[str] | None = None, engine: str | None = None
) -> list[OcrResult]:
    """Read every card on every page (several cards in a photo or on a scanned page, multi-page TIFF)."""
    ocr_engine = get_engine(engine)
    langs = normalize_languages(languages)
    results = []
    for page in decode_pages(data, filename):
        for result in _read_page(page, ocr_engine, langs):
            if page.page:
                result.warnings.append(f"page {page.page + 1} of the file")
            results.append(result)
    return results


def _read_page(page: DecodedImage, engine: OcrEngine, languages: list[str]) -> list[OcrResult]:
    """One OcrResult per card found on the page, in reading order, with its index on the page."""
    crops = find_page_cards(page.image, engine)
    whole_page_codes = len(crops) == 1  # with several cards, a code belongs to the crop it is found in
    results = [_read_crop(page, crop, engine, languages, whole_page_codes) for crop in crops]
    results = without_logo_crops(results)
    for index, result in enumerate(results):
        result.card_index = index
    return results


MONOGRAM = 3  # letters and digits a logo prints ("B", "KPL"); any card prints more than that


def without_logo_crops(results: list[OcrResult]) -> list[OcrResult]:
    """Drop crops that read as nothing or as a monogram beside crops with text: a logo box or a shape
    inside a card, not a card of its own (the faint-print check reads a logo's letter too)."""
    if len(results) <= 1:
        return results

    def card_text(result: OcrResult) -> bool:
        return bool(result.codes) or sum(c.isalnum() for line in result.lines for c in line.text) > MONOGRAM

    return [result for result in results if card_text(result)] or results[:1]


def find_page_cards(image: np.ndarray, engine: OcrEngine) -> list[CardCrop]:
    """The cards of one page: by outlines checked against the detected text when the engine has a detector."""
    detect = getattr(engine, "detect_boxes", None)
    if detect is None:  # Tesseract has no cheap line detector: outlines alone
        return find_cards(image)
    page_scale = min(1.0, TEXT_CHECK_SIDE / max(image.shape[:2]))

    def look_closer(region: np.ndarray) -> np.ndarray:
        if min(1.0, CLOSER_SIDE / max(region.shape[:2])) < CLOSER_GAIN * page_scale:
            return np.zeros((0, 4, 2), np.float32)  # no larger than the whole-image check saw it
        return detect(region, CLOSER_SIDE)

    return find_cards_with_text(image, detect(image, TEXT_CHECK_SIDE), look_closer) or [find_card(image)]


def _read_crop(
    decoded: DecodedImage, crop: CardCrop, engine: OcrEngine, languages: list[str], whole_page_codes: bool = True
) -> OcrResult:
    warnings = []
    if not crop.found:
        warnings.append("no card outline found; read the whole photo")
    card = _working_size(crop.image, engine)
    dark = _is_dark(card)
    read_oriented = getattr(engine, "read_oriented", None)
    if read_oriented is not None:
        # One pass: the engine finds the orientation from the lines it detects.
        rotation, lines = read_oriented(255 - card if dark else card, languages)
        card = turn_upright(card, rotation)
    else:
        rotation = engine.detect_rotation(card) or 0
        card, _ = deskew(turn_upright(card, rotation))
        # Tesseract is trained on dark ink on light paper.
        lines = engine.read(255 - card if dark else card, languages)
    lines = sort_lines([replace(line, text=restore_spaces(line.text)) for line in lines])
    if not lines:
        warnings.append("no text was found on the card")
    return OcrResult(
        source=decoded.source,
        engine=f"{engine.name} {engine.version}",
        languages=languages,
        lines=lines,
        codes=read_codes(card, downscale(decoded.image, 2400)[0]) if whole_page_codes else read_codes(card),
        card_image=card,
        card_found=crop.found,
        warnings=warnings,
    )


def _is_dark(card: np.ndarray) -> bool:
    """Light print on a dark card: judged on the card's middle, so the margin a padded crop adds does not count.

    A dark background alone is not enough: a pale card photographed in dim light is grey too, with darker ink.
    The print is what stands out from the paper's median grey; it is light when more pixels stand out above it
    than below.
    """
    height, width = card.shape[:2]
    middle = cv2.cvtColor(card[height // 8 : height - height // 8, width // 8 : width - width // 8], cv2.COLOR_BGR2GRAY)
    paper = float(np.median(middle))
    if paper >= DARK_CARD_LEVEL:
        return False
    lighter = np.count_nonzero(middle > paper + INK_CONTRAST)
    darker = np.count_nonzero(middle < paper - INK_CONTRAST)
    return lighter > darker


def _working_size(card: np.ndarray, engine: OcrEngine) -> np.ndarray:
    """Scale the flattened card to the size its engine reads best."""
    height, width = card.shape[:2]
    long_side = max(height, width)
    if engine.name == "tesseract":
        letters = text_height(downscale(card, 1600)[0])
        measured_scale = 1600 / long_side if long_side > 1600 else 1.0
        target = long_side * TESSERACT_LETTER_HEIGHT / (letters / measured_scale) if letters else 1600
        target = min(max(target, TESSERACT_MIN_LONG_SIDE), TESSERACT_MAX_LONG_SIDE)
    else:
        # RapidOCR detects on its own reduced copy; keep detail for small lines, but no more.
        target = min(max(long_side, RAPID_MIN_LONG_SIDE), RAPID_MAX_LONG_SIDE)
    scale = target / long_side
    if abs(scale - 1) < 0.05:
        return card
    interpolation = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
    return cv2.resize(card, (max(1, round(width * scale)), max(1, round(height * scale))), interpolation=interpolation)

