"""Generate synthetic business-card photos and scans with their expected JSON (ground truth).

    python -m samples.generate --out DIR --count N --seed S
    python -m samples.generate --out samples --preset showcase --seed 2026 --max-side 1600

Each card is IMAGE.jpg plus IMAGE.expected.json (the label format of ../shared/real-cards, see
samples/README.md). Everything is decided by (seed, index), so the same command gives the same files.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PIL import Image

from samples import photo
from samples.content import CardContent, make_content
from samples.render import make_style, render_card

CARD_SIZES = ((1050, 600), (1004, 650))  # US 3.5×2 in and EU 85×55 mm at 300 dpi


@dataclass
class Options:
    """Forced choices for one card; None leaves the choice to the seed."""

    region: str | None = None
    capture: str | None = None  # photo | scan
    layout: str | None = None
    dark: bool | None = None
    qr: bool | None = None
    quadrant: int | None = None  # 0..3 quarter turns
    partial: bool | None = None
    backdrop: str | None = None
    portrait: bool | None = None
    distractor: bool | None = None  # another card's corner in the photo


@dataclass
class Generated:
    """One generated image: its JPEG bytes and expected JSON."""

    name: str
    jpeg: bytes
    expected: dict[str, Any]


def _rngs(seed: int, index: int, salt: str = "card") -> tuple[random.Random, np.random.Generator]:
    return random.Random(f"cardnote-{salt}-{seed}-{index}"), np.random.default_rng([seed, index, len(salt)])


def _encode(frame_bgr: np.ndarray, quality: int, max_side: int | None, dpi: int | None) -> bytes:
    h, w = frame_bgr.shape[:2]
    if max_side and max(h, w) > max_side:
        factor = max_side / max(h, w)
        frame_bgr = cv2.resize(frame_bgr, (round(w * factor), round(h * factor)), interpolation=cv2.INTER_AREA)
    image = Image.fromarray(cv2.cvtColor(frame_bgr, cv2.COLOR_BGR2RGB))
    out = io.BytesIO()
    extra = {"dpi": (dpi, dpi)} if dpi else {}
    image.save(out, "JPEG", quality=quality, **extra)
    return out.getvalue()


def _flat_card(rng: random.Random, options: Options) -> tuple[Any, np.ndarray, dict[str, Any]]:
    content = make_content(rng, region=options.region, qr=options.qr)
    style = make_style(rng, layout=options.layout, dark=options.dark)
    portrait = options.portrait if options.portrait is not None else (rng.random() < 0.15)
    portrait = portrait and content.qr_payload is None
    card = render_card(content, style, portrait=portrait, size=rng.choice(CARD_SIZES))
    card_bgr = cv2.cvtColor(np.asarray(card), cv2.COLOR_RGB2BGR)
    looks = {"layout": style.layout, "dark": style.dark, "portrait": portrait, "font": style.heading_family,
             "body_font": style.body_family, "logo": style.logo, "qr": content.qr_payload is not None,
             "icons": content.icons}
    return content, card_bgr, looks


def render_lines(seed: int, index: int,
                 varied: bool = False) -> tuple[list[tuple[str, tuple[int, int, int, int]]], dict[str, Any]]:
    """The text lines card (seed, index) prints, with their boxes on the flat card, top to bottom, and its
    label: what a perfect OCR would read (cheap training data for the tagger, no photo and no OCR).
    `varied` draws the card's print hierarchy too (render.Hierarchy: which line is biggest, what comes first)."""
    rng, _ = _rngs(seed, index)
    content = make_content(rng)
    style = make_style(rng, varied=varied)
    portrait = rng.random() < 0.15 and content.qr_payload is None
    drawn: list[tuple[str, tuple[int, int, int, int]]] = []
    render_card(content, style, portrait=portrait, size=rng.choice(CARD_SIZES), drawn=drawn)
    drawn.sort(key=lambda d: (d[1][1] + d[1][3] / 2, d[1][0]))
    return drawn, content.expected(f"lines_{seed}_{index}", "rendered lines", {"layout": style.layout})


def generate_content(seed: int, index: int, options: Options | None = None) -> CardContent:
    """Only the content (the ground truth) of card (seed, index): the same as generate_card's, drawn first."""
    options = options or Options()
    rng, _ = _rngs(seed, index)
    return make_content(rng, region=options.region, qr=options.qr)


def generate_card(seed: int, index: int, options: Options | None = None, name: str | None = None,
                  max_side: int | None = None, quality: int | None = None) -> Generated:
    """One synthetic card photo or scan, fully determined by (seed, index, options)."""
    options = options or Options()
    rng, np_rng = _rngs(seed, index)
    content, card_bgr, looks = _flat_card(rng, options)
    capture = options.capture or ("scan" if rng.random() < 0.22 else "photo")
    if capture == "scan":
        frame, conditions = photo.scan(card_bgr, rng, np_rng)
        jpeg_quality = quality or rng.randint(82, 92)
        dpi: int | None = 300
    else:
        distractor = None
        if options.distractor if options.distractor is not None else rng.random() < 0.1:
            _, distractor, _ = _flat_card(rng, Options(portrait=False, qr=False))
        frame, conditions = photo.photograph(card_bgr, rng, np_rng, quadrant=options.quadrant,
                                             partial=options.partial, backdrop=options.backdrop,
                                             distractor=distractor)
        jpeg_quality = quality or rng.randint(60, 92)
        dpi = None
    conditions = {**conditions, **looks, "jpeg_quality": jpeg_quality, "seed": seed, "index": index}
    name = name or f"synthetic_{seed}_{index:04d}"
    notes = (f"synthetic ({content.language}-{content.region}), {conditions['capture']}, layout {looks['layout']}"
             + (", dark" if looks["dark"] else "") + (", QR" if looks["qr"] else "")
             + (", icons instead of labels" if looks["icons"] else "")
             + (", another card in view" if conditions.get("distractor") else "")
             + (", glare" if conditions.get("glare") else "")
             + (f", angle {conditions['angle']}" if "angle" in conditions else ""))
    expected = content.expected(f"{name}.jpg", notes, conditions)
    return Generated(name, _encode(frame, jpeg_quality, max_side, dpi), expected)


def generate_page(seed: int, index: int, name: str | None = None, dpi: int = 200,
                  quality: int = 85) -> Generated:
    """A flatbed scan of an A4 page holding four cards in a 2×2 grid (for bulk import)."""
    rng, np_rng = _rngs(seed, index, salt="page")
    page_w, page_h = round(8.27 * dpi), round(11.69 * dpi)
    page = np.full((page_h, page_w, 3), 250, np.uint8)
    cards = []
    factor = dpi / 300
    for slot in range(4):
        content, card_bgr, _ = _flat_card(rng, Options(portrait=False))
        card_bgr = cv2.resize(card_bgr, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
        ch, cw = card_bgr.shape[:2]
        col, row = slot % 2, slot // 2
        x = round(page_w * (0.06 + 0.47 * col)) + rng.randint(0, 30)
        y = round(page_h * (0.05 + 0.24 * row)) + rng.randint(0, 30)
        matrix = cv2.getRotationMatrix2D((cw / 2, ch / 2), rng.uniform(-2, 2), 1.0)
        matrix[:, 2] += (x, y)
        edge = cv2.transform(np.array([[[0, 0], [cw, 0], [cw, ch], [0, ch]]], np.float32), matrix)[0]
        cv2.polylines(page, [edge.astype(np.int32)], True, (195, 195, 195), 2, cv2.LINE_AA)
        cv2.warpAffine(card_bgr, matrix, (page_w, page_h), dst=page, borderMode=cv2.BORDER_TRANSPARENT)
        cards.append(content)
    page = photo._add_noise(np_rng, page, 1.5)
    name = name or f"synthetic_page_{seed}_{index:04d}"
    expected = {
        "file": f"{name}.jpg",
        "page": True,
        "notes": "four cards on one flatbed page, listed row by row (top-left, top-right, bottom-left, …)",
        "cards": [c.expected(f"{name}.jpg#{i + 1}", "card on a scanned page", {"capture": "page", "slot": i})
                  for i, c in enumerate(cards)],
    }
    return Generated(name, _encode(page, quality, None, dpi), expected)


# The committed samples: a fixed mix of languages and conditions (see samples/README.md).
SHOWCASE: tuple[tuple[str, Options], ...] = (
    ("es_mx_photo_qr", Options(region="MX", capture="photo", qr=True, quadrant=0, backdrop="wood")),
    ("es_es_scan", Options(region="ES", capture="scan", qr=False)),
    ("en_us_photo_dark", Options(region="US", capture="photo", dark=True, quadrant=0, backdrop="grey", qr=False)),
    ("en_gb_photo_rot90", Options(region="GB", capture="photo", quadrant=1, backdrop="desk", qr=False)),
    ("fr_fr_photo_desk", Options(region="FR", capture="photo", quadrant=0, backdrop="desk", layout="two_columns")),
    ("de_de_photo_band", Options(region="DE", capture="photo", quadrant=0, layout="band", backdrop="dark")),
    ("de_at_scan", Options(region="AT", capture="scan", layout="centre")),
    ("de_ch_photo_grass", Options(region="CH", capture="photo", quadrant=0, backdrop="grass")),
    ("pt_br_photo_wood", Options(region="BR", capture="photo", quadrant=0, backdrop="wood", layout="left")),
    ("pt_pt_photo_rot180", Options(region="PT", capture="photo", quadrant=2, backdrop="grey")),
    ("es_ar_photo_sidebar", Options(region="AR", capture="photo", quadrant=0, layout="sidebar", backdrop="desk",
                                    distractor=True)),
)


def write(generated: Generated, out: Path) -> None:
    """Write IMAGE.jpg and IMAGE.expected.json into out."""
    (out / f"{generated.name}.jpg").write_bytes(generated.jpeg)
    text = json.dumps(generated.expected, ensure_ascii=False, indent=1) + "\n"
    (out / f"{generated.name}.expected.json").write_text(text, encoding="utf-8")


def generate_showcase(seed: int, max_side: int | None = 1600, quality: int | None = 75) -> list[Generated]:
    """The committed sample set: the SHOWCASE cards plus one four-card page."""
    items = [generate_card(seed, i, opts, name=name, max_side=max_side, quality=quality)
             for i, (name, opts) in enumerate(SHOWCASE)]
    items.append(generate_page(seed, 0, name="page_4_cards_scan", dpi=200, quality=75))
    return items


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m samples.generate", description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="output folder (created if missing)")
    parser.add_argument("--count", type=int, default=20, help="number of single cards")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--pages", type=int, default=0, help="also write this many four-card page scans")
    parser.add_argument("--preset", choices=("showcase",), help="write the committed sample set instead")
    parser.add_argument("--max-side", type=int, default=None, help="downscale images to this longest side")
    parser.add_argument("--quality", type=int, default=None, help="JPEG quality (default: varies per card)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.preset == "showcase":
        items = generate_showcase(args.seed, args.max_side or 1600, args.quality or 75)
    else:
        items = [generate_card(args.seed, i, max_side=args.max_side, quality=args.quality)
                 for i in range(args.count)]
        items += [generate_page(args.seed, i) for i in range(args.pages)]
    for item in items:
        write(item, args.out)
    print(f"wrote {len(items)} images to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
