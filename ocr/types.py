"""Typed values passed from the ocr stage to the enrich stage."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

Box = tuple[int, int, int, int]  # x, y, width, height in pixels of the flattened card


@dataclass(frozen=True)
class OcrLine:
    """One line of text read from the card, with its box on the flattened card image."""

    text: str
    confidence: float  # 0..1
    box: Box
    bold: float = 0.0  # 0..1 stroke-weight estimate relative to the card; 0 when unknown
    # the letters' height across the line's own slant; 0 when unknown. A line printed at a slant (a bent card, a
    # photo the flattening left skewed) has an upright box much taller than its letters
    letter_height: int = 0

    @property
    def height(self) -> int:
        """Line height in pixels, a proxy for font size: the letters' own height when known, else the box's."""
        return self.letter_height or self.box[3]


@dataclass(frozen=True)
class SourceInfo:
    """Where the image came from: file name, content hash and original pixel size."""

    file: str
    sha256: str
    width: int
    height: int


@dataclass
class OcrResult:
    """What the ocr stage read from one card: text lines, decoded codes and the flattened image."""

    source: SourceInfo
    engine: str  # e.g. "tesseract 5.3.0" or "rapidocr 3.10.0"
    languages: list[str]
    lines: list[OcrLine]
    codes: list[str] = field(default_factory=list)  # raw QR / barcode payloads
    card_image: np.ndarray | None = None  # flattened, upright card (BGR), for storage and review
    card_found: bool = True  # False when no card outline was found and the whole frame was read
    warnings: list[str] = field(default_factory=list)
    card_index: int = 0  # 0-based position of this card among the cards of its image or page, in reading order

    @property
    def text(self) -> str:
        """All lines joined by newlines, top to bottom."""
        return "\n".join(line.text for line in self.lines)
