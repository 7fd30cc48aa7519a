"""Phone numbers: phonenumbers.PhoneNumberMatcher over each line, region inference, kind from labels."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import phonenumbers
from phonenumbers import Leniency, PhoneNumberFormat, PhoneNumberType

from enrich import phone_areas
from enrich.address.lexicon import PO_BOX, REGISTRATION, SUPPORTED
from enrich.address.lexicon import rules as address_rules
from enrich.card import PhoneField
from enrich.text import LANGUAGE_DEFAULT_REGION, LANGUAGE_OTHER_REGIONS, fold, normalize_separators

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
    "dir": "work", "off": "work", "ofc": "work", "res": "other", "resi": "other", "residence": "other",
    "home": "other", "casa": "other", "privat": "other", "private": "other", "domicile": "other",
    # more languages and the words fair cards print: a switchboard, a hotline, a line at home
    "board": "work", "switchboard": "work", "hotline": "work", "tlf": "work", "telp": "work",
    "telefoon": "work", "puhelin": "work", "telefonas": "work", "tel.no": "work", "τηλ": "work",
    "тел": "work", "телефон": "work", "電話": "work", "전화": "work", "هاتف": "work",
    "handphone": "mobile", "mobiel": "mobile", "cellulare": "mobile", "kom": "mobile",
    "tlm": "mobile", "gsm.": "mobile", "моб": "mobile", "мобильный": "mobile", "携帯": "mobile",
    "휴대폰": "mobile", "جوال": "mobile", "موبايل": "mobile",
    "faks": "fax", "факс": "fax", "팩스": "fax", "فاكس": "fax", "傳真": "fax", "传真": "fax",
    "residencia": "other", "wohnung": "other",
}
# looked up folded: NFKD splits Hangul syllables ("팩스") into their letters
LABEL_KINDS = {fold(label): kind for label, kind in LABEL_KINDS.items()}
# Labels that only say "telephone": the number's own type (mobile or not) decides the kind.
GENERIC_LABELS = {"tel", "telefon", "telefone", "telefono", "phone", "ph", "fon", "fone", "t", "p"}
_SINGLE_LETTER = {"t", "p", "o", "d", "m", "c", "f"}
# only in brackets: a bare "R." is Rua, "H." a house
_BRACKETED_LETTERS = {"o": "work", "r": "other", "h": "other", "m": "mobile", "f": "fax", "w": "work"}
_LABEL_TOKEN = re.compile(r"[^\W\d_]+\.?:?", re.U)


@dataclass
class PhoneResult:
    """Phones found on a card, the lines they came from and the warnings they raised."""

    phones: list[PhoneField] = field(default_factory=list)
    used: set[int] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)


SHARED_AREA_CONFIDENCE = 0.8  # a number completed with the area code of the one printed before it
LONE_NUMBER_DIGITS = 8  # an unlabelled digit run alone on its line is a phone from this length (as _plausible_invalid)
MAX_NUMBER_DIGITS = 15  # E.164's longest number, country code included


def label_kind(prefix: str) -> str | None:
    """The phone kind named by the label text printed just before a number, if any."""
    found = _label(prefix)
    return found[0] if found else None


def _label(prefix: str) -> tuple[str, bool] | None:
    """(kind, generic) for the label before a number; generic labels just say "telephone"."""
    found = list(_LABEL_TOKEN.finditer(prefix))
    kinds: list[str] = []
    generic = False
    for match in found[-3:]:
        token = match.group(0)
        bare = fold(token.rstrip(":."))
        # a single letter is a label only when written as one: "T:", "M.", "T/F", or right before the number
        slashed = "/" in (prefix[match.end() : match.end() + 1], prefix[max(match.start() - 1, 0) : match.start()])
        # "(O) 040-2345 6789, (R) 040-2780 4199": office and residence letters in brackets
        bracketed = prefix[max(match.start() - 1, 0) : match.start()] == "(" and prefix[match.end() :][:1] == ")"
        if bracketed and bare in _BRACKETED_LETTERS:
            kinds.append(_BRACKETED_LETTERS[bare])
            generic = False
            continue
        if bare in _SINGLE_LETTER and not (token.endswith((":", ".")) or slashed
                                           or prefix.rstrip().endswith(token)):
            continue
        if bare in LABEL_KINDS:
            kinds.append(LABEL_KINDS[bare])
            generic = bare in GENERIC_LABELS
    if not kinds:
        return None
    if "fax" in kinds and "work" in kinds:  # "Tel/Fax": one line serving both, call it work
        return "work", False
    return kinds[-1], generic


def _tel_and_fax(prefix: str) -> bool:
    """A label naming both a telephone and a fax ("Tel/Fax", "T/F"): one line that takes both."""
    found = _label(prefix)
    return found is not None and found[0] == "work" and "fax" in _label_kinds(prefix)


def _label_kinds(prefix: str) -> list[str]:
    """Every kind the label words before a number name ("Tel/Fax" -> work, fax)."""
    return [LABEL_KINDS[fold(m.group(0).rstrip(":."))] for m in list(_LABEL_TOKEN.finditer(prefix))[-3:]
            if fold(m.group(0).rstrip(":.")) in LABEL_KINDS]


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


# a run of 9-12 digits in groups, printed without a country code ("596.119.3466", "16 7196-2205")
_NATIONAL_RUN = re.compile(r"(?<![\w+])\(?\d[\d\s().\-/]{7,16}\d(?![\w])")


def national_numbers(lines: Iterable[str]) -> list[tuple[str, str | None]]:
    """The numbers the lines print without a country code (8 to 13 digits in groups), as printed, each with
    the kind its label names (None when unlabelled)."""
    found = []
    for line in lines:
        prepared = normalize_separators(line)
        for run in _NATIONAL_RUN.finditer(prepared):
            if 8 <= len(_digits(run.group(0))) <= 13:
                found.append((run.group(0).strip(), label_kind(prepared[: run.start()])))
    return found


_CAN_BE_MOBILE = (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)


def valid_in(number: str, region: str, kind: str | None = None) -> bool:
    """A number printed without a country code is a valid number of region (a mobile one when kind says so),
    as printed or, where the region dials locally without one, once an area code is put before it."""
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return False
    if parsed.country_code != phonenumbers.country_code_for_region(region):
        return False
    if not phonenumbers.is_valid_number(parsed):
        parsed = _with_some_area_code(number, parsed, region, kind)
        if parsed is None:
            return False
    return kind != "mobile" or phonenumbers.number_type(parsed) in _CAN_BE_MOBILE


MIN_LOCAL_DIGITS = 7


def _with_some_area_code(printed: str, parsed: phonenumbers.PhoneNumber, region: str,
                         kind: str | None) -> phonenumbers.PhoneNumber | None:
    """The local number (printed without the trunk prefix, of a length the region dials within an area) made
    valid by an area code before it, a mobile one when kind says so; None when it is no such number.

    Small businesses in Brazil print "2294-9484" and "9.9679-9468" without their area code: such numbers are
    the region's, as surely as whole ones (which area code is for the address to say, enrich.phone_areas).
    A number printed after the trunk prefix ("050 405 458") is a whole national number: valid or not as it is."""
    digits = _digits(printed)
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    trunk = metadata.national_prefix if metadata is not None else None
    if len(digits) < MIN_LOCAL_DIGITS or (trunk and digits.startswith(trunk)) or \
            phonenumbers.is_possible_number_with_reason(parsed) not in phone_areas.LOCAL_LENGTHS:
        return None
    return next((candidate for _, candidate in phone_areas.completions(str(parsed.national_number), region)
                 if kind != "mobile" or phonenumbers.number_type(candidate) in _CAN_BE_MOBILE), None)


def _groups(text: str) -> list[int]:
    return [len(g) for g in re.findall(r"\d+", text)]


def printed_shape_regions(lines: list[str]) -> Counter[str]:
    """Regions named by how a number without a country code is printed: valid there, grouped as it groups.

    Each country writes its numbers in its own groups ("33 4883 9877" in Mexico, "(16) 7196-2205" in
    Brazil, "0201 869877" in Germany); a number valid in exactly one of the supported countries and
    grouped the way that country formats it votes for it. Numbers that fit several say nothing.
    """
    found: Counter[str] = Counter()
    for text, _ in national_numbers(lines):
        if not 9 <= len(_digits(text)) <= 12:
            continue
        fits = {region for region in SUPPORTED if _grouped_as_in(text, region)}
        if len(fits) == 1:
            found[fits.pop()] += 1
    return found


@lru_cache(maxsize=4096)
def _grouped_as_in(text: str, region: str) -> bool:
    """The number is valid in region and printed in the groups of the region's national format."""
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return False
    if not phonenumbers.is_valid_number(number) or phonenumbers.region_code_for_number(number) != region:
        return False
    return _groups(text) == _groups(phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL))


def _candidates(text: str, region: str) -> list[phonenumbers.PhoneNumberMatch]:
    """Possible numbers in a line (strict matches first, then merely possible ones)."""
    prepared = normalize_separators(text)
    matches = list(phonenumbers.PhoneNumberMatcher(prepared, region, leniency=Leniency.POSSIBLE))
    return matches


def _digits(raw: str) -> str:
    return "".join(c for c in raw if c.isdigit())


def _plausible_invalid(raw: str, prefix: str, alone: bool) -> bool:
    """Keep an invalid candidate only when it looks like a phone: a label, a '+', long, or alone on its line."""
    alone = alone and len(_digits(raw)) >= LONE_NUMBER_DIGITS
    return raw.strip().startswith("+") or label_kind(prefix) is not None or len(_digits(raw)) >= 10 or alone


# "0324 238 05 40 / 43", "3512 9990/91/92": numbers that share all but their last digits
# each ending: up to 8 digits in groups ("/ 43", "/ 3344-5567"), never the start of a longer digit run
_TAIL_ITEM = r"\s*/\s*\d(?:[\s.\-]?\d){0,7}(?![\s.\-]?\d)"
_SHARED_TAIL = re.compile(rf"(?<=\d)((?:{_TAIL_ITEM})+)(?=\s*$|\s*[^\d\s/])")
_RUN_BEFORE = re.compile(r"[\d\s().\-+]*$")
_PAREN_CC = re.compile(r"(?<![\d+])\((\d{1,3})\)\s?")
_DIGIT_RUN = re.compile(r"\+?\(?\d[\d\s().\-/]{5,}\d")
# a certified standard ("ISO 14001", "ISO/IEC 27001:2013") is no phone number either
_STANDARD = re.compile(r"\b(?:ISO|IEC|EN|DIN)(?:\s?/\s?IEC)?\s?\d{3,5}(?:[-:]\d{1,4})*\b")
# the number after its label, the council's state between them too ("CREA-SP 5061234567", "OAB/SP 123.456")
_REGISTERED = re.compile(rf"(?:{REGISTRATION.pattern.removeprefix('(?i)')})\s*(?:[-/]\s*[A-Z]{{2}}\s*[-:]?\s*)?"
                         r"[\w./-]*\d[\w./-]*", re.I)
_FIELD_BAR = re.compile(r"\s\||\|\s")
# a postal code after its label ("C.P. 55310", "CEP 01310-200", "PLZ 10115"): never a number, nor the start
# of one wrapped onto the next line ("C.P. 55310" above "50145, Firenze" read as one Italian number)
_LABELLED_POSTCODE = re.compile(r"(?i)(?<![\w.])(?:c\.\s?p\.?|cp|cep|plz|zip)\s*[:.]?\s*\d[\d\-]{3,9}(?![\w])")
# "00" then a country code and a number: at least 9 more digits, in groups (a wide gap ends the number, so the
# "00" of "(06406) 005520     Fax …" is no international prefix)
_IDD_00 = re.compile(r"(?<![\d+])00(?=[1-9](?:[\s().\-]{0,2}\d){8,})")


def _prepare(line: str, region: str | None) -> tuple[str, list[tuple[int, list[str]]]]:
    """The line as the matcher should see it, and the shared tails cut off it (offset, their digits).

    "(237) 222 86 20" on a Cameroonian card prints the country code in brackets: it becomes "+237".
    Offsets are kept: every replacement has the length of what it replaces.
    """
    code = phonenumbers.country_code_for_region(region) if region else 0
    line = line.replace("±", "+")  # OCR's reading of a "+" (see text.normalize_separators)
    # a tax/registration number, a PO box or a labelled postal code is no phone number: blanked (same length)
    for pattern in (_REGISTERED, PO_BOX, _STANDARD, _LABELLED_POSTCODE):
        line = pattern.sub(lambda m: " " * len(m.group(0)), line)
    line = _IDD_00.sub("+ ", line)  # "0091 40 2385900": the international prefix most countries dial
    # a bar set off by a space separates fields ("Rua X, 22 | 2941-903 Maia"): it never joins two digit groups
    line = _FIELD_BAR.sub(lambda m: m.group(0).replace("|", ";"), line)
    prepared = _PAREN_CC.sub(lambda m: f"+{m.group(1)}" + " " * (len(m.group(0)) - len(m.group(1)) - 1)
                             if (code and int(m.group(1)) == code) or _bracketed_country_code(m, line, region)
                             else m.group(0), line)
    tails, spans = [], []
    for match in _SHARED_TAIL.finditer(prepared):
        endings = [_digits(e) for e in match.group(1).split("/") if _digits(e)]
        before = _digits(_RUN_BEFORE.search(prepared[: match.start()]).group(0))  # type: ignore[union-attr]
        # an ending replaces the last digits of a longer number: "089 / 123456" is one number, not two
        if all(len(before) >= len(e) + 2 for e in endings):
            tails.append((match.start(), endings))
            spans.append((match.start(), match.end()))
    for start, end in reversed(spans):
        prepared = prepared[:start] + " " * (end - start) + prepared[end:]
    return prepared, tails


_RUN_AFTER = re.compile(r"[\d\s.\-]*\d")


def _bracketed_country_code(match: re.Match[str], line: str, region: str | None) -> bool:
    """'(351) 968625414' with no region, or another's: a country code in brackets, when the number after it
    is valid in that country and the whole is no number of the region ('(351) 555-0143' is American)."""
    after = _RUN_AFTER.match(line, match.end())
    if after is None or phonenumbers.region_code_for_country_code(int(match.group(1))) == "ZZ":
        return False
    try:
        international = phonenumbers.parse(f"+{match.group(1)} {after.group(0)}", None)
    except phonenumbers.NumberParseException:
        return False
    if not phonenumbers.is_valid_number(international):
        return False
    if region is None:
        return True
    try:
        national = phonenumbers.parse(line[match.start() : after.end()], region)
    except phonenumbers.NumberParseException:
        return True
    return not phonenumbers.is_valid_number(national)


# A switchboard prints its number with the extension after a hyphen, and its other lines by their extension
# alone: "Tel. 07121 9876-0 · Fax -99", "Fax: -199" below "Tel.: +49 89 12345-0" (Germany's Durchwahl)
_EXTENSION_PART = re.compile(r"(?P<base>\+?\d[\d\s()/.]*\d)-\d{1,4}(?![\d-])"
                             r"|(?P<label>[^\W\d_]{2,}\.?:?\s*)[-–]\s?(?P<extension>\d{1,4})(?![\d-])")
MIN_BASE_DIGITS = 6  # digits at least of a number before its extension (no house or postal number)


def _with_extensions(lines: list[str]) -> list[str]:
    """The lines with each labelled extension alone ("Fax -99") written out on its switchboard's number."""
    base: str | None = None
    out = []

    def complete(match: re.Match[str]) -> str:
        nonlocal base
        if match.group("base") is not None:
            if len(_digits(match.group("base"))) >= MIN_BASE_DIGITS:
                base = match.group("base").strip()
            return match.group(0)
        if base is None or label_kind(match.group("label")) is None:
            return match.group(0)
        return f"{match.group('label')}{base}-{match.group('extension')}"

    for line in lines:
        out.append(_EXTENSION_PART.sub(complete, line))
    return out


def _with_last_digits(raw: str, tail: str) -> str:
    """'0324 238 05 40' with tail '43' -> '0324 238 05 43'."""
    chars, k = list(raw), len(tail)
    for i in range(len(chars) - 1, -1, -1):
        if k and chars[i].isdigit():
            k -= 1
            chars[i] = tail[k]
    return "".join(chars)


@lru_cache(maxsize=1)
def _postal_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(r.postcode_full for r in (address_rules(c) for c in SUPPORTED) if r and r.postcode_full)


def _postal_code_after_town(raw: str, before: str) -> bool:
    """A digit run shaped like some country's postal code (with its hyphen), right after a town or a state."""
    code = raw.strip()
    if "-" not in code and " " not in code:
        return False  # plain digit runs are far more often numbers than codes
    return bool(re.search(r"[^\W\d_]{2,}\.?,?\s*$", before)) and any(p.fullmatch(code) for p in _postal_patterns())


def _holds_postcode(raw: str, postal_code: str | None) -> bool:
    """The digits of a candidate number contain the address's postal code ('14 - 25903': number, code)."""
    code = _digits(postal_code or "")
    return len(code) >= 4 and code in _digits(raw)


def _trailing_label(text: str) -> str | None:
    """A label printed after the number: '(202) 228-5417 fax', '2385900 (Residence)'."""
    first = re.match(r"\s*\(?\s*([^\W\d_]+)", text)
    return first.group(1) if first and label_kind(first.group(1) + ":") else None


def find_phones(
    lines: list[str],
    region: str | None,
    *,
    region_inferred: bool = False,
    place: tuple[str, ...] = (),
    excluded: set[int] | frozenset[int] = frozenset(),
    alternatives: tuple[str, ...] = (),
    address_codes: dict[int, str] | None = None,
) -> PhoneResult:
    """Find every phone number on the card: E.164 value, kind, region and validity.

    `address_codes` maps the lines the address took to its postal code ("" when it has none): an
    unlabelled digit run there that holds the code ("Junkenplatz 9/3 - 49458 Hainichen") is a house
    number and a postcode, not a phone; and the address's digits never tell the card's home region.

    `alternatives` are other regions to try, in order, for a number printed without a country code
    that is not valid in `region` (e.g. MX and AR when the region was only guessed from Spanish).
    `place` is the town (and region) the card's address prints, to complete a number printed without
    its area code. Numbers sharing a label ("Tel: 0324 238 05 40 / 43") are each kept; consecutive
    endings ("3512 9990/91/92/93") are one switchboard, kept once with a warning. Alternatives are not
    tried once a number without a country code validates in `region`, and a local number of the region
    (printed without its area code, e.g. Brazil's 8 and 9 digits) keeps its printed digits, unverified,
    unless a region of the same language reads it whole.
    """
    result = PhoneResult()
    lines = _with_extensions(lines)
    match_region = region or "ZZ"
    card_area = phone_areas.card_area([ln[m.start : m.end] for i, ln in enumerate(lines) if i not in excluded
                                       for m in _candidates(ln, match_region)], region, place)
    if region and _home_numbers(lines, region, excluded, address_codes or {}):
        # the card's numbers share one country: once one printed without a country code is valid in the
        # region, the others are read there too (unverified if need be), not in a region picked for them
        alternatives = ()
    seen: set[str] = set()
    pending_label: str | None = None
    context = _Context(region, region_inferred, place, card_area, alternatives)

    def keep(phone: PhoneField | None, warning: str | None, index: int) -> None:
        if phone is None or phone.value in seen:
            return
        if phone.valid and phone.region_inferred and phone.region:
            context.card_codes.append(phonenumbers.country_code_for_region(phone.region))
        seen.add(phone.value)
        result.phones.append(phone)
        result.used.add(index)
        if warning:
            result.warnings.append(warning)

    wrapped: set[int] = set()
    shared_lines: list[PhoneField] = []  # numbers labelled "Tel/Fax"
    for index, printed in enumerate(lines):
        if index in excluded or index in wrapped:
            continue
        line, tails = _prepare(printed, region)
        matches = _candidates(line, match_region)
        for other in context.ordered_alternatives():
            if matches or not any(c.isdigit() for c in line):
                break
            # another region's matcher is more lenient with short digit runs: only its valid numbers count
            # and only numbers of 7 digits or more: "50256 Köln" is a valid Austrian number, and a postcode
            matches = [m for m in _candidates(line, other) if phonenumbers.is_valid_number(m.number)
                       and len(_digits(line[m.start : m.end])) >= 7]
        if matches and not any(phonenumbers.is_valid_number(m.number) or m.raw_string.lstrip().startswith("+")
                               for m in matches):
            # the region's matcher took only part of a longer number ("0378-196" of "0378-196 9802" on a
            # Turkish card read as American): a region the card also points to that reads it whole wins
            covered = sum(len(_digits(m.raw_string)) for m in matches)
            for other in context.ordered_alternatives():
                whole = [m for m in _candidates(line, other) if phonenumbers.is_valid_number(m.number)
                         and len(_digits(m.raw_string)) >= 7]
                if whole and sum(len(_digits(m.raw_string)) for m in whole) > covered:
                    matches = whole
                    break
            else:
                if _cut_short(line, matches):
                    # no region reads it whole: the whole printed run is kept unverified below, never its start
                    # alone ('+10352880' of 'Tel: 0352-880 9313')
                    matches = []
        following = lines[index + 1] if index + 1 < len(lines) and index + 1 not in excluded else ""
        wraps = _only_digits(following) or label_kind(line) is not None or "+" in line
        cut = not any(phonenumbers.is_valid_number(m.number) for m in matches)  # no number whole on this line
        # a whole number on this line and another whole one on the next are two numbers, not one wrapped
        if _ends_with_digits(line) and following and wraps and (cut or (
                _only_digits(following) and not _holds_number(following, match_region))):
            joined = line + " " + following  # a number wrapped onto the next line
            # the wrapped tail is the whole next line: "WA, 2059" + "0487.436.727" is a postcode and a number
            crossing = [m for m in _candidates(joined, match_region)
                        if m.start < len(line) < m.end and (not matches or phonenumbers.is_valid_number(m.number))
                        and not any(c.isdigit() for c in joined[m.end :])]
            if crossing:
                matches, line, printed = crossing, joined, printed + " " + following
                result.used.add(index + 1)
                wrapped.add(index + 1)
        if not matches:
            label = line if label_kind(line) else pending_label
            run = _DIGIT_RUN.search(line)
            # a number alone on its line is a phone even unlabelled: on a card no region reads ("0162-972507"
            # beside a .com address) the matcher finds nothing, yet the printed number must not be lost. With a
            # region, what its matcher leaves is no number of it (a postal code, a tax number)
            lone_number = region is None and run is not None and "/" not in run.group(0) \
                and LONE_NUMBER_DIGITS <= len(_digits(run.group(0))) <= MAX_NUMBER_DIGITS \
                and not line.replace(run.group(0), "").strip(" .,;:")
            if (label or lone_number) and run and len(_digits(run.group(0))) >= 7:
                before_count = len(result.phones)
                keep(*_unmatched(run.group(0).strip(), printed[run.start() : run.end()].strip(), printed,
                                 label or "", region), index)
                if len(result.phones) > before_count and label and _tel_and_fax(label):
                    shared_lines.append(result.phones[-1])
            pending_label = line if label_kind(line) and len(line) <= 12 else None
            continue
        previous_end, previous_prefix = 0, ""
        previous_number: phonenumbers.PhoneNumber | None = None
        previous_raw = ""
        for n, match in enumerate(matches):
            prefix = line[previous_end : match.start]
            previous_end = match.end
            if not prefix.strip(" :.-") and pending_label:
                prefix = pending_label
            shares_label = bool(n) and prefix.strip() in ("/", ",", ";", "-", "–")
            if shares_label:
                prefix = previous_prefix  # "Tel/Fax: 030 1234567 / 030 1234568": both numbers share the label
            previous_prefix = prefix
            upto = matches[n + 1].start if n + 1 < len(matches) else len(line)
            # a label after the number ("Phone: 040 2385900 (Residence)") is more precise than "Phone"
            # (bracketed or closing the line: "TEL 2088-7885 FAX 752-7463" gives FAX to the second number)
            before = _label(prefix)
            trailing = line[match.end : upto]
            after = _trailing_label(trailing) if before is None or (before[1] and (
                n + 1 == len(matches) or trailing.lstrip().startswith("("))) else None
            raw = line[match.start : match.end]
            if label_kind(prefix) is None and not raw.lstrip().startswith("+") and (_postal_code_after_town(
                    raw, line[: match.start]) or _holds_postcode(raw, (address_codes or {}).get(index))):
                continue  # "San Alicia, YUC 86868-0302": a postal code after its town, not a phone number
            alone = len(matches) == 1 and not tails and not any(c.isalpha() for c in line)
            before_count = len(result.phones)
            shared_area = _with_area_of(match.number, previous_number, raw) if shares_label else None
            if shared_area is not None:
                phone, _ = _to_field(raw, shared_area, prefix, context, after, alone)
                if phone is not None:
                    phone.confidence = SHARED_AREA_CONFIDENCE
                keep(phone, f"Phone {raw.strip()} is printed without its area code after "
                            f"{previous_raw.strip()}; read it with that number's area code.", index)
            else:
                keep(*_to_field(raw, match.number, prefix, context, after, alone), index)
            previous_number, previous_raw = match.number, raw
            if len(result.phones) > before_count and _tel_and_fax(after + ":" if after else prefix):
                shared_lines.append(result.phones[-1])
            for start, suffixes in tails:
                if start >= match.end and not line[match.end : start].strip():
                    if _hunt_group(_digits(raw), suffixes):
                        # "3512 9990/91/92/93/94": consecutive lines of one switchboard, one number to call
                        result.warnings.append(f"Phone {raw.strip()}/{'/'.join(suffixes)} is one switchboard "
                                               f"with {len(suffixes) + 1} lines; kept its first number.")
                        continue
                    for suffix in suffixes:  # the numbers that share this one's label and leading digits
                        shared = _with_last_digits(raw, suffix)
                        try:
                            number = phonenumbers.parse(shared, match_region)
                        except phonenumbers.NumberParseException:
                            continue
                        keep(*_to_field(shared, number, prefix, context, after), index)
        pending_label = None
    # "Tél: X" and "Tél/Fax: Y" on one card: Y is the line to fax to (X is the phone)
    if shared_lines and any(p.kind == "work" and p not in shared_lines for p in result.phones):
        for phone in shared_lines:
            phone.kind = "fax"
    return result


def _with_area_of(number: phonenumbers.PhoneNumber, before: phonenumbers.PhoneNumber | None,
                  raw: str) -> phonenumbers.PhoneNumber | None:
    """'040-2374 6171, 2375 4048': a second number on the label printed without the area code the first one
    carries, completed with it when that gives a valid number as long as the first, or one digit longer (a
    mobile beside a landline in Brazil), else None."""
    if before is None or raw.strip().startswith("+") or phonenumbers.is_valid_number(number):
        return None
    if not phonenumbers.is_valid_number(before):
        return None
    national = str(before.national_number)
    area = national[: phonenumbers.length_of_geographical_area_code(before)]
    digits = _digits(raw).lstrip("0")
    if not area or len(area) + len(digits) not in (len(national), len(national) + 1):  # a mobile may be longer
        return None
    completed = phonenumbers.PhoneNumber(country_code=before.country_code, national_number=int(area + digits))
    return completed if phonenumbers.is_valid_number(completed) else None


def _hunt_group(first: str, suffixes: list[str]) -> bool:
    """Suffixes that continue the number's own last digits one by one (90/91/92/93): one line's hunt group.

    A single suffix ("05 40 / 43") or a jump is a second number of its own; two or more consecutive
    endings printed after one number are the lines of one switchboard, dialled through the first.
    """
    if len(suffixes) < 2 or len({len(x) for x in suffixes}) != 1:
        return False
    width = len(suffixes[0])
    endings = [int(first[-width:])] + [int(x) for x in suffixes]
    return all(b == a + 1 for a, b in itertools.pairwise(endings))


def _home_numbers(lines: list[str], region: str, excluded: set[int] | frozenset[int],
                  address_codes: dict[int, str]) -> bool:
    """Whether a number printed without a country code on the card (7 digits or more) is valid in region."""
    for index, line in enumerate(lines):
        if index in excluded:
            continue
        prepared = _prepare(line, region)[0]
        for match in _candidates(prepared, region):
            raw = prepared[match.start : match.end]
            # (the address's digits are no number of the card: "TAB 51124-2788" reads as a Spanish one)
            if (not raw.lstrip().startswith("+") and len(_digits(raw)) >= 7
                    and (index not in address_codes or label_kind(prepared[: match.start]) is not None)
                    and phonenumbers.is_valid_number(match.number)
                    and phonenumbers.region_code_for_number(match.number) == region):
                return True
    return False


@dataclass(frozen=True)
class _Context:
    """What every number on a card is read with: the region, whether it was guessed, the address's town."""

    region: str | None
    region_inferred: bool
    place: tuple[str, ...]
    card_area: int | None
    alternatives: tuple[str, ...]
    card_codes: list[int] = field(default_factory=list)  # country codes the card's other numbers were read in

    def ordered_alternatives(self, among: tuple[str, ...] | None = None) -> tuple[str, ...]:
        """The alternatives, those sharing a country code with the card's numbers read so far first."""
        regions = self.alternatives if among is None else among
        return tuple(sorted(regions, key=lambda r: phonenumbers.country_code_for_region(r) not in self.card_codes))


def _unmatched(run: str, shown: str, line: str, label: str, region: str | None) -> tuple[PhoneField, str]:
    """A run of digits no number pattern accepts, labelled or alone on its line: kept as printed, unverified.
    Unlabelled, it is the card's work number, as a valid number of no particular type would be."""
    digits = _digits(run)
    value = "+" + digits if run.startswith("+") else digits
    run = shown
    kind = label_kind(label) or ("other" if label.strip() else "work")
    return PhoneField(value=value, kind=kind, region=region, valid=False, confidence=0.3,
                      raw=line.strip()), (f"Phone {run} does not validate as a real number; kept as printed, "
                                          "please check it.")


def _holds_number(line: str, region: str) -> bool:
    """The line holds a whole valid number of its own."""
    return any(phonenumbers.is_valid_number(m.number) for m in _candidates(line, region))


def _cut_short(line: str, matches: list[phonenumbers.PhoneNumberMatch]) -> bool:
    """A match is only the start or the end of the run of digits it was printed in (two more digits or more)."""
    for match in matches:
        run = next((r for r in _DIGIT_RUN.finditer(line) if r.start() <= match.start < r.end()), None)
        if run is not None and len(_digits(run.group(0))) >= len(_digits(match.raw_string)) + 2:
            return True
    return False


def _ends_with_digits(line: str) -> bool:
    stripped = line.rstrip()
    digits = sum(c.isdigit() for c in stripped)
    return bool(stripped) and ((stripped[-1].isdigit() and digits >= 3) or (stripped[-1] == ")" and digits >= 2))


def _only_digits(line: str) -> bool:
    """A line of digits and separators only: the tail of a wrapped number."""
    return any(c.isdigit() for c in line) and not any(c.isalpha() for c in line)


def _to_field(
    raw: str,
    number: phonenumbers.PhoneNumber,
    prefix: str,
    context: _Context,
    after: str | None = None,
    alone: bool = False,
) -> tuple[PhoneField | None, str | None]:
    """The field for one number: valid, completed with an area code, valid elsewhere, or kept unverified."""
    region, region_inferred, alternatives = context.region, context.region_inferred, context.alternatives
    if after:  # the label printed after the number says its kind
        prefix = after + ":"
    label = label_kind(prefix)
    printed_cc = raw.strip().startswith("+")
    shown = (raw + " " + after) if after else (prefix.strip() + " " + raw).strip() if label else raw
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
    place = context.place
    completed = phone_areas.with_area_code(raw, region or "", place, context.card_area)
    if completed is not None:
        fixed, area = completed
        return PhoneField(
            value=phonenumbers.format_number(fixed, PhoneNumberFormat.E164),
            kind=_kind(prefix, fixed), region=phonenumbers.region_code_for_number(fixed),
            valid=True, confidence=0.7, raw=shown, region_inferred=True,
        ), (f"Phone {raw} is printed without an area code; assumed {area}, the area code of "
            f"{', '.join(place)} printed in the address.")
    local = not printed_cc and _local_only(raw, region)
    if local:
        # "2294-9484" on a Brazilian card is a local number missing its area code: another region reads it
        # only when it speaks the card's region's language (Portugal for Brazil), never Belgium (+32)
        alternatives = tuple(a for a in alternatives if a in same_language_regions(region or ""))
    if not printed_cc and label is None and _is_postcode(raw, region):
        return None, None  # "34007-859" on a Brazilian card is its CEP, not a Belgian number
    if not printed_cc and len(_digits(raw)) >= 7:  # a short number valid elsewhere is mostly a postcode
        for other in context.ordered_alternatives(alternatives):
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
    if not _plausible_invalid(raw, prefix, alone):
        return None, None
    if local:  # kept as printed: no area code is invented, the digits are what the card says
        return PhoneField(
            value=_digits(raw), kind=_local_kind(prefix, _digits(raw), region or ""), region=region, valid=False,
            confidence=0.4, raw=shown, region_inferred=region_inferred,
        ), (f"Phone {raw.strip()} is printed without an area code and no town on the card gives it one; "
            "kept as printed, please add the area code.")
    # keep it visible but unverified: "+<country><national>" when the country is known, else the digits
    value = phonenumbers.format_number(number, PhoneNumberFormat.E164) if (printed_cc or region) else _digits(raw)
    return PhoneField(
        value=value, kind=_kind(prefix, number), region=phonenumbers.region_code_for_number(number) or region,
        valid=False, confidence=0.4, raw=shown, region_inferred=region_inferred and not printed_cc,
    ), (f"Phone {raw} looks like an old 8-digit Brazilian mobile number (before the extra 9 was added); "
        "kept as printed, please check it." if _old_brazilian_mobile(number)
        else f"Phone {raw} does not validate as a real number; kept as printed, please check it.")


def same_language_regions(region: str) -> set[str]:
    """The regions that print cards in a language the region prints them in (BR -> BR, PT)."""
    found = {region}
    for language, main in LANGUAGE_DEFAULT_REGION.items():
        family = {main, *LANGUAGE_OTHER_REGIONS.get(language, ())}
        if region in family:
            found |= family
    return found


def _is_postcode(raw: str, region: str | None) -> bool:
    """Digits printed in the shape of the region's postal codes, separator included ("04567-123")."""
    postal = address_rules(region) if region else None
    code = raw.strip()
    return (postal is not None and postal.postcode_full is not None and not code.isdigit()
            and bool(postal.postcode_full.fullmatch(code)))


def _local_only(raw: str, region: str | None) -> bool:
    """A number of the length the region's metadata says is dialled only within its area (no area code).

    Brazil's 8-digit fixed lines and 9-digit mobiles, Mexico's and Argentina's 7-8 digit local numbers;
    not a postal code of the region ("76831-056" is a Brazilian CEP).
    """
    digits = _digits(raw)
    if not region or not digits or digits.startswith("0") or _is_postcode(raw, region):
        return False
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    if metadata is None:
        return False
    lengths = {n for desc in (metadata.general_desc, metadata.fixed_line, metadata.mobile) if desc is not None
               for n in desc.possible_length_local_only}
    return len(digits) in lengths and len(digits) >= 7


@lru_cache(maxsize=256)
def _local_kind_by_type(digits: str, region: str) -> str:
    """'mobile' when every area code that makes the local number valid makes it a mobile number."""
    code = phonenumbers.country_code_for_region(region)
    types = set()
    for area in range(10, 100):
        candidate = phonenumbers.PhoneNumber(country_code=code, national_number=int(f"{area}{digits}"))
        if phonenumbers.is_valid_number_for_region(candidate, region):
            types.add(phonenumbers.number_type(candidate))
    return "mobile" if types == {PhoneNumberType.MOBILE} else "work"


def _local_kind(prefix: str, digits: str, region: str) -> str:
    """The kind of a number printed without its area code: the label's, else what its shape says."""
    found = _label(prefix)
    if found is not None and not found[1]:
        return found[0]
    return _local_kind_by_type(digits, region)
