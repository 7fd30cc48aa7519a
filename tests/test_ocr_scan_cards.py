"""`cardnote scan` on an image holding several cards: one card JSON per card, naming its file and index.

Cards laid edge to edge are the hard case: every mask sees the pair as one blob, so they are told apart by
the colour edge where they meet; a single card's coloured panels must not be told apart that way.
"""

from __future__ import annotations

import json

import cv2
import numpy as np
import pytest
from click.testing import CliRunner

from bench.ocr_recall import read_texts, recall_counts
from ocr.cards import find_cards_with_text
from ocr.engines import get_engine
from ocr.pipeline import find_page_cards
from samples.multicard import MultiCard, desk_photo, tiled_page
from service.cli import cli


def _line(x: int, y: int, width: int, height: int = 24) -> np.ndarray:
    return np.array([[x, y], [x + width, y], [x + width, y + height], [x, y + height]], np.float32)


def _holds(quad: np.ndarray, line: np.ndarray) -> bool:
    contour = quad.reshape(-1, 1, 2).astype(np.float32)
    return all(cv2.pointPolygonTest(contour, (float(x), float(y)), False) >= 0 for x, y in line)


def _reads(label: dict, texts: list[str]) -> bool:
    found, printed, _ = recall_counts(label, texts)
    return found >= 0.8 * printed


def _paper(x0: int, y0: int, x1: int, y1: int) -> np.ndarray:
    """A card's rectangle less a few pixels: a crop of that card must hold it all."""
    inset = 6
    return _line(x0 + inset, y0 + inset, x1 - x0 - 2 * inset, y1 - y0 - 2 * inset)


def _print(image: np.ndarray, lines: list[np.ndarray]) -> None:
    """Dark bars where the lines are, as the text detector would see print."""
    for line in lines:
        (x0, y0), (x1, y1) = line.min(axis=0).astype(int), line.max(axis=0).astype(int)
        cv2.rectangle(image, (x0, y0 + 4), (x1, y1 - 4), (40, 40, 45), -1)


def _each_card_found_with_its_own_lines(crops, cards: list[list[np.ndarray]], papers: list[np.ndarray]) -> None:
    """One crop per card, from its outline, holding the card's paper and lines and no line of another card."""
    assert len(crops) == len(cards)
    for crop, own, paper in zip(crops, cards, papers, strict=True):
        assert crop.found
        assert _holds(crop.quad, paper)
        assert all(_holds(crop.quad, line) for line in own)
        others = [line for lines in cards if lines is not own for line in lines]
        assert not any(_holds(crop.quad, line) for line in others)


def test_two_tinted_cards_touching_edge_to_edge_on_a_page_are_two_cards() -> None:
    # No page shows between them; the logo of the lower card sits just below the edge they share.
    page = np.full((1400, 1000, 3), 250, np.uint8)
    cv2.rectangle(page, (100, 100), (520, 340), (255, 243, 233), -1)  # pale blue (BGR)
    cv2.rectangle(page, (100, 341), (520, 581), (236, 253, 232), -1)  # pale green, touching it
    upper = [_line(130, 130, 250), _line(130, 170, 150)] + [_line(300, 230 + 35 * i, 190) for i in range(3)]
    lower = [_line(280, 350, 40, 50)] + [_line(150, 430 + 40 * i, 300) for i in range(3)]
    _print(page, upper + lower)
    crops = find_cards_with_text(page, np.stack(upper + lower))
    _each_card_found_with_its_own_lines(crops, [upper, lower], [_paper(100, 100, 520, 340), _paper(100, 341, 520, 581)])


def test_two_cards_side_by_side_on_a_desk_are_two_cards_each_with_its_band() -> None:
    # They touch along part of an edge (a step-shaped blob); the left one has a coloured band with its name.
    desk = np.full((1000, 1400, 3), (190, 175, 160), np.uint8)
    cv2.rectangle(desk, (100, 380), (620, 680), (238, 248, 252), -1)  # cream
    cv2.rectangle(desk, (100, 380), (620, 450), (30, 140, 190), -1)  # its ochre band
    cv2.rectangle(desk, (621, 250), (1141, 550), (245, 245, 245), -1)  # white, touching the cream one
    left = [_line(130, 400, 300)] + [_line(130, 480 + 40 * i, 250) for i in range(4)]
    right = [_line(700, 290 + 40 * i, 320) for i in range(5)]
    _print(desk, left[1:] + right)
    crops = find_cards_with_text(desk, np.stack(left + right))
    _each_card_found_with_its_own_lines(crops, [left, right], [_paper(100, 380, 620, 680), _paper(621, 250, 1141, 550)])


@pytest.mark.parametrize("sidebar", [(0, 170), (0, 260)], ids=["third", "half"])
def test_a_card_with_a_dark_sidebar_stays_one_card(sidebar: tuple[int, int]) -> None:
    desk = np.full((1000, 1400, 3), (120, 110, 100), np.uint8)
    cv2.rectangle(desk, (300, 300), (820, 600), (245, 245, 245), -1)
    cv2.rectangle(desk, (300 + sidebar[0], 300), (300 + sidebar[1], 600), (110, 60, 20), -1)
    panel = [_line(320, 330 + 40 * i, sidebar[1] - 60) for i in range(3)]
    rest = [_line(300 + sidebar[1] + 30, 330 + 40 * i, 180) for i in range(6)]
    _print(desk, rest)
    crops = find_cards_with_text(desk, np.stack(panel + rest))
    assert len(crops) == 1
    assert all(_holds(crops[0].quad, line) for line in panel + rest)


@pytest.mark.slow
@pytest.mark.parametrize(("builder", "seed"), [(tiled_page, 5), (desk_photo, 2)], ids=["tiled-5", "desk-2"])
def test_touching_generated_cards_are_found_one_by_one(builder, seed: int) -> None:
    # tiled 5: two tinted cards a few pixels apart, touching at one end; desk 2: two cards meeting edge to edge.
    built = builder(seed)
    image = cv2.imdecode(np.frombuffer(built.jpeg, np.uint8), cv2.IMREAD_COLOR)
    assert len(find_page_cards(image, get_engine(None))) == len(built.labels)


def _scan_tiled_page(tmp_path) -> tuple[MultiCard, list[dict]]:
    """`cardnote scan` of the tiled page whose tinted cards touch: the page and its card JSONs."""
    page = tiled_page(5)
    image = tmp_path / f"{page.name}.jpg"
    image.write_bytes(page.jpeg)
    result = CliRunner().invoke(cli, ["scan", str(image), "--workers", "1"])
    assert result.exit_code == 0, result.output
    return page, [json.loads(line) for line in result.output.splitlines()]


@pytest.mark.slow
def test_scan_prints_one_line_per_card_with_its_index(tmp_path):
    page, cards = _scan_tiled_page(tmp_path)
    assert [c["source"]["card"] for c in cards] == [0, 1, 2, 3]
    assert {c["source"]["file"] for c in cards} == {f"{page.name}.jpg"}
    # Each card read once: the card of index i reads label i (most of its printed words), no other card does.
    for position, label in enumerate(page.labels):
        readers = [i for i, card in enumerate(cards) if _reads(label, read_texts(card))]
        assert readers == [position], (label["name"], readers)


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason="known weakness: every card is found and read, but the tagger leaves the "
                   "all-caps name 'GUY HOULE' unnamed")
def test_scan_names_each_card_of_the_page(tmp_path):
    page, cards = _scan_tiled_page(tmp_path)
    names = [c["fields"]["name"]["value"] if c["fields"]["name"] else None for c in cards]
    assert names == [label["name"] for label in page.labels]
