"""Valid phone numbers for synthetic cards, printed the way each country prints them.

phonenumbers gives the example number per region and type, validity and formatting; we only vary
digits (keeping realistic area-code prefixes) and re-check validity, then choose a printed style and
check that the printed text parses back to the same number.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

FIXED = "fixed"
MOBILE = "mobile"

# realistic leading digits of the national significant number (area codes, mobile ranges)
PREFIXES: dict[tuple[str, str], tuple[str, ...]] = {
    ("ES", FIXED): ("91", "93", "96", "95", "94"), ("ES", MOBILE): ("6", "7"),
    ("MX", FIXED): ("55", "33", "81", "222"), ("MX", MOBILE): ("55", "33", "81", "442"),
    ("AR", FIXED): ("11", "351", "341"), ("AR", MOBILE): ("911", "9351"),
    ("CO", FIXED): ("601", "604", "602"), ("CO", MOBILE): ("300", "310", "315", "320"),
    ("US", FIXED): ("212", "415", "617", "312", "206", "512"), ("US", MOBILE): ("646", "415", "720", "917"),
    ("GB", FIXED): ("20", "161", "113", "117"), ("GB", MOBILE): ("77", "79", "74"),
    ("FR", FIXED): ("1", "4", "3", "5"), ("FR", MOBILE): ("6", "7"),
    ("DE", FIXED): ("30", "89", "40", "221", "69"), ("DE", MOBILE): ("151", "160", "170", "176"),
    ("AT", FIXED): ("1", "316", "662", "732"), ("AT", MOBILE): ("664", "676", "699"),
    ("CH", FIXED): ("44", "31", "22", "61"), ("CH", MOBILE): ("76", "78", "79"),
    ("PT", FIXED): ("21", "22"), ("PT", MOBILE): ("91", "92", "93", "96"),
    ("BR", FIXED): ("113", "213", "313"), ("BR", MOBILE): ("119", "219", "319"),
    ("BE", FIXED): ("2", "3", "9", "4", "16"), ("BE", MOBILE): ("47", "48", "49"),
    ("IN", FIXED): ("11", "22", "33", "40", "44", "80", "124", "484"), ("IN", MOBILE): ("98", "99", "94", "70", "81"),
}


@dataclass(frozen=True)
class Phone:
    """A phone as printed on the card, its E.164 form and the kind the label format expects."""

    printed: str
    e164: str
    kind: str  # work | mobile | fax

    def label_json(self) -> dict[str, str]:
        """The expected.json entry for this phone."""
        return {"number": self.printed, "e164": self.e164, "kind": self.kind}


def _type_ok(number: phonenumbers.PhoneNumber, wanted: str) -> bool:
    kind = phonenumbers.number_type(number)
    if wanted == MOBILE:
        return kind in (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)
    return kind in (PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE)


def random_number(rng: random.Random, region: str, wanted: str) -> phonenumbers.PhoneNumber:
    """A valid number of the wanted type (fixed or mobile) in the region."""
    example_type = PhoneNumberType.MOBILE if wanted == MOBILE else PhoneNumberType.FIXED_LINE
    example = phonenumbers.example_number_for_type(region, example_type)
    nsn = phonenumbers.national_significant_number(example)
    prefixes = PREFIXES.get((region, wanted), (nsn[:2],))
    for attempt in range(400):
        prefix = rng.choice(prefixes)
        length = len(nsn) + (rng.choice((-1, 0, 0, 1)) if region in ("DE", "AT") else 0)
        if attempt > 300:  # fall back to varying the example's tail
            prefix = nsn[: len(nsn) - 4]
            length = len(nsn)
        tail = "".join(str(rng.randint(0, 9)) for _ in range(max(length - len(prefix), 1)))
        if tail[0] in "01" and region in ("US",):
            continue
        candidate = phonenumbers.parse("+" + str(example.country_code) + prefix + tail)
        if phonenumbers.is_valid_number(candidate) and _type_ok(candidate, wanted):
            return candidate
    return example


def sibling_number(rng: random.Random, number: phonenumbers.PhoneNumber) -> phonenumbers.PhoneNumber:
    """Another valid number on the same line (a fax beside the switchboard): the last digits changed."""
    nsn = phonenumbers.national_significant_number(number)
    for _ in range(100):
        tail = "".join(str(rng.randint(0, 9)) for _ in range(2))
        candidate = phonenumbers.parse(f"+{number.country_code}{nsn[:-2]}{tail}")
        if candidate != number and phonenumbers.is_valid_number(candidate):
            return candidate
    return number


def _styles(region: str, number: phonenumbers.PhoneNumber) -> list[str]:
    intl = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
    national = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    styles = [intl, intl, national, national]
    cc = f"+{number.country_code}"
    rest = intl[len(cc):].strip()
    styles.append(cc + " " + rest.replace("-", " "))
    if region in ("MX", "CO", "US", "PT", "AR"):
        styles.append(cc + "." + rest.replace(" ", ".").replace("-", "."))
    if region == "FR":
        styles.append(national.replace(" ", "."))
    if region == "US":
        digits = phonenumbers.national_significant_number(number)
        styles += [f"{digits[:3]}-{digits[3:6]}-{digits[6:]}", f"{digits[:3]}.{digits[3:6]}.{digits[6:]}",
                   f"+1 {digits[:3]}-{digits[3:6]}-{digits[6:]}", f"+1 ({digits[:3]}) {digits[3:6]}-{digits[6:]}"]
    if region in ("GB", "DE", "AT", "CH"):
        styles.append(f"{cc} (0){rest}" if rest[:1] != "(" else intl)
        styles.append(national.replace(" ", " / ", 1) if region in ("DE", "AT") else national)
    if region == "IN":  # "080-2226 1234", "98450 12345", "+91-98450-12345", "0091 80 2226 1234"
        nsn = phonenumbers.national_significant_number(number)
        area = national.split()[0].lstrip("0") if national.startswith("0") else ""
        if area and nsn.startswith(area):
            styles.append(f"0{area}-{nsn[len(area):]}")
        else:
            styles += [f"{nsn[:5]} {nsn[5:]}", f"0{nsn}", f"+91-{nsn[:5]}-{nsn[5:]}"]
        styles.append("00" + intl[1:])
    if region == "BR":
        nsn = phonenumbers.national_significant_number(number)
        styles.append(f"({nsn[:2]}) {nsn[2:-4]}-{nsn[-4:]}")
        styles.append(f"+55 {nsn[:2]} {nsn[2:-4]}-{nsn[-4:]}")
    styles.append(e164)
    return styles


def printed_form(rng: random.Random, region: str, number: phonenumbers.PhoneNumber) -> str:
    """A printed style typical for the region that parses back (with the region) to the same number."""
    styles = _styles(region, number)
    for _ in range(6):
        text = rng.choice(styles)
        try:
            parsed = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            continue
        if parsed.country_code == number.country_code and parsed.national_number == number.national_number:
            return text
    return phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)


def make_phone(rng: random.Random, region: str, kind: str) -> Phone:
    """A phone of kind work, mobile or fax for a card printed in the region."""
    number = random_number(rng, region, MOBILE if kind == "mobile" else FIXED)
    return Phone(printed_form(rng, region, number),
                 phonenumbers.format_number(number, PhoneNumberFormat.E164), kind)


def make_fax_beside(rng: random.Random, region: str, work: Phone) -> Phone:
    """A fax number sharing the work number's prefix, printed in the same style family."""
    number = sibling_number(rng, phonenumbers.parse(work.e164))
    return Phone(printed_form(rng, region, number),
                 phonenumbers.format_number(number, PhoneNumberFormat.E164), "fax")


def faker_phone(rng: random.Random, fake: object, region: str, kind: str) -> Phone:
    """A phone in the format Faker's locale prints, kept only when phonenumbers validates it (and its type
    fits the kind); otherwise one of make_phone's."""
    wanted = MOBILE if kind == "mobile" else FIXED
    for _ in range(25):
        text = fake.phone_number()  # type: ignore[attr-defined]
        if "x" in text.lower() or "ext" in text.lower():
            continue  # extensions are not part of the E.164 number the label records
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.region_code_for_number(number) != region and region != "CA":
            continue
        if phonenumbers.is_valid_number(number) and _type_ok(number, wanted):
            return Phone(text, phonenumbers.format_number(number, PhoneNumberFormat.E164), kind)
    return make_phone(rng, region, kind)
