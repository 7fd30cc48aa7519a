"""PDF pages as images, for bulk import: pypdfium2 (PDFium, the renderer inside Chromium) behind one function.

Each page is rendered and handed to the reader as image bytes, so a scanned PDF goes through exactly the same
decoding, card finding and OCR as a JPEG of the same page.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from ocr.errors import UnreadableImage

RENDER_DPI = 300
MAX_PAGE_PIXELS = 40_000_000  # an A4 page at 300 dpi is ~8.7 MP; huge posters are scaled down to this
MAX_PAGES = 50
JPEG_QUALITY = 92  # what the decoder sees; near-lossless for text and far smaller than PNG of a 300 dpi page


def render_pages(data: bytes, name: str) -> Iterator[bytes]:
    """Yield each page of a PDF as JPEG bytes (300 dpi, capped in pixels); UnreadableImage for a bad PDF."""
    import pypdfium2 as pdfium  # loaded only when a PDF turns up

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        reason = "it is password-protected" if "password" in str(exc).lower() else "it is damaged or not a PDF"
        raise UnreadableImage(f"{name}: the PDF cannot be opened ({reason})") from exc
    try:
        if len(document) == 0:
            raise UnreadableImage(f"{name}: the PDF has no pages")
        if len(document) > MAX_PAGES:
            raise UnreadableImage(f"{name}: more than {MAX_PAGES} pages; split the file")
        for index in range(len(document)):
            page = document[index]
            try:
                width, height = page.get_size()  # in points (1/72 in)
                scale = RENDER_DPI / 72
                if width * height * scale * scale > MAX_PAGE_PIXELS:
                    scale = (MAX_PAGE_PIXELS / (width * height)) ** 0.5
                image = page.render(scale=scale).to_pil().convert("RGB")
            except pdfium.PdfiumError as exc:
                raise UnreadableImage(f"{name}: page {index + 1} of the PDF cannot be rendered") from exc
            finally:
                page.close()
            out = io.BytesIO()
            image.save(out, format="JPEG", quality=JPEG_QUALITY)
            yield out.getvalue()
    finally:
        document.close()
