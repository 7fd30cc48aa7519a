"""parse_address: a postal address (one line or several) split into street, locality, region, postal code,
PO box and country, by each country's conventions (see lexicon.py for where they come from).

The text is cut into segments at line breaks, commas, " - ", " | ", " / " and ";". The postal code is
found with the country's own pattern, the locality and region beside it in the order the country's
format prints them, and what comes before is the delivery part (street, unit, floor, building).
When no country is given every supported convention is tried and scored (postcode shape, region code,
its postcode range, city names, street words); a country is returned only when one clearly wins.
Pure: no I/O beyond loading the lexicons once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from enrich.address import lexicon
from enrich.address.lexicon import PO_BOX, POSTCODE_LABEL, POSTCODE_PREFIXES, SUPPORTED, CountryRules


@dataclass(frozen=True)
class PostalAddress:
    """A postal address split into its parts; `split` is False when it could not be split with confidence."""

    street: str | None  # delivery line(s): number, street, unit/floor/suite/building, joined with ", "
    locality: str | None  # city / town (with district when printed as part of it)
    region: str | None  # state / province / county as printed (code or name)
    postal_code: str | None  # checked against the country's pattern
    po_box: str | None  # "PO Box 123", "Apartado 45", "BP 12", "Postfach 1234", "Caixa Postal 9"…
    country: str | None  # ISO 3166-1 alpha-2
    lines: tuple[str, ...]  # the text lines it was given, cleaned
    split: bool  # False: `street` holds the whole text (", "-joined) and the other parts are None


@dataclass
class _Parse:
    """One reading of the segments under one country's conventions, with how well it fits."""

    country: str | None
    street: list[str] = field(default_factory=list)
    locality: str | None = None
    region: str | None = None
    postal_code: str | None = None
    score: float = 0.0
    leftovers: list[str] = field(default_factory=list)

    def parts(self) -> tuple[object, ...]:
        return (tuple(self.street), self.locality, self.region, self.postal_code)


# a middle dot glued to its words parts segments too ("25·Aguas Claras"), except in Catalan's "l·l"
_SPLIT = re.compile(r"\s*\|\s*|\s+[-–—·•]\s+|\s*•\s*|(?<![lL])·|·(?![lL])|\s+/\s+|\s*;\s*|(?<!\d),|,(?!\d)")
_SPACES = re.compile(r"\s+")
# "VT", "B.C.", "B.C" (its last dot stripped with the separators), "Q. ROO"
_REGION_CODE = re.compile(r"^(?:[A-Z]{1,3}\.){1,3}(?:[A-Z]{1,3})?$|^[A-Z]{2,5}$|^[A-Z]\.\s?[A-Z]{2,4}\.?$")
_PAREN_REGION = re.compile(r"^(?P<rest>.*?)\s*\((?P<region>[^()]{1,30})\)$")
_TRAIL_SEP_REGION = re.compile(r"^(?P<rest>.*?[^\W\d_].*?)\s*[-–/]\s*(?P<region>[^-–/]{2,30})$")
_TRAIL_CODE = re.compile(r"^(?P<rest>.*?[^\W\d_].*?)\s+(?P<region>(?:[A-Z]\.?\s?){1,4}[A-Z]\.?)$")
_HOUSE_NUMBER = re.compile(r"(?<![\w])(?:n[º°o]\.?\s*)?\d+[a-zA-Z]?(?:[-/]\d*[a-zA-Z]?\d*)?(?![\w])|\bs/n\b", re.I)
# a line ending in a count of people or a year is not an address part worth a postcode ("1998", "15 km")
_STRIP = " ,.;:-–|/"


def clean_lines(text: str | Sequence[str]) -> tuple[str, ...]:
    """The address's lines, whitespace collapsed, empty ones dropped."""
    raw = text.splitlines() if isinstance(text, str) else [str(t) for t in text]
    out = []
    for line in raw:
        for part in line.splitlines():
            cleaned = _SPACES.sub(" ", part).strip(" ,;|")
            if cleaned:
                out.append(cleaned)
    return tuple(out)


def _segments(lines: tuple[str, ...]) -> list[str]:
    segs = []
    for line in lines:
        for piece in _SPLIT.split(line):
            piece = piece.strip(" ,;|")
            if piece and any(c.isalnum() for c in piece):
                segs.append(piece)
    return segs


def _take_po_boxes(segs: list[str]) -> tuple[list[str], list[str]]:
    """(segments without their PO boxes, the PO boxes as printed)."""
    rest, boxes = [], []
    for seg in segs:
        match = PO_BOX.search(seg)
        if match is None:
            rest.append(seg)
            continue
        boxes.append(match.group(0).strip(_STRIP))
        for part in (seg[: match.start()], seg[match.end() :]):
            part = part.strip(_STRIP)
            if part and any(c.isalnum() for c in part):
                rest.append(part)
    return rest, boxes


def is_street_like(text: str) -> bool:
    """True for a delivery part: a street-type word, a unit/floor word, or a house number beside words."""
    if lexicon.street_languages(text) or lexicon.has_unit_word(text):
        return True
    return bool(_HOUSE_NUMBER.search(text)) and any(c.isalpha() for c in text) and not _only_postcode_city(text)


def _only_postcode_city(text: str) -> bool:
    return bool(re.fullmatch(r"[A-Z]{0,3}-?\d{4,5}\s+[^\W\d_][\w .'-]*", text))


def _is_region(text: str, rules: CountryRules) -> bool:
    """The text names one of the country's regions (or, where the format prints one, looks like a code)."""
    if not rules.has_region:
        return False
    found = lexicon.key(text)
    return found in rules.regions or found.replace(" ", "") in rules.regions or lexicon.is_abbreviation(text, rules)


def _peel_region(text: str, rules: CountryRules) -> tuple[str, str | None]:
    """('San Francisco', 'CA') from 'San Francisco CA'; region names need a separator, codes do not."""
    if not rules.has_region:
        return text, None
    for pattern in (_PAREN_REGION, _TRAIL_SEP_REGION, _TRAIL_CODE):
        match = pattern.match(text)
        if match and match.group("rest").strip(_STRIP) and _is_region(match.group("region"), rules):
            return match.group("rest").strip(_STRIP), match.group("region").strip()
    return text, None


def _locality_ok(text: str | None) -> bool:
    return bool(text) and any(c.isalpha() for c in text) and not (  # type: ignore[union-attr]
        lexicon.street_languages(text) and _HOUSE_NUMBER.search(text))  # type: ignore[arg-type]


def _assign(segs: list[str], rules: CountryRules, boxes: list[str], named: bool = False) -> _Parse | None:
    """Read the segments by one country's conventions; None when its postcode and regions find nothing."""
    parse = _Parse(rules.code)
    segs = [_join_spaced_code(seg, rules) for seg in segs]
    found = None
    if rules.postcode is not None:
        for i, seg in enumerate(segs):
            for match in rules.postcode.finditer(seg):
                prefix = match.group("prefix")
                if (prefix and POSTCODE_PREFIXES.get(prefix) != rules.code) or not any(
                        c.isdigit() for c in match.group("zip")):
                    continue  # every postal code has a digit (Ireland's loose pattern takes "QUIROGA")
                if re.search(r"\d[^\w\s]{0,2}$", seg[: match.start()]) or re.match(r"[^\w\s]{0,2}\d",
                                                                                    seg[match.end() :]):
                    continue  # the tail or head of a longer number ("248·343·5976")
                if sum(c.isdigit() for c in seg) - len(match.group(0)) >= 6:
                    continue  # a phone number or another code beside it ("009140 2385900")
                found = (i, match)  # the last one: postcodes follow the street
    block: set[int] = set()
    if found is not None:
        i, match = found
        seg = segs[i]
        parse.postal_code = match.group("zip")
        block.add(i)
        before = POSTCODE_LABEL.sub("", seg[: match.start()]).strip(_STRIP)
        after = seg[match.end() :].strip(_STRIP)
        shape = bool(re.search(r"[A-Za-z\- ]", parse.postal_code))
        parse.score += 4 if shape else 2
        if match.group("prefix"):
            parse.score += 5
        if after and before and lexicon.country_of_name(after):
            after = ""  # "Madrid 28014 España"
        locality: str | None = None
        if after and before:
            if rules.postcode_first:
                locality = after
                if _is_region(before, rules):
                    parse.region = before
                else:
                    parse.street.append(before)  # "Rua X 12 01310-100 São Paulo" printed on one line
            else:
                locality = before
                if _is_region(after, rules):
                    parse.region = after
                else:
                    parse.leftovers.append(after)
        elif after or before:
            locality = after or before
            if not after and before[-1:].isdigit():
                return None  # "JON 248 343 5976": digits before the code, a phone number
            parse.score += 1 if bool(after) == rules.postcode_first else 0
        if locality and lexicon.street_languages(locality) and _HOUSE_NUMBER.search(locality):
            return None  # "Mariahilfer Straße 1234": a house number, not a postcode
        if locality == before and not after and (lexicon.street_compound(before) or (
                rules.postcode_first and lexicon.street_languages(before, strict=True, min_length=3)) or (
                len(before.split()) > 1 and lexicon.is_street_type(before.split()[0]))):
            # "Vlado-Hahn-Gasse 7659", "Blvd. Agua Caliente 10535": a number after a street is its own
            return None
        # "VT 65966", "Illinois 60604" (where the state is printed before the code): the state, the town before
        if locality and (_REGION_CODE.match(locality) or (rules.region_before_postcode and locality == before
                                                          and i > 0)) and _is_region(locality, rules):
            # "VT 65966": the state beside the code (as printed: "B.C." keeps the dot the separators lost)
            printed = POSTCODE_LABEL.sub("", seg[: match.start()]).strip(" ,;:-–|/")
            parse.region, locality = (printed if lexicon.key(printed) == lexicon.key(locality) else locality), None
        if locality and locality == before and _REGION_CODE.match(locality) and not _is_region(locality, rules):
            # "SON 19345-1450" read as a US address: SON is no US state; "GRO 59871" is no Spanish town
            parse.score -= 4 if rules.region_before_postcode else 2
        if locality is None:
            locality = _neighbour_locality(segs, i, rules, parse, block)
        elif not _locality_ok(locality):
            locality = None
        if locality:
            locality, region = _peel_region(locality, rules)
            parse.region = parse.region or region
        parse.locality = locality
        if parse.region is None and rules.has_region:
            for j in (max(block) + 1, min(block) - 1):
                if 0 <= j < len(segs) and j not in block and _is_region(segs[j], rules) and (
                        j > max(block) or j > 0):
                    parse.region = segs[j]
                    block.add(j)
                    break
    else:
        if not _no_postcode(segs, rules, parse, block, bool(boxes) or named):
            return None
    if parse.region:
        parse.score += 3 if lexicon.key(parse.region) in rules.regions else 1
        zips = rules.region_zips.get(lexicon.key(parse.region))
        if zips is not None and parse.postal_code:
            parse.score += 2 if zips.match(parse.postal_code) else -1
    elif rules.code in ("US", "CA", "AU") and rules.has_region:
        parse.score -= 2  # these post offices need the state beside the code
    if parse.locality and rules.code in lexicon.city_countries(parse.locality):
        parse.score += 2
    first = min(block) if block else len(segs)
    parse.street = [*segs[:first], *parse.street] if first else parse.street
    parse.leftovers += [segs[j] for j in range(first, len(segs)) if j not in block]
    words = lexicon.street_languages(" ".join(parse.street))
    if words & set(rules.languages) or any(rules.code in lexicon.LANGUAGE_COUNTRIES.get(w, ()) for w in words):
        parse.score += 1.5
    parse.score -= 3 * len(parse.leftovers)
    if not parse.street and not boxes and parse.locality is None:
        parse.score -= 1
    return parse


_SPACED_DIGITS = re.compile(r"(?<![\w-])(\d{2,3}) (\d{3})(?![\w])")


def _join_spaced_code(seg: str, rules: CountryRules) -> str:
    """'HYDERABAD - 500 016', '10 000 Zagreb': a numeric code printed in two groups, joined (once)."""
    if rules.postcode is None or rules.postcode.search(seg):
        return seg
    for match in _SPACED_DIGITS.finditer(seg):
        if lexicon.street_languages(seg[: match.start()], strict=True):
            continue  # "Periférico Zacatecas 596 402": a house number and a unit, not a code in two groups
        joined = match.group(1) + match.group(2)
        if rules.postcode_full is not None and rules.postcode_full.fullmatch(joined):
            return seg[: match.start()] + joined + seg[match.end() :]
    return seg


def _city_keys(rules: CountryRules) -> frozenset[str]:
    """Region names that are also the name of a city in that country ('Valladolid')."""
    return _region_cities(rules.code)


@cache
def _region_cities(code: str) -> frozenset[str]:
    country = lexicon.rules(code)
    return frozenset(k for k in country.regions if code in lexicon.city_countries(k)) if country else frozenset()


def _neighbour_locality(segs: list[str], i: int, rules: CountryRules, parse: _Parse, block: set[int]) -> str | None:
    """The locality printed in a segment of its own beside a lone postcode, in the country's order."""
    order = (i + 1, i - 1) if rules.postcode_first else (i - 1, i + 1)
    for j in order:
        if not 0 <= j < len(segs) or j in block:
            continue
        text = segs[j]
        if _is_region(text, rules) and parse.region is None and (
                _REGION_CODE.match(text) or lexicon.key(text) not in _city_keys(rules)):
            k = j + (j - i)
            if 0 <= k < len(segs) and k not in block and _locality_ok(segs[k]) and not _delivery_like(segs[k]):
                parse.region = text
                block |= {j, k}
                return segs[k]
            if _REGION_CODE.match(text):
                continue  # a bare code is no town; a lone name beside the postcode is ("Asturias, 02106")
        if _locality_ok(text) and not _delivery_like(text):
            block.add(j)
            return text
    return None


def _no_postcode(segs: list[str], rules: CountryRules, parse: _Parse, block: set[int], alone_ok: bool) -> bool:
    """Without a postcode: a region at the end, or a known city after the street."""
    tail = list(range(len(segs)))
    if len(tail) == 1 and alone_ok and rules.code in lexicon.city_countries(segs[tail[0]]):
        parse.locality = segs[tail[0]]  # "PO Box 1234, Dubai", "Dubai, UAE"
        block.add(tail[0])
        return True
    if len(tail) < 2:
        return False
    last = tail[-1]
    # without a postcode only a town the country has beside one of its regions says "address"
    if _is_region(segs[last], rules) and not is_street_like(segs[last]):
        before = tail[-2]
        if _locality_ok(segs[before]) and not is_street_like(segs[before]) and rules.code in lexicon.city_countries(
                segs[before]):
            parse.region, parse.locality = segs[last], segs[before]
            block |= {last, before}
            parse.score += 1
            return True
    text, region = _peel_region(segs[last], rules)
    if region and not is_street_like(text) and rules.code in lexicon.city_countries(text):
        parse.region, parse.locality = region, text
        block.add(last)
        parse.score += 1
        return True
    if not is_street_like(segs[last]) and rules.code == lexicon.main_city_country(segs[last]) and any(
            is_street_like(s) for s in segs[:last]):
        parse.locality = segs[last]
        block.add(last)
        return True
    return False


# US military mail ("FPO AP 96349", "APO AE 09012"): its own post offices and "states", the US's alone ("AP",
# Pacific, is also Ascoli Piceno's code, and 63xxx its postcodes)
_MILITARY_MAIL = re.compile(r"\b(?:APO|FPO|DPO)\s+(?:AA|AE|AP)\s+\d{5}(?:-\d{4})?\b")
US_MILITARY = "US"


def _prefixed_country(segs: list[str]) -> str | None:
    """The country a postcode prefix names ('D-28359' -> 'DE')."""
    for seg in segs:
        match = re.search(r"(?<![\w-])([A-Z]{1,3})\s?-\s?\d{4,5}\b", seg)
        if match and match.group(1) in POSTCODE_PREFIXES:
            return POSTCODE_PREFIXES[match.group(1)]
    return None


def _delivery_like(text: str) -> bool:
    """A delivery part rather than a town: a number, a unit word, or a street-type word after the first word."""
    text = re.sub(r"\([^()]*\)", " ", text)  # "Bologna (BO)": a province code, not a unit
    if any(c.isdigit() for c in text):  # a unit word alone is no sign: "Torre Santa Susanna" is a town
        return True
    words = text.split()
    return len(words) > 1 and bool(lexicon.street_languages(" ".join(words[1:]), strict=True) - {"de", "nl"})


def _without_numbers(segment: str) -> str:
    """The segment's words without those holding a digit ('Tokyo 100-0005' -> 'Tokyo')."""
    return " ".join(w for w in segment.split() if not any(c.isdigit() for c in w))


def parse_address(text: str | Sequence[str], country: str | None = None) -> PostalAddress:
    """Split a postal address into street, locality, region, postal code, PO box and country."""
    lines = clean_lines(text)
    whole = ", ".join(lines) or None
    unsplit = PostalAddress(whole, None, None, None, None, None, lines, False)
    if not lines:
        return unsplit
    segs, boxes = _take_po_boxes(_segments(lines))
    # a country is printed last; when it is a convention we try, that segment is its name, else a town
    named = lexicon.country_of_name(segs[-1]) if segs else None
    given = (country or "").upper() or (US_MILITARY if _MILITARY_MAIL.search(whole or "") else None)
    if given:
        candidates = [given] + ([named] if named and named != given else [])
    else:
        # "…, Islamabad": Pakistan is tried too; but a country's name is no town ("México", a town in the
        # Philippines, closing a Mexican address whose code the parser cannot vouch for)
        # the town may carry its code ("…, Tokyo 100-0005", "530-0001 Osaka"): its words alone name it
        town = (lexicon.main_city_country(segs[-1]) or lexicon.main_city_country(_without_numbers(segs[-1]))
                if segs and not named else None)
        candidates = list(dict.fromkeys([c for c in (named, _prefixed_country(segs)) if c] + list(SUPPORTED)
                                        + ([town] if town else [])))
    parses = []
    for code in candidates:
        rules = lexicon.rules(code)
        if rules is None:
            continue
        use = segs[:-1] if named == code else segs
        parse = _assign(use, rules, boxes, named=use is not segs)
        if parse is not None:
            parse.score += 4 if use is not segs else 0
            parses.append(parse)
    if not parses:
        if boxes and all(is_street_like(s) for s in segs):
            return PostalAddress(", ".join(segs) or None, None, None, None, ", ".join(boxes), given or named,
                                 lines, True)
        if segs and all(is_street_like(s) for s in segs) and not boxes:
            return PostalAddress(whole, None, None, None, None, given or named, lines, True)
        return unsplit
    parses.sort(key=lambda p: -p.score)
    best = parses[0]
    if best.leftovers or best.score < 1.5:
        return unsplit
    chosen = best.country
    if not given and not named and len(parses) > 1 and parses[1].score > best.score - 1:
        chosen = None  # two conventions read it equally well: the parts may agree, the country is unsure
        if parses[1].parts() != best.parts() and parses[1].score == best.score:
            pass  # keep the first by SUPPORTED order (the sort is stable)
    return PostalAddress(
        street=", ".join(s.strip(" ,;|") for s in best.street) or None,
        locality=best.locality.strip(" ,;|-/").removesuffix(".") if best.locality else None,
        region=best.region.strip(" ,;") if best.region else None,
        postal_code=best.postal_code,
        po_box=", ".join(boxes) or None,
        country=chosen,
        lines=lines,
        split=True,
    )
