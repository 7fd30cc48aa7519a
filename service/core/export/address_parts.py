"""A stored address (a card's, or one the user typed) as the parts address books want, from the reader's parser.

`enrich.address.parse_address` does the splitting (street, locality, region, postal code, PO box, country); when
it cannot split an address with confidence the whole text goes into `street` and the other parts stay empty, so
an address book never receives a town that is really half of a street.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import pycountry

from enrich.address import PostalAddress, parse_address

EMPTY: dict[str, str | None] = {"address": None, "label": None, "street": None, "city": None, "region": None,
                                "postal_code": None, "po_box": None, "country": None, "country_name": None}


def country_name(code: str | None) -> str | None:
    """The English short name of an ISO 3166-1 alpha-2 code ("FR" → "France"); the text itself if unknown."""
    if not code:
        return None
    country = pycountry.countries.get(alpha_2=code.upper())
    return getattr(country, "common_name", None) or country.name if country else code


@lru_cache(maxsize=4096)  # one company's people share an address; the parser takes a few ms an address
def _parse(lines: tuple[str, ...], country: str | None) -> PostalAddress:
    return parse_address(list(lines), country)


def address_parts(address: dict[str, Any] | None) -> dict[str, str | None]:
    """address (one line), label (printed lines), street, city, region, postal_code, po_box, country, country_name."""
    if not address or not str(address.get("value") or "").strip():
        return dict(EMPTY)
    value = str(address["value"]).strip()
    if "\n" in value:  # typed on several lines: those are the printed lines (the stored ones split at commas)
        lines = [line.strip() for line in value.splitlines() if line.strip(" ,")]
    else:
        lines = [str(line).strip() for line in address.get("lines") or [] if str(line).strip(" ,")]
    if any(address.get(key) for key in ("locality", "postal_code", "region", "po_box")):
        # split when the card was read (the same parser) or by the contacts file it came from: no second parse
        parsed = PostalAddress(address.get("street"), address.get("locality"), address.get("region"),
                               address.get("postal_code"), address.get("po_box"), address.get("country"),
                               tuple(lines), True)
    else:
        parsed = _parse(tuple(lines) or (value,), address.get("country"))
    if not parsed.split:
        return {**EMPTY, "address": value, "label": "\n".join(lines) or value, "street": value,
                "country": address.get("country"), "country_name": country_name(address.get("country"))}
    country = parsed.country or address.get("country")
    return {"address": value, "label": "\n".join(lines) or value, "street": parsed.street,
            "city": parsed.locality, "region": parsed.region, "postal_code": parsed.postal_code,
            "po_box": parsed.po_box, "country": country, "country_name": country_name(country)}
