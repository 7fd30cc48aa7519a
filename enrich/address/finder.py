"""find_address: the address block on a card (which lines, in which order), split by parse_address.

A line is an anchor when it carries a street (street-type or unit word with a number, a PO box), a
postal code beside a town in some country's pattern, or ends in a country's name after a town. The
block grows from an anchor down and up the card's column through further anchors, lines that end
with a comma, towns, and lines sandwiched between two address lines; lines that carry a tax or
licence number are never part of it.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache

from enrich.address import lexicon
from enrich.address.parser import PostalAddress, parse_address
from enrich.card import AddressField
from enrich.company import legal_form
from enrich.text import fold

# a phone label ends the address part of a line: "Tel:", "T:", or a word label right before the number
# ("· Tel. +34 91 123 4567"; a lone letter needs its colon: "Piso 2 F 3" is no fax)
_PHONE_LABEL_CUT = re.compile(r"(?i)\b(?:(?:tel|fone|fon|phone|fax|cel|m[oó]vil|mobile|t|f|m)\b\.?\s*:|"
                              r"(?:tel|telefone|tel[eé]fono|telefon|phone|fax|cel|celular|m[oó]vil|mobile|mob|"
                              r"handy)\b\.?\s*(?=[+(]?\d))")
# OCR reads the ordinal "1º" as a degree sign "1°", which means nothing in an address
_ORDINAL_DEGREE = re.compile(r"(\d\.?)°")
_GLUED_ORDINAL = re.compile(r"(\d\.?[º°ª])(?=[A-Z])")  # "2ºA" -> "2º A", "2.ºEsq." -> "2.º Esq."
# OCR drops the space between a postcode and its city ("5020Salzburg") or a street and its number
# ("8976-157Mealhada", "96599789Cavalcanti": codes in two groups or of eight digits, as Portugal and Brazil print)
# (not an Argentine code's own three letters: "0001AAA, Buenos Aires" is one code)
_GLUED_POSTCODE = re.compile(r"\b(\d{4,5}(?:-\d{3,4})?|\d{8})(?=[^\W\d_]{3,})(?!(?<=\b\d{4})[A-Z]{3}\b)", re.U)
# separators that only part the segments of a one-line address: the value joins them with ", " instead
# (a dash or a slash stays, as it may belong to a name: "São Paulo - SP", "Gomes do Galho / PR")
_PURE_SEPARATOR = re.compile(r"\s*[|•]\s*|\s*(?<![lL])·\s*|\s*·(?![lL])\s*")  # not Catalan's "l·l"
_GLUED_NUMBER = re.compile(r"(?<=[a-zß-ÿ]{3})(?=\d)", re.U)
# a house number glued to the next word ("Via Ludovico,26Appartamento 39") and a comma to what follows it
# ("Ludovico,26", "55,Bairro"); a decimal comma stays ("Km 1,5")
_GLUED_HOUSE_NUMBER = re.compile(r"(?<![\w.,/-])(\d{1,4})(?=[A-Z][a-zà-ÿ]{3,})")
_GLUED_COMMA = re.compile(r"(?<=[^\W\d_]),(?=\w)|(?<=\d),(?=[^\W\d_])")
_UK_GLUED = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})\b")  # "LS17UZ" -> "LS1 7UZ"
_GLUED_STATE_ZIP = re.compile(r"(?<=\b[A-Z]{2})(?=\d{5}\b)")  # "TX76247"
_GRID_LINE = re.compile(r"^(\d+)\s*([NSEW])\s*(\d+)\s*([NSEW])?$")  # "2011 S1100 E"
_GLUED_GRID = re.compile(r"(?<=\d)([NSEW])(?=\d|$)")  # US grid addresses: "2011S1100E"
_GRID_GLUED_LINE = re.compile(r"^\d+[NSEW]\d+[NSEW]?$")
_HOME_LABEL = re.compile(r"(?i)^\s*(?:residence|res|home|private|privat|domicile|residencia|resid[eê]ncia|"
                         r"wohnung|domicilio|particular)\s*[.:]")
_ADDRESS_LABEL = re.compile(r"^\s*(address|addr|direcci[oó]n|dir|endere[cç]o|adresse|anschrift|adres|adresa|"
                            r"office|head\s+office|headquarters|hq|sede|oficina|escrit[oó]rio|b[uü]ro|si[eè]ge|"
                            r"sitz|location|ubicaci[oó]n|localiza[cç][aã]o|"
                            r"indirizzo)\s*[.:]\s*", re.I)
# UK postcode areas of the biggest cities, to undo "5" read for "S" ("Bristol B51 4XT"): OCR confuses
# these letters and digits, and the area letters of a city are fixed
UK_CITY_AREAS = {"bristol": "BS", "leeds": "LS", "manchester": "M", "birmingham": "B", "edinburgh": "EH",
                 "glasgow": "G", "liverpool": "L", "sheffield": "S", "cardiff": "CF", "newcastle": "NE",
                 "nottingham": "NG", "oxford": "OX", "cambridge": "CB", "brighton": "BN", "belfast": "BT"}
_OCR_LETTER = {"5": "S", "0": "O", "1": "I", "8": "B"}


def fix_uk_postcode_area(text: str) -> str:
    """'Bristol B51 4XT' -> 'Bristol BS1 4XT': a digit read for a letter of the city's postcode area."""
    folded = lexicon.key(text)
    for city, area in UK_CITY_AREAS.items():
        if not re.search(rf"\b{city}\b", folded):
            continue
        match = re.search(r"\b([A-Z][A-Z0-9])(\d?[A-Z]?)\s*(\d[A-Z]{2})\b", text)
        if match and len(area) == 2 and match.group(1) != area and match.group(1)[0] == area[0] and (
            _OCR_LETTER.get(match.group(1)[1]) == area[1]
        ):
            return text[: match.start(1)] + area + text[match.start(1) + 2 :]
    return text


def unglue(text: str) -> str:
    """Put back a space OCR dropped: '5020Salzburg' -> '5020 Salzburg', 'Hauptstraße40' -> 'Hauptstraße 40',
    'Ludovico,26Appartamento' -> 'Ludovico, 26 Appartamento'."""
    text = _GLUED_NUMBER.sub(" ", _GLUED_POSTCODE.sub(r"\1 ", _GLUED_COMMA.sub(", ", text)))
    text = _GLUED_HOUSE_NUMBER.sub(r"\1 ", text)
    text = _GLUED_ORDINAL.sub(r"\1 ", text)
    text = _UK_GLUED.sub(r"\1 \2", text)
    text = re.sub(r"(?<=[.,])(?=[A-Z]{2}\s*\d{5}\b)", " ", _GLUED_STATE_ZIP.sub(" ", text))
    if _GRID_GLUED_LINE.match(text.replace(" ", "")):  # only a whole grid line: "T4X3E5" is a postcode
        text = _GLUED_GRID.sub(r" \1 ", text).strip()
    grid = _GRID_LINE.match(text)
    return " ".join(p for p in grid.groups() if p) if grid else text


# A town the index gives a main country (its town of that name five times the next) names that country as
# surely as a region would, more than the card's language does ('1001 Tunis' on a French card)
TOWN_STRENGTH = 2


@dataclass
class AddressResult:
    """The address found on a card, the lines it used, its parts and the country it names."""

    address: AddressField | None = None
    used: set[int] = field(default_factory=set)
    country: str | None = None
    strength: int = 0  # how sure the country is: 3 postcode/region/named country, 2 a main town, 1 a town only
    parsed: PostalAddress | None = None
    warnings: list[str] = field(default_factory=list)


def strip_phone_tail(text: str) -> str:
    """Cut a line at a phone label: 'Rua X, 12 - Tel: 1234' -> 'Rua X, 12'."""
    match = _PHONE_LABEL_CUT.search(text)
    return text[: match.start()].rstrip(" -,|") if match else text


@lru_cache(maxsize=4096)
def line_features(text: str) -> dict[str, object]:
    """Address features of one line: street, postcode beside a town, country, town, and the parse."""
    none = {"street": False, "postcode": False, "sure_postcode": False, "lone_code": None, "country": None,
            "town": False,
            "country_line": False, "comma": False, "not_address": False, "strength": 0, "parsed": None}
    text = text.strip()
    if not text or not any(c.isalpha() for c in text):
        # a lone number may be a postcode on its own line ("7170", "01310-200"), a long one is a phone number
        return {**none, "not_address": sum(c.isdigit() for c in text) >= 7 and not _HYPHENATED_CODE.fullmatch(text)}
    digits, letters = sum(c.isdigit() for c in text), sum(c.isalpha() for c in text)
    if lexicon.REGISTRATION.search(text):
        return {**none, "not_address": True}  # a tax number
    parsed = parse_address(text)
    if digits >= 9 and digits > letters and not (parsed.postal_code and (parsed.region or lexicon.PO_BOX.search(text))):
        # a phone number the phone parser left (not "Austin, TX 78701-1234" nor "Box 6662 - APO AE 09012")
        return {**none, "not_address": True}
    form = legal_form(text)
    numbered = any(c.isdigit() for c in text) or bool(re.search(r"(?i)\bs/n\b", text))  # "S/N": no number
    # a company's legal name, unless the form is a region code beside a postcode ("20201-557 Barros / SE":
    # Sergipe, not a Societas Europaea; "Edmonton, AB T5J 0N3": Alberta)
    # nor a Dutch postcode alone on its line whose letters spell a legal form ("9893 SE", "1071 AG", "3011 BV").
    # A street word does not make it a street when no number is printed: "Van Dijk Logistiek B.V." ('dijk')
    if form and not (lexicon.street_languages(text) and numbered) and not _lone_code(text) and not (
            parsed.split and parsed.postal_code and (parsed.region or "").strip(" .") == form.strip(" .")):
        return {**none, "not_address": True}
    named = lexicon.country_of_name(text.strip(" .,"))
    # "…, Seocho-gu, Seoul, Korea": a line that ends in a country's name closes the address
    closes = bool(named) or (len(parsed.lines) == 1 and "," in text and bool(
        lexicon.country_of_name(text.rsplit(",", 1)[1].strip(" ."))))
    street = bool(lexicon.PO_BOX.search(text)) or (
        (bool(lexicon.street_languages(text)) or lexicon.has_unit_word(text)) and numbered)
    # a postcode counts beside a town: the parse found both (on this line alone)
    postcode = bool(parsed.split and parsed.postal_code and parsed.locality)
    # alone, a plain 4-5 digit number beside words is only an address when the town is known, the code
    # has a country's own shape or prefix ("SE1 7PB", "1032 KJ", "D-28359"), or a country is named:
    # "Qualidade desde 1990" and "Seit 1972" are slogans
    known_town = parsed.country in lexicon.city_countries(parsed.locality or "")  # a town of that country
    # a numbered street before the code and a town after it on one line ("Marchof 500, 8495 Moorslede") is an
    # address too; a year is no house number ("Seit 1972, 10115 Kunden")
    numbered_street = bool(parsed.street and re.search(r"[^\W\d_]", parsed.street) and any(
        not re.fullmatch(r"(?:18|19|20)\d\d", n) for n in re.findall(r"\d+", parsed.street)))
    sure = postcode and bool(named or known_town or numbered_street or re.search(
        r"[A-Za-z\-\s]", parsed.postal_code or "") or re.search(r"\b[A-Z]{1,3}\s?-\s?\d", text) or parsed.region)
    if postcode and not sure and _SLOGAN_YEAR.fullmatch(text):
        # a year after words that are no known town ("Est. 2004", "Since 1956") is a slogan's, even right below
        # an address: never part of it, and no country for the card's phones (South Africa's codes have its
        # shape). A code before its town ("1863 Hamont") is an address's.
        return {**none, "not_address": True}
    region_line = bool(parsed.split and parsed.region and parsed.locality)  # "São Paulo - SP"
    town_line = bool(parsed.split and parsed.locality and parsed.country and known_town)  # "Dubai, UAE"
    strength = 3 if postcode and parsed.country else 2 if (region_line or town_line) and parsed.country else 0
    return {"street": street,
            "postcode": postcode or region_line, "sure_postcode": sure or region_line,
            "lone_code": _lone_code(text),
            "country": named or parsed.country,
            "town": town_line or bool(lexicon.city_countries(text.strip(" .,"))),
            "country_line": closes, "comma": text.endswith(","), "not_address": False,
            "strength": 4 if named else strength, "parsed": parsed}


def _lone_code(text: str) -> str | None:
    """The country of a line that is only a postal code of its own shape ('W6 3LW', '6722 LN', 'H3G 1L5')."""
    if not re.search(r"\d", text) or not re.search(r"[A-Za-z]", text) or len(text) > 10:
        return None
    for country in ("GB", "NL", "CA", "IE", "AR"):
        rules = lexicon.rules(country)
        if rules is not None and rules.postcode_full is not None and rules.postcode_full.fullmatch(text.strip()):
            return country
    return None


_HYPHENATED_CODE = re.compile(r"\d{4,5}-\d{3}")  # Brazil's and Portugal's shapes; no phone number is split so
_YEAR = re.compile(r"\b(?:18|19|20)\d\d\b")  # "Since 1957" is a slogan's year, not a postcode
_SLOGAN_YEAR = re.compile(r"[^\d]*[^\W\d_][^\d]*\b(?:18|19|20)\d\d\W*")  # words, then a year closing the line
_CODE_LABEL = re.compile(r"(?i)^(?:c\.\s?p\.|cp|cep|plz|zip|postcode|code\s+postal|cap)\s*[:.]?\s*")


def _bare_code(text: str, above: dict[str, object]) -> bool:
    """A line that is only the postal code of the country of the town line above ("São Paulo - SP" / "01310-200")."""
    parsed = above["parsed"]
    if not isinstance(parsed, PostalAddress) or parsed.postal_code or parsed.country is None:
        return False
    rules = lexicon.rules(parsed.country)
    code = _CODE_LABEL.sub("", text.strip(" .,"))
    return rules is not None and rules.postcode_full is not None and bool(rules.postcode_full.fullmatch(code))


def _town_below(feats: dict[str, object]) -> bool:
    """A lone postcode whose country prints the town after it ('6722 LN' / 'Wagenberg'), not before ('W6 3LW')."""
    code = feats["lone_code"]
    rules = lexicon.rules(code) if isinstance(code, str) else None
    return rules is not None and rules.postcode_first


SHARED_WIDTH = 0.25  # share of the narrower line's width two lines of one block overlap by, at least


def _below(boxes: list[tuple[int, int, int, int]], candidates: list[int]) -> dict[int, int]:
    """For each line, the nearest candidate line just below it in the same column (by box geometry)."""
    successor: dict[int, int] = {}
    for i in candidates:
        x, y, w, h = boxes[i]
        best = None
        for j in candidates:
            xj, yj, wj, hj = boxes[j]
            # by centres: engines pad their boxes, so the boxes of tightly set lines overlap; by top edges when
            # one box is much taller (a long line photographed at a slant: its box grows with the slant, and
            # the short line set under its start has its centre level with the long one's)
            step = 0.35 * min(h, hj)
            slanted = max(h, hj) > 1.4 * min(h, hj) and yj - y > step
            if ((yj + hj / 2) - (y + h / 2) <= step and not slanted) or yj - (y + h) > 2.0 * max(h, hj):
                continue
            # lines of one block share most of the narrower one's width, whether set flush left, centred or
            # flush right; a line of the next column that only grazes it ("Bijvoorbeeld | Pad | Niets" reaching
            # 5 px into the address column) is no part of it
            overlap = min(x + w, xj + wj) - max(x, xj)
            aligned = abs(x - xj) < 2 * h or abs((x + w) - (xj + wj)) < 2 * h
            if overlap <= SHARED_WIDTH * min(w, wj) and not aligned:
                continue
            if best is None or yj < boxes[best][1]:
                best = j
        if best is not None:
            successor[i] = best
    return successor


def _above(successor: dict[int, int], boxes: list[tuple[int, int, int, int]] | None) -> dict[int, int]:
    """The line above each line: of the lines whose successor it is, the one in its column (the nearest left
    edge: two columns can both have a line just above it), else the last in reading order."""
    predecessor: dict[int, int] = {}
    for above, below in successor.items():
        current = predecessor.get(below)
        if current is None or boxes is None or (
                abs(boxes[above][0] - boxes[below][0]) <= abs(boxes[current][0] - boxes[below][0])):
            predecessor[below] = above
    return predecessor


# bullets, arrows and the marks OCR makes of a map-pin icon before the address ("» Calle Mayor 12")
_LEAD_MARKS = re.compile(r"^[\s•·»›>*~©®:;,.|\\-]+")


# a speck OCR reads as a stop after the last number ("Canale Barracco, 96.", "1032 RD."): a house number or a
# postal code never ends in one, and it hides the number from the patterns that end at it
_TRAIL_SPECK = re.compile(r"(?:(?<=\d)|(?<=\d [A-Z]{2}))\s?[.,;:]+$")


def _clean(text: str) -> str:
    text = _ADDRESS_LABEL.sub("", _LEAD_MARKS.sub("", strip_phone_tail(text))).strip()
    return fix_uk_postcode_area(unglue(_TRAIL_SPECK.sub("", text)))


def find_address(
    lines: list[str],
    excluded: set[int] | frozenset[int] = frozenset(),
    boxes: list[tuple[int, int, int, int]] | None = None,
    tagged: set[int] | frozenset[int] = frozenset(),
) -> AddressResult:
    """Find the address block: anchor lines with street or postcode features, joined with neighbours.

    With `boxes` the block follows the card's columns (the line below in the same column); without
    them it follows the order of `lines`. `tagged` are lines the tagger labels as address: one right
    below or above the block joins it when the parser still reads the whole as one address.
    """
    result = AddressResult()
    cleaned = {i: _clean(t) for i, t in enumerate(lines) if i not in excluded}
    feats = {i: line_features(t) for i, t in cleaned.items() if t}
    feats = {i: f for i, f in feats.items() if not f["not_address"]}
    for i, f in feats.items():
        if _HOUSE_NUMBER_ALONE.match(lines[i].strip()):
            f["comma"] = True  # the comma after a house number alone on its line goes with the specks above
    # lines taken by other parsers (phones, emails) are skipped, as they often sit inside the block
    order = sorted(feats)
    successor = _below(boxes, order) if boxes is not None else dict(itertools.pairwise(order))
    predecessor = _above(successor, boxes)
    # a code and a town the parser cannot vouch for alone ("2493 Sijsele", "La Rioja, 28227") is the address's
    # last line when a numbered street line sits right above it
    anchors = [i for i, f in feats.items() if f["street"] or f["sure_postcode"] or f["lone_code"] or (
        f["town"] and f["country"]) or (f["postcode"] and i in predecessor and _numbered_start(
            cleaned[predecessor[i]], feats[predecessor[i]]))]
    weak_lines = [i for i in feats if not _business(cleaned[i]) and lexicon.street_languages(
        cleaned[i], strict=True, min_length=3)]
    if not anchors and not weak_lines:
        return result
    # grow the block from each anchor across neighbouring anchors and continuation lines
    blocks: list[list[int]] = []
    for anchor in anchors:
        if not any(anchor in b for b in blocks):
            blocks.append(_grow(anchor, anchors, successor, predecessor, cleaned, feats))

    def has(block: list[int], key: str) -> bool:
        return any(feats[k][key] for k in block)

    def score(block: list[int]) -> float:
        # a card that prints the holder's home address beside the office's means the office's
        home = -4 * bool(_HOME_LABEL.match(lines[block[0]]))
        return 2 * has(block, "street") + 2 * has(block, "postcode") + has(block, "country") + len(block) + home

    # a street word without a number ("rue Carlier") starts a block too, kept only when the parser reads
    # the block as one address with a postcode
    for weak in (i for i in weak_lines if i not in anchors):
        if not any(weak in b for b in blocks):
            grown = _grow(weak, [*anchors, weak], successor, predecessor, cleaned, feats)
            at = grown.index(weak)
            # a whole address found from its anchors takes no word line that reaches it only through
            # other lines: a company "Ring" above a name and a title is no street of it
            beside = [grown[j] for j in (at - 1, at + 1) if 0 <= j < len(grown)]
            touches = any(b in anchors or feats[b]["postcode"] or feats[b]["lone_code"] for b in beside)
            whole = any(set(b) & set(grown) and has(b, "street") and (has(b, "postcode") or any(
                feats[k]["lone_code"] for k in b)) for b in blocks)
            # an English word that only ends like a German street ("Engineering") never joins a whole address
            english = not lexicon.street_languages(cleaned[weak], strict=True, min_length=3, english=False)
            if len(grown) > 1 and ((touches and not english) or not whole) and _splits(grown, cleaned):
                blocks.append(grown)
    if not blocks:
        return result
    block = max(blocks, key=score)
    if not (has(block, "street") and has(block, "postcode")):
        # lines read out of order ("C1293ABC CABA" before "Av. Corrientes 460"): join the complement
        missing = "postcode" if has(block, "street") else "street"
        # (a block that is a whole address of its own, such as a home address, is no missing half)
        others = [b for b in blocks if b is not block and has(b, missing) and not (
            has(b, "street") and has(b, "postcode"))]
        if others:
            other = max(others, key=score)
            block = block + other if missing == "postcode" else other + block
            block.sort(key=lambda k: bool(feats[k]["country_line"]))  # "Argentina" closes the address
        elif missing == "postcode" and parse_address([cleaned[k] for k in block]).postal_code is None:
            # the code-and-town line next to the street in reading order, where the boxes do not tell
            # (text set sideways on the card: "3096 Männedorf" read before "Bolligerstrasse 11")
            near = [k for k in (block[0] - 1, block[-1] + 1) if k in feats and feats[k]["postcode"] and not any(
                k in b for b in blocks if b is not block and has(b, "street")) and not _YEAR.search(cleaned[k])]
            if near and _splits([*block, near[0]], cleaned):
                block = [*block, near[0]]
    block, cleaned = _with_hyphen_wraps(block, lines, successor, predecessor, cleaned, feats)
    block, cleaned = _with_tagged(block, set(tagged) & set(feats), successor, predecessor, cleaned)
    printed = [_ORDINAL_DEGREE.sub(r"\1º", cleaned[k]) for k in block if cleaned[k]]
    parsed = parse_address(printed)
    ranked = sorted((k for k in block if feats[k]["country"]), key=lambda k: -feats[k]["strength"])  # type: ignore[operator]
    country = parsed.country or (feats[ranked[0]]["country"] if ranked else None)
    # a town outside the conventions the parser knows ("1001 Tunis", "Hanoi") still names its country when one
    # country's town of that name is far the biggest (lexicon.main_city_country): the phones' region needs it
    town_country = None if country or not parsed.locality else lexicon.main_city_country(parsed.locality)
    country = country or town_country
    strong = parsed.split and parsed.postal_code is not None and parsed.street is not None
    result.address = AddressField(
        value=", ".join(seg for p in printed for seg in (q.strip(" ,;-–—") for q in _PURE_SEPARATOR.split(p)) if seg),
        lines=printed,
        country=country,  # type: ignore[arg-type]
        confidence=0.8 if strong else 0.6 if parsed.split else 0.5,
        raw="\n".join(lines[k] for k in block),
        street=parsed.street,
        locality=parsed.locality,
        region=parsed.region,
        postal_code=parsed.postal_code,
        po_box=parsed.po_box,
    )
    if not parsed.split:
        result.warnings.append(f"Address {result.address.value!r} could not be split into street, town and "
                               "postal code; kept whole, please check it.")
    result.used = set(block)
    result.country = country  # type: ignore[assignment]
    named = any(feats[k]["country_line"] for k in block)
    if parsed.country:
        result.strength = 3 if (parsed.postal_code or parsed.region or named) else 1
    elif town_country:
        result.strength = TOWN_STRENGTH
    elif country:
        result.strength = 3 if named else 2 if ranked and feats[ranked[0]]["strength"] >= 3 else 1  # type: ignore[operator]
    result.parsed = parsed
    return result


def _grow(
    anchor: int, anchors: list[int], successor: dict[int, int], predecessor: dict[int, int],
    cleaned: dict[int, str], feats: dict[int, dict[str, object]],
) -> list[int]:
    """The address lines around one anchor: down through continuations, up through line starts."""
    block = [anchor]
    k = anchor
    while k in successor and successor[k] not in block and not feats[k]["country_line"]:
        nxt = successor[k]
        bare = _bare_code(cleaned[nxt], feats[k])
        if any(feats[b]["postcode"] for b in block) and not feats[nxt]["country_line"] and not (
                feats[k]["comma"] and nxt in anchors) and not bare:
            break  # after the postcode line only the country, the code (or a line it says continues) follows
        if nxt in anchors or feats[k]["comma"] or bare or _continues(cleaned[nxt], feats[nxt]):
            block.append(nxt)
            k = nxt
            continue
        # a line sandwiched between two address lines ("Opposite Ratna Junior College") belongs to it
        after = successor.get(nxt)
        if after is not None and after in anchors and after not in block and len(cleaned[nxt]) < 60:
            block += [nxt, after]
            k = after
            continue
        break
    k = anchor
    while k in predecessor and predecessor[k] not in block and (
        predecessor[k] in anchors or feats[predecessor[k]]["comma"] or
        _starts(cleaned[predecessor[k]], feats[predecessor[k]])
    ):
        k = predecessor[k]
        if feats[k]["country_line"]:
            break
        block.insert(0, k)
    return _extend(block, successor, predecessor, cleaned, feats)


def _splits(block: list[int], cleaned: dict[int, str]) -> bool:
    """The lines read as one address: split, with a postal code, or a town and a region or country."""
    parsed = parse_address([cleaned[k] for k in block])
    return parsed.split and bool(parsed.postal_code or (parsed.locality and (parsed.region or parsed.country)))


def _extend(block: list[int], successor: dict[int, int], predecessor: dict[int, int], cleaned: dict[int, str],
            feats: dict[int, dict[str, object]]) -> list[int]:
    """Lines the rules above left out but the parser reads as part of the same address.

    "Flat 48u / Amanda Fords / Juliaberg / W6 3LW": below a unit line, a street and a town with no
    feature of their own and a postcode alone on its line; "Veerlering 7 / 6722 LN / Wagenberg": the
    town under the postcode. Up to four lines below and three above are tried; the longest run that the
    parser splits (no leftover line, a postcode or a town with its region) is kept.
    """
    best, chain, k = block, list(block), block[-1]
    for _ in range(4):
        nxt = successor.get(k)
        # nothing but the country follows a line that has its own postcode and town ("Allisonstad, ACT,
        # 2621" above the name "DANIEL MARSHALL": the parser would take the name for the town)
        if nxt is None or nxt in chain or feats[nxt]["not_address"] or len(cleaned[nxt]) > 80 or feats[k][
                "country_line"]:
            break
        if (feats[k]["postcode"] or feats[k]["lone_code"]) and not _town_below(feats[k]):
            if feats[nxt]["country_line"] and _splits([*chain, nxt], cleaned):
                best = [*chain, nxt]  # "W6 3LW" / "United Kingdom"
            break
        chain.append(nxt)
        k = nxt
        if _splits(chain, cleaned):
            best = list(chain)
    chain, k = list(best), best[0]
    for _ in range(3):
        prev = predecessor.get(k)
        if prev is None or prev in chain or feats[prev]["not_address"] or feats[prev]["country_line"]:
            break
        chain.insert(0, prev)
        k = prev
        if _splits(chain, cleaned) and _starts(cleaned[prev], feats[prev]):
            best = list(chain)
    return best


# a word cut at a hyphen at the line's end: "01234 Bad Neuenahr-" / "Ahrweiler", "Anne-" / "Conway-Straße 6"
_HYPHEN_CUT = re.compile(r"[^\W\d_]-$")
MAX_WRAPPED = 60  # letters of a line that goes on a word cut above it


def _with_hyphen_wraps(
    block: list[int], lines: list[str], successor: dict[int, int], predecessor: dict[int, int],
    cleaned: dict[int, str], feats: dict[int, dict[str, object]],
) -> tuple[list[int], dict[int, str]]:
    """The block with every line that ends in a word cut at its hyphen joined to the line below it, hyphen
    kept and no space (the line above the block's first too): a double-barrelled town or street set in a
    narrow column wraps at its hyphen."""
    grown, texts = list(block), dict(cleaned)

    def cut(k: int | None) -> bool:
        return k in feats and bool(_HYPHEN_CUT.search(lines[k].rstrip())) and 0 < len(texts[k]) <= MAX_WRAPPED

    while cut(prev := predecessor.get(grown[0])) and prev not in grown:
        grown.insert(0, prev)  # type: ignore[arg-type]
    at = 0
    while at < len(grown):
        k = grown[at]
        nxt = grown[at + 1] if at + 1 < len(grown) else successor.get(k)
        if nxt in feats and nxt not in grown[: at + 1] and cut(k) and texts[nxt][:1].isalpha():
            texts[nxt] = f"{texts[k].rstrip(' -')}-{texts[nxt]}"
            texts[k] = ""
            if nxt not in grown:
                grown.append(nxt)  # type: ignore[arg-type]
        at += 1
    return grown, texts


def _with_tagged(block: list[int], tagged: set[int], successor: dict[int, int], predecessor: dict[int, int],
                 cleaned: dict[int, str]) -> tuple[list[int], dict[int, str]]:
    """The block with the tagged lines right below and above it that the parser reads into the same address,
    and the lines' texts (a line that goes on with a lower-case word was wrapped: it joins the one above).

    The rules above know an address line by its own features; the tagger also knows it by its neighbours
    ("13940330 Gomes" / "do Galho / PR": a town wrapped after the postcode's line has no feature of its own).
    """
    grown, texts = list(block), dict(cleaned)
    while (nxt := successor.get(grown[-1])) in tagged and nxt not in grown:
        wrapped = {**texts, grown[-1]: f"{texts[grown[-1]]} {texts[nxt]}", nxt: ""}
        if texts[nxt][:1].islower() and _splits([k for k in (*grown, nxt) if wrapped[k]], wrapped):
            texts = wrapped
        elif not _splits([*grown, nxt], texts):
            break
        grown.append(nxt)
    while (prev := predecessor.get(grown[0])) in tagged and prev not in grown and _splits([prev, *grown], texts):
        grown.insert(0, prev)
    return grown, texts


def _continues(text: str, feats: dict[str, object]) -> bool:
    """A line below an address line that still belongs to it (postcode/town, state, country), or one
    shaped like a town and a code the parser does not accept ("San Alicia, YUC 86868-0302")."""
    return bool(feats["postcode"] or feats["town"] or feats["country_line"] or (
        feats["country"] and len(text) < 60) or _TOWN_AND_CODE.match(text))


_TOWN_AND_CODE = re.compile(r"^[^\W\d_][^\d,]{2,40},\s*(?:[^\W\d_]{1,5}\.?\s){0,2}\d{4,}(?:-\d{3,4})?$")


# "Avenija Dubrovnik 15" (but not "Since 1957": a year is no house number)
_NUMBER_LAST = re.compile(r"^[^\W\d_][^\d]{2,40}\s(?!(?:18|19|20)\d\d\b)\d{1,5}[a-zA-Z]?(?:[-/]\d{1,4}[a-zA-Z]?)?$")
_CARE_OF = re.compile(r"(?i)\bc/o\b")
# a house number after its sign, as Spanish, Portuguese, Italian and Turkish streets print it: "Diag. J.M. de
# Rosas N° 801", "Via Roma n. 12", "Cumhuriyet Cad. No: 4" (a street of any length or type)
_NUMBER_SIGN = re.compile(r"(?i)(?<![\w])(?:n[º°o]|n\.|nr)\s?[.:]?\s*\d{1,5}[a-z]?$")
# US military mail: the ship or unit line above "FPO AE 09499" ("USNS Mercy", "PSC 1234, Box 567", "Unit 2050")
_MILITARY_UNIT = re.compile(r"^(?:USNS|USNV|USS|USCGC|PSC|CMR|Unit)\s+\S")


# Japan's block, lot and house numbers (chōme-banchi-gō): "1-6-20 Dojima", "2-3-1 Marunouchi"
_BLOCK_NUMBER = re.compile(r"(?<![\d-])\d{1,2}-\d{1,2}-\d{1,3}(?![\d-])")


# Brazilian and Portuguese streets print the house number as a segment of its own: "Rua X, 55, Bairro"
_NUMBER_SEGMENT = re.compile(r"^[^\W\d_][^,]{2,60},\s*(?:n[º°o]\.?\s*)?\d{1,5}[A-Za-z]?\s*(?:,|$)")


# the house number alone on its line, the street's name wrapped above it: "Travessa da Conceição," / "879,"; or
# India's door number above its street ("93/39" / "Arora Chowk")
_HOUSE_NUMBER_ALONE = re.compile(r"(?i)^(?:n[º°o]\.?\s*)?\d{1,5}[a-z]?\s*,$|^\d{1,4}/\d{1,4}[a-z]?,?$")


# Words that name a firm and never a street, an estate or a building ("Technology Park", "Centro Comercial",
# "Bank Street" and "Hotel Plaza" are places: technology, comercial, bank and hotel are not in it)
_FIRM_WORDS = {"consulting", "consultants", "consultores", "consultoria", "beratung", "conseil", "software",
               "solutions", "soluciones", "solucoes", "partners", "associates", "group", "grupo", "gruppe",
               "holding", "holdings", "ventures", "services", "servicios", "servicos", "systems", "sistemas",
               "analytics", "media", "digital", "agency", "agencia", "insurance", "seguros", "trading", "logistics"}


def _business(text: str) -> bool:
    """A company's name ('Ring Consulting', 'Parkway Group'): a street word in it names no street."""
    return any(fold(w) in _FIRM_WORDS for w in re.findall(r"[^\W\d_]+", text))


def _numbered_start(text: str, feats: dict[str, object]) -> bool:
    """A line that opens an address with a house number (or a PO box): '675 Reed Plain', 'Jeanninehof 109'."""
    return _starts(text, feats) and bool(re.search(r"\d", text)) and not feats["postcode"]


def _starts(text: str, feats: dict[str, object]) -> bool:
    """A line above an address anchor that begins it: a street, a building, a house number, a 'c/o'."""
    has_letters = any(c.isalpha() for c in text)
    # a street named without a number opens with its type ("Estação Rocha", "rue Carlier", "Calle Mayor")
    words = text.split()
    typed = 1 < len(words) <= 5 and not any(c.isdigit() for c in text) and lexicon.is_street_type(words[0]) and (
        not _business(text))
    if typed or feats["street"] or lexicon.has_unit_word(text, numbered=True):
        return True
    return bool(_CARE_OF.search(text) or _MILITARY_UNIT.match(text) or _NUMBER_SEGMENT.match(text) or (
        has_letters and _BLOCK_NUMBER.search(text)) or (
        has_letters and _NUMBER_SIGN.search(text))) or (
        text[:1].isdigit() and has_letters and len(words) <= 6) or bool(_NUMBER_LAST.match(text) and len(words) <= 5)
