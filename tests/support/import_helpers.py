"""Helpers for the import tests: a fast stand-in for the OCR step, folders of small images, and a CLI driver.

The stand-in keeps the real decoding and card finding (ocr.decode, ocr.flatten: fast OpenCV work) and only
replaces reading the text, so page splitting, multi-page TIFF and broken files behave exactly as in production.

    python -m tests.support.import_helpers import FOLDER --user EMAIL …   # `cardnote` with the stand-in reader
"""

from __future__ import annotations

import hashlib
import io
import os
import sys
import time
from pathlib import Path

import cv2
from PIL import Image

from enrich.card import Card, CardFields, EmailField, TextField
from ocr.decode import decode_pages
from ocr.flatten import find_cards
from service.reading.reader import Scan
from tests.support import ROOT

SAMPLES = ROOT / "samples"
PAGE = SAMPLES / "page_4_cards_scan.jpg"
DELAY_ENV = "CARDNOTE_TEST_READ_DELAY"  # seconds per card, to give a kill -9 something to interrupt


def fake_scan_page(data: bytes, filename: str, **_options: object) -> list[Scan]:
    """Like service.reading.reader.scan_page, but each card's "text" is derived from its pixels instead of OCR."""
    scans = []
    for page in decode_pages(data, filename):
        for crop in find_cards(page.image):
            ok, buf = cv2.imencode(".jpg", crop.image, [cv2.IMWRITE_JPEG_QUALITY, 80])
            jpeg = buf.tobytes()
            tag = hashlib.sha256(jpeg).hexdigest()[:8]
            fields = CardFields(name=TextField(f"Person {tag}", 0.9, "ocr"),
                                company=TextField("Fake Reading Ltd", 0.8, "ocr"),
                                emails=[EmailField(f"p{tag}@example.org", True, 0.9, "ocr")])
            card = Card(source={"file": filename, "sha256": page.source.sha256, "width": page.source.width,
                                "height": page.source.height}, fields=fields, ocr={"engine": "fake", "lines": []})
            time.sleep(float(os.environ.get(DELAY_ENV, "0")))
            scans.append(Scan(card=card, card_jpeg=jpeg if ok else None))
    return scans


def image_bytes(colour: tuple[int, int, int], fmt: str = "JPEG", size: tuple[int, int] = (320, 200)) -> bytes:
    """A small plain image in `fmt` (distinct colours give distinct cards)."""
    import pillow_heif

    pillow_heif.register_heif_opener()  # HEIF writing, for phone photos
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format=fmt)
    return out.getvalue()


def multipage_tiff(colours: list[tuple[int, int, int]]) -> bytes:
    """A multi-page TIFF, one plain page per colour."""
    pages = [Image.new("RGB", (320, 200), c) for c in colours]
    out = io.BytesIO()
    pages[0].save(out, format="TIFF", save_all=True, append_images=pages[1:])
    return out.getvalue()


def pdf_bytes(colours: list[tuple[int, int, int]]) -> bytes:
    """A PDF with one plain page per colour (written by Pillow)."""
    pages = [Image.new("RGB", (320, 200), c) for c in colours]
    out = io.BytesIO()
    pages[0].save(out, format="PDF", save_all=True, append_images=pages[1:], resolution=100)
    return out.getvalue()


def make_folder(root: Path, singles: int = 3, page: bool = True) -> Path:
    """A folder of `singles` small card images (one in a subfolder), the 4-card page, a text file and a broken JPEG."""
    folder = root / "cards"
    (folder / "fair").mkdir(parents=True)
    for i in range(singles):
        target = folder / "fair" if i == 0 else folder
        (target / f"card_{i}.jpg").write_bytes(image_bytes((40 + 30 * i, 120 + 10 * i, 200 - 20 * i)))
    if page:
        (folder / "page.jpg").write_bytes(PAGE.read_bytes())
    (folder / "readme.txt").write_text("not a card")
    whole = image_bytes((9, 90, 9), size=(640, 400))
    (folder / "broken.jpg").write_bytes(whole[: len(whole) * 2 // 3])  # a copy cut short
    return folder


def install_fake_reader() -> None:
    """Put the stand-in in place of OCR in this process (service.jobs.pool.CHILD_SETUP runs it in readers)."""
    import service.reading.reader

    service.reading.reader.scan_page = fake_scan_page


def main() -> None:
    """Run the cardnote CLI with the stand-in reader, in this process and in its spawned reader processes."""
    from service.cli import main as cli_main
    from service.jobs import pool

    install_fake_reader()
    pool.CHILD_SETUP = install_fake_reader

    sys.argv = ["cardnote", *sys.argv[1:]]
    cli_main()


if __name__ == "__main__":
    main()
