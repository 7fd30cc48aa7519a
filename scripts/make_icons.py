"""Draw the app icons once (committed under service/web/static/icons/): python scripts/make_icons.py.

The mark is the brand's: a card with a lighter lower band on the accent green, as in the page header.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "service" / "web" / "static" / "icons"
ACCENT, PAPER, BAND = (31, 111, 92), (255, 255, 255), (214, 236, 228)


def icon(size: int, maskable: bool = False) -> Image.Image:
    """A square icon: the card drawn in the middle (inside the maskable safe zone when asked)."""
    scale = 4  # drawn large and shrunk: smooth edges without an anti-aliasing library
    side = size * scale
    image = Image.new("RGB", (side, side), ACCENT)
    draw = ImageDraw.Draw(image)
    if not maskable:  # a rounded tile; maskable icons are cropped by the launcher instead
        image = Image.new("RGBA", (side, side), (0, 0, 0, 0))
        draw = ImageDraw.Draw(image)
        draw.rounded_rectangle((0, 0, side - 1, side - 1), radius=side // 5, fill=ACCENT)
    inset = 0.24 if maskable else 0.16
    left, right = side * inset, side * (1 - inset)
    height = (right - left) * 0.62
    top = (side - height) / 2
    draw.rounded_rectangle((left, top, right, top + height), radius=side // 24, fill=PAPER)
    band = top + height * 0.68
    draw.rounded_rectangle((left, band, right, top + height), radius=side // 24, fill=BAND)
    draw.rectangle((left, band, right, band + side // 24), fill=BAND)
    line = side // 40
    for row, length in ((0.22, 0.55), (0.38, 0.38), (0.50, 0.45)):
        y = top + height * row
        draw.rounded_rectangle((left + side * 0.06, y, left + side * 0.06 + (right - left) * length, y + line),
                               radius=line // 2, fill=ACCENT)
    return image.resize((size, size), Image.LANCZOS)


def main() -> None:
    """Write every icon the manifest and pages name."""
    OUT.mkdir(parents=True, exist_ok=True)
    icon(192).save(OUT / "icon-192.png", optimize=True)
    icon(512).save(OUT / "icon-512.png", optimize=True)
    icon(512, maskable=True).save(OUT / "icon-maskable-512.png", optimize=True)
    icon(180, maskable=True).save(OUT / "apple-touch-icon.png", optimize=True)


if __name__ == "__main__":
    main()
