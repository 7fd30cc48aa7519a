"""Synthetic card photos for the ocr tests: a card with known words put into a cluttered scene."""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
BOLD_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
CARD_WORD = "QUANTIVO"
CARD_EMAIL = "mara.lind@quantivo.com"


def card(dark: bool = False, size: tuple[int, int] = (1050, 600)) -> np.ndarray:
    """A flat business card (BGR) with a bold brand word, a name, an email and a phone."""
    paper, ink = ((35, 38, 48), (240, 240, 240)) if dark else ((246, 244, 238), (20, 20, 30))
    image = Image.new("RGB", size, paper)
    draw = ImageDraw.Draw(image)
    draw.text((70, 60), CARD_WORD, font=ImageFont.truetype(BOLD_FONT, 96), fill=ink)
    body = ImageFont.truetype(FONT, 40)
    draw.text((70, 260), "Mara Lind", font=body, fill=ink)
    draw.text((70, 330), "Head of Research", font=body, fill=ink)
    draw.text((70, 420), CARD_EMAIL, font=body, fill=ink)
    draw.text((70, 490), "+46 8 123 456 78", font=body, fill=ink)
    return cv2.cvtColor(np.asarray(image), cv2.COLOR_RGB2BGR)


def clutter(size: tuple[int, int], seed: int = 0, kind: str = "wood") -> np.ndarray:
    """A busy background: wood-like stripes or grass-like noise, with a few random shapes."""
    rng = np.random.default_rng(seed)
    width, height = size
    if kind == "grass":
        noise = rng.normal(0, 1, (height // 8 + 1, width // 8 + 1)).astype(np.float32)
        noise = cv2.resize(noise, (width, height))[:, :, None]
        base = np.array([40, 120, 50], np.float32) + noise * np.array([10, 35, 12], np.float32)
    else:
        x = np.linspace(0, 40, width, dtype=np.float32)[None, :]
        y = np.linspace(0, 4, height, dtype=np.float32)[:, None]
        stripes = (np.sin(x + 3 * np.sin(y)) + 1)[:, :, None]
        base = np.array([40, 80, 140], np.float32) + stripes * np.array([15, 25, 35], np.float32)
    scene = np.clip(base + rng.normal(0, 6, (height, width, 3)), 0, 255).astype(np.uint8)
    for _ in range(6):
        centre = (int(rng.integers(0, width)), int(rng.integers(0, height)))
        colour = tuple(int(c) for c in rng.integers(0, 255, 3))
        cv2.circle(scene, centre, int(rng.integers(10, 60)), colour, -1)
    return scene


def photograph(
    card_bgr: np.ndarray,
    *,
    angle: float = 0.0,
    quarter_turns: int = 0,
    perspective: float = 0.0,
    frame: tuple[int, int] = (1600, 1200),
    card_width: int = 900,
    background: str = "wood",
    shadow: bool = False,
) -> np.ndarray:
    """Place the card into a cluttered frame, turned by quarter turns plus `angle` degrees, optionally tilted."""
    turned = np.rot90(card_bgr, -quarter_turns).copy()  # clockwise quarter turns
    h, w = turned.shape[:2]
    scale = card_width / max(w, h)
    width, height = frame
    corners = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    centred = (corners - [w / 2, h / 2]) * scale
    radians = np.deg2rad(angle)
    rotation = np.array([[np.cos(radians), -np.sin(radians)], [np.sin(radians), np.cos(radians)]], np.float32)
    placed = centred @ rotation.T + [width / 2, height / 2]
    if perspective:
        # Pull the top edge in: the look of a card photographed from below.
        placed[0, 0] += perspective * card_width
        placed[1, 0] -= perspective * card_width
    matrix = cv2.getPerspectiveTransform(corners, placed.astype(np.float32))
    scene = clutter(frame, kind=background)
    warped = cv2.warpPerspective(turned, matrix, frame, flags=cv2.INTER_AREA)
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), matrix, frame)
    scene[mask > 0] = warped[mask > 0]
    if shadow:
        gradient = np.linspace(0.55, 1.0, width, dtype=np.float32)[None, :, None]
        scene = np.clip(scene.astype(np.float32) * gradient, 0, 255).astype(np.uint8)
    return scene


def jpeg(image_bgr: np.ndarray) -> bytes:
    """JPEG bytes of a BGR image."""
    ok, buffer = cv2.imencode(".jpg", image_bgr, [cv2.IMWRITE_JPEG_QUALITY, 92])
    assert ok
    return buffer.tobytes()
