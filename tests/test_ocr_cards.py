"""Finding cards with their text: no crop cuts a printed line; several cards per image, in reading order."""

from __future__ import annotations

import io

import cv2
import numpy as np
import pytest
from PIL import Image

from bench.ocr_recall import recall_counts
from ocr.cards import find_cards_with_text
from ocr.pipeline import read_card, read_cards
from samples.generate import Options, generate_card
from samples.multicard import BUILDERS


def _line(x: int, y: int, width: int, height: int = 30) -> np.ndarray:
    return np.array([[x, y], [x + width, y], [x + width, y + height], [x, y + height]], np.float32)


def _holds(quad: np.ndarray, line: np.ndarray) -> bool:
    contour = quad.reshape(-1, 1, 2).astype(np.float32)
    return all(cv2.pointPolygonTest(contour, (float(x), float(y)), False) >= 0 for x, y in line)


def test_a_coloured_shape_that_cuts_a_line_is_not_the_card() -> None:
    # A flat scan: the page is the card; a card-shaped coloured block sits inside it, and the first
    # line runs across the block's right border ("WING Travel" read as "ravel" before).
    scan = np.full((700, 1200, 3), 250, np.uint8)
    cv2.rectangle(scan, (60, 60), (420, 290), (160, 90, 30), -1)
    lines = [_line(300, 120, 500), _line(80, 380, 600), _line(80, 450, 700), _line(80, 520, 400)]
    crops = find_cards_with_text(scan, np.stack(lines))
    assert len(crops) == 1
    assert all(_holds(crops[0].quad, line) for line in lines)


def test_a_logo_box_inside_a_card_gives_the_whole_card() -> None:
    photo = np.full((1200, 1600, 3), 40, np.uint8)
    cv2.rectangle(photo, (200, 250), (1400, 950), (235, 235, 235), -1)
    cv2.rectangle(photo, (260, 310), (620, 530), (60, 60, 160), -1)  # the logo box, card-shaped
    lines = [_line(300, 400, 250), _line(700, 330, 500), _line(700, 400, 450), _line(700, 470, 400),
             _line(300, 700, 800), _line(300, 770, 700), _line(300, 840, 600)]
    crops = find_cards_with_text(photo, np.stack(lines))
    assert len(crops) == 1 and crops[0].found
    assert all(_holds(crops[0].quad, line) for line in lines)
    assert cv2.contourArea(crops[0].quad) < 0.6 * photo.shape[0] * photo.shape[1]  # the card, not the frame


def _box(x0: int, y0: int, x1: int, y1: int) -> np.ndarray:
    return np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float32)


@pytest.mark.parametrize(("inner", "whole_card"), [
    ((720, 200, 1420, 960), True),  # a square patch of light over the card's right part: no card
    ((720, 380, 1420, 860), False),  # a card-shaped outline with text of its own: the blob is no card
])
def test_a_patch_of_no_card_shape_inside_a_surer_card_does_not_split_it(inner, whole_card) -> None:
    """A card whose name block is far from its contact block, with a lighter square patch over the latter
    (a lighting gradient): the patch held the contact lines and the name block became a card of its own."""
    from ocr.cards import _resolve, _Text

    lines = [_line(260, 300 + 60 * i, 380) for i in range(3)] + [_line(800, 400 + 60 * i, 500) for i in range(6)]
    card = _box(200, 250, 1400, 950)
    valid = [(0.58, card, list(range(9))), (0.42, _box(*inner), list(range(3, 9)))]
    chosen = [quad for _, quad, _ in _resolve(valid, _Text(np.stack(lines)))]
    assert (len(chosen) == 1 and np.array_equal(chosen[0], card)) is whole_card


def test_white_cards_on_a_white_page_are_split_by_the_empty_space_between_them() -> None:
    page = np.full((2300, 1650, 3), 250, np.uint8)  # no outline at all
    first = [_line(300, 200 + 45 * i, 500) for i in range(5)]
    second = [_line(500, 1300 + 45 * i, 600) for i in range(6)]
    crops = find_cards_with_text(page, np.stack(second + first))
    assert len(crops) == 2
    assert all(_holds(crops[0].quad, line) for line in first)
    assert all(_holds(crops[1].quad, line) for line in second)
    assert not any(_holds(crops[0].quad, line) for line in second)


def test_tiled_tinted_cards_come_in_reading_order() -> None:
    page = np.full((2300, 1650, 3), 250, np.uint8)
    tints = [(255, 235, 225), (225, 245, 255), (230, 255, 232), (250, 232, 250)]
    lines = []
    for slot, tint in enumerate(tints):
        x, y = 100 + (slot % 2) * 720, 120 + (slot // 2) * 420
        cv2.rectangle(page, (x, y), (x + 700, y + 400), tint, -1)
        lines.append([_line(x + 60, y + 80 + 60 * i, 420) for i in range(4)])
    crops = find_cards_with_text(page, np.stack([line for card in lines for line in card]))
    assert len(crops) == 4
    for crop, card in zip(crops, lines, strict=True):
        assert all(_holds(crop.quad, line) for line in card)


def _page_with_a_dark_card() -> tuple[np.ndarray, list[np.ndarray]]:
    """A page with a pale card whose lines the whole-page check found and a dark one where it found none."""
    page = np.full((2300, 1650, 3), 250, np.uint8)
    cv2.rectangle(page, (100, 120), (800, 520), (225, 245, 255), -1)
    cv2.rectangle(page, (900, 120), (1600, 520), (30, 60, 20), -1)  # the dark card: small light print only
    return page, [_line(160, 200 + 60 * i, 420) for i in range(4)]


def test_an_empty_strong_outline_is_searched_again_for_small_print() -> None:
    page, pale = _page_with_a_dark_card()
    looked_at = []

    def look_closer(region: np.ndarray) -> np.ndarray:
        looked_at.append(region.shape[:2])
        return np.stack([_line(80, 100 + 20 * i, 300, 12) for i in range(3)])  # in the region's pixels

    crops = find_cards_with_text(page, np.stack(pale), look_closer)
    assert len(looked_at) == 1 and looked_at[0][0] < 500 and looked_at[0][1] < 800  # the dark card alone
    assert len(crops) == 2 and all(crop.found for crop in crops)
    assert all(_holds(crops[0].quad, line) for line in pale)
    assert crops[1].quad[:, 0].min() > 850  # the dark card, with its lines, in reading order
    assert find_cards_with_text(page, np.stack(pale)) and len(find_cards_with_text(page, np.stack(pale))) == 1


def test_a_shape_inside_a_card_with_text_is_not_searched_again() -> None:
    photo = np.full((1200, 1600, 3), 40, np.uint8)
    cv2.rectangle(photo, (200, 250), (1400, 950), (235, 235, 235), -1)
    cv2.rectangle(photo, (260, 310), (620, 530), (60, 60, 160), -1)  # an empty logo box, card-shaped
    lines = [_line(700, 330, 500), _line(700, 400, 450), _line(300, 700, 800), _line(300, 770, 700)]
    looked_at = []
    crops = find_cards_with_text(photo, np.stack(lines), lambda region: looked_at.append(region) or np.zeros((0, 4, 2)))
    assert looked_at == []
    assert len(crops) == 1 and all(_holds(crops[0].quad, line) for line in lines)


@pytest.mark.slow
def test_a_dark_card_in_small_light_print_on_a_scanned_page_is_found_and_read() -> None:
    from PIL import ImageDraw, ImageFont

    from ocr.engines import get_engine
    from ocr.pipeline import find_page_cards

    page, _ = _page_with_a_dark_card()
    image = Image.fromarray(cv2.cvtColor(page, cv2.COLOR_BGR2RGB))
    draw = ImageDraw.Draw(image)
    big, small = (ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", size) for size in (34, 13))
    for i, text in enumerate(["Northwind Traders", "Olivia Hartmann", "Sales Director", "+44 20 7946 0000"]):
        draw.text((160, 200 + 60 * i), text, font=big, fill=(20, 20, 20))
    dark_lines = ["HOSPITAL GENERAL DE SAN MARTHA", "Pedro Caraballo, Jefe de compras",
                  "pedro@hgsm.com.mx", "Boulevard Quintana Roo 850, Piso 18"]
    for i, text in enumerate(dark_lines):
        draw.text((960, 260 + 24 * i), text, font=small, fill=(235, 235, 235))
    page = cv2.cvtColor(np.asarray(image), cv2.COLOR_RGB2BGR)
    engine = get_engine("rapidocr")
    assert len(engine.detect_boxes(page, 1024)) <= 4 + 1  # the whole-page check misses the small print
    crops = find_page_cards(page, engine)
    assert len(crops) == 2
    assert crops[1].quad[:, 0].min() > 850
    read = " ".join(line.text for line in engine.read(crops[1].image, []))
    assert "pedro@hgsm.com.mx" in read


def test_no_text_gives_no_card() -> None:
    assert find_cards_with_text(np.full((400, 600, 3), 255, np.uint8), np.zeros((0, 4, 2), np.float32)) == []


@pytest.mark.slow
@pytest.mark.parametrize("builder", BUILDERS, ids=lambda b: b.__name__)
def test_every_card_of_a_multi_card_image_is_found_and_read_once(builder) -> None:
    built = builder(11)
    results = read_cards(built.jpeg, f"{built.name}.jpg")
    assert [r.card_index for r in results] == list(range(len(results)))
    texts = [[line.text for line in r.lines] + r.codes for r in results]
    for position, label in enumerate(built.labels):
        readers = [i for i, t in enumerate(texts) if _reads(label, t)]
        assert readers == [position], (label["name"], readers)
    assert len(results) == len(built.labels)


def _reads(label: dict, texts: list[str]) -> bool:
    found, printed, _ = recall_counts(label, texts)
    return found >= 0.8 * printed


def _with_orientation(jpeg: bytes, orientation: int) -> bytes:
    picture = Image.open(io.BytesIO(jpeg))
    exif = picture.getexif()
    exif[0x0112] = orientation
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=92, exif=exif)
    return out.getvalue()


@pytest.mark.slow
def test_a_wrong_exif_rotation_is_overruled_by_the_text() -> None:
    generated = generate_card(21, 3, Options(capture="photo", quadrant=0, qr=False, portrait=False))
    result = read_card(_with_orientation(generated.jpeg, 6), "tagged.jpg")  # upright pixels, tag says turn
    found, printed, missed = recall_counts(generated.expected, [line.text for line in result.lines])
    assert found >= 0.9 * printed, missed


@pytest.mark.slow
def test_a_portrait_card_on_a_desk_is_read() -> None:
    generated = generate_card(21, 5, Options(capture="photo", quadrant=0, qr=False, portrait=True, backdrop="desk"))
    results = read_cards(generated.jpeg, "portrait.jpg")
    assert len(results) == 1
    found, printed, missed = recall_counts(generated.expected, [line.text for line in results[0].lines])
    assert found >= 0.9 * printed, missed
