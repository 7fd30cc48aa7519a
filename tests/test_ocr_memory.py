"""A reading process does not hold a photo twice, and bounds its heap."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
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


_FREED_HEAP_PROBE = """
import sys
from ocr.memory import bound_heap

def resident_kb():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))

took = bound_heap() if sys.argv[1] == "bound" else True
blocks = [b"x" * 200_000 for _ in range(200)]  # 40 MB of blocks under the mmap threshold: on the heap
before = resident_kb()
del blocks
print(took, before - resident_kb())
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc and /proc are Linux's")
def test_freed_heap_memory_is_kept_for_the_next_card_rather_than_handed_back():
    def returned_kb(mode: str) -> tuple[str, int]:
        out = subprocess.run([sys.executable, "-c", _FREED_HEAP_PROBE, mode], capture_output=True, text=True,
                             check=True, cwd=Path(__file__).resolve().parents[1]).stdout.split()
        return out[0], int(out[1])

    took, kept_bound = returned_kb("bound")
    assert took == "True"
    _, returned_default = returned_kb("default")
    assert returned_default > 30_000  # glibc's default trims the heap's free top at once …
    assert kept_bound < 5_000  # … bounded, a reader keeps it: no page faults to get it back
