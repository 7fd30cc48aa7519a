"""Addresses: street words and postcode/city shapes in five languages, multi-line joining, country."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from enrich.address import find_address


@pytest.mark.parametrize(
    ("lines", "value", "country"),
    [
        (["Calle de Alcalá 45, 3º B", "28014 Madrid"], "Calle de Alcalá 45, 3º B, 28014 Madrid", "ES"),
        (["C/ Mayor 12, Piso 2", "08002 Barcelona", "España"], "C/ Mayor 12, Piso 2, 08002 Barcelona, España", "ES"),
        (["Av. Insurgentes Sur 1234", "Col. Del Valle, C.P. 03100", "Ciudad de México, CDMX"],
         "Av. Insurgentes Sur 1234, Col. Del Valle, C.P. 03100, Ciudad de México, CDMX", "MX"),
        (["12 rue de la Paix", "75002 Paris"], "12 rue de la Paix, 75002 Paris", "FR"),
        (["Friedrichstraße 123", "10117 Berlin"], "Friedrichstraße 123, 10117 Berlin", "DE"),
        (["Mariahilfer Straße 45", "1060 Wien"], "Mariahilfer Straße 45, 1060 Wien", "AT"),
        (["Bahnhofstrasse 10", "8001 Zürich"], "Bahnhofstrasse 10, 8001 Zürich", "CH"),
        (["Rua Augusta, 120, 2.º Esq.", "1100-053 Lisboa"], "Rua Augusta, 120, 2.º Esq., 1100-053 Lisboa", "PT"),
        (["Av. Paulista, 1500 - Bela Vista", "São Paulo - SP, 01310-200"],
         "Av. Paulista, 1500 - Bela Vista, São Paulo - SP, 01310-200", "BR"),
        (["500 Market Street, Suite 300", "San Francisco, CA 94105"],
         "500 Market Street, Suite 300, San Francisco, CA 94105", "US"),
        (["42 King Street", "Manchester M2 4QA"], "42 King Street, Manchester M2 4QA", "GB"),
        (["20 High Street", "Bristol B51 4XT"], "20 High Street, Bristol BS1 4XT", "GB"),
        (["Address: 100 Oak Road", "Austin, TX 78701"], "100 Oak Road, Austin, TX 78701", "US"),
        (["Av. Corrientes 460, Piso 6", "C1293ABC CABA"], "Av. Corrientes 460, Piso 6, C1293ABC CABA", "AR"),
        (["241 Church Lane", "Leeds LS17UZ"], "241 Church Lane, Leeds LS1 7UZ", "GB"),
    ],
)
def test_address_blocks(lines: list[str], value: str, country: str) -> None:
    card = ["Ana Pérez", "Directora Comercial", *lines, "ana@example.com"]
    found = find_address(card, excluded={len(card) - 1})
    assert found.address is not None
    assert found.address.value == value
    assert found.country == country
    assert found.used == set(range(2, 2 + len(lines)))


def test_state_abbreviation_tells_the_country() -> None:
    found = find_address(["Av. Exemplo, 300, Sala 4 - Jardim Azul - Campinas - SP"])
    assert found.country == "BR" and found.address is not None
    assert (found.address.street, found.address.locality, found.address.region) == (
        "Av. Exemplo, 300, Sala 4, Jardim Azul", "Campinas", "SP")


def test_phone_tail_is_cut_from_address_line() -> None:
    found = find_address(["Rua Exemplo 45 - Tel: 3333-4444"])
    assert found.address is not None and found.address.value == "Rua Exemplo 45"


def test_degree_sign_read_for_ordinal_is_repaired() -> None:
    found = find_address(["Calle Mayor 3, 1° B", "28013 Madrid"])
    assert found.address is not None and "1º B" in found.address.value
    assert "1° B" in (found.address.raw or "")


def test_columns_are_followed_with_boxes() -> None:
    lines = ["Rua Exemplo, 77 - Pinheiros", "Eng. Ana Costa", "São Paulo - SP, 05422-001"]
    boxes = [(10, 10, 300, 20), (500, 40, 200, 30), (10, 40, 300, 20)]
    found = find_address(lines, boxes=boxes)
    assert found.address is not None and found.address.lines == [lines[0], lines[2]]


@pytest.mark.parametrize("line", ["Ana Pérez", "Gerente de Ventas", "Engineering Solutions GmbH", "Dr. Hans Weber"])
def test_no_address(line: str) -> None:
    assert find_address([line]).address is None


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=60), max_size=6))
def test_never_crashes(lines) -> None:
    found = find_address(lines)
    assert found.used <= set(range(len(lines)))


@pytest.mark.parametrize(
    ("lines", "value"),
    [(["2011S1100E", "Salt Lake City, UT 84106"], "2011 S 1100 E, Salt Lake City, UT 84106"),
     (["Address: 18011 Oak Road", "Justin.TX76247"], "18011 Oak Road, Justin. TX 76247"),
     (["Mariahilfer Straße 58", "5020Salzburg"], "Mariahilfer Straße 58, 5020 Salzburg")],
)
def test_glued_ocr_text_is_unglued(lines: list[str], value: str) -> None:
    found = find_address(lines)
    assert found.address is not None and found.address.value == value


# ---- the failure classes of cards never seen before ---------------------------------------------
@pytest.mark.parametrize(
    ("lines", "value", "parts"),
    [
        # a hyphenated street compound above a prefixed postcode: both lines are the address
        (["Hansa Meyer Global", "Anne-Conway-Straße 6", "D-28359 Bremen"], "Anne-Conway-Straße 6, D-28359 Bremen",
         ("Anne-Conway-Straße 6", "Bremen", None, "28359", None)),
        (["Teconja GmbH", "Bramfelder Chaussee 324", "22177 Hamburg, Germany"],
         "Bramfelder Chaussee 324, 22177 Hamburg, Germany",
         ("Bramfelder Chaussee 324", "Hamburg", None, "22177", None)),
        # a street of a language without a street word list, above the postcode line
        (["HUBBIG LLC", "Avenija Dubrovnik 15", "10 000 Zagreb, Croatia"],
         "Avenija Dubrovnik 15, 10 000 Zagreb, Croatia",
         ("Avenija Dubrovnik 15", "Zagreb", None, "10000", None)),
        # one-line addresses with " - " and "|"
        (["Via Roma 12 - 20121 Milano (MI) - Italia"], "Via Roma 12 - 20121 Milano (MI) - Italia",
         ("Via Roma 12", "Milano", "MI", "20121", None)),
        (["Papaverweg 34-B100 | 1032 KJ Amsterdam"], "Papaverweg 34-B100, 1032 KJ Amsterdam",
         ("Papaverweg 34-B100", "Amsterdam", None, "1032 KJ", None)),
        # PO boxes, floors and suites
        (["P.O. Box 8390 Yaounde - cameroon"], "P.O. Box 8390 Yaounde - cameroon",
         (None, "Yaounde", None, None, "P.O. Box 8390")),
        (["18th Floor, Pearl Plaza Tower,", "561A Dien Bien Phu, Ward 25,",
          "Binh Thanh Dist., Ho Chi Minh City, Viet Nam"],
         "18th Floor, Pearl Plaza Tower, 561A Dien Bien Phu, Ward 25, Binh Thanh Dist., Ho Chi Minh City, Viet Nam",
         None),
        (["John C. Kluczynski Federal Office Building", "230 South Dearborn St., Suite 3900",
          "Chicago, Illinois 60604"],
         "John C. Kluczynski Federal Office Building, 230 South Dearborn St., Suite 3900, Chicago, Illinois 60604",
         ("John C. Kluczynski Federal Office Building, 230 South Dearborn St., Suite 3900", "Chicago", "Illinois",
          "60604", None)),
        (["3rd Floor, 3-4-630, Padma Plaza", "Opposite Ratna Junior College", "Narayanguda, Hyderabad-500029"],
         "3rd Floor, 3-4-630, Padma Plaza, Opposite Ratna Junior College, Narayanguda, Hyderabad-500029",
         ("3rd Floor, 3-4-630, Padma Plaza, Opposite Ratna Junior College, Narayanguda", "Hyderabad", None, "500029",
          None)),
        (["Dubai, UAE"], "Dubai, UAE", (None, "Dubai", None, None, None)),
    ],
)
def test_address_classes(lines: list[str], value: str, parts: tuple | None) -> None:
    found = find_address(lines)
    assert found.address is not None and found.address.value == value
    got = found.address
    if parts is not None:
        assert (got.street, got.locality, got.region, got.postal_code, got.po_box) == parts


@pytest.mark.parametrize("line", ["VAT: HR01968403237", "USt-IdNr. DE 123456789", "CNPJ 12.345.678/0001-90",
                                  "License # 1004-55", "ISO 14001"])
def test_registration_and_licence_lines_are_no_address(line: str) -> None:
    found = find_address(["Avenija Dubrovnik 15", line, "10 000 Zagreb"])
    assert found.address is not None and line not in found.address.lines
    assert find_address([line]).address is None


def test_unsplit_address_keeps_the_whole_text_in_street_with_a_warning() -> None:
    found = find_address(["Rua Exemplo 45, Loja 3"])
    assert found.address is not None and found.address.street == "Rua Exemplo 45, Loja 3"
    assert found.address.locality is None and found.address.postal_code is None


def test_parts_are_in_the_card_json() -> None:
    from dataclasses import asdict

    found = find_address(["500 Market Street, Suite 300", "San Francisco, CA 94105"])
    data = asdict(found.address)
    assert {k: data[k] for k in ("street", "locality", "region", "postal_code", "po_box")} == {
        "street": "500 Market Street, Suite 300", "locality": "San Francisco", "region": "CA",
        "postal_code": "94105", "po_box": None}


@pytest.mark.parametrize("line", ["Qualidade desde 1990", "Seit 1972", "Since 1985"])
def test_a_slogan_with_a_year_is_no_address(line: str) -> None:
    assert find_address(["Serra Azul", line]).address is None


@pytest.mark.parametrize("line", ["Government of Pakistan", "Vendedor puerta a puerta", "Calzada Logistics GmbH"])
def test_lines_that_only_look_like_address_parts_are_none_alone(line: str) -> None:
    assert find_address(["Ana Pérez", line]).address is None


@pytest.mark.parametrize(
    ("lines", "value"),
    [
        (["Flat 48u", "Amanda Fords", "Juliaberg", "W6 3LW"], "Flat 48u, Amanda Fords, Juliaberg, W6 3LW"),
        (["Veerlering 7", "6722 LN", "Wagenberg", "Nederland"], "Veerlering 7, 6722 LN, Wagenberg, Nederland"),
        (["rue Carlier", "61240 Guillon"], "rue Carlier, 61240 Guillon"),
        (["Rua de Vieira, S/N", "5750-462 Vila Nova de Famalicão"],
         "Rua de Vieira, S/N, 5750-462 Vila Nova de Famalicão"),
        (["Wagnerring 84-92, 14. OG", "01149 Säckingen", "Deutschland"],
         "Wagnerring 84-92, 14. OG, 01149 Säckingen, Deutschland"),
        (["1781 chemin David Apt. 598", "Raphaël Est, ON T4X3E5"],
         "1781 chemin David Apt. 598, Raphaël Est, ON T4X3E5"),
        (["55432 Sanchez Villages · Karentown, SC 75672"], "55432 Sanchez Villages, Karentown, SC 75672"),
    ],
)
def test_lines_the_parser_reads_as_one_address_join_the_block(lines: list[str], value: str) -> None:
    """Lines without features of their own (a street name, a town under its postcode) join when the parser
    splits the whole block; the name above and the phone below stay out."""
    found = find_address(["Marit Simonis", "Since 1957", *lines, "(0239)-289156"])
    assert found.address is not None and found.address.value == value
