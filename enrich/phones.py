"""Phone numbers: phonenumbers.PhoneNumberMatcher over each line, region inference, kind from labels."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import phonenumbers
from phonenumbers import Leniency, PhoneNumberFormat, PhoneNumberType, ValidationResult, geocoder

from enrich.address.lexicon import rules as address_rules
from enrich.card import PhoneField
from enrich.text import fold, normalize_separators

# Folded label word -> kind. Single letters only count when written as a label ("T:", "M.").
LABEL_KINDS: dict[str, str] = {
    "tel": "work", "tel.": "work", "tél": "work", "telefon": "work", "telefone": "work", "telefono": "work",
    "teléfono": "work", "phone": "work", "ph": "work", "fon": "work", "fone": "work", "office": "work",
    "direct": "work", "direkt": "work", "buro": "work", "zentrale": "work", "work": "work", "bureau": "work",
    "oficina": "work", "fixo": "work", "fijo": "work", "comercial": "work", "landline": "work",
    "standard": "work", "durchwahl": "work", "t": "work", "p": "work", "o": "work", "d": "work",
    "mob": "mobile", "mobile": "mobile", "mobil": "mobile", "movil": "mobile", "cel": "mobile",
    "cell": "mobile", "celular": "mobile", "handy": "mobile", "portable": "mobile", "port": "mobile",
    "whatsapp": "mobile", "whats": "mobile", "wa": "mobile", "nextel": "mobile", "m": "mobile",
    "c": "mobile", "gsm": "mobile", "telemovel": "mobile", "movel": "mobile", "ceil": "mobile",
    "fax": "fax", "telefax": "fax", "f": "fax", "tax": "fax",  # OCR reads the F of "Fax" as T
}
# Labels that only say "telephone": the number's own type (mobile or not) decides the kind.
GENERIC_LABELS = {"tel", "telefon", "telefone", "telefono", "phone", "ph", "fon", "fone", "t", "p"}
_SINGLE_LETTER = {"t", "p", "o", "d", "m", "c", "f"}
_LABEL_TOKEN = re.compile(r"[^\W\d_]+\.?:?", re.U)


@dataclass
class PhoneResult:
    """Phones found on a card, the lines they came from and the warnings they raised."""

    phones: list[PhoneField] = field(default_factory=list)
    used: set[int] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)


def label_kind(prefix: str) -> str | None:
    """The phone kind named by the label text printed just before a number, if any."""
    found = _label(prefix)
    return found[0] if found else None


def _label(prefix: str) -> tuple[str, bool] | None:
    """(kind, generic) for the label before a number; generic labels just say "telephone"."""
    tokens = _LABEL_TOKEN.findall(prefix)
    kinds: list[str] = []
    generic = False
    for token in tokens[-3:]:
        bare = fold(token.rstrip(":."))
        if bare in _SINGLE_LETTER and not (token.endswith((":", ".")) or prefix.rstrip().endswith(token)):
            continue
        if bare in LABEL_KINDS:
            kinds.append(LABEL_KINDS[bare])
            generic = bare in GENERIC_LABELS
    if not kinds:
        return None
    if "fax" in kinds and "work" in kinds:  # "Tel/Fax": one line serving both, call it work
        return "work", False
    return kinds[-1], generic


def kind_from_type(number: phonenumbers.PhoneNumber, *, old_mobile_form: bool = True) -> str:
    """The kind phonenumbers' metadata suggests when no label was printed."""
    number_type = phonenumbers.number_type(number)
    if number_type == PhoneNumberType.MOBILE:
        return "mobile"
    if old_mobile_form and number_type == PhoneNumberType.UNKNOWN and _old_brazilian_mobile(number):
        return "mobile"
    return "work"


def _old_brazilian_mobile(number: phonenumbers.PhoneNumber) -> bool:
    """A Brazilian mobile printed in the pre-2016 8-digit form (no leading 9): valid once a 9 is added."""
    national = str(number.national_number)
    if number.country_code != 55 or len(national) != 10:
        return False
    candidate = phonenumbers.PhoneNumber(country_code=55, national_number=int(national[:2] + "9" + national[2:]))
    return phonenumbers.number_type(candidate) == PhoneNumberType.MOBILE and national[2] in "6789"


def _kind(prefix: str, number: phonenumbers.PhoneNumber) -> str:
    """Kind from the printed label, or from the number's type when the label is missing or generic."""
    found = _label(prefix)
    if found is None:
        return kind_from_type(number)
    kind, generic = found
    return kind_from_type(number, old_mobile_form=False) if generic else kind


def printed_country_codes(lines: list[str]) -> Counter[str]:
    """Regions of the +CC prefixes printed on the card, most common first."""
    found: Counter[str] = Counter()
    for line in lines:
        for match in phonenumbers.PhoneNumberMatcher(normalize_separators(line), "ZZ", leniency=Leniency.POSSIBLE):
            region = phonenumbers.region_code_for_number(match.number)
            if region and region != "ZZ":
                found[region] += 1
    return found


def _candidates(text: str, region: str) -> list[phonenumbers.PhoneNumberMatch]:
    """Possible numbers in a line (strict matches first, then merely possible ones)."""
    prepared = normalize_separators(text)
    matches = list(phonenumbers.PhoneNumberMatcher(prepared, region, leniency=Leniency.POSSIBLE))
    return matches


def _digits(raw: str) -> str:
    return "".join(c for c in raw if c.isdigit())


def _area_candidates(raw: str, region: str, place: tuple[str, ...]) -> dict[int, set[int]] | None:
    """Area codes that complete a number printed without one into a valid number of the address's town.

    phonenumbers' geocoder names the place of every area code ("São Paulo - SP", "Berlin"); a local
    number of the region is tried with each 1-3 digit area code. Returns {rank: area codes}: rank 2
    when the place names the town and its state as printed, rank 1 when it names the town only.
    """
    if not place or not region or raw.strip().startswith("+"):
        return None
    postal = address_rules(region)
    if postal is not None and postal.postcode_full is not None and postal.postcode_full.fullmatch(raw.strip()):
        return None  # "04567-123" is a postal code (CEP), not a local number
    digits = _digits(raw).lstrip("0")
    try:
        local = phonenumbers.parse(digits, region)
    except phonenumbers.NumberParseException:
        return None
    if phonenumbers.is_valid_number(local) or len(digits) < 6 or phonenumbers.is_possible_number_with_reason(
            local) not in (ValidationResult.IS_POSSIBLE, ValidationResult.IS_POSSIBLE_LOCAL_ONLY,
                           ValidationResult.TOO_SHORT):
        return None
    town, state = fold(place[0]), fold(place[1]) if len(place) > 1 else None
    country_code = phonenumbers.country_code_for_region(region)
    ranks: dict[int, set[int]] = {}
    for area in range(1, 1000):
        candidate = phonenumbers.PhoneNumber(country_code=country_code, national_number=int(f"{area}{digits}"))
        if not phonenumbers.is_valid_number_for_region(candidate, region):
            continue
        city, _, suffix = fold(geocoder.description_for_number(candidate, "en")).partition(" - ")
        if city == town:
            rank = 2 if suffix and (state is None or suffix == state) else 1 if not suffix else 0
            if rank:
                ranks.setdefault(rank, set()).add(area)
    return ranks


def _unique_area(ranks: dict[int, set[int]] | None) -> int | None:
    for rank in (2, 1):
        if ranks and len(ranks.get(rank, ())) == 1:
            return next(iter(ranks[rank]))
    return None


def _place_area(lines: list[str], region: str | None, place: tuple[str, ...], excluded: set[int] | frozenset[int]
                ) -> int | None:
    """The one area code that the card's numbers printed without one share with the address's town."""
    if not place or not region:
        return None
    for index, line in enumerate(lines):
        if index in excluded:
            continue
        for match in _candidates(line, region):
            area = _unique_area(_area_candidates(line[match.start : match.end], region, place))
            if area is not None:
                return area
    return None


def _with_area_code(raw: str, region: str, place: tuple[str, ...], card_area: int | None
                    ) -> tuple[phonenumbers.PhoneNumber, str] | None:
    """The number completed with its own unique area code, or with the card's when that one fits it too."""
    ranks = _area_candidates(raw, region, place)
    if not ranks:
        return None
    area = _unique_area(ranks)
    if area is None and card_area is not None and any(card_area in areas for areas in ranks.values()):
        area = card_area  # a mobile's place is only the state ("São Paulo"): the fixed line's town decides
    if area is None:
        return None
    digits = _digits(raw).lstrip("0")
    country_code = phonenumbers.country_code_for_region(region)
    return phonenumbers.PhoneNumber(country_code=country_code, national_number=int(f"{area}{digits}")), str(area)


def _plausible_invalid(raw: str, prefix: str) -> bool:
    """Keep an invalid candidate only when it really looks like a phone (label or '+' or long)."""
    return raw.strip().startswith("+") or label_kind(prefix) is not None or len(_digits(raw)) >= 10


def find_phones(
    lines: list[str],
    region: str | None,
    *,
    region_inferred: bool = False,
    place: tuple[str, ...] = (),
    excluded: set[int] | frozenset[int] = frozenset(),
    alternatives: tuple[str, ...] = (),
) -> PhoneResult:
    """Find every phone number on the card: E.164 value, kind, region and validity.

    `alternatives` are other regions to try, in order, for a number printed without a country code
    that is not valid in `region` (e.g. MX and AR when the region was only guessed from Spanish).
    `place` is the town (and region) the card's address prints, to complete a number printed without
    its area code.
    """
    result = PhoneResult()
    match_region = region or "ZZ"
    card_area = _place_area(lines, region, place, excluded)
    seen: set[str] = set()
    pending_label: str | None = None
    for index, line in enumerate(lines):
        if index in excluded:
            continue
        matches = _candidates(line, match_region)
        for other in alternatives:
            if matches or not any(c.isdigit() for c in line):
                break
            matches = _candidates(line, other)
        following = lines[index + 1] if index + 1 < len(lines) and index + 1 not in excluded else ""
        wraps = _only_digits(following) or label_kind(line) is not None or "+" in line
        if _ends_with_digits(line) and following and wraps and (not matches or _only_digits(following)):
            joined = line + " " + following  # a number wrapped onto the next line
            crossing = [m for m in _candidates(joined, match_region)
                        if m.start < len(line) < m.end and (not matches or phonenumbers.is_valid_number(m.number))]
            if crossing:
                matches, line = crossing, joined
                result.used.add(index + 1)
        if not matches:
            pending_label = line if label_kind(line) and len(line) <= 12 else None
            continue
        previous_end = 0
        for match in matches:
            prefix = line[previous_end : match.start]
            previous_end = match.end
            if not prefix.strip() and pending_label:
                prefix = pending_label
            phone, warning = _to_field(match, line, prefix, region, region_inferred, (place, card_area),
                                       alternatives)
            if phone is None or phone.value in seen:
                continue
            seen.add(phone.value)
            result.phones.append(phone)
            result.used.add(index)
            if warning:
                result.warnings.append(warning)
        pending_label = None
    return result


def _ends_with_digits(line: str) -> bool:
    stripped = line.rstrip()
    digits = sum(c.isdigit() for c in stripped)
    return bool(stripped) and ((stripped[-1].isdigit() and digits >= 3) or (stripped[-1] == ")" and digits >= 2))


def _only_digits(line: str) -> bool:
    """A line of digits and separators only: the tail of a wrapped number."""
    return any(c.isdigit() for c in line) and not any(c.isalpha() for c in line)


def _to_field(
    match: phonenumbers.PhoneNumberMatch,
    original: str,
    prefix: str,
    region: str | None,
    region_inferred: bool,
    place_area: tuple[tuple[str, ...], int | None],
    alternatives: tuple[str, ...] = (),
) -> tuple[PhoneField | None, str | None]:
    raw = original[match.start : match.end]
    number = match.number
    label = label_kind(prefix)
    printed_cc = raw.strip().startswith("+")
    shown = (prefix.strip() + " " + raw).strip() if label else raw
    if phonenumbers.is_valid_number(number):
        number_region = phonenumbers.region_code_for_number(number)
        inferred = region_inferred and not printed_cc
        warning = None
        if inferred:
            warning = (f"Phone {raw} has no country code; read it as a {number_region} number "
                       "from other clues on the card.")
        return PhoneField(
            value=phonenumbers.format_number(number, PhoneNumberFormat.E164),
            kind=_kind(prefix, number), region=number_region, valid=True,
            confidence=0.95 if not inferred else 0.85, raw=shown, region_inferred=inferred,
        ), warning
    place, card_area = place_area
    completed = _with_area_code(raw, region or "", place, card_area)
    if completed is not None:
        fixed, area = completed
        return PhoneField(
            value=phonenumbers.format_number(fixed, PhoneNumberFormat.E164),
            kind=_kind(prefix, fixed), region=phonenumbers.region_code_for_number(fixed),
            valid=True, confidence=0.7, raw=shown, region_inferred=True,
        ), (f"Phone {raw} is printed without an area code; assumed {area}, the area code of "
            f"{', '.join(place)} printed in the address.")
    if not printed_cc:
        for other in alternatives:
            try:
                candidate = phonenumbers.parse(raw, other)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(candidate):
                return PhoneField(
                    value=phonenumbers.format_number(candidate, PhoneNumberFormat.E164),
                    kind=_kind(prefix, candidate), region=other, valid=True, confidence=0.6, raw=shown,
                    region_inferred=True,
                ), (f"Phone {raw} has no country code and is not a valid {region} number; "
                    f"read it as a {other} number.")
    if not _plausible_invalid(raw, prefix):
        return None, None
    # keep it visible but unverified: "+<country><national>" when the country is known, else the digits
    value = phonenumbers.format_number(number, PhoneNumberFormat.E164) if (printed_cc or region) else _digits(raw)
    return PhoneField(
        value=value, kind=_kind(prefix, number), region=phonenumbers.region_code_for_number(number) or region,
        valid=False, confidence=0.4, raw=shown, region_inferred=region_inferred and not printed_cc,
    ), (f"Phone {raw} looks like an old 8-digit Brazilian mobile number (before the extra 9 was added); "
        "kept as printed, please check it." if _old_brazilian_mobile(number)
        else f"Phone {raw} does not validate as a real number; kept as printed, please check it.")
