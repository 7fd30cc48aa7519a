"""Region voting: printed +CC, QR, domains, address and language weigh in; the strongest clue wins."""

import pytest

from enrich.address import find_address
from enrich.phones import valid_in
from enrich.pipeline import build_card
from enrich.region import infer_region
from enrich.text import guess_language
from ocr.types import OcrLine, OcrResult, SourceInfo


def _card(lines: list[str]) -> OcrResult:
    return OcrResult(source=SourceInfo(file="t.jpg", sha256="0", width=1000, height=600), engine="test",
                     languages=["eng"], lines=[OcrLine(text=t, confidence=0.95, box=(10, 10 + 40 * i, 600, 30))
                                                for i, t in enumerate(lines)], codes=[], warnings=[])


def test_portuguese_without_other_clues_is_brazil_then_portugal() -> None:
    choice = infer_region(["Assistência Técnica", "Rua das Flores", "Atendimento e vendas"], [])
    assert choice.region == "BR" and choice.alternatives[:1] == ("PT",)


def test_a_printed_country_code_beats_the_language() -> None:
    assert infer_region(["Diretor Comercial", "Tel. +351 912 345 678"], []).region == "PT"


def test_the_address_postcode_beats_a_town_of_another_country_and_the_language() -> None:
    """'Santiago' is Chile's capital; a Spanish postcode and the Galician address say Spain."""
    lines = ["Manuel Castro", "Director Comercial", "Rúa do Vilar 12", "15705 Santiago de Compostela",
             "Tel. 981 123 456"]
    addr = find_address(lines)
    assert addr.country == "ES" and addr.strength == 3
    choice = infer_region(lines, [], addr.country, addr.strength)
    assert choice.region == "ES" and choice.reason == "the address"


def test_a_language_votes_for_a_country_whose_postal_codes_fit_the_address() -> None:
    """German, but four-digit postal codes are not Germany's: Austria (then Switzerland) before Germany."""
    lines = ["Geschäftsführerin", "Hauptstraße 2", "4778 Kleinstadt", "Tel.: 0512 02844 897"]
    assert infer_region(lines, [], postal_code="4778").region == "AT"
    assert infer_region(lines, [], postal_code="40210").region == "DE"
    assert infer_region(lines, []).region == "DE"


def test_a_town_alone_is_a_weak_clue() -> None:
    """'Santiago' alone names Chile weakly; the .es website outvotes it."""
    choice = infer_region(["Av. Apoquindo 3000, Santiago"], ["empresa.es"], "CL", 1)
    assert choice.region == "ES" and "CL" in choice.alternatives


def test_free_mail_domain_weighs_less_than_the_address() -> None:
    assert infer_region(["P.O. Box 8390 Yaounde - cameroon"], ["yahoo.fr"], "CM", 3).region == "CM"


@pytest.mark.parametrize(
    ("lines", "e164"),
    [
        (["Ana Souza", "Gerente", "Rua das Flores, 132 - São Paulo - SP", "Fone: (11) 3344-5566"], "+551133445566"),
        (["Manuel Castro", "Rúa do Vilar 12", "15705 Santiago de Compostela", "Tel. 981 123 456"], "+34981123456"),
        (["Andrea Klaus", "Geschäftsführerin", "Hauptstraße 2, 2. OG", "4778 Kleinstadt", "Tel.: 0512 02844 897"],
         "+4351202844897"),
        (["Abdul Shakir", "1st Floor, Block C-1, Zero Point, Islamabad.", "Ph Off: 051-9252887"], "+92519252887"),
    ],
)
def test_cards_read_their_numbers_in_the_region_the_clues_vote_for(lines: list[str], e164: str) -> None:
    card = build_card(_card(lines))
    assert [p.value for p in card.fields.phones] == [e164]
    assert card.fields.phones[0].region_inferred and any("has no country code" in w for w in card.warnings)


def test_a_portuguese_card_reads_a_local_number_as_brazilian_not_belgian() -> None:
    """'2294-9484' is valid in Brussels; a Portuguese card keeps it as a Brazilian local number."""
    card = build_card(_card(["João Silva", "Diretor Comercial", "Assistência Técnica", "Tel. 2294-9484",
                             "Avenue Louise 54"]))
    assert [(p.value, p.region, p.valid) for p in card.fields.phones] == [("22949484", "BR", False)]


@pytest.mark.parametrize(
    "lines",
    [
        ["Sales Manager", "Polígono del Tambre, Santiago de Compostela", "T. 981 55 66 77", "info@empresa.es"],
        ["Director Comercial", "Santiago de Compostela - Galicia", "Tel. 981 55 66 77", "ventas@empresa.es"],
        ["Director Comercial", "Vía Pasteur 5", "15890 Santiago de Compostela (A Coruña)", "Tel. 981 55 66 77"],
    ],
)
def test_a_spanish_town_named_like_a_city_elsewhere_does_not_outvote_spain(lines: list[str]) -> None:
    assert [p.value for p in build_card(_card(lines)).fields.phones] == ["+34981556677"]


@pytest.mark.parametrize(
    ("lines", "e164"),
    [
        (["Gabriele Nonis", "Direttore Commerciale", "Viale Roma 12", "Tel. 071 888 6942"], "+390718886942"),
        (["Ayşe Yılmaz", "Genel Müdür", "Atatürk Cad. No:5 Kat 3", "Tel: (0216) 537 62 33"], "+902165376233"),
        (["Jan de Vries", "Adviseur verkoop", "Postbus 12", "Telefoon 020 123 4567"], "+31201234567"),
    ],
)
def test_italian_turkish_and_dutch_cards_read_their_numbers_at_home(lines: list[str], e164: str) -> None:
    assert [p.value for p in build_card(_card(lines)).fields.phones] == [e164]


def test_with_no_other_clue_the_numbers_grouping_names_the_region() -> None:
    """A Mexican card with no address, no country code and no language word: '596.119.3466' is Mexican."""
    card = build_card(_card(["Acevedo A.C.", "RENÉ RASCÓN", "T.596.119.3466", "Fax 596 119 3414"]))
    assert [(p.value, p.kind) for p in card.fields.phones] == [("+525961193466", "work"), ("+525961193414", "fax")]


def test_the_grouping_ranks_below_the_language_and_first_among_the_alternatives() -> None:
    """'Médico Legista' is Spanish (and Portuguese); '16 7196-2205' is grouped as only Brazil groups it."""
    choice = infer_region(["Casa Grande", "Raul Cirino, Médico Legista", "Cel: 16 7196-2205"], [])
    assert choice.region == "ES" and choice.alternatives[0] == "BR"
    card = build_card(_card(["Casa Grande", "Raul Cirino, Médico Legista", "Cel: 16 7196-2205"]))
    assert [p.value for p in card.fields.phones] == ["+551671962205"]


def test_an_english_card_whose_numbers_fail_in_the_english_speaking_west_reads_them_as_indian() -> None:
    """India prints many English cards: its numbers ('09845012345', '080-2226 1234') are tried after GB, CA…"""
    card = build_card(_card(["Mahesh Agarwal", "Senior Manager - Sales", "Phone: 080-2226 1234",
                             "Mobile: 09845012345", "mahesh@kaveri.com"]))
    assert [p.value for p in card.fields.phones] == ["+918022261234", "+919845012345"]
    assert all(p.valid and p.region_inferred for p in card.fields.phones)


def test_letters_of_one_language_count_in_capitals_too() -> None:
    """'ELEŞTIRMEN', 'DURDU SEZER ŞTI.': Turkish by its Ş as much as 'eleştirmen' is; a plain I says nothing."""
    assert guess_language(["ELEŞTIRMEN", "DURDU SEZER ŞTI.", "Fax: 0442 148 09 81"]) == "tr"
    assert guess_language(["JOÃO SILVA"]) == "pt"
    assert guess_language(["IRIS IMI"]) is None


@pytest.mark.parametrize(("lines", "region", "e164"), [
    (["Hildegard Kälin", "Geschäftsführerin und Inhaberin", "Gfeller GmbH", "T 043 774 75 12"], "CH", "+41437747512"),
    (["Alena Weigl", "Leiterin Vertrieb und Marketing", "Heinzl GmbH", "Mobil: 0664 047736"], "AT", "+43664047736"),
    (["Jan Müller", "Leiter Vertrieb und Marketing", "Müller GmbH", "Tel. 030 1234567"], "DE", "+49301234567"),
])
def test_a_german_card_without_an_address_reads_its_numbers_where_their_grouping_says(lines, region, e164) -> None:
    """German is spoken in DE, AT and CH: a number valid and grouped as printed in one of them names it."""
    assert guess_language(lines) == "de"
    assert infer_region(lines, []).region == region
    assert [p.value for p in build_card(_card(lines)).fields.phones] == [e164]


def test_a_legal_form_of_one_country_outvotes_the_language() -> None:
    """'A.Ş.' is Turkish law; the card's English title says nothing of where its numbers are printed."""
    choice = infer_region(["Hezniye Ergül", "Sales Manager", "Akgündüz Tekstil A.Ş."], [])
    assert choice.region == "TR" and choice.reason == "the company's legal form"


@pytest.mark.parametrize(
    ("lines", "e164"),
    [
        # French says France; "08 124 07 23" has a digit too few there and both numbers are Belgian
        (["MARCELLA GEUDENS", "DIRECTEUR", "Derycke", "(0475) 484573", "08 124 07 23"],
         ["+32475484573", "+3281240723"]),
        # Dutch says the Netherlands, where "06/ 556 50 58" is no number; Belgium reads both
        (["Marie Van Lierde", "Directeur", "Telefoon 06/ 556 50 58", "Mobiel: 0493 14 96 92"],
         ["+3265565058", "+32493149692"]),
        # English says nothing useful, "VOF" says the Netherlands or Belgium, and "Mob." a number that is a
        # mobile in Belgium (046 is a fixed line in the Netherlands)
        (["SMEETS VOF", "Mob.: 046-1805059", "WESLEY NUYTS", "PRODUCTION MANAGER"], ["+32461805059"]),
        # English first says the United States, where neither number is one (so the first reading finds no
        # phone line); both are valid only in India, the first also in Britain
        (["Adya R. Virk", "Commissioning editor", "DAS, MALLICK AND SUNDARAM", "07833607147", "06571266685"],
         ["+917833607147", "+916571266685"]),
    ],
)
def test_the_region_where_more_of_the_numbers_are_valid_wins_over_a_weak_clue(lines: list[str],
                                                                             e164: list[str]) -> None:
    assert [p.value for p in build_card(_card(lines)).fields.phones] == e164


def test_the_numbers_validity_never_outvotes_a_named_country() -> None:
    """'(237) 222 86 20' reads as a valid Mexican number (Spanish is spoken there) but the address names Cameroon."""
    lines = ["Director de Ventas", "P.O. Box 8390 Yaounde - cameroon", "Tél: (237) 222 86 20"]
    choice = infer_region(lines, [], "CM", 3, number_lines=lines[2:])
    assert choice.region == "CM" and "MX" in choice.alternatives


def test_numbers_printed_without_their_area_code_count_as_valid_where_an_area_code_completes_them() -> None:
    """Brazilian shops print "2294-9484" and "9.9679-9468" without the area code; "996799468" is also a whole
    Chilean mobile, but a Brazilian card's local numbers are Brazilian all the same."""
    lines = ["Eletrônica Moraes Ltda.", "Assistência Técnica em Televisores", "2294-9484", "9.9679-9468"]
    choice = infer_region(lines, [], number_lines=lines[2:])
    assert choice.region == "BR"


@pytest.mark.parametrize(("number", "region", "kind", "valid"), [
    ("2294-9484", "BR", None, True),  # a São Paulo line without its 11
    ("9.9679-9468", "BR", "mobile", True),
    ("05 040 54 58", "NL", None, False),  # after the trunk prefix: a whole national number, too short
    ("123", "BR", None, False),
])
def test_a_local_number_is_valid_in_a_region_once_an_area_code_completes_it(number: str, region: str,
                                                                             kind: str | None, valid: bool) -> None:
    assert valid_in(number, region, kind) is valid
