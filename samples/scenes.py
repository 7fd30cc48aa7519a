"""Generated scenes for the at-the-event tests and bench/review_latency.py: two cards side by side in one phone
photo, the back of a card, and a 12-megapixel photo of one card. Built from samples.generate (its Faker-based
content and renderer), so the reader meets text it was never tuned on; every photo is fixed by its seed."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
from PIL import Image, ImageDraw

from samples import photo
from samples.generate import Options, _flat_card, _rngs, generate_card  # the generator's own building blocks
from samples.render import available_families, font


@dataclass
class Photo:
    """JPEG bytes and the expected content of each card on it (samples' label format)."""

    jpeg: bytes
    cards: list[dict[str, Any]]


def _jpeg(frame_bgr: np.ndarray, quality: int = 88) -> bytes:
    ok, buffer = cv2.imencode(".jpg", frame_bgr, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return buffer.tobytes()


def two_card_photo(seed: int = 5, size: tuple[int, int] = (2400, 1600)) -> Photo:
    """Two different cards lying side by side on a white table, slightly turned, in one phone photo (uneven light,
    a soft shadow along each card's edge, sensor noise)."""
    rng, np_rng = _rngs(seed, 0, salt="two-cards")
    width, height = size
    light = np.linspace(236, 248, width, dtype=np.float32)[None, :, None] + np_rng.normal(0, 1.5, (height, 1, 1))
    frame = np.clip(np.broadcast_to(light, (height, width, 3)), 0, 255).astype(np.uint8).copy()
    cards = []
    for slot in range(2):
        content, card, _ = _flat_card(rng, Options(portrait=False, qr=False, dark=False))
        scale = 0.42 * width / card.shape[1]
        card = cv2.resize(card, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        card_h, card_w = card.shape[:2]
        matrix = cv2.getRotationMatrix2D((card_w / 2, card_h / 2), rng.uniform(-3, 3), 1.0)
        matrix[:, 2] += (round(width * (0.05 + 0.5 * slot)), (height - card_h) // 2 + rng.randint(-40, 40))
        edge = cv2.transform(np.array([[[0, 0], [card_w, 0], [card_w, card_h], [0, card_h]]], np.float32), matrix)[0]
        cv2.polylines(frame, [edge.astype(np.int32)], True, (190, 190, 190), 4, cv2.LINE_AA)
        cv2.warpAffine(card, matrix, (width, height), dst=frame, borderMode=cv2.BORDER_TRANSPARENT)
        cards.append(content.expected(f"two_cards.jpg#{slot + 1}", "card in a two-card photo", {"slot": slot}))
    return Photo(_jpeg(photo._add_noise(np_rng, frame, 2.0)), cards)


def card_photo(seed: int = 11, index: int = 0, size: tuple[int, int] | None = None) -> Photo:
    """One generated card photographed on a plain backdrop; `size` scales the photo (e.g. 4000×3000, 12 MP)."""
    generated = generate_card(seed, index, Options(capture="photo", quadrant=0, qr=False, dark=False,
                                                   backdrop="grey", partial=False, distractor=False))
    jpeg = generated.jpeg
    if size is not None:
        with Image.open(io.BytesIO(jpeg)) as image:
            out = io.BytesIO()
            image.convert("RGB").resize(size, Image.LANCZOS).save(out, "JPEG", quality=90)
            jpeg = out.getvalue()
    return Photo(jpeg, [generated.expected])


def back_of_card(lines: list[str], seed: int = 3) -> bytes:
    """The back of a card (a few printed lines, no name) photographed on a dark table."""
    family = available_families()[0]
    card = Image.new("RGB", (1050, 600), (250, 250, 246))
    draw = ImageDraw.Draw(card)
    y = 150
    for text in lines:
        draw.text((90, y), text, fill=(30, 30, 40), font=font(family, 0, 46))
        y += 90
    rng, np_rng = _rngs(seed, 0, salt="back")
    frame = np.full((1200, 1600, 3), 45, np.uint8)
    card_bgr = cv2.cvtColor(np.asarray(card), cv2.COLOR_RGB2BGR)
    matrix = cv2.getRotationMatrix2D((525, 300), rng.uniform(-4, 4), 1.2)
    matrix[:, 2] += (170, 240)
    cv2.warpAffine(card_bgr, matrix, (1600, 1200), dst=frame, borderMode=cv2.BORDER_TRANSPARENT)
    return _jpeg(photo._add_noise(np_rng, frame, 2.0))
