"""The labelled real cards in ../shared/real-cards, split once into a development and a held-out half.

The split is fixed here and nowhere else: in each folder (the top level, `fair/`, `scans/`) the label
files are sorted by name and alternate, the first, third, fifth… going to the development half (tune
on it) and the second, fourth… to the held-out half (measure only, never tune). Benchmarks report both.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REAL_CARDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "real-cards"
FOLDERS = {"photos": ".", "fair": "fair", "scans": "scans"}
HALVES = ("development", "held-out")
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".heic"}


@dataclass(frozen=True)
class RealCard:
    """One labelled real card: where its image is, which set and half it belongs to, and its label."""

    image: Path
    set_name: str
    half: str
    label: dict[str, Any]


def real_cards(root: Path = REAL_CARDS) -> list[RealCard]:
    """Every labelled real card under root (empty when the folder is absent), with its set and half."""
    cards: list[RealCard] = []
    for set_name, sub in FOLDERS.items():
        folder = root / sub
        if not folder.is_dir():
            continue
        labelled = []
        for label_path in sorted(folder.glob("*.json")):
            label = json.loads(label_path.read_text(encoding="utf-8"))
            image = folder / label.get("file", "")
            if image.suffix.lower() in IMAGE_SUFFIXES and image.exists():
                labelled.append((image, label))
        for index, (image, label) in enumerate(labelled):
            cards.append(RealCard(image, set_name, HALVES[index % 2], label))
    return cards


def half(name: str, root: Path = REAL_CARDS) -> list[RealCard]:
    """The real cards of one half ("development" or "held-out")."""
    if name not in HALVES:
        raise ValueError(f"half must be one of {HALVES}, not {name!r}")
    return [card for card in real_cards(root) if card.half == name]
