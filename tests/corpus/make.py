"""Write the hostile-upload corpus: files a reader must refuse with a clear message, never a crash.

    .venv/bin/python -m tests.corpus.make            # (re)writes tests/corpus/files/
    .venv/bin/python -m tests.corpus.make --check    # exit 1 when the committed files differ

Every file is derived from a fixed seed, so the output is the same on every run. The name says what it is;
`expected_status(name)` gives the HTTP status the API must answer (the reader must raise UnreadableImage).
Kept small on purpose: the largest file is about 100 KB.
"""

from __future__ import annotations

import argparse
import gzip
import io
import random
import struct
import sys
import tarfile
import time
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw

FILES_DIR = Path(__file__).resolve().parent / "files"
SEED = 20261126
SMALL = (120, 80)  # uncompressed formats stay small at this size
FIXED_DATE = time.gmtime(1767225600)  # PDF dates, for reproducible bytes


def _picture(size: tuple[int, int] = (320, 200), mode: str = "RGB") -> Image.Image:
    """A small card-like picture with some text-like strokes (so encoders produce real entropy-coded data)."""
    image = Image.new("RGB", size, (245, 242, 235))
    draw = ImageDraw.Draw(image)
    rng = random.Random(SEED)
    for row in range(4):
        y = 30 + row * 40
        for _ in range(12):
            x = rng.randrange(10, size[0] - 30)
            draw.rectangle((x, y, x + rng.randrange(4, 20), y + 14), fill=(20, 20, 40))
    return image.convert(mode)


def _encode(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    return out.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _png_claiming(width: int, height: int, idat: bytes = b"") -> bytes:
    """A PNG whose header claims width×height (8-bit RGB) but carries little or no pixel data."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", idat or zlib.compress(b"\0" * 64))
            + _png_chunk(b"IEND", b""))


def _jpeg_claiming(width: int, height: int) -> bytes:
    """A real JPEG with the frame size in its SOF0 marker rewritten."""
    data = bytearray(_encode(_picture((64, 64)), "JPEG", quality=80))
    at = data.index(b"\xff\xc0")
    data[at + 5:at + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def _random(size: int, salt: int) -> bytes:
    return random.Random(SEED + salt).randbytes(size)


def _cut(data: bytes, fraction: float) -> bytes:
    return data[: max(1, int(len(data) * fraction))]


def _flip_bytes(data: bytes, count: int, salt: int, start: int = 0) -> bytes:
    rng = random.Random(SEED + salt)
    out = bytearray(data)
    for _ in range(count):
        at = rng.randrange(start, len(out))
        out[at] ^= 1 << rng.randrange(8)
    return bytes(out)


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _tar(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.USTAR_FORMAT) as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size, info.mtime = len(data), 1767225600
            archive.addfile(info, io.BytesIO(data))
    return out.getvalue()


def _animated_gif() -> bytes:
    frames = [_picture((80, 50)).convert("P"), Image.new("P", (80, 50), 3)]
    return _encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)


HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script><p>not a card</p></body></html>\n"
SVG = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="300" height="200">'
       b'<script>alert(1)</script><text x="10" y="20">Irene Soliz</text></svg>\n')


def corpus() -> dict[str, bytes]:
    """Every corpus file by name (deterministic)."""
    jpeg = _encode(_picture(), "JPEG", quality=85)
    png = _encode(_picture(), "PNG")
    webp = _encode(_picture(), "WEBP", quality=80)
    tiff = _encode(_picture(), "TIFF", compression="tiff_deflate")
    files: dict[str, Callable[[], bytes] | bytes] = {
        # nothing at all
        "empty.jpg": b"",
        "empty.png": b"",
        "one-byte.jpg": b"\xff",
        "nul-bytes.jpg": b"\0" * 4096,
        # random bytes under image names
        "random-16b.jpg": _random(16, 1),
        "random-1k.png": _random(1024, 2),
        "random-64k.jpg": _random(65536, 3),
        "random-100k.heic": _random(100_000, 4),
        "random-4k.webp": _random(4096, 5),
        # markup and scripts renamed .jpg
        "page-html.jpg": HTML,
        "script-js.jpg": b"fetch('/api/v1/contacts').then(r => r.text()).then(alert);\n",
        "script-php.jpg": b"<?php system($_GET['c']); ?>\n",
        "image-svg-script.jpg": SVG,
        "image.svg": SVG,
        "shell-sh.png": b"#!/bin/sh\nrm -rf / --no-preserve-root\n",
        "xml-entity-bomb.jpg": (b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
                                b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><l>&b;</l>\n'),
        # plain text and data formats
        "text.jpg": b"Irene Soliz\nDisenadora Grafica\nisoliz@merinosoluciones.com.mx\n",
        "text-utf16.png": "Irène Soliz — carte de visite\n".encode("utf-16"),
        "contacts.csv.jpg": b"name,email\nIrene Soliz,isoliz@example.com\n",
        "card.json.jpg": b'{"name": "Irene Soliz", "email": "isoliz@example.com"}\n',
        "vcard.vcf.jpg": b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Irene Soliz\r\nEND:VCARD\r\n",
        "pdf-text.jpg": b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
        # archives
        "archive-zip.jpg": _zip({"card.jpg": jpeg}),
        "archive.zip": _zip({"a.txt": b"hello", "card.png": png}),
        "archive-gzip.jpg": gzip.compress(jpeg, mtime=0),
        "archive-tar.png": _tar({"card.jpg": jpeg}),
        "zip-bomb-like.jpg": _zip({"zeros.bin": b"\0" * 2_000_000}),
        # truncated JPEG
        "jpeg-soi-only.jpg": b"\xff\xd8",
        "jpeg-header-only.jpg": jpeg[:jpeg.index(b"\xff\xda") + 2],
        "jpeg-cut-10pct.jpg": _cut(jpeg, 0.10),
        "jpeg-cut-50pct.jpg": _cut(jpeg, 0.50),
        "jpeg-cut-80pct.jpg": _cut(jpeg, 0.80),
        # truncated or damaged PNG
        "png-signature-only.png": png[:8],
        "png-cut-in-ihdr.png": png[:20],
        "png-cut-after-ihdr.png": png[:33],
        "png-cut-50pct.png": _cut(png, 0.50),
        "png-cut-90pct.png": _cut(png, 0.90),
        "png-bad-crc.png": png[:29] + bytes([png[29] ^ 0xFF]) + png[30:],
        "png-idat-garbage.png": _png_claiming(320, 200, idat=_random(2000, 6)),
        "png-zero-width.png": _png_claiming(0, 200),
        # decompression bombs: headers claiming huge canvases
        "bomb-png-60000x60000.png": _png_claiming(60000, 60000),
        "bomb-png-100000x1000.png": _png_claiming(100_000, 1000),
        "bomb-png-deflate-10000x10000.png": _encode(Image.new("1", (10000, 10000)), "PNG", optimize=True),
        "bomb-jpeg-65000x65000.jpg": _jpeg_claiming(65000, 65000),
        "bomb-jpeg-60000x1200.jpg": _jpeg_claiming(60000, 1200),
        # other damaged allowed formats
        "webp-cut-50pct.webp": _cut(webp, 0.5),
        "webp-riff-garbage.webp": b"RIFF" + struct.pack("<I", 4000) + b"WEBPVP8 " + _random(200, 7),
        "tiff-cut-30pct.tif": _cut(tiff, 0.3),
        "tiff-bad-ifd.tif": b"II*\0" + struct.pack("<I", 0x7FFFFFF0) + _random(64, 8),
        "heic-ftyp-garbage.heic": b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + _random(500, 9),
        "jpeg-bit-flips.jpg": _flip_bytes(jpeg, 40, 10, start=jpeg.index(b"\xff\xda") + 12)[:-300],
        # valid images of formats cardnote does not accept
        "image-gif.jpg": _encode(_picture().convert("P"), "GIF"),
        "animated.gif": _animated_gif(),
        "image-bmp.jpg": _encode(_picture(SMALL), "BMP"),
        "image.bmp": _encode(_picture(SMALL), "BMP"),
        "image-ico.png": _encode(_picture((64, 64)), "ICO"),
        "image-ppm.jpg": _encode(_picture(SMALL), "PPM"),
        "image-pcx.jpg": _encode(_picture(SMALL), "PCX"),
        "image-tga.png": _encode(_picture(SMALL), "TGA"),
        "image-pdf.jpg": _encode(_picture(SMALL), "PDF", creationDate=FIXED_DATE, modDate=FIXED_DATE),
        "image-eps.jpg": _encode(_picture(SMALL), "EPS"),
        "image-jp2.png": _encode(_picture(SMALL), "JPEG2000"),
        "image-sgi.jpg": _encode(_picture(SMALL), "SGI"),
        "image-xbm.png": _encode(_picture(SMALL).convert("1"), "XBM"),
        # polyglot: a GIF header followed by script
        "polyglot-gif-js.jpg": b"GIF89a/*\x01\x00\x01\x00\x00\x00\x00*/=1;alert(1);//" + b"\0" * 32,
    }
    return {name: value() if callable(value) else value for name, value in files.items()}


def expected_status(name: str) -> int:
    """The HTTP status POST /api/v1/scans must answer for corpus file `name`."""
    if name.startswith("empty"):
        return 400  # an empty upload is a malformed request, refused before reading
    if name.startswith("bomb-"):
        return 413  # image_too_large: the pixel cap
    return 422  # unreadable_image


def write(directory: Path = FILES_DIR) -> list[Path]:
    """Write the corpus into `directory` (removing files that are no longer part of it)."""
    directory.mkdir(parents=True, exist_ok=True)
    files = corpus()
    for stale in directory.iterdir():
        if stale.name not in files:
            stale.unlink()
    paths = []
    for name, data in files.items():
        path = directory / name
        path.write_bytes(data)
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    """Command line: write the corpus, or check that the committed one is current."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare with the committed files")
    args = parser.parse_args(argv)
    if args.check:
        files = corpus()
        committed = {p.name: p.read_bytes() for p in FILES_DIR.iterdir()} if FILES_DIR.exists() else {}
        if committed != files:
            print("tests/corpus/files is out of date: run python -m tests.corpus.make", file=sys.stderr)
            return 1
        print(f"{len(files)} corpus files are current")
        return 0
    paths = write()
    print(f"wrote {len(paths)} files to {FILES_DIR} ({sum(p.stat().st_size for p in paths) / 1e3:.0f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
