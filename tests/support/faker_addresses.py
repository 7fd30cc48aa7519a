"""Labelled test addresses from Faker's locales (test data only: the parser never reads Faker).

Each locale's own address format (Faker's `address_formats`) is rendered token by token, so every part
of the printed text is known: street (street address, building number, secondary address, bairro),
locality (city), region (state/province), postal code. Faker's US military formats (APO/FPO/DPO) are
left out: they are not addresses a business card prints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from faker import Faker

# locale -> the country whose conventions it prints (tr_TR has no address provider of its own: Faker
# falls back to en_US formats with Turkish names, so its addresses are US-shaped and parsed as such)
LOCALES = {"en_US": "US", "en_GB": "GB", "en_AU": "AU", "es_ES": "ES", "es_MX": "MX", "es_AR": "AR",
           "fr_FR": "FR", "fr_CA": "CA", "de_DE": "DE", "de_AT": "AT", "de_CH": "CH", "pt_BR": "BR",
           "pt_PT": "PT", "it_IT": "IT", "nl_NL": "NL", "tr_TR": "US", "nl_BE": "BE", "en_CA": "CA"}
FIELD_OF_TOKEN = {
    "city": "locality", "city_name": "locality", "state_abbr": "region", "state": "region",
    "province_abbr": "region", "province": "region", "estado_sigla": "region", "administrative_unit": "region",
    "postcode": "postal_code", "postalcode": "postal_code", "zipcode": "postal_code",
}
_TOKEN = re.compile(r"\{\{(\w+)\}\}")
_MILITARY = re.compile(r"military")
_IT_POSTCODE_CITY = re.compile(r"^(\d{5}), (.+) \((\w+)\)$")  # how Faker's it_IT composes that token
_AR_LAST_LINE = re.compile(r"^(.+) ([A-Z]?\d{4}), (.+)$")  # es_AR address(): "city code, province"


@dataclass(frozen=True)
class LabelledAddress:
    """A generated address: its printed lines and the parts it was made of."""

    locale: str
    country: str
    lines: tuple[str, ...]
    parts: dict[str, str | None]


def _formats(fake: Faker) -> list[str]:
    provider = next(p for p in fake.providers if "address" in type(p).__module__)
    formats = provider.address_formats
    return [f for f in (formats.keys() if hasattr(formats, "keys") else formats) if not _MILITARY.search(f)]


def generate(locale: str, count: int, seed: int = 11) -> list[LabelledAddress]:
    """`count` labelled addresses in one locale's conventions, reproducible for a seed."""
    fake = Faker(locale)
    fake.seed_instance(seed)
    formats = _formats(fake)
    out = []
    for _ in range(count):
        if locale == "es_AR":
            out.append(_es_ar(fake))
            continue
        fmt = fake.random_element(formats)
        lines, parts = [], {"street": [], "locality": None, "region": None, "postal_code": None}
        for template in fmt.split("\n"):
            line, street_bits = "", []
            pos = 0
            for match in _TOKEN.finditer(template):
                literal = template[pos : match.start()]
                pos = match.end()
                value = fake.format(match.group(1)).strip()
                line += literal + value
                if match.group(1) == "postcode_city_province":
                    postcode, city, province = _IT_POSTCODE_CITY.match(value).groups()
                    parts.update(postal_code=postcode, locality=city, region=province)
                    continue
                target = FIELD_OF_TOKEN.get(match.group(1), "street")
                if target == "street":
                    street_bits.append(literal + value)
                else:
                    parts[target] = value
            line += template[pos:]
            lines.extend(p.strip() for p in line.split("\n") if p.strip())  # a token may hold a line break
            if street_bits:
                parts["street"].append(" ".join("".join(street_bits).split("\n")))
        out.append(LabelledAddress(locale, LOCALES[locale], tuple(lines),
                                   {**parts, "street": ", ".join(parts["street"]) or None}))
    return out


def _es_ar(fake: Faker) -> LabelledAddress:
    text = fake.address()
    street, last = text.split("\n")
    city, postcode, province = _AR_LAST_LINE.match(last).groups()
    return LabelledAddress("es_AR", "AR", (street, last), {"street": street, "locality": city,
                                                            "region": province, "postal_code": postcode})
