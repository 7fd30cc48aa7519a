"""Images holding several generated cards, with one label per card in reading order (for multi-card tests).

    python -m samples.multicard --out DIR --seed S

Three kinds, the hard cases of a flatbed or desk: four tinted cards tiled close together on a white
page, three pale cards on a white page where only a faint shadow marks their edges, and two cards
photographed on a textured desk. The cards are the generator's (samples.generate.generate_content and
samples.render), so their labels are the single-card labels with `file` naming `IMAGE.jpg#N`.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PIL import Image

from samples import photo
from samples.generate import generate_content
from samples.render import make_style, render_card

PAGE_DPI = 200
A4_INCHES = (8.27, 11.69)


@dataclass
class MultiCard:
    """One generated image of several cards: its JPEG bytes and the cards' labels in reading order."""

    name: str
    kind: str  # tiled | pale | desk
    jpeg: bytes
    labels: list[dict[str, Any]]


def _card(seed: int, index: int, *, background: tuple[int, int, int] | None = None,
          dark: bool | None = False) -> tuple[np.ndarray, Any]:
    """A flat generated card (BGR at 300 dpi) and its content; `background` overrides the paper colour."""
    content = generate_content(seed, index)
    style = make_style(random.Random(f"multicard-style-{seed}-{index}"), dark=dark)
    if background is not None:  # a pale paper: the print must be dark whatever the style chose for its colour
        style = replace(style, background=background, text=(25, 25, 30), muted=(95, 95, 100),
                        accent=tuple(min(c, 120) for c in style.accent))
    card = render_card(content, style, size=(1050, 600))
    return cv2.cvtColor(np.asarray(card), cv2.COLOR_RGB2BGR), content


def _encode(image: np.ndarray, quality: int = 85, dpi: int | None = None) -> bytes:
    out = io.BytesIO()
    extra = {"dpi": (dpi, dpi)} if dpi else {}
    Image.fromarray(cv2.cvtColor(image, cv2.COLOR_BGR2RGB)).save(out, "JPEG", quality=quality, **extra)
    return out.getvalue()


def _labels(name: str, contents: list[Any], kind: str) -> list[dict[str, Any]]:
    return [c.expected(f"{name}.jpg#{i + 1}", f"card {i + 1} of a {kind} multi-card image",
                       {"capture": "multi-card", "kind": kind, "slot": i}) for i, c in enumerate(contents)]


def _paste(page: np.ndarray, card: np.ndarray, centre: tuple[float, float], angle: float,
           shadow: float = 0.0, scale: float = 1.0) -> None:
    """Draw the card rotated by `angle` degrees about `centre`, over a soft shadow `shadow` deep (0..1)."""
    ch, cw = card.shape[:2]
    matrix = cv2.getRotationMatrix2D((cw / 2, ch / 2), angle, scale)
    matrix[:, 2] += (centre[0] - cw / 2, centre[1] - ch / 2)
    ph, pw = page.shape[:2]
    if shadow > 0:
        mask = cv2.warpAffine(np.full((ch, cw), 255, np.uint8), matrix, (pw, ph))
        offset = np.float32([[1, 0, 4], [0, 1, 6]])
        mask = cv2.GaussianBlur(cv2.warpAffine(mask, offset, (pw, ph)), (0, 0), 5)
        factor = 1.0 - shadow * mask.astype(np.float32) / 255
        page[:] = np.clip(page.astype(np.float32) * factor[..., None], 0, 255).astype(np.uint8)
    cv2.warpAffine(card, matrix, (pw, ph), dst=page, flags=cv2.INTER_AREA, borderMode=cv2.BORDER_TRANSPARENT)


def _page() -> tuple[np.ndarray, float]:
    width, height = round(A4_INCHES[0] * PAGE_DPI), round(A4_INCHES[1] * PAGE_DPI)
    return np.full((height, width, 3), 250, np.uint8), PAGE_DPI / 300


def tiled_page(seed: int) -> MultiCard:
    """Four tinted cards tiled 2×2 with narrow gaps near the top of a white A4 page (200 dpi scan)."""
    rng, np_rng = random.Random(f"tiled-{seed}"), np.random.default_rng([seed, 1])
    page, factor = _page()
    tints = [(235, 245, 255), (255, 240, 228), (232, 255, 236), (250, 236, 250)]  # pale blue, cream, green, pink
    rng.shuffle(tints)
    contents = []
    gap = rng.randint(12, 30)
    cw, ch = round(1050 * factor), round(600 * factor)
    left, top = rng.randint(60, 140), rng.randint(60, 160)
    for slot in range(4):
        card, content = _card(seed, 100 + slot, background=tints[slot])
        card = cv2.resize(card, (cw, ch), interpolation=cv2.INTER_AREA)
        col, row = slot % 2, slot // 2
        centre = (left + col * (cw + gap) + cw / 2, top + row * (ch + gap) + ch / 2)
        _paste(page, card, centre, rng.uniform(-1.0, 1.0))
        contents.append(content)
    page = photo._add_noise(np_rng, page, 1.5)
    name = f"multicard_tiled_{seed}"
    return MultiCard(name, "tiled", _encode(page, dpi=PAGE_DPI), _labels(name, contents, "tiled"))


def pale_page(seed: int) -> MultiCard:
    """Three white cards on a white page; only a faint shadow marks their edges (200 dpi scan)."""
    rng, np_rng = random.Random(f"pale-{seed}"), np.random.default_rng([seed, 2])
    page, factor = _page()
    ph, pw = page.shape[:2]
    cw, ch = round(1050 * factor), round(600 * factor)
    contents = []
    for slot in range(3):
        card, content = _card(seed, 200 + slot, background=(rng.randint(248, 252),) * 3)
        card = cv2.resize(card, (cw, ch), interpolation=cv2.INTER_AREA)
        x = rng.uniform(0.08, 0.9) * (pw - cw) + cw / 2 if slot != 1 else pw / 2 + rng.uniform(-80, 80)
        centre = (x, ph * (0.14 + 0.27 * slot) + rng.uniform(-40, 40))
        _paste(page, card, centre, rng.uniform(-2.5, 2.5), shadow=rng.uniform(0.05, 0.09))
        contents.append(content)
    page = photo._add_noise(np_rng, page, 1.2)
    name = f"multicard_pale_{seed}"
    return MultiCard(name, "pale", _encode(page, dpi=PAGE_DPI), _labels(name, contents, "pale"))


def desk_photo(seed: int) -> MultiCard:
    """Two cards side by side on a wood or cluttered-desk background, a phone photo (2592×1944)."""
    rng, np_rng = random.Random(f"desk-{seed}"), np.random.default_rng([seed, 3])
    fw, fh = 2592, 1944
    frame = photo.background(np_rng, rng, rng.choice(("wood", "desk", "dark")), (fw, fh))
    contents = []
    scale = rng.uniform(1.0, 1.15)
    for slot in range(2):
        card, content = _card(seed, 300 + slot, dark=None)
        centre = (fw * (0.27 + 0.47 * slot) + rng.uniform(-40, 40), fh * 0.5 + rng.uniform(-200, 200))
        _paste(frame, card, centre, rng.uniform(-8, 8), shadow=0.35, scale=scale)
        contents.append(content)
    frame = photo._add_noise(np_rng, frame, 3.0)
    name = f"multicard_desk_{seed}"
    return MultiCard(name, "desk", _encode(frame, quality=88), _labels(name, contents, "desk"))


BUILDERS: tuple[Callable[[int], MultiCard], ...] = (tiled_page, pale_page, desk_photo)


def main(argv: list[str] | None = None) -> int:
    """Write the three multi-card images and their labels into a folder."""
    parser = argparse.ArgumentParser(prog="python -m samples.multicard", description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for builder in BUILDERS:
        built = builder(args.seed)
        (args.out / f"{built.name}.jpg").write_bytes(built.jpeg)
        text = json.dumps({"file": f"{built.name}.jpg", "cards": built.labels}, ensure_ascii=False, indent=1)
        (args.out / f"{built.name}.expected.json").write_text(text + "\n", encoding="utf-8")
    print(f"wrote {len(BUILDERS)} images to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
