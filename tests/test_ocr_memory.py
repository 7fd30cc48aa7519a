"""A reading process gives memory back between images: no second copy of a photo, a trimmed heap."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

import ocr.pipeline
from ocr.decode import decode_pages
from ocr.memory import bound_heap, trim_heap
from tests.support.ocr_images import card, jpeg


def _encoded(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(np.full((60, 80, 3), 200, np.uint8)).save(buffer, format=fmt)
    return buffer.getvalue()


def test_a_photo_is_not_held_twice_while_its_page_is_read(monkeypatch):
    closed = []
    close = Image.Image.close
    monkeypatch.setattr(Image.Image, "close", lambda self: (closed.append(self.format), close(self))[1])
    page = next(decode_pages(_encoded("JPEG"), "photo.jpg"))
    assert "JPEG" in closed  # before the page is handed out, not when the generator ends
    assert page.format == "JPEG" and page.image.shape == (60, 80, 3)


def test_a_multi_page_tiff_stays_open_for_its_next_page():
    buffer = io.BytesIO()
    frames = [Image.fromarray(np.full((40, 50, 3), v, np.uint8)) for v in (10, 240)]
    frames[0].save(buffer, format="TIFF", save_all=True, append_images=frames[1:])
    pages = list(decode_pages(buffer.getvalue(), "two.tiff"))
    assert [int(p.image.mean()) for p in pages] == [10, 240]


def test_heap_calls_are_safe_to_repeat():
    assert isinstance(bound_heap(), bool) and bound_heap() == bound_heap()
    assert isinstance(trim_heap(), bool)


@pytest.mark.slow
def test_the_heap_is_trimmed_after_every_page(monkeypatch):
    calls = []
    monkeypatch.setattr(ocr.pipeline, "trim_heap", lambda: calls.append(1) or True)
    ocr.pipeline.read_cards(jpeg(card()), "card.jpg", engine="rapidocr")
    assert calls == [1]
