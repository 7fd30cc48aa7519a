"""The order the tagger reads a card's lines in: block by block (recursive XY-cut), not row by row.

OCR returns lines top to bottom, so the two columns of a card come interleaved: the name, then the first
address line of the right column, then the title. Read that way, a name sits between address lines,
which is where no name is ever printed, and the sequence model's view of what follows what is lost.
The XY-cut (Nagy and Seth, 1984) splits the lines at the widest empty vertical band running through
all of them (two columns) or else at the widest empty horizontal band (a header above columns),
recursively, and reads the pieces left to right and top to bottom. A single-column card keeps its
top-to-bottom order. Written here because it needs only the boxes the OCR already gives: layout
libraries work on page images or PDFs.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from ocr.types import OcrLine

COLUMN_GAP = 1.5  # an empty vertical band this many letter heights wide separates two columns
MIN_COLUMN_LINES = 2  # a column holds at least this many lines (a lone word beside a block is not one)


def _widest_gap(spans: list[tuple[float, float]]) -> tuple[float, float] | None:
    """(start, width) of the widest stretch covered by no span, between the first and the last span."""
    best: tuple[float, float] | None = None
    ordered = sorted(spans)
    reach = ordered[0][1]
    for start, end in ordered[1:]:
        if start > reach and (best is None or start - reach > best[1]):
            best = (reach, start - reach)
        reach = max(reach, end)
    return best


def _order(indices: list[int], lines: Sequence[OcrLine], letter: float) -> list[int]:
    if len(indices) <= 1:
        return indices
    boxes = {i: lines[i].box for i in indices}
    gap = _widest_gap([(b[0], b[0] + b[2]) for b in boxes.values()])
    if gap is not None and gap[1] >= COLUMN_GAP * letter:
        cut = gap[0] + gap[1] / 2
        left = [i for i in indices if boxes[i][0] < cut]
        right = [i for i in indices if boxes[i][0] >= cut]
        if len(left) >= MIN_COLUMN_LINES and len(right) >= MIN_COLUMN_LINES:
            return _order(left, lines, letter) + _order(right, lines, letter)
    # the middle half of each line's height: OCR boxes are padded, so whole boxes of a column's lines overlap
    gap = _widest_gap([(b[1] + b[3] / 4, b[1] + 3 * b[3] / 4) for b in boxes.values()])
    if gap is None:  # no empty band either way: keep the OCR's own order (top to bottom)
        return sorted(indices)
    cut = gap[0] + gap[1] / 2
    top = [i for i in indices if boxes[i][1] + boxes[i][3] / 2 < cut]
    bottom = [i for i in indices if boxes[i][1] + boxes[i][3] / 2 >= cut]
    return _order(top, lines, letter) + _order(bottom, lines, letter)


def reading_order(lines: Sequence[OcrLine]) -> list[int]:
    """The indices of the lines in reading order: each column or block whole, top to bottom within it."""
    if not lines:
        return []
    letter = statistics.median(max(ln.height, 1) for ln in lines)
    return _order(list(range(len(lines))), lines, letter)
