"""Find every card in an image from its outlines and its text lines, so that no printed line is cut away.

The outline finder (ocr.flatten) proposes card-shaped quadrilaterals; a text detector run once on the
whole downscaled image gives the printed lines. A candidate is a card only when it holds text and
cuts none: no line straddles its border and no line lies just outside it, unless a card of its size
beside it holds that line (a coloured shape or a logo box inside a card, a card that fills the frame,
a flat scan fail this and are never chosen; two cards laid edge to edge pass). Nested
candidates resolve to the tightest set that holds all their text, so four tiled cards beat the blob
around them, while a whole card beats the logo box inside it. Text left outside every chosen card is
clustered by the empty space between lines: far-apart clusters that look like cards become cards of
their own (white cards on a white scanner lid, where no outline shows); with no card at all the crop
is the padded box around all the text (nothing is cut). Crops are padded so edge letters survive.

The whole-image detection runs on a downscaled copy, where a card printed only in small print (light
type on a dark card, a long name shrunk to fit) can show no line at all; its strong, empty outline would
then be dropped as a shape. Such outlines are looked at again, cropped, at the detector's own size.
"""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np

from ocr.flatten import CardCrop, candidate_quads, order_corners, warp_quad
from ocr.touching import CARD_RATIO_HIGH, CARD_RATIO_LOW, SAME_SIZE

CUT_LOW, CUT_HIGH = 0.15, 0.85  # a line this much inside a candidate is cut by its border
NEAR_LINES = 0.5  # a line closer than this many line heights outside a candidate belongs to it
LINK_ACROSS, LINK_DOWN = 4.0, 2.6  # lines closer than this (in line heights) belong to one cluster
MAX_LINE_HEIGHT = 6.0  # detected "lines" taller than this many median line heights are shapes
MIN_CARD_LINES = 3  # a text cluster needs this many lines to be a card of its own
PAD_SHORT_SIDE = 0.015  # crops grow by this share of the card's short side …
PAD_LINES = 0.6  # … and at least this many line heights
SAME_CARD_GROWTH = 1.35  # outlines holding the same lines within this area ratio are the same card
Candidate = tuple[float, np.ndarray, list[int]]  # score, quad, indexes of the lines inside
TEXT_PAD_LINES = 2.5  # a crop around text alone (no outline) keeps this much margin: small print may be undetected
# Outlines scoring this high (a card's straight edges against its background) that hold no detected line
# are looked at again (at most CLOSER_LOOKS of them, distinct ones): small print may be all they hold.
STRONG_OUTLINE = 0.9
CLOSER_LOOKS = 4
Detector = Callable[[np.ndarray], np.ndarray]  # image -> text-line quads in its pixels


class _Text:
    """The detected text lines of an image: quads, axis-aligned rectangles, heights and areas."""

    def __init__(self, quads: np.ndarray) -> None:
        self.quads = quads.astype(np.float32)
        self.rects = np.concatenate([quads.min(axis=1), quads.max(axis=1)], axis=1)  # x0 y0 x1 y1
        sides = np.linalg.norm(quads - np.roll(quads, -1, axis=1), axis=2)
        self.heights = np.maximum(np.minimum(sides[:, 0], sides[:, 1]), 1.0)
        self.areas = np.maximum(sides[:, 0] * sides[:, 1], 1.0)
        self.typical = float(np.median(self.heights)) if len(self.heights) else 10.0

    def __len__(self) -> int:
        return len(self.quads)

    def line_height(self, indexes: list[int] | None = None) -> float:
        """Median line height of the given lines (all when None)."""
        heights = self.heights if indexes is None else self.heights[indexes]
        return float(np.median(heights)) if len(heights) else 10.0


def find_cards_with_text(image: np.ndarray, line_quads: np.ndarray,
                         look_closer: Detector | None = None) -> list[CardCrop]:
    """Every card in the image in reading order, each crop holding all of its printed lines.

    `look_closer`, when given, detects lines in a cut-out of the image: strong outlines that hold none of
    `line_quads` are searched with it for print too small for the whole-image detection.
    """
    candidates = candidate_quads(image)
    if look_closer is not None:
        line_quads = np.concatenate([line_quads.reshape(-1, 4, 2),
                                     _lines_in_empty_outlines(image, candidates, line_quads, look_closer)])
    text = _Text(_plausible_lines(line_quads))
    if not len(text):
        return []
    height, width = image.shape[:2]
    chosen = _resolve(_valid(candidates, text), text)
    cards = [_Card(quad, set(inside), True) for _, quad, inside in chosen]
    leftover = sorted(set(range(len(text))) - {i for card in cards for i in card.lines})
    separate = []
    for cluster in _clusters(text, leftover):
        # An outline holding the minority of the text it touches is a shape inside a card: grow it.
        owner = next((card for card in cards if _linked(text, cluster, card.lines) and (
            len(cluster) >= 2 * len(card.lines)
            or cv2.contourArea(card.quad) < 0.5 * cv2.contourArea(_text_quad(text, cluster, width, height)))), None)
        if owner is not None:
            owner.lines |= set(cluster)
            owner.found = False
        elif len(cluster) >= MIN_CARD_LINES:
            separate.append(cluster)
    for card in cards:
        if not card.found:
            card.quad = _text_quad(text, sorted(card.lines), width, height)
        else:
            card.quad = _pad(card.quad, _outline_pad(card.quad, text.line_height(sorted(card.lines))), width, height)
    if cards or len(separate) >= 2:
        # Far from every outline (near ones would have made that outline invalid): cards of their own.
        cards += [_Card(_text_quad(text, c, width, height), set(c), False) for c in separate]
    elif leftover:
        cards = [_Card(_text_quad(text, leftover, width, height), set(leftover), False)]
    found = _drop_partial([(card.quad, card.found) for card in cards], width, height)
    return [CardCrop(image=_cut(image, quad), found=found, quad=quad, score=1.0)
            for quad, found in _reading_order(found)]


def _lines_in_empty_outlines(image: np.ndarray, candidates: list[tuple[float, np.ndarray]], line_quads: np.ndarray,
                             look_closer: Detector) -> np.ndarray:
    """Lines found by looking again inside strong card-shaped outlines that hold no line and lie in no card
    that does (a logo box or a coloured panel inside a card lies in one), in the image's pixels."""
    text = _Text(line_quads.reshape(-1, 4, 2))
    height, width = image.shape[:2]
    strong = sorted(((score, quad) for score, quad in candidates if score >= STRONG_OUTLINE and _card_shaped(quad)),
                    key=lambda item: -item[0])
    empty = [quad for _, quad in strong if (found := _inside(quad, text)) is not None and not found[0]]
    if not empty:  # the usual photo: its strong outlines hold the lines found (no need to list the holders)
        return np.zeros((0, 4, 2), np.float32)
    holders = [quad for _, quad in candidates if (found := _inside(quad, text)) is not None and found[0]]
    looked: list[np.ndarray] = []
    found_lines = []
    for quad in empty:
        if len(looked) >= CLOSER_LOOKS:
            break
        if any(_iou(quad, other) > 0.5 for other in looked):
            continue
        area = cv2.contourArea(quad)
        if any(_overlap(quad, holder) >= 0.8 * area for holder in holders):
            continue
        looked.append(quad)
        x0, y0 = np.maximum(np.floor(quad.min(axis=0)).astype(int), 0)
        x1, y1 = np.minimum(np.ceil(quad.max(axis=0)).astype(int), [width, height])
        contour = quad.reshape(-1, 1, 2)
        offset = np.array([x0, y0], np.float32)
        for line in np.asarray(look_closer(image[y0:y1, x0:x1]), np.float32).reshape(-1, 4, 2) + offset:
            centre = line.mean(axis=0)
            if cv2.pointPolygonTest(contour, (float(centre[0]), float(centre[1])), False) > 0:
                found_lines.append(line)
    return np.array(found_lines, np.float32).reshape(-1, 4, 2)


def _cut(image: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """The quad's pixels: sliced when it is an upright rectangle (no resampling blur), else warped flat."""
    x0, y0 = np.floor(quad.min(axis=0)).astype(int)
    x1, y1 = np.ceil(quad.max(axis=0)).astype(int)
    box = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float32)
    if np.abs(quad - box).max() <= 2:
        return image[max(y0, 0) : y1 + 1, max(x0, 0) : x1 + 1]
    return warp_quad(image, quad)


class _Card:
    """A card being assembled: its quad, the indexes of its lines, whether an outline was found."""

    def __init__(self, quad: np.ndarray, lines: set[int], found: bool) -> None:
        self.quad, self.lines, self.found = quad, lines, found


def _linked(text: _Text, first: list[int], second: set[int]) -> bool:
    """Whether any line of one group is close enough to a line of the other to belong to one cluster."""
    return any(_close(text, a, b) for a in first for b in second)


def _close(text: _Text, a: int, b: int) -> bool:
    h = max(text.heights[a], text.heights[b])
    ax0, ay0, ax1, ay1 = text.rects[a]
    bx0, by0, bx1, by1 = text.rects[b]
    across = max(0.0, max(ax0, bx0) - min(ax1, bx1))
    down = max(0.0, max(ay0, by0) - min(ay1, by1))
    return bool(across < LINK_ACROSS * h and down < LINK_DOWN * h)


def _plausible_lines(quads: np.ndarray) -> np.ndarray:
    """The detected lines without the giant ones: a box many times the usual line height is a shape, not text."""
    if len(quads) < 3:
        return quads
    heights = _Text(quads).heights
    return quads[heights <= MAX_LINE_HEIGHT * float(np.median(heights))]


def _valid(candidates: list[tuple[float, np.ndarray]], text: _Text) -> list[Candidate]:
    """Candidates holding text that cut no line and leave none just outside, near-duplicates removed.

    A line just outside is no objection when a card of about the same size beside the candidate holds it:
    two cards laid edge to edge, one with a logo at that edge.
    """
    checked = [(score, quad, *found) for score, quad in candidates if (found := _inside(quad, text)) is not None]
    clean = [quad for _, quad, inside, near in checked if inside and not near]
    found: list[Candidate] = []
    for score, quad, inside, near in sorted(checked, key=lambda item: -item[0]):
        if not inside or (near and not _held_beside(quad, near, clean, text)):
            continue
        if any(_iou(quad, other) > 0.9 for _, other, _ in found):
            continue
        found.append((score, quad, inside))
    return found


def _held_beside(quad: np.ndarray, lines: list[int], clean: list[np.ndarray], text: _Text) -> bool:
    """Whether each of the lines lies inside a clean card-shaped outline of about this one's size, beside it."""
    area = cv2.contourArea(quad)
    if not _card_shaped(quad):
        return False
    beside = [other for other in clean
              if _card_shaped(other) and _overlap(other, quad) < 0.05 * min(area, cv2.contourArea(other))
              and min(area, cv2.contourArea(other)) >= SAME_SIZE * max(area, cv2.contourArea(other))]
    return all(any(_overlap(text.quads[i], other) >= CUT_HIGH * text.areas[i] for other in beside) for i in lines)


def _card_shaped(quad: np.ndarray) -> bool:
    sides = [float(np.linalg.norm(quad[i] - quad[(i + 1) % 4])) for i in range(4)]
    long_side, short_side = sorted(((sides[0] + sides[2]) / 2, (sides[1] + sides[3]) / 2), reverse=True)
    return CARD_RATIO_LOW <= long_side / max(short_side, 1.0) <= CARD_RATIO_HIGH


def _inside(quad: np.ndarray, text: _Text) -> tuple[list[int], list[int]] | None:
    """Indexes of the lines inside the quad and of those just outside it, or None when its border cuts a line."""
    x0, y0 = quad.min(axis=0)
    x1, y1 = quad.max(axis=0)
    contour = quad.reshape(-1, 1, 2)
    inside, near = [], []
    for i in range(len(text)):
        margin = NEAR_LINES * min(text.heights[i], 2 * text.typical)
        rx0, ry0, rx1, ry1 = text.rects[i]
        if rx1 < x0 - margin or rx0 > x1 + margin or ry1 < y0 - margin or ry0 > y1 + margin:
            continue
        overlap = _overlap(text.quads[i], quad)
        share = overlap / text.areas[i]
        if share >= CUT_HIGH:
            inside.append(i)
        elif share > CUT_LOW:
            return None
        else:
            distance = max(cv2.pointPolygonTest(contour, (float(x), float(y)), True) for x, y in text.quads[i])
            if distance > -margin:
                near.append(i)
    return inside, near


def _resolve(valid: list[Candidate], text: _Text) -> list[Candidate]:
    """Smallest first: a candidate replaces the one chosen card it contains only when it adds text it lacks.

    Among outlines holding the same lines and of about the same size (a mask's rectangle just inside
    the card, the card's own edges), the more card-like one (higher score: straighter corners, a
    perspective quad rather than a box) wins.
    """
    chosen: list[Candidate] = []
    smallest: list[float] = []  # per chosen card, the area of the tightest outline that held its lines
    for item in sorted(valid, key=lambda it: cv2.contourArea(it[1])):
        score, quad, inside = item
        area = cv2.contourArea(quad)
        contained, clashing = [], []
        for index, (_, other, _) in enumerate(chosen):
            overlap = _overlap(other, quad)
            if overlap >= 0.8 * cv2.contourArea(other):
                contained.append(index)
            elif overlap > 0.2 * min(area, cv2.contourArea(other)):
                clashing.append(index)
        covered = {i for index in contained for i in chosen[index][2]}
        if set(inside) <= covered:
            if len(contained) == 1 and set(chosen[contained[0]][2]) == set(inside) \
                    and area <= SAME_CARD_GROWTH * smallest[contained[0]] and score > chosen[contained[0]][0]:
                chosen[contained[0]] = item
            continue  # the tighter cards inside already hold all its text
        added = sorted(set(inside) - covered)
        # a box of no card's shape inside a surer card outline is a patch of light or a panel, not a card
        panel = len(contained) == 1 and not _card_shaped(chosen[contained[0]][1]) and _card_shaped(quad) \
            and score > chosen[contained[0]][0]
        if len(contained) >= 2 or (contained and not panel and len(added) >= MIN_CARD_LINES
                                   and not _linked(text, added, covered)):
            continue  # it would swallow a card with text of its own: what it adds is left to the text clusters
        if any(len(chosen[index][2]) >= len(inside) for index in clashing):
            continue
        keep = [i for i in range(len(chosen)) if i not in contained and i not in clashing]
        chosen, smallest = [chosen[i] for i in keep] + [item], [smallest[i] for i in keep] + [area]
    return chosen


def _clusters(text: _Text, indexes: list[int]) -> list[list[int]]:
    """Groups of lines separated from each other by empty space (union-find over close pairs)."""
    parent = {i: i for i in indexes}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a_pos, a in enumerate(indexes):
        for b in indexes[a_pos + 1 :]:
            if _close(text, a, b):
                parent[root(a)] = root(b)
    groups: dict[int, list[int]] = {}
    for i in indexes:
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def _text_quad(text: _Text, indexes: list[int], width: int, height: int) -> np.ndarray:
    """The padded rotated rectangle around the given lines, clipped to the image."""
    points = text.quads[indexes].reshape(-1, 2)
    rect = cv2.minAreaRect(points)
    if 20 < rect[2] % 90 < 70:  # no common direction (lines of several angles): stay axis-aligned
        x0, y0 = points.min(axis=0)
        x1, y1 = points.max(axis=0)
        rect = ((float(x0 + x1) / 2, float(y0 + y1) / 2), (float(x1 - x0), float(y1 - y0)), 0.0)
    quad = order_corners(cv2.boxPoints(rect).astype(np.float32))
    return _pad(quad, TEXT_PAD_LINES * text.line_height(indexes), width, height)


def _pad(quad: np.ndarray, pad: float, width: int, height: int) -> np.ndarray:
    """The quad grown outward by `pad` pixels on every side (so letters at the edge survive), clipped."""
    centre = quad.mean(axis=0)
    grown = []
    for corner in quad:
        direction = corner - centre
        length = float(np.linalg.norm(direction)) or 1.0
        grown.append(corner + direction / length * pad * 1.41)
    grown = np.array(grown, np.float32)
    grown[:, 0] = np.clip(grown[:, 0], 0, width - 1)
    grown[:, 1] = np.clip(grown[:, 1], 0, height - 1)
    return grown


def _outline_pad(quad: np.ndarray, line_height: float) -> float:
    """Margin added around a found outline: a share of its short side, at least part of a line, capped."""
    short = min(np.linalg.norm(quad[i] - quad[(i + 1) % 4]) for i in range(4))
    return float(min(max(PAD_SHORT_SIDE * short, PAD_LINES * line_height), 2 * PAD_SHORT_SIDE * short))


def _touches_border(quad: np.ndarray, width: int, height: int) -> bool:
    return bool(quad[:, 0].min() <= 1 or quad[:, 1].min() <= 1 or quad[:, 0].max() >= width - 2
                or quad[:, 1].max() >= height - 2)


def _drop_partial(cards: list[tuple[np.ndarray, bool]], width: int, height: int) -> list[tuple[np.ndarray, bool]]:
    """With several cards, drop much smaller ones that run off the frame (another card's corner in view)."""
    if len(cards) < 2:
        return cards
    largest = max(cv2.contourArea(q) for q, _ in cards)
    return [(q, f) for q, f in cards
            if not (_touches_border(q, width, height) and cv2.contourArea(q) < 0.6 * largest)]


def _overlap(inner: np.ndarray, outer: np.ndarray) -> float:
    """Area of the intersection of two convex quads.

    `inner` is shrunk by 0.5% about its centre first: OpenCV's convex intersection returns nothing when
    the two share a collinear side (a card and the frame both running along the image border).
    """
    centre = inner.mean(axis=0)
    shrunk = (centre + (inner - centre) * 0.995).astype(np.float32)
    area, _ = cv2.intersectConvexConvex(shrunk, outer.astype(np.float32))
    return float(area) / 0.990025


def _iou(a: np.ndarray, b: np.ndarray) -> float:
    overlap = _overlap(a, b)
    union = cv2.contourArea(a) + cv2.contourArea(b) - overlap
    return float(overlap / union) if union > 0 else 0.0


def _reading_order(cards: list[tuple[np.ndarray, bool]]) -> list[tuple[np.ndarray, bool]]:
    """Rows by the top edge (a row spans about half a card height), then left to right."""
    cards = sorted(cards, key=lambda c: (c[0][:, 1].min(), c[0][:, 0].min()))
    rows: list[list[tuple[np.ndarray, bool]]] = []
    for card in cards:
        top = card[0][:, 1].min()
        if rows:
            first = rows[-1][0][0]
            if top - first[:, 1].min() < 0.5 * (first[:, 1].max() - first[:, 1].min()):
                rows[-1].append(card)
                continue
        rows.append([card])
    return [card for row in rows for card in sorted(row, key=lambda c: c[0][:, 0].min())]
