"""A reading process does not hold a photo twice, and bounds its heap."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from ocr.decode import decode_pages
from ocr.memory import bound_heap


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


def test_the_heap_bound_is_set_once():
    assert isinstance(bound_heap(), bool) and bound_heap() == bound_heap()
