"""Postal addresses: street words, postcode/city patterns and multi-line joining.

Hand-written patterns on purpose: no maintained, offline, multilingual address parser fits
(libpostal needs a 2 GB model download and a C library; usaddress is US-only), so we recognise
the handful of shapes business cards use in en/es/fr/de/pt and keep the printed text as is.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from enrich.card import AddressField
from enrich.text import fold, folded_words

# Folded street/locality words (tokens). Abbreviations are matched with or without the dot.
STREET_WORDS = {
    # es
    "calle", "c/", "avda", "avenida", "av", "paseo", "plaza", "pza", "camino", "carretera", "ctra",
    "piso", "planta", "oficina", "colonia", "col", "calzada", "carrera", "cra", "ronda", "glorieta",
    # pt
    "rua", "r", "travessa", "tv", "alameda", "al", "praca", "largo", "estrada", "rodovia", "sala",
    "andar", "bairro", "jardim", "conjunto", "cj", "bloco", "lote", "vila", "cep",
    # fr
    "rue", "boulevard", "bd", "bld", "avenue", "chemin", "allee", "impasse", "quai", "place", "cours",
    "cedex", "bp", "etage",
    # de
    "strasse", "str", "weg", "platz", "gasse", "ring", "damm", "ufer", "postfach",
    # en
    "street", "st", "road", "rd", "ave", "drive", "dr", "lane", "ln", "blvd", "way", "suite", "ste",
    "floor", "fl", "unit", "highway", "hwy", "court", "ct", "parkway", "pkwy", "po", "box", "via",
    "close", "square", "sq", "esq", "dto", "apto", "loja",
}
COUNTRY_NAMES = {
    "usa": "US", "united states": "US", "united kingdom": "GB", "uk": "GB", "england": "GB",
    "espana": "ES", "spain": "ES", "mexico": "MX", "argentina": "AR", "colombia": "CO", "chile": "CL",
    "peru": "PE", "france": "FR", "schweiz": "CH", "suisse": "CH", "svizzera": "CH", "switzerland": "CH",
    "deutschland": "DE", "germany": "DE", "osterreich": "AT", "austria": "AT", "portugal": "PT",
    "brasil": "BR", "brazil": "BR", "italia": "IT", "belgique": "BE", "belgie": "BE", "nederland": "NL",
}
_GERMAN_STREET_SUFFIX = re.compile(r"\w+(stra(ß|ss)e|str\.|weg|platz|allee|gasse|damm|quai)\b", re.I)

US_STATES = {
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY",
    "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND",
    "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "DC",
}
US_STATE_NAMES = {
    "alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut", "delaware",
    "florida", "georgia", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas", "kentucky",
    "louisiana", "maine", "maryland", "massachusetts", "michigan", "minnesota", "mississippi", "missouri",
    "montana", "nebraska", "nevada", "ohio", "oklahoma", "oregon", "pennsylvania", "tennessee", "texas",
    "utah", "vermont", "virginia", "washington", "wisconsin", "wyoming",
}
# Brazilian states with the area code (DDD) of their capital, used only to suggest a missing one.
BR_STATES = {"SP": "11", "RJ": "21", "MG": "31", "ES": "27", "PR": "41", "SC": "48", "RS": "51", "BA": "71",
             "PE": "81", "CE": "85", "DF": "61", "GO": "62", "PA": "91", "AM": "92", "MA": "98", "PB": "83",
             "RN": "84", "AL": "82", "SE": "79", "PI": "86", "MT": "65", "MS": "67", "TO": "63", "RO": "69",
             "AC": "68", "AP": "96", "RR": "95"}
BR_CITY_AREA = {"sao paulo": "11", "campinas": "19", "rio de janeiro": "21", "belo horizonte": "31",
                "curitiba": "41", "porto alegre": "51", "salvador": "71", "recife": "81", "brasilia": "61",
                "fortaleza": "85", "guarulhos": "11", "osasco": "11", "santos": "13", "florianopolis": "48",
                "goiania": "62", "manaus": "92", "belem": "91"}
MX_STATES = {"CDMX", "SON", "JAL", "NL", "PUE", "QRO", "GTO", "YUC", "BC", "BCS", "CHIH", "COAH", "VER",
             "OAX", "MICH", "GRO", "TAMPS", "SIN", "DGO", "ZAC", "AGS", "SLP", "HGO", "MOR", "TLAX", "CHIS",
             "TAB", "CAMP", "QROO", "NAY", "COL", "EDOMEX", "MEX"}
CITY_COUNTRY = {
    "madrid": "ES", "barcelona": "ES", "valencia": "ES", "sevilla": "ES", "bilbao": "ES", "malaga": "ES",
    "zaragoza": "ES", "alicante": "ES", "murcia": "ES", "granada": "ES", "palma": "ES",
    "paris": "FR", "lyon": "FR", "marseille": "FR", "toulouse": "FR", "nice": "FR", "bordeaux": "FR",
    "lille": "FR", "nantes": "FR", "strasbourg": "FR", "montpellier": "FR", "rennes": "FR",
    "berlin": "DE", "munchen": "DE", "hamburg": "DE", "koln": "DE", "frankfurt": "DE", "stuttgart": "DE",
    "dusseldorf": "DE", "leipzig": "DE", "dresden": "DE", "hannover": "DE", "nurnberg": "DE", "bremen": "DE",
    "wien": "AT", "graz": "AT", "salzburg": "AT", "zurich": "CH", "geneve": "CH", "basel": "CH",
    "bern": "CH", "lausanne": "CH", "lisboa": "PT", "porto": "PT", "braga": "PT", "coimbra": "PT",
    "faro": "PT", "cdmx": "MX", "ciudad de mexico": "MX", "guadalajara": "MX", "monterrey": "MX",
    "puebla": "MX", "queretaro": "MX", "hermosillo": "MX", "buenos aires": "AR", "cordoba": "AR",
    "bogota": "CO", "medellin": "CO", "cali": "CO", "santiago": "CL", "lima": "PE", "london": "GB",
    "manchester": "GB", "edinburgh": "GB", "dublin": "IE", "roma": "IT", "milano": "IT",
    "leeds": "GB", "bristol": "GB", "birmingham": "GB", "glasgow": "GB", "linz": "AT", "innsbruck": "AT",
    "caba": "AR", "rosario": "AR", "mendoza": "AR", "barranquilla": "CO", "cartagena": "CO",
    "san francisco": "US", "austin": "US", "boston": "US", "denver": "US", "seattle": "US", "chicago": "US",
    "new york": "US", "los angeles": "US", "miami": "US", "tijuana": "MX",
    "merida": "MX", "cancun": "MX", "leon": "MX", "zapopan": "MX",
    **{city: "BR" for city in BR_CITY_AREA},
}

_BR_CEP = re.compile(r"\b(CEP:?\s*)?\d{5}-\d{3}\b", re.I)
_PT_POSTCODE = re.compile(r"\b\d{4}-\d{3}\s+[^\W\d]", re.U)
_US_CITY_STATE_ZIP = re.compile(r"[^\W\d][\w .'-]*[,.]\s*([A-Z]{2})\.?\s+\d{5}(-\d{4})?\b", re.U)
_US_STATE_NAME_ZIP = re.compile(r"\b([A-Za-z]+)\s+\d{5}(-\d{4})?\b")
_FIVE_DIGIT_CITY = re.compile(r"\b(\d{5})\s+([^\W\d][\w\- ]*)", re.U)
_FOUR_DIGIT_CITY = re.compile(r"\b(?:[ADCH]-)?(\d{4})\s+([^\W\d][\w\- ]*)", re.U)
_UK_GLUED = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})\b")  # "LS17UZ" -> "LS1 7UZ"
_AR_POSTCODE = re.compile(r"\b[A-Z]\d{4}[A-Z]{3}\b")  # Argentine CPA "C1293ABC"
_UK_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")
_TRAILING_STATE = re.compile(r"[-,/]\s*([A-Z]{2,5})\s*$")
_PHONE_LABEL_CUT = re.compile(r"\b(tel|fone|fon|phone|fax|cel|m[oó]vil|mobile|t|f|m)\b\.?\s*:", re.I)
# OCR reads the ordinal "1º" as a degree sign "1°", which means nothing in an address
_ORDINAL_DEGREE = re.compile(r"(\d\.?)°")
_GLUED_ORDINAL = re.compile(r"(\d\.?[º°ª])(?=[A-Z])")  # "2ºA" -> "2º A", "2.ºEsq." -> "2.º Esq."
# OCR drops the space between a postcode and its city ("5020Salzburg") or a street and its number
_GLUED_POSTCODE = re.compile(r"\b(\d{4,5})(?=[^\W\d_]{3,})", re.U)
_GLUED_NUMBER = re.compile(r"(?<=[a-zß-ÿ]{3})(?=\d)", re.U)


_GLUED_STATE_ZIP = re.compile(r"(?<=\b[A-Z]{2})(?=\d{5}\b)")  # "TX76247"
_GRID_LINE = re.compile(r"^(\d+)\s*([NSEW])\s*(\d+)\s*([NSEW])?$")  # "2011 S1100 E"
_GLUED_GRID = re.compile(r"(?<=\d)([NSEW])(?=\d|$)")  # US grid addresses: "2011S1100E"


# UK postcode areas of the cities cards name most, to undo "5" read for "S" ("Bristol B51 4XT")
UK_CITY_AREAS = {"bristol": "BS", "leeds": "LS", "manchester": "M", "birmingham": "B", "edinburgh": "EH",
                 "glasgow": "G", "liverpool": "L", "sheffield": "S", "cardiff": "CF", "newcastle": "NE",
                 "nottingham": "NG", "oxford": "OX", "cambridge": "CB", "brighton": "BN", "belfast": "BT"}
_OCR_LETTER = {"5": "S", "0": "O", "1": "I", "8": "B"}


def fix_uk_postcode_area(text: str) -> str:
    """'Bristol B51 4XT' -> 'Bristol BS1 4XT': a digit read for a letter of the city's postcode area."""
    folded = fold(text)
    for city, area in UK_CITY_AREAS.items():
        if city not in folded:
            continue
        match = re.search(r"\b([A-Z][A-Z0-9])(\d?[A-Z]?)\s*(\d[A-Z]{2})\b", text)
        if match and len(area) == 2 and match.group(1) != area and match.group(1)[0] == area[0] and (
            _OCR_LETTER.get(match.group(1)[1]) == area[1]
        ):
            return text[: match.start(1)] + area + text[match.start(1) + 2 :]
    return text


def unglue(text: str) -> str:
    """Put back a space OCR dropped: '5020Salzburg' -> '5020 Salzburg', 'Hauptstraße40' -> 'Hauptstraße 40'."""
    text = _GLUED_NUMBER.sub(" ", _GLUED_POSTCODE.sub(r"\1 ", text))
    text = _GLUED_ORDINAL.sub(r"\1 ", text)
    text = _UK_GLUED.sub(r"\1 \2", text)
    text = re.sub(r"(?<=[.,])(?=[A-Z]{2}\s*\d{5}\b)", " ", _GLUED_STATE_ZIP.sub(" ", text))
    text = _GLUED_GRID.sub(r" \1 ", text).strip()
    grid = _GRID_LINE.match(text)
    return " ".join(p for p in grid.groups() if p) if grid else text
_ADDRESS_LABEL = re.compile(r"^\s*(address|addr|direcci[oó]n|dir|endere[cç]o|adresse|anschrift)\s*[.:]\s*",
                            re.I)


@dataclass
class AddressResult:
    """The address found on a card, the lines it used and the hints it gives to other parsers."""

    address: AddressField | None = None
    used: set[int] = field(default_factory=set)
    country: str | None = None
    area_code: str | None = None  # a Brazilian DDD implied by the city/state, when one is
    area_reason: str | None = None  # what implied it, in words ("the São Paulo address")
    warnings: list[str] = field(default_factory=list)


def strip_phone_tail(text: str) -> str:
    """Cut a line at a phone label: 'Rua X, 12 - Tel: 1234' -> 'Rua X, 12'."""
    match = _PHONE_LABEL_CUT.search(text)
    return text[: match.start()].rstrip(" -,|") if match else text


def line_features(text: str) -> dict[str, object]:
    """Address features of one line: street word, postcode shape, city/state hints."""
    tokens = folded_words(text.replace("/", "/ "))
    raw_tokens = re.findall(r"[\w/]+\.?", text)
    street = any(t in STREET_WORDS for t in tokens if len(t) > 1) or any(
        fold(t).rstrip(".") in STREET_WORDS and t.endswith(".") for t in raw_tokens
    ) or bool(_GERMAN_STREET_SUFFIX.search(text)) or "c/" in fold(text) or "nº" in fold(text)
    has_digit = any(c.isdigit() for c in text)
    folded = fold(text)
    country = None
    postcode = False
    strength = 0  # how sure the country is: postcode shape 3, state 2, city 1
    if _BR_CEP.search(text):
        postcode, country, strength = True, "BR", 3
    elif _PT_POSTCODE.search(text):
        postcode, country, strength = True, "PT", 3
    us = _US_CITY_STATE_ZIP.search(text)
    if us and us.group(1) in US_STATES:
        postcode, country, strength = True, "US", 3
    for match in _US_STATE_NAME_ZIP.finditer(text):
        if fold(match.group(1)) in US_STATE_NAMES:
            postcode, country, strength = True, "US", 3
    if _AR_POSTCODE.search(text):
        postcode, country, strength = True, "AR", 3
    if _UK_POSTCODE.search(text) and not any(c.islower() for c in _UK_POSTCODE.search(text).group(0)):
        postcode, country, strength = True, country or "GB", 3
    cities = [c for c in CITY_COUNTRY if re.search(rf"\b{re.escape(c)}\b", folded)]
    bare = folded.strip(" .,")
    if bare in COUNTRY_NAMES:
        return {"street": False, "street_word": False, "postcode": False, "country": COUNTRY_NAMES[bare],
                "cities": [], "state": None, "has_digit": False, "country_line": True, "strength": 4}
    five = _FIVE_DIGIT_CITY.search(text)
    four = _FOUR_DIGIT_CITY.search(text)
    if cities:
        if not country:
            country, strength = CITY_COUNTRY[cities[-1]], 1
        if five or four:
            postcode = True
    elif five and not us and len(words_of(five.group(2))) <= 4 and five.group(2)[:1].isupper():
        postcode = True
    trailing = _TRAILING_STATE.search(text.strip())
    state = trailing.group(1) if trailing else None
    if state in BR_STATES and strength < 3:
        country, strength = "BR", 2
    elif state in MX_STATES and strength < 3:
        country, strength = "MX", 2
    return {"street": (street and has_digit) or (street and bool(state)) or (bool(cities) and street),
            "street_word": street, "postcode": postcode, "country": country, "cities": cities,
            "state": state, "has_digit": has_digit, "country_line": False, "strength": strength}


def words_of(text: str) -> list[str]:
    """Whitespace tokens of a text."""
    return text.split()


def _area_hint(text: str, feats: dict[str, object]) -> tuple[str | None, str | None]:
    """A Brazilian area code implied by a city or a state abbreviation on the address."""
    for city in feats["cities"]:  # type: ignore[union-attr]
        if city in BR_CITY_AREA:
            printed = next((w for w in re.findall(r"[^\W\d_]+(?: [^\W\d_]+)*", text) if fold(w) == city), city)
            return BR_CITY_AREA[city], f"the {printed.title() if printed == city else printed} address"
    state = feats["state"]
    if isinstance(state, str) and state in BR_STATES:
        return BR_STATES[state], f"the {state} state on the address"
    return None, None


def _below(boxes: list[tuple[int, int, int, int]], candidates: list[int]) -> dict[int, int]:
    """For each line, the nearest candidate line just below it in the same column (by box geometry)."""
    successor: dict[int, int] = {}
    for i in candidates:
        x, y, w, h = boxes[i]
        best = None
        for j in candidates:
            xj, yj, wj, hj = boxes[j]
            if yj <= y + 0.4 * h or yj - (y + h) > 2.0 * max(h, hj):
                continue
            overlap = min(x + w, xj + wj) - max(x, xj)
            aligned = abs(x - xj) < 2 * h or abs((x + w) - (xj + wj)) < 2 * h
            if overlap <= 0 and not aligned:
                continue
            if best is None or yj < boxes[best][1]:
                best = j
        if best is not None:
            successor[i] = best
    return successor


def find_address(
    lines: list[str],
    excluded: set[int] | frozenset[int] = frozenset(),
    boxes: list[tuple[int, int, int, int]] | None = None,
) -> AddressResult:
    """Find the address block: anchor lines with street or postcode features, joined with neighbours.

    With `boxes` the block follows the card's columns (the line below in the same column); without
    them it follows the order of `lines`.
    """
    result = AddressResult()
    cleaned = {i: fix_uk_postcode_area(unglue(_ADDRESS_LABEL.sub("", strip_phone_tail(t)).strip()))
               for i, t in enumerate(lines) if i not in excluded}
    feats = {i: line_features(t) for i, t in cleaned.items() if t}
    anchors = [i for i, f in feats.items() if f["street"] or f["postcode"]]
    if not anchors:
        return result
    # grow the block from the first anchor across neighbouring anchors and short continuation lines;
    # lines taken by other parsers (phones, emails) are skipped, as they often sit inside the block
    order = sorted(feats)
    successor = _below(boxes, order) if boxes is not None else {a: b for a, b in itertools.pairwise(order)}
    predecessor = {b: a for a, b in successor.items()}
    blocks: list[list[int]] = []
    for anchor in anchors:
        if not any(anchor in b for b in blocks):
            blocks.append(_grow(anchor, anchors, successor, predecessor, cleaned, feats))

    def has(block: list[int], key: str) -> bool:
        return any(feats[k][key] for k in block)

    def score(block: list[int]) -> float:
        return 2 * has(block, "street") + 2 * has(block, "postcode") + len(block)

    block = max(blocks, key=score)
    if not (has(block, "street") and has(block, "postcode")):
        # lines read out of order ("C1293ABC CABA" before "Av. Corrientes 460"): join the complement
        missing = "postcode" if has(block, "street") else "street"
        others = [b for b in blocks if b is not block and has(b, missing)]
        if others:
            other = max(others, key=score)
            block = block + other if missing == "postcode" else other + block
            block.sort(key=lambda k: bool(feats[k]["country_line"]))  # "Argentina" closes the address
    printed = [_ORDINAL_DEGREE.sub(r"\1º", cleaned[k]) for k in block]
    ranked = sorted((k for k in block if feats[k]["country"]), key=lambda k: -feats[k]["strength"])  # type: ignore[operator]
    country = feats[ranked[0]]["country"] if ranked else None
    area, reason = None, None
    for k in block:
        area, reason = _area_hint(cleaned[k], feats[k])
        if area:
            break
    if country is None and area:
        country = "BR"
    strong = any(feats[k]["postcode"] for k in block) and any(feats[k]["street"] for k in block)
    result.address = AddressField(
        value=", ".join(p.strip(" ,") for p in printed),
        lines=printed,
        country=country,  # type: ignore[arg-type]
        confidence=0.8 if strong else 0.6,
        raw="\n".join(lines[k] for k in block),
    )
    result.used = set(block)
    result.country = country  # type: ignore[assignment]
    result.area_code, result.area_reason = area, reason
    return result


def _grow(
    anchor: int, anchors: list[int], successor: dict[int, int], predecessor: dict[int, int],
    cleaned: dict[int, str], feats: dict[int, dict[str, object]],
) -> list[int]:
    """The address lines around one anchor: down through continuations, up through line starts."""
    block = [anchor]
    k = anchor
    while k in successor and successor[k] not in block and (
        successor[k] in anchors or _continues(cleaned[successor[k]], feats[successor[k]])
    ):
        k = successor[k]
        block.append(k)
    k = anchor
    while k in predecessor and predecessor[k] not in block and (
        predecessor[k] in anchors or _starts(cleaned[predecessor[k]], feats[predecessor[k]])
    ):
        k = predecessor[k]
        block.insert(0, k)
    return block


def _continues(text: str, feats: dict[str, object]) -> bool:
    """A line below an address line that still belongs to it (postcode/city, state, bairro)."""
    return bool(feats["postcode"] or (feats["state"] and len(text) < 60) or feats["cities"] or feats["country_line"])


def _starts(text: str, feats: dict[str, object]) -> bool:
    """A line above an address anchor that begins it: a house number or a short street line."""
    has_letters = any(c.isalpha() for c in text)
    return bool(feats["street"]) or (text[:1].isdigit() and has_letters and len(text.split()) <= 6)
