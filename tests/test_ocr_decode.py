"""Image intake: only real JPEG/PNG/WebP/TIFF/HEIC pixels get through, upright and 8-bit BGR."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import numpy as np
import pillow_heif
import pytest
from PIL import Image

from ocr.decode import decode_image, decode_pages
from ocr.errors import CardnoteError, ImageTooLarge, UnreadableImage


def _marker_image(width: int = 120, height: int = 80) -> Image.Image:
    """White canvas with a red block in the top-left corner and a blue bar along the bottom."""
    canvas = Image.new("RGB", (width, height), "white")
    pixels = canvas.load()
    for x in range(30):
        for y in range(20):
            pixels[x, y] = (255, 0, 0)
    for x in range(width):
        for y in range(height - 10, height):
            pixels[x, y] = (0, 0, 255)
    return canvas


def _encode(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def _assert_upright_marker(bgr: np.ndarray) -> None:
    height, width = bgr.shape[:2]
    assert (width, height) == (120, 80)
    top_left = bgr[5, 5]
    assert top_left[2] > 200 and top_left[0] < 60, "red block should be top-left"
    bottom = bgr[height - 3, width // 2]
    assert bottom[0] > 200 and bottom[2] < 60, "blue bar should be at the bottom"
    assert bgr[40, 100].min() > 200, "the right-middle stays white"


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "TIFF"])
def test_allowed_formats_decode_to_bgr(fmt):
    options = {"quality": 95} if fmt in {"JPEG", "WEBP"} else {}
    decoded = decode_image(_encode(_marker_image(), fmt, **options), f"card.{fmt.lower()}")
    assert decoded.image.dtype == np.uint8 and decoded.image.shape == (80, 120, 3)
    _assert_upright_marker(decoded.image)
    assert decoded.source.width == 120 and decoded.source.height == 80
    assert len(decoded.source.sha256) == 64


def test_sha256_is_of_the_bytes():
    import hashlib

    data = _encode(_marker_image(), "PNG")
    assert decode_image(data, "a.png").source.sha256 == hashlib.sha256(data).hexdigest()


def test_heic_round_trip():
    buffer = io.BytesIO()
    heif = pillow_heif.from_pillow(_marker_image())
    heif.save(buffer, quality=95)
    decoded = decode_image(buffer.getvalue(), "IMG_0001.HEIC")
    assert decoded.format in {"HEIF", "HEIC"}
    _assert_upright_marker(decoded.image)


# For each EXIF orientation, the transform that makes the stored pixels from the upright image
# (the camera stores them this way and asks the viewer to undo it).
_STORE = {
    1: lambda im: im,
    2: lambda im: im.transpose(Image.Transpose.FLIP_LEFT_RIGHT),
    3: lambda im: im.transpose(Image.Transpose.ROTATE_180),
    4: lambda im: im.transpose(Image.Transpose.FLIP_TOP_BOTTOM),
    5: lambda im: im.transpose(Image.Transpose.TRANSPOSE),
    6: lambda im: im.transpose(Image.Transpose.ROTATE_90),
    7: lambda im: im.transpose(Image.Transpose.TRANSVERSE),
    8: lambda im: im.transpose(Image.Transpose.ROTATE_270),
}


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_comes_out_upright(orientation):
    stored = _STORE[orientation](_marker_image())
    exif = Image.Exif()
    exif[0x0112] = orientation
    data = _encode(stored, "JPEG", quality=95, exif=exif.tobytes())
    _assert_upright_marker(decode_image(data, f"o{orientation}.jpg").image)


@pytest.mark.parametrize(
    ("mode", "make"),
    [
        ("L", lambda: _marker_image().convert("L")),
        ("P", lambda: _marker_image().convert("P", palette=Image.Palette.ADAPTIVE)),
        ("RGBA", lambda: _marker_image().convert("RGBA")),
        ("LA", lambda: _marker_image().convert("LA")),
        ("CMYK", lambda: _marker_image().convert("CMYK")),
        ("1", lambda: _marker_image().convert("1")),
    ],
)
def test_colour_modes_become_3_channel_uint8(mode, make):
    fmt = "JPEG" if mode == "CMYK" else ("TIFF" if mode == "1" else "PNG")
    decoded = decode_image(_encode(make(), fmt), f"x.{fmt.lower()}")
    assert decoded.image.shape == (80, 120, 3) and decoded.image.dtype == np.uint8
    assert decoded.image[40, 100].min() > 200  # white stays white (no inverted CMYK, no black alpha)


def test_transparent_png_is_put_on_white():
    image = Image.new("RGBA", (50, 40), (0, 0, 0, 0))
    decoded = decode_image(_encode(image, "PNG"), "logo.png")
    assert decoded.image.min() == 255


def test_sixteen_bit_grey_png_is_scaled_not_clipped():
    ramp = np.tile(np.linspace(0, 65535, 64, dtype=np.uint16), (16, 1))
    decoded = decode_image(_encode(Image.fromarray(ramp), "PNG"), "deep.png")
    row = decoded.image[0, :, 0].astype(int)
    assert row[0] < 5 and row[-1] > 250 and 100 < row[32] < 160


def test_multi_page_tiff_yields_every_page():
    pages = [Image.new("RGB", (60 + 10 * i, 40), (40 * i, 0, 0)) for i in range(3)]
    buffer = io.BytesIO()
    pages[0].save(buffer, format="TIFF", save_all=True, append_images=pages[1:])
    decoded = list(decode_pages(buffer.getvalue(), "scan.tiff"))
    assert [d.page for d in decoded] == [0, 1, 2]
    assert [d.image.shape[1] for d in decoded] == [60, 70, 80]
    assert decode_image(buffer.getvalue(), "scan.tiff").image.shape[1] == 60


def _png_header_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge canvas: a decompression bomb's signature."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


def test_header_bomb_is_refused_before_decoding():
    with pytest.raises(ImageTooLarge) as caught:
        decode_image(_png_header_claiming(60000, 60000), "bomb.png")
    assert "bomb.png" in caught.value.message


def test_pixel_cap_is_configurable():
    data = _encode(_marker_image(), "PNG")
    with pytest.raises(ImageTooLarge, match="megapixels"):
        decode_image(data, "a.png", max_pixels=5000)


def test_byte_cap():
    with pytest.raises(ImageTooLarge, match="MB"):
        decode_image(b"\xff\xd8" + b"\0" * 2_000, "big.jpg", max_bytes=1_000)


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("card.jpg", _encode(_marker_image(), "JPEG"))
    return buffer.getvalue()


_NOISE = np.random.default_rng(2).integers(0, 256, (200, 200, 3), np.uint8)
_BAD_INPUTS = {
    "empty": b"",
    "random": bytes(np.random.default_rng(1).integers(0, 256, 4096, dtype=np.uint8)),
    "text": b"Jane Doe\nCEO, Example Inc.\njane@example.com\n",
    "html renamed": b"<!DOCTYPE html><html><body><img src='card.jpg'></body></html>",
    "zip": _zip_bytes(),
    "truncated jpeg": _encode(_marker_image(400, 300), "JPEG", quality=95)[:1500],
    "truncated png": _encode(Image.fromarray(_NOISE), "PNG")[:3000],
    "gif": _encode(_marker_image(), "GIF"),
    "bmp": _encode(_marker_image(), "BMP"),
}


@pytest.mark.parametrize("kind", list(_BAD_INPUTS))
def test_bad_inputs_are_unreadable_with_a_message_naming_the_file(kind):
    with pytest.raises(UnreadableImage) as caught:
        decode_image(_BAD_INPUTS[kind], "IMG_0042.jpg")
    assert not isinstance(caught.value, ImageTooLarge)
    assert "IMG_0042.jpg" in caught.value.message
    assert isinstance(caught.value, CardnoteError) and caught.value.exit_code != 0


def test_non_allowed_format_is_named():
    with pytest.raises(UnreadableImage, match="GIF"):
        decode_image(_BAD_INPUTS["gif"], "anim.gif")
