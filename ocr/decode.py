"""Safe image intake: bytes in, upright 8-bit BGR pixels out, or a clear UnreadableImage.

The format is decided by actually parsing the bytes with Pillow, never by the file
name or a content type. Size limits are checked on the header before any pixel is
decoded, so a small file claiming a huge canvas (a decompression bomb) is refused fast.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from collections.abc import Iterator
from dataclasses import dataclass

import cv2
import numpy as np
import pillow_heif
from PIL import ExifTags, Image, ImageSequence, UnidentifiedImageError

from ocr.errors import ImageTooLarge, UnreadableImage
from ocr.types import SourceInfo

pillow_heif.register_heif_opener()

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_PIXELS = 50_000_000
DEFAULT_MAX_PAGES = 50

# Pillow format names we accept. MPO is what Pillow calls the JPEG that many phones write
# (a JPEG with an extra preview picture appended).
ALLOWED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "TIFF", "HEIF", "HEIC"}
_ACCEPTED_NAMES = "JPEG, PNG, WebP, TIFF or HEIC"


@dataclass
class DecodedImage:
    """One decoded page: upright 8-bit BGR pixels and where they came from."""

    image: np.ndarray  # H x W x 3, uint8, BGR, EXIF orientation applied
    source: SourceInfo  # width/height are the stored (pre-orientation) size of this page
    page: int = 0  # 0-based page index within a multi-page file
    format: str = ""  # Pillow's format name, e.g. "JPEG"


def decode_image(
    data: bytes,
    filename: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pixels: int = DEFAULT_MAX_PIXELS,
) -> DecodedImage:
    """Decode the first (or only) page of an image file into upright BGR pixels."""
    return next(decode_pages(data, filename, max_bytes=max_bytes, max_pixels=max_pixels, max_pages=1))


def decode_pages(
    data: bytes,
    filename: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    max_pages: int = DEFAULT_MAX_PAGES,
) -> Iterator[DecodedImage]:
    """Yield every page of an image file (all frames of a multi-page TIFF) as upright BGR pixels."""
    name = filename or "upload"
    if not data:
        raise UnreadableImage(f"{name}: the file is empty")
    if len(data) > max_bytes:
        raise ImageTooLarge(f"{name}: the file is {len(data) / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB")
    sha256 = hashlib.sha256(data).hexdigest()
    picture = _open(data, name)
    try:
        frames = ImageSequence.Iterator(picture) if picture.format == "TIFF" else [picture]
        for index, frame in enumerate(frames):
            if index >= max_pages:
                raise UnreadableImage(f"{name}: more than {max_pages} pages; split the file")
            width, height = frame.size
            _check_pixels(width, height, max_pixels, name)
            orientation = _load(frame, name)
            pixels = _apply_orientation(_to_bgr(frame, name), orientation)
            image_format = picture.format or ""
            if image_format != "TIFF":
                # Pillow's decoded copy (36 MB for a 12-megapixel photo) would otherwise stay resident while the
                # page is read; a multi-page TIFF keeps its file open for the next frame.
                picture.close()
            yield DecodedImage(
                image=pixels,
                source=SourceInfo(file=name, sha256=sha256, width=width, height=height),
                page=index,
                format=image_format,
            )
    finally:
        picture.close()


def _open(data: bytes, name: str) -> Image.Image:
    """Parse the header only; refuse non-allowed formats and oversized canvases."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            picture = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as exc:
        raise ImageTooLarge(f"{name}: the image has too many pixels ({exc})") from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as exc:
        raise UnreadableImage(f"{name}: not an image cardnote can read; send a {_ACCEPTED_NAMES} file") from exc
    except Exception as exc:
        raise UnreadableImage(f"{name}: the image could not be decoded ({type(exc).__name__})") from exc
    if picture.format not in ALLOWED_FORMATS:
        kind = picture.format or "unknown"
        picture.close()
        raise UnreadableImage(f"{name}: {kind} images are not accepted; send a {_ACCEPTED_NAMES} file")
    return picture


def _check_pixels(width: int, height: int, max_pixels: int, name: str) -> None:
    if width <= 0 or height <= 0:
        raise UnreadableImage(f"{name}: the image has no pixels")
    if width * height > max_pixels:
        raise ImageTooLarge(
            f"{name}: the image is {width}x{height} ({width * height / 1e6:.0f} megapixels); "
            f"the limit is {max_pixels / 1e6:.0f} megapixels"
        )


def _load(frame: Image.Image, name: str) -> int:
    """Decode the pixels (a truncated file fails here); returns the EXIF orientation (1 when none)."""
    # A cut-off upload must fail, not half-decode: Pillow's ImageFile.LOAD_TRUNCATED_IMAGES stays at its default
    # (False). It is a process-wide switch, so it is never toggled per image under a threaded server.
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            frame.load()
            return int(frame.getexif().get(ExifTags.Base.Orientation, 1) or 1)
    except Image.DecompressionBombError as exc:
        raise ImageTooLarge(f"{name}: the image has too many pixels") from exc
    except Exception as exc:
        raise UnreadableImage(f"{name}: the image is damaged or truncated and cannot be decoded") from exc


def _apply_orientation(pixels: np.ndarray, orientation: int) -> np.ndarray:
    """Turn the pixels the way the EXIF orientation says (Pillow's exif_transpose, on the array).

    Done on the BGR array rather than with Pillow so a 12-megapixel photo is not held in three copies.
    """
    turns = {3: cv2.ROTATE_180, 6: cv2.ROTATE_90_CLOCKWISE, 8: cv2.ROTATE_90_COUNTERCLOCKWISE}
    if orientation in turns:
        return cv2.rotate(pixels, turns[orientation])
    if orientation == 2:
        return cv2.flip(pixels, 1)
    if orientation == 4:
        return cv2.flip(pixels, 0)
    if orientation == 5:  # transpose: mirror across the main diagonal
        return np.ascontiguousarray(pixels.transpose(1, 0, 2))
    if orientation == 7:  # transverse: mirror across the other diagonal
        return np.ascontiguousarray(pixels[::-1, ::-1].transpose(1, 0, 2))
    return pixels


def _to_bgr(picture: Image.Image, name: str) -> np.ndarray:
    """Any Pillow mode (palette, alpha, grey, 16-bit, CMYK…) to contiguous 8-bit BGR."""
    mode = picture.mode
    try:
        if mode in {"I", "I;16", "I;16B", "I;16L", "I;16N", "F"}:
            values = np.asarray(picture)
            grey = _scale_to_uint8(values, sixteen_bit=mode.startswith("I;16"))
            return np.ascontiguousarray(np.repeat(grey[:, :, None], 3, axis=2))
        if mode in {"RGBA", "LA", "PA", "P", "La", "RGBa"} or "transparency" in picture.info:
            # Transparent areas become white: a card logo on a transparent background should
            # read like ink on paper, not like ink on black.
            rgba = picture.convert("RGBA")
            canvas = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
            canvas.alpha_composite(rgba)
            rgb = canvas.convert("RGB")
        else:
            rgb = picture if mode == "RGB" else picture.convert("RGB")
        return cv2.cvtColor(np.asarray(rgb, dtype=np.uint8), cv2.COLOR_RGB2BGR)
    except Exception as exc:
        raise UnreadableImage(f"{name}: the image's colour format ({mode}) is not supported") from exc


def _scale_to_uint8(values: np.ndarray, *, sixteen_bit: bool) -> np.ndarray:
    """High-bit-depth grey to 0..255: 16-bit range when it fits, else stretch min..max."""
    values = values.astype(np.float64)
    if values.size == 0:
        return values.astype(np.uint8)
    low, high = float(values.min()), float(values.max())
    if sixteen_bit or (low >= 0 and high <= 65535 and high > 255):
        scaled = values / 257.0
    elif low >= 0 and high <= 255:
        scaled = values
    else:
        scaled = (values - low) / max(high - low, 1e-9) * 255.0
    return np.clip(np.rint(scaled), 0, 255).astype(np.uint8)
