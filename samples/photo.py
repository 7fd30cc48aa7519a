"""Turn a flat card image into a phone photo or a flatbed scan: background, pose, light, blur, noise.

All randomness comes from the numpy Generator and random.Random passed in, so a seed fixes the result.
Heavy per-pixel work is done at low resolution and scaled up (textures, light) to keep generation fast.
"""

from __future__ import annotations

import random
from typing import Any

import cv2
import numpy as np

FRAME_SIZES = ((1600, 1200), (2048, 1536), (2592, 1944), (3264, 2448), (4032, 3024))
FRAME_WEIGHTS = (3, 3, 2, 2, 2)
BACKGROUNDS = ("wood", "desk", "grass", "grey", "dark")


def _low_noise(np_rng: np.random.Generator, shape: tuple[int, int], cells: int) -> np.ndarray:
    """Smooth noise in [0, 1]: a cells×cells random grid scaled up with bicubic interpolation."""
    h, w = shape
    grid = np_rng.random((cells, max(2, cells * w // max(h, 1)))).astype(np.float32)
    return np.clip(cv2.resize(grid, (w, h), interpolation=cv2.INTER_CUBIC), 0, 1)


def background(np_rng: np.random.Generator, rng: random.Random, kind: str, size: tuple[int, int]) -> np.ndarray:
    """A BGR background texture of the given kind at the frame size (w, h)."""
    w, h = size
    lw, lh = max(w // 4, 8), max(h // 4, 8)
    if kind == "wood":
        base = np.array(rng.choice(((40, 80, 140), (30, 60, 110), (70, 120, 170), (50, 90, 130))), np.float32)
        y = np.linspace(0, 1, lh, dtype=np.float32)[:, None]
        warp = _low_noise(np_rng, (lh, lw), 6) * rng.uniform(0.6, 1.8)
        grain = np.sin((y * rng.uniform(20, 45) + warp) * np.pi) * 0.5 + 0.5
        fibres = cv2.blur(np_rng.random((lh, lw), dtype=np.float32), (41, 1))  # streaks along the grain
        fine = (fibres - 0.5) * 0.9 + np_rng.random((lh, lw), dtype=np.float32) * 0.06
        shade = (0.8 + 0.22 * grain + fine)[..., None]
        img = base[None, None, :] * shade
        if rng.random() < 0.5:
            img = np.transpose(img, (1, 0, 2))
            img = cv2.resize(img, (lw, lh))
    elif kind == "grass":
        base = np.array((40, 130, 60), np.float32)
        fine = np_rng.random((lh, lw), dtype=np.float32)
        fine = cv2.blur(fine, (1, 5))
        patches = 0.6 + 0.6 * _low_noise(np_rng, (lh, lw), 5)
        img = base[None, None, :] * (0.4 + 0.9 * (fine * patches)[..., None])
    elif kind == "grey":  # low contrast: light grey close to a white card
        level = rng.uniform(170, 225)
        img = np.full((lh, lw, 3), level, np.float32) + (_low_noise(np_rng, (lh, lw), 4)[..., None] - 0.5) * 20
    elif kind == "dark":
        level = rng.uniform(20, 60)
        img = np.full((lh, lw, 3), level, np.float32) * np.array(rng.choice(((1, 1, 1), (1.2, 1, 0.8))), np.float32)
        img += np_rng.random((lh, lw, 1), dtype=np.float32) * 12
    else:  # desk with clutter: paper sheets, a pen, a phone, a mug
        level = np.array(rng.choice(((200, 205, 210), (150, 160, 170), (95, 105, 115), (210, 200, 185))), np.float32)
        img = np.empty((lh, lw, 3), np.float32)
        img[:] = level
        img += (_low_noise(np_rng, (lh, lw), 5)[..., None] - 0.5) * 30
        for _ in range(rng.randint(2, 5)):
            colour = tuple(float(c) for c in np_rng.integers(20, 250, 3))
            cx, cy = rng.randint(0, lw), rng.randint(0, lh)
            sw, sh = rng.randint(lw // 12, lw // 3), rng.randint(lh // 12, lh // 3)
            shape = rng.random()
            if shape < 0.4:
                box = cv2.boxPoints(((cx, cy), (sw, sh), rng.uniform(0, 180))).astype(np.int32)
                cv2.fillConvexPoly(img, box, colour)
            elif shape < 0.7:
                cv2.circle(img, (cx, cy), sw // 2, colour, -1)
            else:
                end = (cx + rng.randint(-lw // 3, lw // 3), cy + rng.randint(-lh // 3, lh // 3))
                cv2.line(img, (cx, cy), end, colour, max(2, lw // 120))
    img = np.clip(img, 0, 255).astype(np.uint8)
    return cv2.resize(img, (w, h), interpolation=cv2.INTER_LINEAR)


def _light_map(np_rng: np.random.Generator, rng: random.Random, size: tuple[int, int], dim: bool) -> np.ndarray:
    """Uneven light as a uint8 multiplier map (255 = unchanged): gradient, a soft shadow, dimming."""
    w, h = size
    lw, lh = 64, max(int(64 * h / w), 8)
    yy, xx = np.mgrid[0:lh, 0:lw].astype(np.float32)
    angle = rng.uniform(0, 2 * np.pi)
    ramp = (np.cos(angle) * xx / lw + np.sin(angle) * yy / lh)
    ramp = (ramp - ramp.min()) / max(float(ramp.max() - ramp.min()), 1e-6)
    strength = rng.uniform(0.05, 0.45)
    light = 1.0 - strength * ramp
    if rng.random() < 0.35:  # a shadow blob: a hand or the phone between lamp and card
        cx, cy = rng.uniform(0, lw), rng.uniform(0, lh)
        r = rng.uniform(0.15, 0.45) * lw
        blob = np.exp(-(((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * r * r)))
        light *= 1.0 - rng.uniform(0.2, 0.45) * blob
    if dim:
        light *= rng.uniform(0.45, 0.65)
    light = np.clip(light * 255, 0, 255).astype(np.uint8)
    light = cv2.resize(light, (w, h), interpolation=cv2.INTER_LINEAR)
    return cv2.merge((light, light, light))


def _add_noise(np_rng: np.random.Generator, img: np.ndarray, sigma: float) -> np.ndarray:
    """Sensor noise, generated at half resolution (it is correlated after demosaicing anyway)."""
    h, w = img.shape[:2]
    noise = np_rng.standard_normal((max(h // 2, 1), max(w // 2, 1)), dtype=np.float32) * np.float32(sigma)
    # saturating uint8 adds in OpenCV are far faster than widening the whole frame to int16 in numpy
    brighter = cv2.resize(np.clip(noise, 0, 255).astype(np.uint8), (w, h), interpolation=cv2.INTER_NEAREST)
    darker = cv2.resize(np.clip(-noise, 0, 255).astype(np.uint8), (w, h), interpolation=cv2.INTER_NEAREST)
    return cv2.subtract(cv2.add(img, cv2.merge([brighter] * 3)), cv2.merge([darker] * 3))


def _place_distractor(frame: np.ndarray, other: np.ndarray, rng: random.Random, scale: float) -> None:
    """Another card lying mostly outside the frame, only a corner with some text visible (as in real photos)."""
    fh, fw = frame.shape[:2]
    oh, ow = other.shape[:2]
    size = np.array([ow, oh], np.float32) * scale
    corner = np.array(rng.choice(((0, 0), (fw, 0), (fw, fh), (0, fh))), np.float32)
    outwards = np.where(corner > 0, 1.0, -1.0).astype(np.float32)
    centre = corner + outwards * size * np.float32(rng.uniform(0.12, 0.3))
    matrix = cv2.getRotationMatrix2D((ow / 2, oh / 2), rng.uniform(-35, 35), scale)
    matrix[:, 2] += centre - np.array([ow / 2, oh / 2], np.float32)
    corners = cv2.transform(np.array([[[0, 0], [ow, 0], [ow, oh], [0, oh]]], np.float32), matrix)[0]
    x0, y0 = np.clip(np.floor(corners.min(axis=0)), 0, [fw, fh]).astype(int)
    x1, y1 = np.clip(np.ceil(corners.max(axis=0)), 0, [fw, fh]).astype(int)
    if x1 - x0 < 2 or y1 - y0 < 2:
        return
    matrix[:, 2] -= (x0, y0)
    cv2.warpAffine(other, matrix, (x1 - x0, y1 - y0), dst=frame[y0:y1, x0:x1], flags=cv2.INTER_LINEAR,
                   borderMode=cv2.BORDER_TRANSPARENT)


def _add_glare(frame: np.ndarray, pts: np.ndarray, rng: random.Random) -> None:
    """A specular highlight from a lamp on glossy card stock: part of the card washed towards white."""
    fh, fw = frame.shape[:2]
    diag = float(np.linalg.norm(pts[2] - pts[0]))
    r = rng.uniform(0.1, 0.22) * diag
    cx, cy = pts.mean(axis=0) + np.array([rng.uniform(-0.3, 0.3), rng.uniform(-0.2, 0.2)]) * diag
    x0, y0 = max(int(cx - 5 * r), 0), max(int(cy - 3 * r), 0)  # the glow is 1.6 times wider than high
    x1, y1 = min(int(cx + 5 * r), fw), min(int(cy + 3 * r), fh)
    if x1 - x0 < 8 or y1 - y0 < 8:
        return
    # the glow is smooth, so compute it on a coarse grid and scale it up
    gw, gh = max((x1 - x0) // 8, 2), max((y1 - y0) // 8, 2)
    yy, xx = np.mgrid[0:gh, 0:gw].astype(np.float32)
    xx = x0 + xx * (x1 - x0) / gw
    yy = y0 + yy * (y1 - y0) / gh
    glow = rng.uniform(0.35, 0.6) * np.exp(-(((xx - cx) / 1.6) ** 2 + (yy - cy) ** 2) / (2 * r * r))
    glow = cv2.resize(glow.astype(np.float32), (x1 - x0, y1 - y0), interpolation=cv2.INTER_LINEAR)
    on_card = np.zeros(glow.shape, np.float32)  # glossy card, matte table: the glare stays on the card
    cv2.fillConvexPoly(on_card, (pts - np.array([x0, y0], np.float32)).astype(np.int32), 1.0)
    glow *= on_card
    roi = frame[y0:y1, x0:x1]
    white = np.full_like(roi, 255)
    frame[y0:y1, x0:x1] = cv2.blendLinear(roi, white, 1 - glow, glow)


def photograph(card_bgr: np.ndarray, rng: random.Random, np_rng: np.random.Generator,
               quadrant: int | None = None, partial: bool | None = None,
               backdrop: str | None = None, distractor: np.ndarray | None = None) -> tuple[np.ndarray, dict[str, Any]]:
    """Place the card in a phone photo; returns the BGR frame and the conditions used."""
    fw, fh = rng.choices(FRAME_SIZES, FRAME_WEIGHTS)[0]
    if rng.random() < 0.35:
        fw, fh = fh, fw
    kind = backdrop or rng.choice(BACKGROUNDS)
    frame = background(np_rng, rng, kind, (fw, fh))
    ch, cw = card_bgr.shape[:2]
    quadrant = quadrant if quadrant is not None else (rng.choice((1, 2, 3)) if rng.random() < 0.15 else 0)
    angle = float(np.clip(rng.gauss(0, 10), -25, 25))
    total_angle = angle + 90 * quadrant
    coverage = rng.triangular(0.3, 0.8, 0.5)  # share of the frame's area the card covers
    rad = np.deg2rad(total_angle)
    partial = rng.random() < 0.05 if partial is None else partial

    # corners of the card centred at the origin, tilted in perspective, then rotated and scaled
    tilt = rng.uniform(0, 0.16)
    side = rng.choice(("top", "bottom", "left", "right"))
    pts = np.array([[-cw / 2, -ch / 2], [cw / 2, -ch / 2], [cw / 2, ch / 2], [-cw / 2, ch / 2]], np.float32)
    shrink = {"top": (0, 1), "bottom": (3, 2), "left": (0, 3), "right": (1, 2)}[side]
    for i in shrink:  # the far edge looks shorter
        pts[i, 0 if side in ("top", "bottom") else 1] *= 1 - tilt
    pts += np_rng.uniform(-0.02, 0.02, pts.shape).astype(np.float32) * max(cw, ch)
    rot = np.array([[np.cos(rad), -np.sin(rad)], [np.sin(rad), np.cos(rad)]], np.float32)
    pts = pts @ rot.T
    extent = pts.max(axis=0) - pts.min(axis=0)
    scale = float(np.sqrt(coverage * fw * fh / (cw * ch)))
    scale = float(min(scale, 0.96 * fw / extent[0], 0.96 * fh / extent[1]))
    pts *= scale
    extent = pts.max(axis=0) - pts.min(axis=0)
    room = np.array([fw, fh], np.float32) - extent
    centre = np.array([fw / 2, fh / 2], np.float32) + np.array(
        [rng.uniform(-0.45, 0.45) * max(room[0], 0), rng.uniform(-0.45, 0.45) * max(room[1], 0)], np.float32)
    if partial:  # push one edge out of the frame by a sliver of card margin (text stays visible)
        axis = rng.choice((0, 1))
        sign = rng.choice((-1, 1))
        centre[axis] = [fw, fh][axis] / 2 + sign * ([fw, fh][axis] - extent[axis]) / 2 + sign * 0.03 * extent[axis]
    pts += centre
    src = np.array([[0, 0], [cw, 0], [cw, ch], [0, ch]], np.float32)

    if distractor is not None:
        _place_distractor(frame, distractor, rng, scale)
    # soft contact shadow under the card
    shadow = np.zeros((fh // 8, fw // 8), np.uint8)
    offset = np.array([rng.uniform(-0.01, 0.02) * fw, rng.uniform(0, 0.02) * fh], np.float32)
    cv2.fillConvexPoly(shadow, ((pts + offset) / 8).astype(np.int32), 255)
    shadow = cv2.GaussianBlur(shadow, (0, 0), max(fw / 400, 1))
    shadow = cv2.resize(shadow, (fw, fh))
    frame = cv2.multiply(frame, cv2.merge([255 - (shadow * 0.45).astype(np.uint8)] * 3), scale=1 / 255)

    blur_sigma = rng.choice((0, 0, 0.6, 1.0, 1.5, 2.2)) * (scale if scale > 1 else 1)
    card = card_bgr
    if blur_sigma > 0.3:
        card = cv2.GaussianBlur(card, (0, 0), blur_sigma / max(scale, 1e-3))
    x0, y0 = np.floor(pts.min(axis=0)).astype(int)
    x1, y1 = np.ceil(pts.max(axis=0)).astype(int)
    x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, fw), min(y1, fh)
    matrix = cv2.getPerspectiveTransform(src, pts - np.array([x0, y0], np.float32))
    roi = frame[y0:y1, x0:x1]
    cv2.warpPerspective(card, matrix, (x1 - x0, y1 - y0), dst=roi, flags=cv2.INTER_LINEAR,
                        borderMode=cv2.BORDER_TRANSPARENT)
    dim = rng.random() < 0.12
    frame = cv2.multiply(frame, _light_map(np_rng, rng, (fw, fh), dim), scale=1 / 255)
    glare = not dim and rng.random() < 0.1
    if glare:
        _add_glare(frame, pts, rng)
    if rng.random() < 0.15:  # slight motion blur
        k = max(3, int(fw / 800) * 2 + 1)
        kernel = np.zeros((k, k), np.float32)
        kernel[k // 2, :] = 1 / k
        frame = cv2.filter2D(frame, -1, kernel)
    noise = rng.uniform(2, 6) * (2 if dim else 1)
    frame = _add_noise(np_rng, frame, noise)
    conditions = {"capture": "photo", "frame": [fw, fh], "background": kind, "angle": round(total_angle, 1),
                  "tilt": round(tilt, 3), "coverage": round(coverage, 2), "blur": round(float(blur_sigma), 2),
                  "dim": dim, "partial": partial, "noise": round(noise, 1), "glare": glare,
                  "distractor": distractor is not None}
    return frame, conditions


def scan(card_bgr: np.ndarray, rng: random.Random, np_rng: np.random.Generator) -> tuple[np.ndarray, dict[str, Any]]:
    """A flatbed scan at the card's own resolution (300 dpi): white bed, near-straight, faint edge."""
    ch, cw = card_bgr.shape[:2]
    margin = [rng.randint(30, 160) for _ in range(4)]
    bw, bh = cw + margin[0] + margin[2], ch + margin[1] + margin[3]
    angle = rng.uniform(-1.5, 1.5)
    bed = np.full((bh, bw, 3), rng.randint(242, 255), np.uint8)
    matrix = cv2.getRotationMatrix2D((cw / 2, ch / 2), angle, 1.0)
    matrix[:, 2] += (margin[0], margin[1])
    outline = np.array([[0, 0], [cw, 0], [cw, ch], [0, ch]], np.float32)
    edge = cv2.transform(outline[None], matrix)[0].astype(np.int32)
    cv2.polylines(bed, [edge], True, (200, 200, 200), 3, cv2.LINE_AA)
    cv2.warpAffine(card_bgr, matrix, (bw, bh), dst=bed, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_TRANSPARENT)
    bed = _add_noise(np_rng, bed, rng.uniform(1, 3))
    return bed, {"capture": "scan", "frame": [bw, bh], "angle": round(angle, 2), "dpi": 300}
