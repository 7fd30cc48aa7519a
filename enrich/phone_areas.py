"""Numbers printed without their area code, completed from the town the card's address prints.

phonenumbers' geocoder names the place of every area code ("São Paulo - SP", "Berlin"); nothing else
on the card is needed, and nothing is guessed when the town does not single one area code out.
"""

from __future__ import annotations

from collections.abc import Iterator

import phonenumbers
from phonenumbers import ValidationResult

from enrich.address.lexicon import rules as address_rules
from enrich.text import fold


def _digits(raw: str) -> str:
    return "".join(c for c in raw if c.isdigit())


# the lengths of a number that may be local: an area code before it can make it whole
LOCAL_LENGTHS = (ValidationResult.IS_POSSIBLE, ValidationResult.IS_POSSIBLE_LOCAL_ONLY, ValidationResult.TOO_SHORT)
MAX_AREA_CODE = 999


def completions(digits: str, region: str) -> Iterator[tuple[int, phonenumbers.PhoneNumber]]:
    """(area code, number) for every area code of 1-3 digits that makes the local digits a valid number of
    the region; none longer than the region's longest number is tried."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    longest = max(metadata.general_desc.possible_length or (0,)) if metadata is not None else 0
    room = longest - len(digits)
    if room < 1:
        return
    country_code = phonenumbers.country_code_for_region(region)
    for area in range(1, min(MAX_AREA_CODE, 10**room - 1) + 1):
        candidate = phonenumbers.PhoneNumber(country_code=country_code, national_number=int(f"{area}{digits}"))
        if phonenumbers.is_valid_number_for_region(candidate, region):
            yield area, candidate


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
            local) not in LOCAL_LENGTHS:
        return None
    # imported here, on the first number that needs it: the geocoder's data costs a process about 100 MB
    from phonenumbers import geocoder

    town, state = fold(place[0]), fold(place[1]) if len(place) > 1 else None
    ranks: dict[int, set[int]] = {}
    for area, candidate in completions(digits, region):
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


def card_area(raws: list[str], region: str | None, place: tuple[str, ...]) -> int | None:
    """The one area code that the card's numbers printed without one share with the address's town."""
    if not place or not region:
        return None
    for raw in raws:
        area = _unique_area(_area_candidates(raw, region, place))
        if area is not None:
            return area
    return None


def with_area_code(raw: str, region: str, place: tuple[str, ...], card_area: int | None
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
