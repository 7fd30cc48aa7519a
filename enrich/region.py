"""The region a card's numbers without a country code are read in: every clue on the card votes.

A QR code's numbers, the printed +CC prefixes, the email/website ccTLDs, the address and the card's
language each vote with a weight for how directly they name a country. The address votes as strongly
as its evidence: a postal code in the country's pattern, a region of that country or a printed
country name (3), a town alone (1; "Santiago" is a town in eleven countries). A language votes for its
main country only (1): Portuguese for Brazil, Spanish for Spain…, unless the address's postal code
cannot be one of that country's (a German card with '4778 Rottenmann' is Austrian, not German): then it
votes for the first other country of that language whose pattern the code fits. The other countries
that print cards in it, and the other regions voted for, are the alternatives tried when a number is not
valid in the winner. A number printed without a country code votes weakly (0.75) for the one country
where it is valid and grouped as printed ("16 7196-2205": Brazil); when that country speaks the card's
language, the language votes for it too, not for its main country. A company's legal form of a few
countries' law ("A.Ş.", "VOF", "GmbH") votes for them (1.5, shared). When only such weak clues name the
winner, the candidate in which more of the card's numbers are valid wins instead: a card's numbers share a
country.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from enrich.address import lexicon
from enrich.company import legal_form_regions
from enrich.enrichment import country_from_domain, is_free_email
from enrich.phones import national_numbers, printed_country_codes, printed_shape_regions, valid_in
from enrich.text import LANGUAGE_DEFAULT_REGION, LANGUAGE_OTHER_REGIONS, guess_language

QR_WEIGHT, PRINTED_WEIGHT, DOMAIN_WEIGHT, FREE_MAIL_WEIGHT, LANGUAGE_WEIGHT = 5.0, 4.0, 2.0, 0.5, 1.0
# a company's legal form of a few countries' law ("A.Ş.", "Lda.", "VOF") names them more surely than a language
# does; shared among the countries it belongs to ("GmbH": Germany, Austria, Switzerland)
LEGAL_FORM_WEIGHT = 1.5
# below the language: the shape only decides on a card with no other clue, and ranks the alternatives
SHAPE_WEIGHT = 0.75
ADDRESS_WEIGHTS = {3: 3.0, 2: 2.0, 1: 1.0}


@dataclass(frozen=True)
class RegionChoice:
    """The region chosen, the clue that weighed most for it, and the regions to try after it."""

    region: str | None
    reason: str | None
    alternatives: tuple[str, ...] = ()


def infer_region(
    texts: list[str],
    domains: list[str],
    address_country: str | None = None,
    address_strength: int = 3,
    qr_regions: list[str] | None = None,
    postal_code: str | None = None,
    number_lines: Sequence[str] = (),
) -> RegionChoice:
    """Weigh the card's clues and return the region its numbers are most likely printed in.

    `number_lines` are the card's phone lines: when only weak clues name the region (no QR code, printed
    country code, domain or postal address), a region the clues point to (or another country of the card's
    language) in which more of the numbers printed without a country code are valid wins over the one voted for.
    """
    votes: dict[str, float] = defaultdict(float)
    best_clue: dict[str, tuple[float, str]] = {}

    def vote(region: str | None, weight: float, reason: str) -> None:
        if not region or weight <= 0:
            return
        votes[region] += weight
        if weight > best_clue.get(region, (0.0, ""))[0]:
            best_clue[region] = (weight, reason)

    for region in set(qr_regions or []):
        vote(region, QR_WEIGHT, "the QR code")
    for region, count in printed_country_codes(texts).items():
        vote(region, PRINTED_WEIGHT + 0.5 * (count - 1), "the printed country code")
    for regions in dict.fromkeys(filter(None, map(legal_form_regions, texts))):
        for region in regions:
            vote(region, LEGAL_FORM_WEIGHT / len(regions), "the company's legal form")
    shapes = printed_shape_regions(texts)
    for region in shapes:
        vote(region, SHAPE_WEIGHT, "how the numbers are grouped")
    for domain in dict.fromkeys(d.lower() for d in domains):
        vote(country_from_domain(domain), FREE_MAIL_WEIGHT if is_free_email(domain) else DOMAIN_WEIGHT,
             "the website/email domain")
    vote(address_country, ADDRESS_WEIGHTS.get(address_strength, 1.0), "the address")
    language = guess_language(texts)
    if language:
        vote(_language_region(language, postal_code, shapes), LANGUAGE_WEIGHT,
             f"the card's language ({language})")
    if not votes:
        return RegionChoice(None, None)
    ranked = sorted(votes, key=lambda r: (-votes[r], -best_clue[r][0]))
    candidates = tuple(dict.fromkeys([*ranked, *LANGUAGE_OTHER_REGIONS.get(language or "", ())]))
    winner, reason = ranked[0], best_clue[ranked[0]][1]
    if best_clue[winner][0] < DOMAIN_WEIGHT:  # only weak clues (language, grouping, legal form, a town) name it
        valid_more = _where_more_are_valid(national_numbers(number_lines), candidates)
        if valid_more:
            winner, reason = valid_more, "the numbers printed without a country code"
    return RegionChoice(winner, reason, tuple(r for r in candidates if r != winner))


def _where_more_are_valid(numbers: list[tuple[str, str | None]], candidates: tuple[str, ...]) -> str | None:
    """The first candidate in which more of the numbers are valid (as the kind their label names) than in the
    first; None when none beats it.

    A card's numbers share one country: "05 040 54 58" and "0493 14 96 92" on a card whose clues say the
    Netherlands are both valid only in Belgium. Only a strict gain counts, so the clues' order decides ties.
    """
    if not numbers or len(candidates) < 2:
        return None
    counts = [sum(valid_in(number, region, kind) for number, kind in numbers) for region in candidates]
    best = max(counts)
    return None if counts[0] == best else candidates[counts.index(best)]


def _postcode_fits(country: str, postal_code: str) -> bool:
    rules = lexicon.rules(country)
    return rules is None or rules.postcode_full is None or bool(rules.postcode_full.fullmatch(postal_code))


def _language_region(language: str, postal_code: str | None, shapes: Collection[str] = ()) -> str:
    """The language's main country, or its first other country whose postal code pattern the code fits.

    Without a postal code, a country of the language that the numbers' grouping names wins over the main
    one: German says DE, AT or CH, and "043 774 75 12" (valid and grouped as printed only in Switzerland) says
    which.
    """
    main = LANGUAGE_DEFAULT_REGION[language]
    others = LANGUAGE_OTHER_REGIONS.get(language, ())
    if not postal_code:
        grouped = [r for r in (main, *others) if r in shapes]
        return grouped[0] if len(grouped) == 1 else main
    if _postcode_fits(main, postal_code):
        return main
    return next((r for r in others if _postcode_fits(r, postal_code)), main)
