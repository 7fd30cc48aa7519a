"""Draw a card's content onto a flat card image with PIL: fonts, colours and varied layouts."""

from __future__ import annotations

import colorsys
import random
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import numpy as np
import zxingcpp
from PIL import Image, ImageDraw, ImageFont

from samples.content import CardContent

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/truetype/liberation2"),
             Path("/usr/share/fonts/truetype/noto"))
# family -> (regular, bold, italic) file names; only families whose files exist are used
FAMILIES: dict[str, tuple[str, str, str]] = {
    "DejaVu Sans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"),
    "DejaVu Sans Condensed": ("DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf",
                              "DejaVuSansCondensed-Oblique.ttf"),
    "DejaVu Serif": ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf"),
    "Liberation Sans": ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf", "LiberationSans-Italic.ttf"),
    "Liberation Serif": ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf"),
    "Noto Sans": ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSans-Italic.ttf"),
    "Noto Serif": ("NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf", "NotoSerif-Italic.ttf"),
    "Noto Sans Display": ("NotoSansDisplay-Regular.ttf", "NotoSansDisplay-Bold.ttf", "NotoSansDisplay-Italic.ttf"),
    "Noto Serif Display": ("NotoSerifDisplay-Regular.ttf", "NotoSerifDisplay-Bold.ttf",
                           "NotoSerifDisplay-Italic.ttf"),
}
LAYOUTS = ("left", "centre", "right", "two_columns", "band", "sidebar")


def _find(name: str) -> Path | None:
    for folder in FONT_DIRS:
        if (folder / name).exists():
            return folder / name
    return None


@lru_cache(maxsize=1)
def available_families() -> tuple[str, ...]:
    """Font families (see FAMILIES) whose regular, bold and italic files are all installed."""
    found = tuple(f for f, files in FAMILIES.items() if all(_find(n) for n in files))
    if not found:
        raise RuntimeError("no usable fonts: install fonts-dejavu-core, fonts-liberation2 or fonts-noto-core")
    return found


@lru_cache(maxsize=512)
def font(family: str, style: int, size: int) -> ImageFont.FreeTypeFont:
    """A cached font: style 0 regular, 1 bold, 2 italic."""
    return ImageFont.truetype(str(_find(FAMILIES[family][style])), max(size, 6))


@dataclass
class Style:
    """The visual choices of one card."""

    layout: str
    background: tuple[int, int, int]
    text: tuple[int, int, int]
    accent: tuple[int, int, int]
    muted: tuple[int, int, int]
    heading_family: str
    body_family: str
    dark: bool
    logo: str | None  # circle, square, diamond, rings or None
    flip: bool = False  # contact lines above the person (or in the left column), as many real cards do
    hierarchy: Hierarchy | None = None  # None: the name is the biggest line and comes before the company


@dataclass(frozen=True)
class Hierarchy:
    """How one varied card ranks its person and brand: sizes (relative to the body text) and order.

    Real cards do not all print the name biggest and first: the brand is often the biggest line at the
    top, the name a little bigger than the body text, sometimes not bold, the title now and then above it.
    """

    name_size: float
    title_size: float
    company_size: float
    name_bold: bool
    company_first: bool  # the brand line above the person in single-column layouts
    title_first: bool  # the title printed above the name


def make_hierarchy(rng: random.Random) -> Hierarchy:
    """Draw a varied print hierarchy (see Hierarchy)."""
    return Hierarchy(name_size=rng.uniform(1.0, 1.9), title_size=rng.uniform(0.8, 1.3),
                     company_size=rng.uniform(0.9, 2.3), name_bold=rng.random() < 0.7,
                     company_first=rng.random() < 0.5, title_first=rng.random() < 0.08)


def _rgb(h: float, s: float, v: float) -> tuple[int, int, int]:
    r, g, b = colorsys.hsv_to_rgb(h, s, v)
    return int(r * 255), int(g * 255), int(b * 255)


def _luminance(c: tuple[int, int, int]) -> float:
    return (0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]) / 255


def make_style(rng: random.Random, layout: str | None = None, dark: bool | None = None,
               varied: bool = False) -> Style:
    """Pick layout, colours, fonts and logo for a card; `varied` also draws its print hierarchy."""
    hue = rng.random()
    dark = rng.random() < 0.15 if dark is None else dark
    if dark:
        background = _rgb(hue, rng.uniform(0.3, 0.8), rng.uniform(0.08, 0.28))
        text = rng.choice(((245, 245, 245), (235, 230, 215), (250, 250, 250)))
        accent = _rgb((hue + 0.5) % 1, rng.uniform(0.3, 0.6), 0.95)
    elif rng.random() < 0.2:  # coloured background
        background = _rgb(hue, rng.uniform(0.15, 0.5), rng.uniform(0.75, 0.97))
        text = (20, 20, 25) if _luminance(background) > 0.55 else (250, 250, 250)
        accent = _rgb(hue, 0.8, 0.35) if _luminance(background) > 0.55 else (255, 255, 255)
    else:
        background = rng.choice(((255, 255, 255), (250, 248, 240), (244, 244, 242), (255, 253, 248)))
        text = rng.choice(((20, 20, 20), (45, 45, 50), (25, 35, 70), (60, 60, 60)))
        accent = _rgb(hue, rng.uniform(0.55, 0.95), rng.uniform(0.35, 0.75))
    muted = tuple(int(0.65 * t + 0.35 * b) for t, b in zip(text, background, strict=True))
    families = available_families()
    heading = rng.choice(families)
    body = heading if rng.random() < 0.5 else rng.choice(families)
    style = Style(layout=layout or rng.choice(LAYOUTS), background=background, text=text, accent=accent,
                  muted=muted, heading_family=heading, body_family=body, dark=dark,  # type: ignore[arg-type]
                  logo=rng.choice(("circle", "square", "diamond", "rings")) if rng.random() < 0.45 else None,
                  flip=rng.random() < 0.25)
    if varied:  # from a stream of its own, so that every other choice of the card stays what it was
        style.hierarchy = make_hierarchy(random.Random(f"hierarchy-{hue}"))
    return style


@dataclass
class Line:
    """A line to draw: text, relative size, font style (0 regular, 1 bold, 2 italic) and colour."""

    text: str
    size: float
    style: int
    colour: tuple[int, int, int]
    heading: bool = False
    icon: str | None = None  # phone, email, web, address, social: drawn before the text in left-aligned blocks


# The smallest print a card is given, in body-text units (about 4.7 pt on a real card): a block too wide for
# its box shrinks down to it, then breaks its longest line instead (no printer sets 3 pt type).
MIN_PRINT = 0.55
Drawn = list[tuple[str, tuple[int, int, int, int]]]  # (text, box x, y, w, h) of every text drawn


def _text(draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, f: ImageFont.FreeTypeFont,
          fill: tuple[int, int, int], anchor: str, drawn: Drawn | None) -> None:
    draw.text(xy, text, font=f, fill=fill, anchor=anchor)
    if drawn is not None:
        x0, y0, x1, y1 = draw.textbbox(xy, text, font=f, anchor=anchor)
        drawn.append((text, (int(x0), int(y0), int(x1 - x0), int(y1 - y0))))


def _draw_block(draw: ImageDraw.ImageDraw, style: Style, lines: list[Line], box: tuple[int, int, int, int],
                align: str, unit: float, valign: str = "top", drawn: Drawn | None = None) -> None:
    """Draw lines stacked in box (x0, y0, x1, y1), shrinking them together until they fit."""
    if not lines:
        return
    x0, y0, x1, y1 = box
    width, height = x1 - x0, y1 - y0

    def fonts(scale: float) -> list[ImageFont.FreeTypeFont]:
        return [font(style.heading_family if ln.heading else style.body_family, ln.style,
                     round(unit * ln.size * scale)) for ln in lines]

    with_icons = align == "left" and any(ln.icon for ln in lines)

    def room(f: ImageFont.FreeTypeFont) -> float:
        return f.size * 1.6 if with_icons else 0.0

    scale = 1.0
    for _ in range(16):
        fs = fonts(scale)
        total = sum(f.size * 1.32 for f in fs)
        widest = max(f.getlength(ln.text) + room(f) for f, ln in zip(fs, lines, strict=True))
        factor = min(1.0, height / total, width / max(widest, 1))
        if factor >= 0.995:
            break
        smallest = min(ln.size for ln in lines) * scale * factor * 0.98
        if smallest < MIN_PRINT and factor == width / max(widest, 1):
            # Too wide to shrink all together further: the widest line gives way, as a designer would have it.
            # A name or brand is set smaller on its own, any other line goes onto two.
            widths = [f.getlength(ln.text) + room(f) for f, ln in zip(fs, lines, strict=True)]
            i = max(range(len(lines)), key=widths.__getitem__)
            own = width / widths[i] * 0.98
            if lines[i].heading and lines[i].size * own * scale >= MIN_PRINT:
                lines = [*lines[:i], replace(lines[i], size=lines[i].size * own), *lines[i + 1 :]]
                continue
            if not lines[i].heading and (wrapped := _wrap(lines, i)):
                lines = wrapped
                continue
        scale *= factor * 0.98
    fs = fonts(scale)
    total = sum(f.size * 1.32 for f in fs)
    y = y0 if valign == "top" else (y1 - total if valign == "bottom" else y0 + (height - total) / 2)
    x, anchor = {"left": (x0, "la"), "centre": ((x0 + x1) / 2, "ma"), "right": (x1, "ra")}[align]
    for f, ln in zip(fs, lines, strict=True):
        if with_icons and ln.icon:
            _draw_icon(draw, ln.icon, (x + f.size * 0.55, y + f.size * 0.62), f.size * 0.95, style)
        _text(draw, (x + room(f), y), ln.text, f, ln.colour, anchor, drawn)
        y += f.size * 1.32


def _wrap(lines: list[Line], i: int) -> list[Line] | None:
    """The lines with line i broken in two at a space near its middle (after a ',', '|' or '·' when there is
    one), or None when it has no space to break at (an e-mail address, a web address)."""
    text = lines[i].text
    spaces = [k for k, c in enumerate(text) if c == " " and 0 < k < len(text) - 1]
    if not spaces:
        return None
    middle = len(text) / 2

    def badness(k: int) -> float:
        after_separator = text[k - 1] in ",|·•" or text[k + 1] in "|·•"
        return abs(k - middle) - (len(text) / 4 if after_separator else 0.0)

    k = min(spaces, key=badness)
    first, second = text[:k].rstrip(" |·•"), text[k + 1 :].lstrip("|·• ")
    if not first or not second:
        return None
    return [*lines[:i], replace(lines[i], text=first), replace(lines[i], text=second, icon=None), *lines[i + 1 :]]


def _draw_icon(draw: ImageDraw.ImageDraw, icon: str, centre: tuple[float, float], size: float,
               style: Style) -> None:
    """A small pictogram in the accent colour, like the ones printed instead of 'Tel.' or 'E-mail'."""
    cx, cy, r = centre[0], centre[1], size / 2
    ink, paper = style.accent, style.background
    if icon == "phone":
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=ink)
        draw.rounded_rectangle((cx - r * 0.3, cy - r * 0.55, cx + r * 0.3, cy + r * 0.55), radius=r * 0.12,
                               fill=paper)
    elif icon == "email":
        draw.rectangle((cx - r, cy - r * 0.65, cx + r, cy + r * 0.65), outline=ink, width=max(2, int(r * 0.18)))
        draw.line((cx - r, cy - r * 0.65, cx, cy + r * 0.1, cx + r, cy - r * 0.65), fill=ink,
                  width=max(2, int(r * 0.18)))
    elif icon == "web":
        width = max(2, int(r * 0.16))
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=ink, width=width)
        draw.ellipse((cx - r * 0.45, cy - r, cx + r * 0.45, cy + r), outline=ink, width=width)
        draw.line((cx - r, cy, cx + r, cy), fill=ink, width=width)
    elif icon == "address":
        draw.ellipse((cx - r * 0.7, cy - r, cx + r * 0.7, cy + r * 0.4), fill=ink)
        draw.polygon([(cx - r * 0.55, cy), (cx + r * 0.55, cy), (cx, cy + r)], fill=ink)
        draw.ellipse((cx - r * 0.25, cy - r * 0.55, cx + r * 0.25, cy - r * 0.05), fill=paper)
    else:  # social: a rounded square with "in", as LinkedIn prints it
        draw.rounded_rectangle((cx - r, cy - r, cx + r, cy + r), radius=r * 0.25, fill=ink)
        draw.text((cx, cy), "in", font=font(style.heading_family, 1, int(size * 0.7)), fill=paper, anchor="mm")


def _initials(brand: str) -> str:
    return "".join(w[0] for w in brand.split()[:2]).upper()


def _draw_logo(draw: ImageDraw.ImageDraw, style: Style, brand: str, centre: tuple[float, float],
               size: float, fill: tuple[int, int, int], ink: tuple[int, int, int], drawn: Drawn | None = None) -> None:
    cx, cy, r = centre[0], centre[1], size / 2
    if style.logo == "circle":
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=fill)
    elif style.logo == "square":
        draw.rounded_rectangle((cx - r, cy - r, cx + r, cy + r), radius=r / 4, fill=fill)
    elif style.logo == "diamond":
        draw.polygon([(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)], fill=fill)
    else:
        for k in range(3):
            rr = r * (1 - k * 0.3)
            draw.ellipse((cx - rr, cy - rr, cx + rr, cy + rr), outline=fill, width=max(2, int(r * 0.12)))
        return
    _text(draw, (cx, cy), _initials(brand), font(style.heading_family, 1, int(size * 0.38)), ink, "mm", drawn)


def _qr_image(payload: str, side: int) -> Image.Image:
    code = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    modules = np.asarray(code.to_image(scale=1, add_quiet_zones=True))
    img = Image.fromarray(modules)
    return img.resize((side, side), Image.NEAREST)


def render_card(content: CardContent, style: Style, portrait: bool = False,
                size: tuple[int, int] = (1050, 600), drawn: Drawn | None = None) -> Image.Image:
    """The flat card (RGB) at about 300 dpi; every text drawn is appended to `drawn` with its box."""
    w, h = (size[1], size[0]) if portrait else size
    img = Image.new("RGB", (w, h), style.background)
    draw = ImageDraw.Draw(img)
    short = min(w, h)
    m = int(short * 0.08)
    unit = short * 0.055  # body text height relative to the card's short side
    name_colour = style.accent if not style.dark and style.layout in ("centre", "right") else style.text
    printed = content.identity_lines
    rank = style.hierarchy
    name_size = rank.name_size if rank else (1.75 if len(printed) > 1 else 1.45)
    identity = [Line(printed[0], name_size, 1 if rank is None or rank.name_bold else 0, name_colour, heading=True)]
    if len(printed) > 1:
        identity.append(Line(printed[1], rank.title_size if rank else 1.1, 2 if style.layout == "band" else 0,
                             style.muted))
        if rank and rank.title_first:
            identity.reverse()
    company = content.printed_company
    company_line = Line(company, rank.company_size if rank else 1.55, 1, style.accent if not style.dark
                        else style.text, heading=True) if company else None
    tagline = Line(content.tagline, 0.9, 2, style.muted) if content.tagline else None
    if content.distractors:  # certifications, memberships, service lists: printed small under the brand
        extra = [Line(d, 0.8, 0, style.muted) for d in content.distractors]
        tagline = tagline or extra.pop(0)
    else:
        extra = []
    first_of_role = [i == 0 or content.contact_lines[i - 1].role != c.role or c.role != "address"
                     for i, c in enumerate(content.contact_lines)]
    contact = [Line(c.text, 1.0, 0, style.text, icon=c.role if content.icons and first else None)
               for c, first in zip(content.contact_lines, first_of_role, strict=True)] + extra
    qr_side = int(short * 0.36) if content.qr_payload else 0
    layout = style.layout if not portrait else ("centre" if style.layout in ("centre", "band") else "left")
    x1 = w - m
    if layout == "sidebar":
        bar = int(w * 0.06)
        draw.rectangle((0, 0, bar, h), fill=style.accent)
        m_left = bar + m
        layout = "left"
    else:
        m_left = m
    if layout == "band":
        band = int(h * 0.24)
        draw.rectangle((0, 0, w, band), fill=style.accent)
        ink = style.background if _luminance(style.accent) < 0.6 else (20, 20, 20)
        if style.logo:
            _draw_logo(draw, style, content.brand, (m + band * 0.35, band / 2), band * 0.6, ink, style.accent, drawn)
        heading = [Line(company or content.brand, 1.6, 1, ink, heading=True)]
        _draw_block(draw, style, heading, (m + (int(band * 0.8) if style.logo else 0), int(band * 0.2), x1,
                                           int(band * 0.85)), "left", unit, "centre", drawn)
        top = band + m
        ident = identity + ([tagline] if tagline else [])
        _draw_block(draw, style, ident, (m, top, int(w * 0.48), h - m), "left", unit, drawn=drawn)
        _draw_block(draw, style, contact, (int(w * 0.5), top, x1 - qr_side, h - m), "left", unit, drawn=drawn)
    elif layout == "two_columns" and not portrait:
        split = int(w * 0.46)
        draw.line((split, m, split, h - m), fill=style.accent, width=3)
        brand = [company_line] if company_line else []
        left = (identity + brand if rank and not rank.company_first else brand + identity) + (
            [tagline] if tagline else [])
        logo_h = int(h * 0.18) if style.logo else 0
        if style.logo:
            _draw_logo(draw, style, content.brand, (m + logo_h / 2, m + logo_h / 2), logo_h, style.accent,
                       style.background, drawn)
        right_bottom = h - m - (qr_side + m // 2 if qr_side else 0)
        if style.flip:
            left, contact = contact, left
        _draw_block(draw, style, left, (m, m + logo_h + (m // 2 if logo_h else 0), split - m // 2, h - m),
                    "left", unit, "centre", drawn)
        _draw_block(draw, style, contact, (split + m // 2, m, x1, right_bottom), "left", unit, "centre", drawn=drawn)
    else:
        align = {"left": "left", "centre": "centre", "right": "right"}[layout]
        head = ([company_line] if company_line else []) + ([tagline] if tagline else [])
        logo_h = int(short * 0.17) if style.logo else 0
        if style.logo:
            lx = {"left": x1 - logo_h / 2, "centre": w / 2, "right": m_left + logo_h / 2}[align]
            _draw_logo(draw, style, content.brand, (lx, m + logo_h / 2), logo_h, style.accent, style.background, drawn)
        top = m + (logo_h + m // 3 if align == "centre" else 0)
        side_room = logo_h + m if (style.logo and align != "centre") else 0
        ident = head + identity if rank and rank.company_first else identity + head
        x_left = m_left + (side_room if align == "right" else 0)
        x_right = x1 - (side_room if align == "left" else 0)
        mid = top + int((h - top - m) * (0.42 if not portrait else 0.45))
        qr_room = qr_side + m // 2 if qr_side else 0
        cx0 = m_left + (qr_room if align == "right" else 0)
        cx1 = x1 - (qr_room if align != "right" else 0)
        if align == "centre" and qr_side:
            cx0, cx1 = m_left, x1 - qr_room
        if style.flip:  # the person at the bottom, the contact lines above
            _draw_block(draw, style, contact, (x_left, top, x_right, mid + m), align, unit, drawn=drawn)
            _draw_block(draw, style, ident, (cx0, mid + m + m // 3, cx1, h - m), align, unit, "bottom",
                        drawn=drawn)
        else:
            _draw_block(draw, style, ident, (x_left, top, x_right, mid), align, unit, drawn=drawn)
            _draw_block(draw, style, contact, (cx0, mid + m // 3, cx1, h - m), align, unit, "bottom", drawn=drawn)
    if qr_side and content.qr_payload:
        qr = _qr_image(content.qr_payload, qr_side)
        qx = m_left if layout == "right" else w - m - qr_side
        img.paste(qr, (qx, h - m - qr_side))
    return img
