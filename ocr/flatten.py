"""Find business cards in a photo or scan and warp each one flat and upright-ish.

Detection works on a small copy (cheap on 12-megapixel photos); the warp samples the
full-resolution image so no detail is lost. Several independent masks propose card
outlines (edges, brightness, difference from the background seen at the frame's border,
low saturation) and a score that likes large, rectangular, card-shaped quadrilaterals
picks the winner; when nothing plausible is found the whole frame is used.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ocr.touching import colour_edges, split_touching

DETECT_SIDE = 640  # long side of the copy used to look for the card
MIN_CARD_FRACTION = 0.06  # a card smaller than this part of a photo is not "the" card
MAX_CARD_FRACTION = 0.97  # a quad covering the whole frame says nothing
PAGE_MIN_CARD_FRACTION = 0.01  # on a multi-card page each card is smaller


@dataclass
class CardCrop:
    """A flattened card: its pixels, whether an outline was found, and the outline in the source image."""

    image: np.ndarray  # BGR, warped to a rectangle
    found: bool
    quad: np.ndarray  # 4x2 float32 corners (tl, tr, br, bl) in source-image pixels
    score: float = 0.0


def find_card(image: np.ndarray) -> CardCrop:
    """Find the one card in a photo and flatten it; the whole frame (found=False) when no outline is found."""
    small, scale = downscale(image, DETECT_SIDE)
    candidates = _candidates(small, MIN_CARD_FRACTION) + _outline_candidates(small, MIN_CARD_FRACTION)
    if not candidates:
        return _whole_frame(image)
    best_score, best_quad = max(candidates, key=lambda item: item[0])
    quad = (best_quad / scale).astype(np.float32)
    return CardCrop(image=warp_quad(image, quad), found=True, quad=quad, score=best_score)


def find_cards(image: np.ndarray) -> list[CardCrop]:
    """Find every card on a page (flatbed scan or photo of several cards), in reading order."""
    small, scale = downscale(image, 1000)
    quads = _page_cards(small)
    if len(quads) < 2:
        return [find_card(image)]
    crops = []
    for score, quad in quads:
        full = (quad / scale).astype(np.float32)
        crops.append(CardCrop(image=warp_quad(image, full), found=True, quad=full, score=score))
    return crops


def candidate_quads(image: np.ndarray, min_fraction: float = 0.02) -> list[tuple[float, np.ndarray]]:
    """(score, quad in image pixels) for every card-like outline any mask proposes, several cards included."""
    small, scale = downscale(image, DETECT_SIDE)
    found = _candidates(small, min_fraction) + _outline_candidates(small, min_fraction)
    page, page_scale = downscale(image, 1000)
    on_page = _page_cards(page) + _paper_cards(page)
    return [(s, (q / scale).astype(np.float32)) for s, q in found] + [
        (s, (q / page_scale).astype(np.float32)) for s, q in on_page]


def order_corners(points: np.ndarray) -> np.ndarray:
    """Four corners as top-left, top-right, bottom-right, bottom-left."""
    return _order(points)


def warp_quad(image: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """Perspective-warp the quadrilateral (tl, tr, br, bl) to an axis-aligned rectangle."""
    tl, tr, br, bl = quad.astype(np.float32)
    width = round(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    height = round(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    width, height = max(width, 8), max(height, 8)
    target = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], np.float32)
    matrix = cv2.getPerspectiveTransform(quad.astype(np.float32), target)
    return cv2.warpPerspective(image, matrix, (width, height), flags=cv2.INTER_AREA, borderMode=cv2.BORDER_REPLICATE)


def _whole_frame(image: np.ndarray) -> CardCrop:
    height, width = image.shape[:2]
    quad = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], np.float32)
    return CardCrop(image=image, found=False, quad=quad, score=0.0)


def downscale(image: np.ndarray, side: int) -> tuple[np.ndarray, float]:
    """The image shrunk so its longer side is at most `side` pixels, and the scale applied (≤ 1)."""
    height, width = image.shape[:2]
    scale = min(1.0, side / max(height, width))
    if scale == 1.0:
        return image, 1.0
    small = cv2.resize(image, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA)
    return small, scale


def _edge_maps(blurred: np.ndarray) -> list[np.ndarray]:
    """Dilated Canny edges at two sensitivities: automatic (from the median) and low, for white-on-light-grey."""
    median = float(np.median(blurred))
    maps = []
    for low, high in ((int(0.66 * median), int(min(255, 1.33 * median))), (12, 36)):
        edges = cv2.Canny(blurred, low, max(high, low + 10))
        maps.append(cv2.dilate(edges, np.ones((3, 3), np.uint8), iterations=2))
    return maps


def _outline_candidates(small: np.ndarray, min_fraction: float) -> list[tuple[float, np.ndarray]]:
    """Quads whose perimeter is mostly traced by edges, even when the outline has gaps (faint card edges)."""
    grey = cv2.GaussianBlur(cv2.cvtColor(small, cv2.COLOR_BGR2GRAY), (5, 5), 0)
    height, width = grey.shape
    frame_area = float(height * width)
    found = []
    for edges in _edge_maps(grey):
        contours, _ = cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        for contour in contours:
            hull = cv2.convexHull(contour)
            hull_area = cv2.contourArea(hull)
            if not min_fraction * frame_area <= hull_area <= MAX_CARD_FRACTION * frame_area:
                continue
            quad = _quad_of(hull)
            support = _edge_support(edges, quad)
            if support < 0.7:
                continue
            score = _score(quad, cv2.contourArea(quad), frame_area, width, height) * support
            if score > 0:
                found.append((score, quad))
    return found


def _edge_support(edges: np.ndarray, quad: np.ndarray) -> float:
    """Fraction of points along the quad's sides that lie on an edge pixel."""
    height, width = edges.shape
    hits = total = 0
    for i in range(4):
        start, end = quad[i], quad[(i + 1) % 4]
        for t in np.linspace(0, 1, 40, endpoint=False):
            x, y = (start + t * (end - start)).round().astype(int)
            total += 1
            # Points on the frame border count: a card running off the picture has no edge there.
            if x <= 1 or y <= 1 or x >= width - 2 or y >= height - 2 or edges[y, x]:
                hits += 1
    return hits / total


def _masks(small: np.ndarray) -> list[np.ndarray]:
    """Binary masks in which the card is likely one white blob."""
    grey = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    blurred = cv2.GaussianBlur(grey, (5, 5), 0)
    masks = []

    # 1. Edges: a card has a strong closed outline even on a similar-brightness background.
    for edges in _edge_maps(blurred):
        masks.append(_fill_holes(edges))
        # Bridge small gaps in a faint outline (white card on a light desk) before filling.
        bridged = cv2.morphologyEx(edges, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (11, 11)))
        masks.append(_fill_holes(bridged))
        # The regions the edges separate: a card running off the frame has no closed outline,
        # but its inside is still one region bounded by its edges and the frame border.
        count, labels, stats, _ = cv2.connectedComponentsWithStats(255 - edges, connectivity=4)
        min_area = MIN_CARD_FRACTION * grey.size
        for label in range(1, count):
            if stats[label, cv2.CC_STAT_AREA] >= min_area:
                masks.append(_fill_holes((labels == label).astype(np.uint8) * 255))

    # 2. Brightness (both polarities): white card on a dark desk, dark card on a light desk.
    _, bright = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    masks += _close(bright) + _close(255 - bright)

    # 3. Colour distance from the background seen along the frame border.
    lab = cv2.cvtColor(cv2.GaussianBlur(small, (7, 7), 0), cv2.COLOR_BGR2LAB).astype(np.float32)
    border = np.concatenate(
        [lab[:4].reshape(-1, 3), lab[-4:].reshape(-1, 3), lab[:, :4].reshape(-1, 3), lab[:, -4:].reshape(-1, 3)]
    )
    distance = np.linalg.norm(lab - np.median(border, axis=0), axis=2)
    distance = cv2.normalize(distance, None, 0, 255, cv2.NORM_MINMAX).astype(np.uint8)
    _, different = cv2.threshold(distance, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    masks += _close(different)

    # 4. Low saturation: a paper card on grass, wood or skin.
    saturation = cv2.cvtColor(small, cv2.COLOR_BGR2HSV)[:, :, 1]
    _, grey_mask = cv2.threshold(
        cv2.GaussianBlur(saturation, (5, 5), 0), 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU
    )
    masks += _close(grey_mask)
    return masks


def _close(mask: np.ndarray) -> list[np.ndarray]:
    """The mask closed at two scales: fine keeps the outline, coarse merges a card's printed areas."""
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    coarse = max(9, round(min(mask.shape) * 0.05))
    return [
        _fill_holes(cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k))))
        for k in (7, coarse)
    ]


def _fill_holes(mask: np.ndarray) -> np.ndarray:
    """Fill every region enclosed by the mask (text inside a card outline becomes card)."""
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    filled = np.zeros_like(mask)
    cv2.drawContours(filled, contours, -1, 255, thickness=cv2.FILLED)
    return filled


def _candidates(small: np.ndarray, min_fraction: float) -> list[tuple[float, np.ndarray]]:
    """(score, quad) for every plausible card outline in every mask."""
    height, width = small.shape[:2]
    frame_area = float(height * width)
    found = []
    for mask in _masks(small):
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        for contour in contours:
            area = cv2.contourArea(contour)
            if not min_fraction * frame_area <= area <= MAX_CARD_FRACTION * frame_area:
                continue
            quad = _quad_of(contour)
            if quad is None:
                continue
            score = _score(quad, area, frame_area, width, height)
            if score > 0:
                found.append((score, quad))
    return found


def _quad_of(contour: np.ndarray) -> np.ndarray | None:
    """Four corners of a contour: a polygon approximation when it has four, else its min-area rectangle."""
    hull = cv2.convexHull(contour)
    perimeter = cv2.arcLength(hull, True)
    for epsilon in (0.02, 0.03, 0.045, 0.06):
        approx = cv2.approxPolyDP(hull, epsilon * perimeter, True)
        if len(approx) == 4:
            return _order(approx.reshape(4, 2).astype(np.float32))
    rect = cv2.boxPoints(cv2.minAreaRect(contour))
    return _order(rect.astype(np.float32))


def _order(points: np.ndarray) -> np.ndarray:
    """Corners as top-left, top-right, bottom-right, bottom-left."""
    centre = points.mean(axis=0)
    angles = np.arctan2(points[:, 1] - centre[1], points[:, 0] - centre[0])
    ordered = points[np.argsort(angles)]  # counter-clockwise from the left in image coordinates
    start = int(np.argmin(ordered.sum(axis=1)))  # top-left has the smallest x + y
    return np.roll(ordered, -start, axis=0)


def _score(quad: np.ndarray, area: float, frame_area: float, width: int, height: int) -> float:
    """How card-like a quad is: large, filled by its blob, card-shaped, with sensible angles."""
    quad_area = cv2.contourArea(quad)
    if quad_area <= 0 or not cv2.isContourConvex(quad.astype(np.int32).reshape(-1, 1, 2)):
        return 0.0
    fill = min(area / quad_area, quad_area / area)
    if fill < 0.8:
        return 0.0
    sides = [np.linalg.norm(quad[i] - quad[(i + 1) % 4]) for i in range(4)]
    long_side = (sides[0] + sides[2]) / 2
    short_side = (sides[1] + sides[3]) / 2
    if min(long_side, short_side) < 10:
        return 0.0
    ratio = max(long_side, short_side) / min(long_side, short_side)
    # Business cards are 1.4 to 1.8 long; perspective and crops widen the range.
    shape = 1.0 if 1.25 <= ratio <= 2.1 else max(0.0, 1.0 - abs(ratio - (1.25 if ratio < 1.25 else 2.1)) / 0.8)
    if shape == 0:
        return 0.0
    angles = []
    for i in range(4):
        a, b, c = quad[i - 1], quad[i], quad[(i + 1) % 4]
        u, v = a - b, c - b
        cosine = float(np.dot(u, v) / (np.linalg.norm(u) * np.linalg.norm(v) + 1e-9))
        angles.append(abs(cosine))
    square = max(0.0, 1.0 - max(angles) / 0.6)  # perspective bends corners; reject slivers
    if square == 0:
        return 0.0
    # A quad glued to several frame borders is more likely a background region than a card.
    touching = sum(
        1
        for edge in (
            quad[:, 0].min() < 3,
            quad[:, 1].min() < 3,
            quad[:, 0].max() > width - 4,
            quad[:, 1].max() > height - 4,
        )
        if edge
    )
    border = (1.0, 0.9, 0.6, 0.35, 0.2)[touching]
    size = (quad_area / frame_area) ** 0.5
    return size * fill**2 * shape * (0.5 + 0.5 * square) * border


def _page_cards(small: np.ndarray) -> list[tuple[float, np.ndarray]]:
    """Separate cards lying apart on a page: blobs of ink and edges merged per card, in reading order."""
    grey = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    height, width = grey.shape
    page_level = float(np.percentile(grey, 90))
    blurred = cv2.GaussianBlur(grey, (3, 3), 0)
    # Anything visibly darker than the page, plus edges (a white card's faint outline or shadow).
    ink = (blurred < page_level - 18).astype(np.uint8) * 255
    if page_level < 170 or np.count_nonzero(ink) > 0.6 * ink.size:
        return []  # no light, mostly empty page around the cards: not a flatbed scan
    edges = cv2.Canny(blurred, 20, 60)
    mask = cv2.bitwise_or(ink, edges)
    gap = max(5, round(min(height, width) * 0.012))
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (gap, gap)))
    mask = _fill_holes(mask)
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    frame_area = float(height * width)
    quads = []
    for contour in contours:
        area = cv2.contourArea(contour)
        if not PAGE_MIN_CARD_FRACTION * frame_area <= area <= 0.6 * frame_area:
            continue
        rect = cv2.minAreaRect(contour)
        quad = _order(cv2.boxPoints(rect).astype(np.float32))
        (rw, rh) = rect[1]
        if min(rw, rh) < 20:
            continue
        ratio = max(rw, rh) / min(rw, rh)
        fill = area / max(rw * rh, 1.0)
        if ratio > 2.6 or fill < 0.6:
            continue
        quads.append((fill, quad))
    # Reading order: rows by the top edge (a row spans about one card height), then left to right.
    quads.sort(key=lambda item: (item[1][:, 1].min(), item[1][:, 0].min()))
    rows: list[list[tuple[float, np.ndarray]]] = []
    for item in quads:
        top = item[1][:, 1].min()
        if rows and top - rows[-1][0][1][:, 1].min() < 0.5 * _height(rows[-1][0][1]):
            rows[-1].append(item)
        else:
            rows.append([item])
    return [item for row in rows for item in sorted(row, key=lambda it: it[1][:, 0].min())]


def _paper_cards(small: np.ndarray) -> list[tuple[float, np.ndarray]]:
    """Cards whose paper differs, even slightly, in colour from the page or desk seen at the frame border.

    Tinted cards tiled close together on a white page: the gaps between them keep the page's colour,
    so each card is its own region even when their outlines touch after a closing. Where no gap is left
    (cards laid edge to edge, on a page or a desk), the blob is also offered split along the colour edge
    where the cards meet (ocr.touching).
    """
    lab = cv2.cvtColor(cv2.GaussianBlur(small, (5, 5), 0), cv2.COLOR_BGR2LAB).astype(np.float32)
    border = np.concatenate([lab[:3].reshape(-1, 3), lab[-3:].reshape(-1, 3),
                             lab[:, :3].reshape(-1, 3), lab[:, -3:].reshape(-1, 3)])
    distance = np.linalg.norm(lab - np.median(border, axis=0), axis=2)
    height, width = distance.shape
    frame_area = float(height * width)
    edges = colour_edges(lab)
    found = []
    for level in (4.0, 9.0, 20.0):
        mask = (distance > level).astype(np.uint8) * 255
        mask = _fill_holes(cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8)))
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        for contour in contours:
            found += _paper_quad(contour, frame_area)
            # Cards laid edge to edge are one blob here: the colour edge where they meet parts them.
            for region in split_touching(contour, edges):
                found += _paper_quad(region, frame_area)
    return found


def _paper_quad(contour: np.ndarray, frame_area: float) -> list[tuple[float, np.ndarray]]:
    """(score, rotated rectangle) of a blob of paper when it is card-sized and card-shaped, else nothing."""
    area = cv2.contourArea(contour)
    if not PAGE_MIN_CARD_FRACTION * frame_area <= area <= MAX_CARD_FRACTION * frame_area:
        return []
    rect = cv2.minAreaRect(contour)
    rw, rh = rect[1]
    if min(rw, rh) < 20:
        return []
    fill = area / max(rw * rh, 1.0)
    if max(rw, rh) / min(rw, rh) > 2.6 or fill < 0.75:
        return []
    return [(fill * (area / frame_area) ** 0.5, _order(cv2.boxPoints(rect).astype(np.float32)))]


def _height(quad: np.ndarray) -> float:
    return float(quad[:, 1].max() - quad[:, 1].min())


def deskew(image: np.ndarray, max_angle: float = 20.0) -> tuple[np.ndarray, float]:
    """Rotate away a small residual tilt measured from the text lines; returns (image, degrees turned)."""
    small, _ = downscale(image, 1000)
    grey = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    ink = cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15)
    if np.count_nonzero(ink) > ink.size / 2:
        ink = 255 - ink
    # Smear letters sideways into line-shaped blobs, whose long axes give the text direction.
    width = max(9, small.shape[1] // 40)
    lines = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (width, 3)))
    contours, _ = cv2.findContours(lines, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    angles, weights = [], []
    for contour in contours:
        (_, _), (w, h), angle = cv2.minAreaRect(contour)
        if w < h:
            w, h, angle = h, w, angle - 90
        if h < 4 or w < 5 * h or w > 0.98 * small.shape[1]:
            continue
        angle = (angle + 90) % 180 - 90
        if abs(angle) <= max_angle:
            angles.append(angle)
            weights.append(w)
    if len(angles) < 3:
        return image, 0.0
    order = np.argsort(angles)
    cumulative = np.cumsum(np.asarray(weights)[order])
    median = float(np.asarray(angles)[order][np.searchsorted(cumulative, cumulative[-1] / 2)])
    if abs(median) < 0.7:
        return image, 0.0
    height, width_full = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((width_full / 2, height / 2), median, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    new_w, new_h = int(height * sin + width_full * cos), int(height * cos + width_full * sin)
    matrix[0, 2] += new_w / 2 - width_full / 2
    matrix[1, 2] += new_h / 2 - height / 2
    turned = cv2.warpAffine(image, matrix, (new_w, new_h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    return turned, median


def text_height(image: np.ndarray) -> float | None:
    """Median height in pixels of letter-like ink blobs, or None when there are too few to tell."""
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    ink = cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 12)
    if np.count_nonzero(ink) > ink.size / 2:
        ink = 255 - ink
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if count < 2:
        return None
    heights = stats[1:, cv2.CC_STAT_HEIGHT].astype(np.float64)
    widths = stats[1:, cv2.CC_STAT_WIDTH].astype(np.float64)
    areas = stats[1:, cv2.CC_STAT_AREA].astype(np.float64)
    limit = grey.shape[0] * 0.2
    letters = (heights >= 5) & (heights <= limit) & (widths <= 2.5 * heights) & (areas >= 0.15 * heights * widths)
    if np.count_nonzero(letters) < 8:
        return None
    return float(np.median(heights[letters]))


def turn_upright(image: np.ndarray, rotation: int) -> np.ndarray:
    """Undo a clockwise rotation (90, 180, 270) of the content."""
    turns = {90: cv2.ROTATE_90_COUNTERCLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_CLOCKWISE}
    return cv2.rotate(image, turns[rotation]) if rotation in turns else image
