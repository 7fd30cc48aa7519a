"""The whole ocr stage on real and synthetic images."""

from __future__ import annotations

import io
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from ocr.engines.base import sort_lines
from ocr.errors import UnreadableImage
from ocr.pipeline import read_card, read_cards, without_logo_crops
from ocr.types import OcrLine, OcrResult, SourceInfo
from tests.support.ocr_images import CARD_EMAIL, CARD_WORD, card, jpeg, photograph

REAL_CARDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "real-cards"


def test_unreadable_upload_raises_before_any_ocr():
    with pytest.raises(UnreadableImage, match=r"notes\.jpg"):
        read_card(b"<html>not a card</html>", "notes.jpg")


@pytest.mark.slow
def test_azure_sample_card_is_read():
    path = REAL_CARDS / "azure_business_card.jpg"
    if not path.exists():
        pytest.skip(f"real card photos not available at {REAL_CARDS} (they live outside the repo)")
    result = read_card(path.read_bytes(), path.name)
    assert result.card_found
    assert "chris.smith@contoso.com" in result.text
    assert "Chris Smith" in [line.text for line in result.lines]
    assert result.source.width == 4032 and result.source.height == 3024
    height, width = result.card_image.shape[:2]
    for line in result.lines:
        x, y, w, h = line.box
        assert x >= 0 and y >= 0 and x + w <= width and y + h <= height
    assert sort_lines(result.lines) == result.lines
    centres = [line.box[1] + line.box[3] / 2 for line in result.lines]
    assert centres[0] < centres[-1]


@pytest.mark.slow
def test_multi_page_tiff_gives_one_result_per_page():
    pages = [Image.fromarray(photograph(card(), angle=a)[:, :, ::-1]) for a in (8, -8)]
    buffer = io.BytesIO()
    pages[0].save(buffer, format="TIFF", save_all=True, append_images=pages[1:], compression="tiff_deflate")
    results = read_cards(buffer.getvalue(), "two.tiff", engine="rapidocr")
    assert len(results) == 2
    for result in results:
        assert CARD_WORD in result.text and CARD_EMAIL in result.text
        assert result.source.file == "two.tiff"


@pytest.mark.slow
def test_photo_without_a_card_outline_warns_and_reads_the_frame():
    flat = card()
    result = read_card(jpeg(flat), "flat.jpg", engine="rapidocr")
    assert CARD_EMAIL in result.text
    if not result.card_found:
        assert "no card outline found; read the whole photo" in result.warnings


def _paper_with_print(paper: int, ink: int) -> np.ndarray:
    card = np.full((600, 1000, 3), paper, np.uint8)
    for row in range(6):
        cv2.putText(card, "Ana Ruiz  +34 912 345 678", (90, 140 + 60 * row), cv2.FONT_HERSHEY_SIMPLEX, 1.4,
                    (ink, ink, ink), 3)
    return card


def test_a_pale_card_in_dim_light_is_not_a_dark_card() -> None:
    from ocr.pipeline import _is_dark

    assert not _is_dark(_paper_with_print(paper=87, ink=25))  # grey paper, darker ink: read as it is
    assert _is_dark(_paper_with_print(paper=35, ink=230))  # dark card, light print: inverted before reading
    assert not _is_dark(_paper_with_print(paper=235, ink=20))


def _result(*texts: str, codes: tuple[str, ...] = ()) -> OcrResult:
    return OcrResult(SourceInfo("page.jpg", "", 100, 100), "test", ["eng"],
                     [OcrLine(t, 0.9, (0, 20 * i, 100, 18)) for i, t in enumerate(texts)], list(codes))


def test_a_logo_box_that_reads_as_a_monogram_is_no_card_of_its_own() -> None:
    card = _result("Ana Ruiz", "ana@ruiz.es")
    assert without_logo_crops([_result("B"), card]) == [card]
    assert without_logo_crops([_result(), card]) == [card]
    assert without_logo_crops([_result("KPL"), card, _result("Bea Soto", "Tel 911")]) == [card, _result(
        "Bea Soto", "Tel 911")]
    # a crop with a code, or with a few words, is a card; a lone crop is always kept
    assert len(without_logo_crops([_result(codes=("MECARD:N:Ruiz,Ana;;",)), card])) == 2
    assert len(without_logo_crops([_result("Bea Soto"), card])) == 2
    assert without_logo_crops([_result("B")]) == [_result("B")]
