"""Split a blob of touching cards along the colour edge where they meet.

Two cards laid edge to edge (tinted cards tiled on a page, two cards side by side on a desk) are one
blob in every mask that tells card from background, and its outline is the pair's. Where they meet the
paper still changes colour or brightness, or a shadow falls: a steep colour edge. Cut along the colour
edges, the blob falls into pieces; the large pieces are seeds, and the blob's other pixels (the edge
line itself, a printed band, the text) go to the seed that reaches them first through the blob, so a
card keeps its bands and its print. The split stands only when it gives at least two card-shaped
regions of about one size: a single card's panels (a dark sidebar, a coloured top half) are not cards.
"""

from __future__ import annotations

import cv2
import numpy as np

COLOUR_EDGE = 1.8  # Lab units per pixel on the blurred copy: a change this steep parts two papers
SEED_FRACTION = 0.01  # a piece of at least this share of the frame can be (most of) a card …
SEED_RATIO = 2.6  # … unless it is longer than this for its width: a printed band, joined back to its card
CARD_RATIO_LOW, CARD_RATIO_HIGH = 1.2, 2.3  # sides of a split-off card (business cards are 1.4 to 1.8)
MIN_CARD_FILL = 0.8  # a split-off card fills this much of its rotated bounding rectangle
SAME_SIZE = 0.5  # touching cards are of about one size: the smaller has at least this share of the larger
PART_FRACTION = 0.001  # a smaller piece (a letter's inside) is left to the growth …
RING = 7  # … a larger one joins the seed most of its border touches across an edge line this wide
MAX_GROWTH = 40  # steps of one pixel a seed grows back into the blob (the cut lines, the print)


def colour_edges(lab: np.ndarray) -> np.ndarray:
    """Pixels where the (blurred) Lab image changes colour steeply: card borders, where two papers meet, print."""
    squared = np.zeros(lab.shape[:2], np.float32)
    for channel in cv2.split(lab.astype(np.float32)):
        # A 3x3 Sobel weighs the step by 8: divided, it is Lab units per pixel.
        dx = cv2.Sobel(channel, cv2.CV_32F, 1, 0, ksize=3) / 8
        dy = cv2.Sobel(channel, cv2.CV_32F, 0, 1, ksize=3) / 8
        squared += dx * dx + dy * dy
    return (squared > COLOUR_EDGE**2).astype(np.uint8) * 255


def split_touching(contour: np.ndarray, edges: np.ndarray) -> list[np.ndarray]:
    """The card-shaped regions (outer contours) the blob inside `contour` splits into along the edges.

    Empty when it stays one. The work is done on the blob's bounding box: most blobs are small.
    """
    frame_height, frame_width = edges.shape
    seed_area = SEED_FRACTION * frame_height * frame_width
    if cv2.contourArea(contour) < 2 * seed_area:
        return []
    left, top, width, height = cv2.boundingRect(contour)
    blob = np.zeros((height, width), np.uint8)
    cv2.drawContours(blob, [contour - (left, top)], -1, 255, thickness=cv2.FILLED)
    cut = cv2.bitwise_and(blob, cv2.bitwise_not(edges[top : top + height, left : left + width]))
    pieces = cv2.morphologyEx(cut, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(pieces, connectivity=4)
    boxes = {label: _box(stats[label]) for label in range(1, count)}
    seeds = [label for label in range(1, count)
             if stats[label, cv2.CC_STAT_AREA] >= seed_area and _elongation(labels, label, boxes[label]) <= SEED_RATIO]
    # Only a seed clear of the frame border can become a card (the others are the background, or a card
    # running off the picture): with fewer than two there is nothing to split, and growing would be wasted.
    offset = np.array([left, top, 0, 0])
    if sum(_clear_of_border(stats[label][:4] + offset, frame_width, frame_height) for label in seeds) < 2:
        return []
    grown = np.zeros((height, width), np.uint16)
    for index, label in enumerate(seeds, start=1):
        window = boxes[label]
        grown[window][labels[window] == label] = index
    for label in range(1, count):
        if label not in seeds and stats[label, cv2.CC_STAT_AREA] >= PART_FRACTION * frame_height * frame_width:
            _join(grown, labels, label, boxes[label])
    _grow(grown, blob > 0)
    regions = [region + np.array([left, top], np.int32) for index in range(1, len(seeds) + 1)
               if (region := _card_region(grown == index)) is not None]
    regions = [region for region in regions if _clear_of_border(cv2.boundingRect(region), frame_width, frame_height)]
    areas = [cv2.contourArea(region) for region in regions]
    # A region is a card beside another when one of the others is of about its size.
    paired = [region for index, (region, area) in enumerate(zip(regions, areas, strict=True))
              if any(other != index and min(area, a) >= SAME_SIZE * max(area, a) for other, a in enumerate(areas))]
    return paired if len(paired) >= 2 else []


def _join(grown: np.ndarray, labels: np.ndarray, label: int, window: tuple[slice, slice]) -> None:
    """Give a piece that is no card (a printed band, a panel) to the seed along most of its border (in place).

    Growing pixel by pixel would split a band between its card and a card touching its end.
    """
    rows, cols = window
    y0, x0 = max(rows.start - RING, 0), max(cols.start - RING, 0)
    y1, x1 = rows.stop + RING, cols.stop + RING
    piece = (labels[y0:y1, x0:x1] == label).astype(np.uint8)
    ring = cv2.dilate(piece, np.ones((2 * RING + 1, 2 * RING + 1), np.uint8)) > 0
    neighbours = grown[y0:y1, x0:x1][ring & (piece == 0)]
    neighbours = neighbours[neighbours > 0]
    if len(neighbours):
        grown[y0:y1, x0:x1][piece > 0] = np.bincount(neighbours).argmax()


def _box(stat: np.ndarray) -> tuple[slice, slice]:
    """The rows and columns of a component's bounding box."""
    x, y, w, h = (int(v) for v in stat[:4])
    return slice(y, y + h), slice(x, x + w)


def _grow(labels: np.ndarray, inside: np.ndarray) -> None:
    """Grow the labelled seeds pixel by pixel into the unlabelled pixels of `inside` (in place): first come, kept."""
    kernel = np.ones((3, 3), np.uint8)
    for _ in range(MAX_GROWTH):
        free = (labels == 0) & inside
        if not free.any():
            return
        reached = cv2.dilate(labels, kernel)
        taken = free & (reached > 0)
        if not taken.any():
            return
        labels[taken] = reached[taken]


def _elongation(labels: np.ndarray, label: int, window: tuple[slice, slice]) -> float:
    """Long side over short side of the piece's rotated bounding rectangle."""
    piece = (labels[window] == label).astype(np.uint8)
    outline, _ = cv2.findContours(piece, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    (_, _), (w, h), _ = cv2.minAreaRect(np.concatenate(outline))
    return max(w, h) / max(min(w, h), 1.0)


def _clear_of_border(box, width: int, height: int) -> bool:
    """Whether a bounding box (left, top, width, height) keeps off the frame's outermost pixels."""
    x, y, w, h = (int(v) for v in box[:4])
    return x > 1 and y > 1 and x + w < width - 1 and y + h < height - 1


def _card_region(region: np.ndarray) -> np.ndarray | None:
    """The region's outer contour when it is card-shaped, else None."""
    contours, _ = cv2.findContours(region.astype(np.uint8) * 255, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    contour = max(contours, key=cv2.contourArea)
    (_, _), (rw, rh), _ = cv2.minAreaRect(contour)
    if min(rw, rh) < 20:
        return None
    ratio = max(rw, rh) / min(rw, rh)
    if not CARD_RATIO_LOW <= ratio <= CARD_RATIO_HIGH or cv2.contourArea(contour) < MIN_CARD_FILL * rw * rh:
        return None
    return contour
