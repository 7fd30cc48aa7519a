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


def test_brazilian_city_implies_area_code() -> None:
    found = find_address(["Rua das Flores, 132 - Tatuapé - São Paulo"])
    assert found.area_code == "11" and "São Paulo" in (found.area_reason or "")


def test_state_abbreviation_implies_area_code() -> None:
    found = find_address(["Av. Exemplo, 300, Sala 4 Jardim Azul - SP"])
    assert found.country == "BR" and found.area_code == "11"


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
