"""Images: a property-based fuzz of decode → flatten, metadata-free stored card images, EXIF orientation kept
all the way to the stored card image."""

from __future__ import annotations

import io
import struct

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from ocr.decode import decode_image
from ocr.errors import UnreadableImage
from ocr.flatten import find_card, find_cards
from tests.support.service_helpers import FakeReader, add_user, fake_card, use_fake_reader

# A JPEG segment that is not metadata: SOFn, DHT, DQT, DRI and APP0 (JFIF).
METADATA_MARKERS = {0xE1: "APP1 (EXIF/XMP)", 0xE2: "APP2 (ICC/FlashPix)", 0xED: "APP13 (IPTC)", 0xFE: "COM"}


def _card_picture(size=(180, 120), background=(90, 120, 60)) -> Image.Image:
    """A light card with dark 'text' bars on a darker background: something the card finder can find."""
    canvas = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(canvas)
    width, height = size
    draw.rectangle((width * 0.15, height * 0.2, width * 0.85, height * 0.8), fill=(240, 238, 230))
    for row in range(3):
        y = height * (0.3 + row * 0.15)
        draw.rectangle((width * 0.22, y, width * 0.6, y + 5), fill=(20, 20, 30))
    return canvas


def _encode(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    return out.getvalue()


SEEDS = [_encode(_card_picture(), "JPEG", quality=80), _encode(_card_picture(), "PNG"),
         _encode(_card_picture(), "WEBP", quality=70), _encode(_card_picture(), "TIFF"),
         _encode(_card_picture((40, 30)).convert("L"), "PNG")]


@st.composite
def mutated_images(draw) -> bytes:
    """A valid small image, then truncated, bit-flipped, spliced with random bytes or with its size field bent."""
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["flip", "cut", "insert", "overwrite", "png_size"]))
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        if kind == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "cut":
            del data[at:]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif kind == "overwrite":
            chunk = draw(st.binary(min_size=1, max_size=16))
            data[at:at + len(chunk)] = chunk
        elif data.startswith(b"\x89PNG") and len(data) > 24:
            data[16:24] = struct.pack(">II", draw(st.integers(0, 2**31 - 1)), draw(st.integers(0, 2**31 - 1)))
    return bytes(data)


def _check_flatten(data: bytes) -> None:
    try:
        decoded = decode_image(data, "fuzz.bin", max_pixels=4_000_000)
    except UnreadableImage as refused:  # ImageTooLarge is one too
        assert refused.message.startswith("fuzz.bin:")
        return
    assert decoded.image.dtype == np.uint8 and decoded.image.ndim == 3 and decoded.image.shape[2] == 3
    for crop in [find_card(decoded.image), *find_cards(decoded.image)]:
        assert crop.image.dtype == np.uint8 and crop.image.ndim == 3
        assert crop.image.shape[0] >= 1 and crop.image.shape[1] >= 1


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_images())
def test_fuzz_decode_then_flatten_never_crashes(data):
    _check_flatten(data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2048))
def test_fuzz_random_bytes_are_refused_cleanly(data):
    _check_flatten(data)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 300), st.integers(1, 300), st.integers(0, 255), st.sampled_from(["PNG", "JPEG", "TIFF"]))
def test_fuzz_odd_but_valid_images_flatten_to_pixels(width, height, grey, fmt):
    image = Image.new("L", (width, height), grey).convert("RGB")
    _check_flatten(_encode(image, fmt))


# Metadata


def jpeg_markers(data: bytes) -> list[int]:
    """The markers of a JPEG's header segments, up to the start of the scan."""
    assert data[:2] == b"\xff\xd8", "not a JPEG"
    markers, at = [], 2
    while at + 4 <= len(data):
        assert data[at] == 0xFF, f"bad segment at {at}"
        marker = data[at + 1]
        if marker == 0xDA:  # start of scan: pixel data follows
            break
        markers.append(marker)
        at += 2 + struct.unpack(">H", data[at + 2:at + 4])[0]
    return markers


def _assert_no_metadata(jpeg: bytes) -> None:
    found = [METADATA_MARKERS.get(m, hex(m)) for m in jpeg_markers(jpeg) if m in METADATA_MARKERS or 0xE3 <= m <= 0xEF]
    assert not found, found
    with Image.open(io.BytesIO(jpeg)) as image:
        assert not image.getexif()
        assert not {"exif", "xmp", "comment", "photoshop", "icc_profile"} & set(image.info), image.info


def _with_every_kind_of_metadata(image: Image.Image) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0131] = "Camera App 1.0"  # Software
    exif[0x8825] = {1: "N", 2: (40.0, 25.0, 0.0), 3: "W", 4: (3.0, 42.0, 0.0)}  # GPS position
    return _encode(image, "JPEG", quality=90, exif=exif.tobytes(), comment=b"shot at the client's office",
                   xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>',
                   icc_profile=b"\0" * 128)


def test_metadata_fixture_really_carries_metadata():
    data = _with_every_kind_of_metadata(_card_picture())
    with pytest.raises(AssertionError):
        _assert_no_metadata(data)


def test_stored_card_images_carry_no_metadata_even_if_the_reader_passes_it_on(app, client, monkeypatch):
    leaky = _with_every_kind_of_metadata(_card_picture())
    use_fake_reader(monkeypatch, FakeReader(fake_card(), image=leaky))
    headers = add_user(app, "ana@example.com")
    draft = client.post("/api/v1/scans", headers=headers, content_type="multipart/form-data",
                        data={"image": (io.BytesIO(leaky), "photo.jpg")}).get_json()["id"]
    stored = client.get(f"/api/v1/drafts/{draft}/image", headers=headers).data
    _assert_no_metadata(stored)
    assert b"PhoneMaker" not in stored and b"client's office" not in stored


# The real reader: orientation and metadata of the stored card image


def _upright_card_photo() -> Image.Image:
    from samples.generate import Options, generate_card

    generated = generate_card(2026, 3, Options(capture="scan", quadrant=0, qr=False))
    return Image.open(io.BytesIO(generated.jpeg)).convert("RGB")


# How each EXIF orientation stores pixels; the viewer undoes it (PIL's transpose of the upright picture).
STORE = {1: None, 2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
         4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_90,
         7: Image.Transpose.TRANSVERSE, 8: Image.Transpose.ROTATE_270}


def _similarity(a: bytes, b: bytes) -> float:
    """Correlation of two card images' grey pixels at a common small size (1 = identical)."""
    def grey(data):
        with Image.open(io.BytesIO(data)) as image:
            return np.asarray(image.convert("L").resize((240, 150)), dtype=np.float64)
    x, y = grey(a), grey(b)
    x, y = x - x.mean(), y - y.mean()
    return float((x * y).sum() / np.sqrt((x * x).sum() * (y * y).sum()))


@pytest.mark.slow
def test_every_exif_orientation_gives_an_upright_metadata_free_stored_card(app, client):
    headers = add_user(app, "ana@example.com")
    upright = _upright_card_photo()
    stored = {}
    for orientation, transpose in STORE.items():
        pixels = upright if transpose is None else upright.transpose(transpose)
        exif = Image.Exif()
        exif[0x0112] = orientation
        exif[0x8825] = {1: "N", 2: (40.0, 25.0, 0.0)}
        data = _encode(pixels, "JPEG", quality=92, exif=exif.tobytes(), comment=b"private")
        response = client.post("/api/v1/scans", headers=headers, content_type="multipart/form-data",
                               data={"image": (io.BytesIO(data), f"o{orientation}.jpg")})
        assert response.status_code == 201, response.get_json()
        image = client.get(f"/api/v1/drafts/{response.get_json()['id']}/image", headers=headers).data
        _assert_no_metadata(image)
        stored[orientation] = image
    mirrored = _encode(upright.transpose(Image.Transpose.FLIP_LEFT_RIGHT), "JPEG")
    assert _similarity(stored[1], mirrored) < 0.5  # the measure does tell a mirrored card apart
    for orientation, image in stored.items():
        assert _similarity(stored[1], image) > 0.9, orientation
