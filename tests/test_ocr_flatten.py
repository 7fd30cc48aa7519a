"""Finding and flattening cards in synthetic photos; reading them upright (slow ones run real OCR)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from ocr.flatten import deskew, find_card, find_cards, turn_upright
from ocr.pipeline import read_card
from tests.support.ocr_images import CARD_EMAIL, CARD_WORD, card, jpeg, photograph


def _aspect(image: np.ndarray) -> float:
    height, width = image.shape[:2]
    return max(height, width) / min(height, width)


@pytest.mark.parametrize(
    "scene",
    [
        {"angle": 0},
        {"angle": 20},
        {"angle": -20},
        {"perspective": 0.08, "angle": 5},
        {"quarter_turns": 1, "angle": 8},
        {"background": "grass", "angle": -12},
        {"shadow": True, "angle": 10},
    ],
    ids=["straight", "plus20", "minus20", "perspective", "quarter", "grass", "shadow"],
)
def test_card_outline_is_found_and_flattened(scene):
    photo = photograph(card(), **scene)
    crop = find_card(photo)
    assert crop.found
    # The flattened card keeps the card's proportions (1050x600 = 1.75) and roughly its size.
    assert abs(_aspect(crop.image) - 1.75) < 0.15
    assert 700 < max(crop.image.shape[:2]) < 1100


def test_dark_card_outline_is_found():
    crop = find_card(photograph(card(dark=True), angle=15, background="grass"))
    assert crop.found and abs(_aspect(crop.image) - 1.75) < 0.15


def test_no_card_falls_back_to_the_whole_frame():
    flat = np.full((600, 800, 3), 128, np.uint8)
    crop = find_card(flat)
    assert not crop.found and crop.image.shape == flat.shape


def test_several_cards_on_a_white_page_are_separated():
    page = np.full((2200, 1700, 3), 250, np.uint8)
    flat = cv2.resize(card(), (525, 300))
    positions = [(100, 150), (900, 150), (100, 700), (900, 700), (100, 1250)]
    for x, y in positions:
        page[y : y + 300, x : x + 525] = flat
        cv2.rectangle(page, (x, y), (x + 524, y + 299), (200, 200, 200), 1)  # a scanner's faint edge
    crops = find_cards(page)
    assert len(crops) == len(positions)
    # Reading order: row by row, left to right.
    tops_lefts = [(int(c.quad[:, 1].min()), int(c.quad[:, 0].min())) for c in crops]
    assert tops_lefts == sorted(tops_lefts, key=lambda tl: (tl[0] // 200, tl[1]))
    for crop in crops:
        assert abs(_aspect(crop.image) - 1.75) < 0.2


def test_deskew_levels_tilted_text():
    straight = card()
    height, width = straight.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), 6, 1.0)
    tilted = cv2.warpAffine(straight, matrix, (width, height), borderValue=(246, 244, 238))
    _, angle = deskew(tilted)
    assert abs(angle - (-6)) < 1.5 or abs(angle - 6) < 1.5
    _, none = deskew(straight)
    assert none == 0.0


def test_turn_upright_undoes_clockwise_turns():
    image = card()
    for turns, rotation in ((1, 90), (2, 180), (3, 270)):
        turned = np.rot90(image, -turns)
        assert np.array_equal(turn_upright(turned, rotation), image)


@pytest.mark.slow
@pytest.mark.parametrize(
    "scene",
    [
        {"angle": 18},
        {"quarter_turns": 1, "angle": -6},
        {"quarter_turns": 2, "angle": 4},
        {"quarter_turns": 3},
        {"perspective": 0.08, "background": "grass", "shadow": True},
    ],
    ids=["tilted", "turned90", "upside-down", "turned270", "perspective-grass-shadow"],
)
def test_photographed_card_is_read_upright(scene):
    result = read_card(jpeg(photograph(card(), **scene)), "photo.jpg", engine="rapidocr")
    assert result.card_found
    assert CARD_WORD in result.text and CARD_EMAIL in result.text
    # Upright: the brand word is the first line, and the card image is landscape.
    assert result.lines[0].text == CARD_WORD
    height, width = result.card_image.shape[:2]
    assert width > height


@pytest.mark.slow
def test_dark_card_is_read():
    result = read_card(jpeg(photograph(card(dark=True), angle=-10)), "dark.jpg", engine="rapidocr")
    assert CARD_WORD in result.text and CARD_EMAIL in result.text


@pytest.mark.slow
def test_tesseract_reads_an_upside_down_card():
    result = read_card(jpeg(photograph(card(), quarter_turns=2, angle=3)), "flip.jpg", engine="tesseract")
    assert CARD_EMAIL in result.text


def test_card_partly_out_of_frame_gives_a_card_shaped_region_or_the_frame():
    photo = photograph(card(), frame=(1600, 1200), card_width=1300, angle=0)
    cut = photo[:, 300:]  # the card's left part is outside the picture
    crop = find_card(cut)
    height, width = crop.image.shape[:2]
    assert min(height, width) > 300  # never a sliver
    if crop.found:
        assert 1.0 < _aspect(crop.image) < 2.2
    else:
        assert crop.image.shape == cut.shape


@pytest.mark.slow
def test_card_partly_out_of_frame_is_still_read():
    photo = photograph(card(), frame=(1600, 1200), card_width=1300, angle=3)
    result = read_card(jpeg(photo[:, 180:]), "cut.jpg", engine="rapidocr")
    assert CARD_EMAIL in result.text
