"""Faint print (pale or blurred ink the detector's threshold misses) on a card read as almost nothing."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr.engines import rapid
from ocr.engines.rapid import RapidEngine
from tests.support.ocr_images import BOLD_FONT, FONT

SMALL_LINES = ["Tel +46 8 5512 0734", "miriam@lindqvist.se", "www.lindqvist.se", "Storgatan 18, 114 51 Stockholm"]


def faint_card(ink: int = 218, blur: float = 3.0) -> np.ndarray:
    """A large flattened card: two dark headline lines, and small print barely darker than the paper, blurred."""
    page = Image.new("RGB", (2000, 1140), (236, 236, 232))
    draw = ImageDraw.Draw(page)
    draw.text((600, 200), "Miriam Oduya", font=ImageFont.truetype(BOLD_FONT, 90), fill=(40, 40, 40))
    draw.text((700, 330), "Lindqvist Optik", font=ImageFont.truetype(BOLD_FONT, 70), fill=(40, 40, 40))
    body = ImageFont.truetype(FONT, 34)
    for index, text in enumerate(SMALL_LINES):
        draw.text((720, 560 + 60 * index), text, font=body, fill=(ink, ink, ink))
    return cv2.GaussianBlur(np.asarray(page)[:, :, ::-1].copy(), (0, 0), blur)


def test_ink_darkness_sees_pale_print_and_not_shading():
    image = np.full((400, 800, 3), 230, np.uint8)
    image[:, 400:] = 200  # a shaded half of the card is paper, not ink
    cv2.putText(image, "pale", (100, 200), cv2.FONT_HERSHEY_SIMPLEX, 2, (212, 212, 212), 5)
    ink = rapid._ink_darkness(image)
    assert ink[:, 450:750].max() < 6
    assert ink[150:210, 100:300].max() > 12


@pytest.mark.slow
def test_a_card_read_as_almost_nothing_gets_its_faint_lines():
    _, lines = RapidEngine().read_oriented(faint_card(), [])
    texts = [line.text for line in lines]
    assert "Miriam Oduya" in texts
    read = sum(text in texts for text in SMALL_LINES)
    assert read >= 3, texts


@pytest.mark.slow
def test_without_the_faint_check_the_same_card_reads_only_its_headlines(monkeypatch):
    # The check above passes because of the second detection, not because the detector sees this print anyway.
    monkeypatch.setattr(rapid, "FAINT_CHECK_BELOW", 0)
    _, lines = RapidEngine().read_oriented(faint_card(), [])
    assert not any(text in [line.text for line in lines] for text in SMALL_LINES)


@pytest.mark.slow
def test_a_card_with_enough_lines_pays_no_second_detection(monkeypatch):
    def fail(*_args):
        raise AssertionError("faint check ran on a card whose lines were all found")

    monkeypatch.setattr(rapid, "_faint_lines", fail)
    _, lines = RapidEngine().read_oriented(faint_card(ink=40, blur=0.5), [])
    assert len(lines) >= rapid.FAINT_CHECK_BELOW


@pytest.mark.slow
def test_faint_lines_leave_the_lines_found_without_them_unchanged(monkeypatch):
    card = faint_card()
    _, with_faint = RapidEngine().read_oriented(card, [])
    monkeypatch.setattr(rapid, "FAINT_CHECK_BELOW", 0)
    _, without = RapidEngine().read_oriented(card, [])
    def reading(lines):  # boldness is relative to the card's other lines, so it may move
        return [(line.text, line.confidence, line.box) for line in lines]

    assert without and all(line in reading(with_faint) for line in reading(without))


@pytest.mark.slow
def test_a_blank_card_reads_as_nothing_not_as_stretched_noise():
    rng = np.random.default_rng(3)
    blank = np.clip(rng.normal(225, 6, (1140, 2000, 3)), 0, 255).astype(np.uint8)
    _, lines = RapidEngine().read_oriented(cv2.GaussianBlur(blank, (0, 0), 1.0), [])
    assert lines == []


def test_a_faint_reading_replaces_the_fragments_it_holds_only_when_sure_and_longer():
    texts = ["Bali PLC", "83810615", "Off.: 4683810615", "Mob 78", "M0b"]
    scores = [0.99, 1.0, 0.97, 0.99, 0.97]
    # found lines 0-1, faint lines 2 (holds found line 1) and 3 (new), 4 (holds line 3's twin but reads less)
    dropped = rapid._read_whole(texts, scores, 2, [(1,), (), (0,)])
    assert dropped == {1, 4}
    unsure = rapid._read_whole(texts, [0.99, 1.0, 0.5, 0.99, 0.97], 2, [(1,), (), ()])
    assert unsure == {2}  # an unsure whole keeps the sure fragment


@pytest.mark.slow
def test_a_blurred_line_the_detector_saw_only_part_of_is_read_whole(monkeypatch):
    """A blurred photo (generator card 7/19): the detector boxes '83810615' of 'Off.: 4683810615'."""
    from ocr.pipeline import read_card
    from samples.generate import generate_card

    photo = generate_card(7, 19).jpeg
    assert "Off.: 4683810615" in [line.text for line in read_card(photo, "blurred.jpg").lines]
    monkeypatch.setattr(rapid, "FRAGMENT_GROWTH", float("inf"))
    assert "Off.: 4683810615" not in [line.text for line in read_card(photo, "blurred.jpg").lines]
