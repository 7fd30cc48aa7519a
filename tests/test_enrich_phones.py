"""Phone parsing: PhoneNumberMatcher per line, region hints, area-code inference, kinds from labels."""

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from enrich.phones import find_phones, label_kind, printed_shape_regions


@pytest.mark.parametrize(
    ("line", "region", "e164", "kind"),
    [
        ("Tel. +34 911 23 45 67", None, "+34911234567", "work"),
        ("Móvil: +52.222.145.1450", None, "+522221451450", "mobile"),
        ("Cel.: 11 9 7412-1100", "BR", "+5511974121100", "mobile"),
        ("+55 (11) 9.9679-9468", None, "+5511996799468", "mobile"),
        ("Fax: +1 (415) 555-0142", None, "+14155550142", "fax"),
        ("Tél : 01 42 68 53 00", "FR", "+33142685300", "work"),
        ("Portable 06 12 34 56 78", "FR", "+33612345678", "mobile"),
        ("Port. : +33 6 12 34 56 78", None, "+33612345678", "mobile"),
        ("Telefon +49 (0)30 1234567", None, "+49301234567", "work"),
        ("Handy 0151 23456789", "DE", "+4915123456789", "mobile"),
        ("Fon 089 / 123456", "DE", "+4989123456", "work"),
        ("Telemóvel: 912 345 678", "PT", "+351912345678", "mobile"),
        ("Fone: (21) 3409-8472", "BR", "+552134098472", "work"),
        ("WhatsApp +55 11 98765-4321", None, "+5511987654321", "mobile"),
        ("M: 07954 994812", "GB", "+447954994812", "mobile"),
        ("Office: 0117 192 6727", "GB", "+441171926727", "work"),
        ("212·555·0198", "US", "+12125550198", "work"),
        ("Cell: 817-228-6401", "US", "+18172286401", "mobile"),
        ("Celular: +54 9 351 410 0378", None, "+5493514100378", "mobile"),
        ("Teléfono 601 234 5678", "CO", "+576012345678", "work"),
        ("Telefax +43 1 5123456", None, "+4315123456", "fax"),
    ],
)
def test_finds_number_with_kind(line: str, region: str | None, e164: str, kind: str) -> None:
    found = find_phones([line], region)
    assert [(p.value, p.kind, p.valid) for p in found.phones] == [(e164, kind, True)]


def test_two_numbers_on_one_line_take_their_own_labels() -> None:
    found = find_phones(["Tel. +34 911 23 45 67  |  Fax +34 911 23 45 68"], None)
    assert [(p.value, p.kind) for p in found.phones] == [("+34911234567", "work"), ("+34911234568", "fax")]


def test_label_on_the_line_above_applies() -> None:
    found = find_phones(["Mobile", "+44 7700 900123"], None)
    assert [p.kind for p in found.phones] == ["mobile"]


def test_missing_area_code_is_completed_from_the_address_town_and_warned() -> None:
    """The geocoder names 11 'São Paulo - SP'; the mobile (whose place is only the state) follows it."""
    found = find_phones(["3344-5566", "9.8765-4321"], "BR", region_inferred=True, place=("São Paulo", "SP"))
    assert [p.value for p in found.phones] == ["+551133445566", "+5511987654321"]
    assert all(p.region_inferred and p.valid for p in found.phones)
    assert len(found.warnings) == 2
    assert "without an area code" in found.warnings[0] and "São Paulo" in found.warnings[0]


@pytest.mark.parametrize(("line", "region", "place", "e164"),
                         [("Tel. 2345678", "CO", ("Medellín",), "+576042345678"),
                          ("Tel 3512 9990", "VN", ("Ho Chi Minh City",), "+842835129990")])
def test_area_code_of_the_address_town_in_other_countries(line, region, place, e164) -> None:
    found = find_phones([line], region, region_inferred=True, place=place)
    assert [p.value for p in found.phones] == [e164] and found.phones[0].region_inferred


def test_no_area_code_is_guessed_when_the_town_does_not_decide() -> None:
    """The geocoder describes Campinas' numbers only as 'São Paulo' (the state): nothing is invented."""
    found = find_phones(["Tel 2294-9484"], "BR", region_inferred=True, place=("Campinas", "SP"))
    assert [(p.value, p.valid) for p in found.phones] == [("22949484", False)]
    assert "without an area code" in found.warnings[0]


def test_postcode_is_not_taken_for_a_local_number() -> None:
    found = find_phones(["São Paulo - SP, 04567-123"], "BR", place=("São Paulo", "SP"))
    assert found.phones == []


def test_invalid_number_is_kept_unverified_with_a_warning() -> None:
    found = find_phones(["Tel: +1 (987) 123-4567"], None)
    assert len(found.phones) == 1
    phone = found.phones[0]
    assert not phone.valid and phone.value == "+19871234567"
    assert found.warnings and "does not validate" in found.warnings[0]


def test_region_inferred_flag_when_no_country_code_printed() -> None:
    found = find_phones(["Tel. 911 23 45 67"], "ES", region_inferred=True)
    assert found.phones[0].region_inferred and found.phones[0].region == "ES"
    assert found.warnings


def test_duplicates_are_dropped() -> None:
    found = find_phones(["+34 911 23 45 67", "Tel. 911 234 567"], "ES")
    assert len(found.phones) == 1


def test_unlabelled_mobile_by_number_type() -> None:
    found = find_phones(["+34 612 34 56 78"], None)
    assert found.phones[0].kind == "mobile"


def test_old_brazilian_mobile_without_ninth_digit_is_mobile() -> None:
    found = find_phones(["(11) 9933-6564"], "BR")
    assert found.phones[0].kind == "mobile" and not found.phones[0].valid


@pytest.mark.parametrize(
    ("prefix", "kind"),
    [("Tel.", "work"), ("Tél :", "work"), ("Büro:", "work"), ("Zentrale", "work"), ("Direct:", "work"),
     ("Mob.", "mobile"), ("Móvil:", "mobile"), ("Cel", "mobile"), ("Handy", "mobile"), ("Nextel", "mobile"),
     ("Whats:", "mobile"), ("Fax", "fax"), ("Telefax:", "fax"), ("F:", "fax"), ("M.", "mobile"),
     ("T ", "work"), ("Tel/Fax:", "work"), ("Email:", None), ("", None), ("Off:", "work"), ("Ph Off:", "work"),
     ("Res:", "other"), ("Residence", "other"), ("Board:", "work"), ("Hotline:", "work"), ("T/F:", "work"),
     ("Faks:", "fax"), ("Факс:", "fax"), ("팩스", "fax"), ("Mobiel:", "mobile"), ("Main St", None),
     ("Ph: (R)", "other"), ("(O)", "work"), ("R. Augusta", None)],
)
def test_label_kind(prefix: str, kind: str | None) -> None:
    assert label_kind(prefix) == kind


REGIONS = ["US", "GB", "ES", "MX", "AR", "CO", "FR", "CH", "DE", "AT", "PT", "BR", "IT", "CL", "PE"]
FORMATS = [PhoneNumberFormat.INTERNATIONAL, PhoneNumberFormat.E164, PhoneNumberFormat.NATIONAL]
LABELS = ["", "Tel. ", "Phone: ", "Tél : ", "Telefon ", "Fone: ", "Mobile ", "Cel.: ", "Handy: ", "Fax "]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(REGIONS), st.sampled_from([PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE]),
       st.sampled_from(FORMATS), st.sampled_from(LABELS))
def test_any_example_number_in_any_format_with_any_label(region, number_type, fmt, label) -> None:
    number = phonenumbers.example_number_for_type(region, number_type)
    printed = phonenumbers.format_number(number, fmt)
    found = find_phones([label + printed], region)
    assert [p.value for p in found.phones] == [phonenumbers.format_number(number, PhoneNumberFormat.E164)]
    assert found.phones[0].valid


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=60), max_size=5), st.sampled_from([None, "BR", "US", "DE"]))
def test_never_crashes_on_arbitrary_text(lines, region) -> None:
    found = find_phones(lines, region, place=("São Paulo", "SP"))
    for phone in found.phones:
        assert phone.kind in ("work", "mobile", "fax", "other")


@pytest.mark.parametrize(
    ("lines", "region", "e164"),
    [(["Tel. +49 30 123", "4567"], None, "+49301234567"), (["Móvil: +52 222", "145 1450"], None, "+522221451450"),
     (["Tel: (11)", "3344-5566"], "BR", "+551133445566")],
)
def test_number_wrapped_onto_the_next_line(lines: list[str], region: str | None, e164: str) -> None:
    found = find_phones(lines, region)
    assert [p.value for p in found.phones] == [e164]
    assert found.used == {0, 1}


@pytest.mark.parametrize(
    ("lines", "region", "expected"),
    [
        (["Tel: 0324 238 05 40 / 43"], "TR", [("+903242380540", "work"), ("+903242380543", "work")]),
        (["Tel: 0324 238 05 40 / 47 / 52"], "TR", [("+903242380540", "work"), ("+903242380547", "work"),
                                                   ("+903242380552", "work")]),
        (["+84 (28) 3512 9990/93"], None, [("+842835129990", "work"), ("+842835129993", "work")]),
        (["Fon 089 / 123456"], "DE", [("+4989123456", "work")]),  # an area code and a slash: one number
    ],
)
def test_numbers_sharing_a_label_and_leading_digits_are_each_kept(lines, region, expected) -> None:
    found = find_phones(lines, region)
    assert [(p.value, p.kind) for p in found.phones] == expected


@pytest.mark.parametrize(
    ("line", "region", "e164", "lines"),
    [
        ("+84 (28) 3512 9990/91/92/93/94", None, "+842835129990", 5),
        ("Tel. 0212 555 12 30/31/32", "TR", "+902125551230", 3),
        ("Phone: +1 212 555 0100/01/02", None, "+12125550100", 3),
    ],
)
def test_consecutive_endings_after_one_number_are_one_switchboard(line, region, e164, lines) -> None:
    """'9990/91/92/93/94': the hunt group of one line is one number to call, and the warning says so."""
    found = find_phones([line], region)
    assert [p.value for p in found.phones] == [e164]
    assert any(f"{lines} lines" in w for w in found.warnings)


@given(st.integers(min_value=10, max_value=95), st.integers(min_value=2, max_value=4))
@settings(max_examples=30, deadline=None)
def test_a_run_of_endings_is_one_number_and_a_jump_is_a_second(first: int, count: int) -> None:
    run = "/".join(str(first + k) for k in range(1, count + 1))
    assert len(find_phones([f"Tel: +90 324 238 05 {first} / {run}"], None).phones) == 1
    jump = first + 2 if first + 2 < 100 else first - 2
    assert len(find_phones([f"Tel: +90 324 238 05 {first} / {jump}"], None).phones) == 2


@pytest.mark.parametrize(
    ("lines", "region", "expected"),
    [
        (["(202)228-5417 fax"], "US", ("+12022285417", "fax")),
        (["009140 2385900 (Residence)"], "IN", ("+91402385900", "other")),
        (["FAX", ": +91(40)2374-3890"], None, ("+914023743890", "fax")),
        (["RESI", ": +91(40)2780-4199"], None, ("+914027804199", "other")),
    ],
)
def test_labels_after_the_number_or_on_the_line_before(lines, region, expected) -> None:
    assert [(p.value, p.kind) for p in find_phones(lines, region).phones][:1] == [expected]


def test_country_code_in_brackets_and_a_number_no_pattern_accepts_is_kept_unverified() -> None:
    """'(237) 222 86 20': the region's own code in brackets; too short for today's plan, so unverified."""
    found = find_phones(["Tél:", "(237) 222 86 20"], "CM")
    assert [(p.value, p.valid) for p in found.phones] == [("+2372228620", False)]
    assert "(237) 222 86 20" in found.warnings[0]


def test_a_number_alone_on_its_line_is_kept_unverified_rather_than_dropped() -> None:
    found = find_phones(["2294-9484"], "BR")
    assert [(p.value, p.valid) for p in found.phones] == [("22949484", False)]
    assert found.warnings


@pytest.mark.parametrize("line", ["0162-972507", "659-343-6318", "251399896"])
def test_an_unlabelled_number_alone_on_a_card_no_region_reads_is_kept(line: str) -> None:
    """No region to read it in (a .com card in English): the matcher finds nothing, the number is still kept."""
    found = find_phones(["Kremer & Co", line, "lize@kremer.com"], None)
    assert [(p.value, p.kind, p.valid) for p in found.phones] == [("".join(filter(str.isdigit, line)), "work", False)]
    assert found.used == {1}
    assert line in found.warnings[0]


@pytest.mark.parametrize("line", ["Pier 39", "12345", "2019 - 2024 Award", "ISO 9001:2015"])
def test_a_short_or_worded_digit_run_on_a_card_no_region_reads_is_no_phone(line: str) -> None:
    assert find_phones([line], None).phones == []


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["2294-9484", "9.9679-9468"], [("22949484", "work"), ("996799468", "mobile")]),
        (["Fone: 3409-8472", "Cel. 98765-4321"], [("34098472", "work"), ("987654321", "mobile")]),
        (["Fax 3409-8473"], [("34098473", "fax")]),
    ],
)
def test_brazilian_numbers_without_an_area_code_keep_their_printed_digits(lines, expected) -> None:
    """No area code is invented: the printed digits, unverified, with the kind their shape or label says."""
    found = find_phones(lines, "BR", region_inferred=True, alternatives=("PT", "BE", "AR"))
    assert [(p.value, p.kind, p.valid) for p in found.phones] == [(v, k, False) for v, k in expected]
    assert all("without an area code" in w for w in found.warnings)


def test_a_local_number_is_read_in_another_region_only_of_the_same_language() -> None:
    """'2294-9484' is a valid Brussels number: a Brazilian card's local number is not Belgian (+32)."""
    assert [p.value for p in find_phones(["Tel 2294-9484"], "BR", alternatives=("BE",)).phones] == ["22949484"]
    # "964 165 728" is a full Portuguese mobile: a Portuguese-language card may be from Portugal
    assert [p.value for p in find_phones(["Telemóvel: 964165728"], "BR", alternatives=("BE", "PT")).phones] == [
        "+351964165728"]


def test_a_postal_code_is_not_a_local_number() -> None:
    assert find_phones(["76831-056 Alves de Minas / AL"], "BR").phones == []


@pytest.mark.parametrize(
    ("lines", "region", "expected"),
    [
        (["Tél:", "(237) 222 86 20", "Tél/Fax: (237)222 4547"], "CM", [("+2372228620", "work"),
                                                                   ("+2372224547", "fax")]),
        (["Tel: +90 212 555 12 00", "T/F: +90 212 555 12 34"], None, [("+902125551200", "work"),
                                                                    ("+902125551234", "fax")]),
        (["Tel/Fax: +33 1 42 68 53 00"], None, [("+33142685300", "work")]),  # its only line: the phone
    ],
)
def test_a_tel_fax_line_beside_a_plain_phone_is_the_fax(lines, region, expected) -> None:
    assert [(p.value, p.kind) for p in find_phones(lines, region).phones] == expected


@pytest.mark.parametrize(
    ("lines", "region", "expected"),
    [
        (["Phone : 0091 40 2385900(Residence)", "0091 40 24008447(Office)"], None,
         [("+91402385900", "other"), ("+914024008447", "work")]),
        (["TEL +82-2-2088-7885 FAX 82-2-752-7463"], "KR", [("+82220887885", "work"), ("+8227527463", "fax")]),
        (["Tel. 0212 555 12 00 (Home)"], "TR", [("+902125551200", "other")]),
        (["Ph: (O) 040-23456789, (R) 040-27804199"], "IN", [("+914023456789", "work"), ("+914027804199", "other")]),
    ],
)
def test_a_bracketed_label_after_the_number_beats_a_generic_one_before(lines, region, expected) -> None:
    assert [(p.value, p.kind) for p in find_phones(lines, region).phones] == expected


def test_a_postcode_is_not_read_as_a_number_of_another_region() -> None:
    """'50256' (Köln's postcode) is a valid Austrian number: too short to be taken from another region."""
    found = find_phones(["Hauptstraße 108", "50256 Köln", "T:+49 (0)221 2241"], "DE", alternatives=("AT", "CH"))
    assert [p.value for p in found.phones] == ["+492212241"]


@pytest.mark.parametrize("line", ["San Alicia los altos, YUC 86868-0302", "Lisboa 1100-053",
                                  "Edwardsfort, VT 65966-1234"])
def test_a_postal_code_after_its_town_is_no_phone_number(line: str) -> None:
    assert find_phones([line], "MX").phones == [] and find_phones([line], "PT").phones == []


def test_a_postal_code_of_the_cards_region_is_not_read_in_another() -> None:
    """'34007-859' is a Brazilian CEP, and a valid Belgian number once its hyphen is gone."""
    found = find_phones(["34007-859 Albuquerque / TO", "Tel. +55 18 2292-3117"], "BR", alternatives=("PT", "BE"))
    assert [p.value for p in found.phones] == ["+551822923117"]


def test_a_cards_numbers_are_read_in_the_country_its_other_numbers_were_read_in() -> None:
    """'3264501629' parses as Belgian (+32 64…) too: after a +1 number on the card, it is read as +1."""
    found = find_phones(["Portable:(730)619-0352", "Bureau:3264501629"], "FR", region_inferred=True,
                        alternatives=("CH", "BE", "CA"))
    assert [p.value[:2] for p in found.phones] == ["+1", "+1"]


def test_a_number_beside_numbers_valid_in_the_region_is_not_read_elsewhere() -> None:
    """One number validates in Spain: the other, invalid there, stays Spanish and unverified, not Mexican."""
    found = find_phones(["Tel. 911 23 45 67", "Móvil 5512 3456 78"], "ES", region_inferred=True,
                        alternatives=("MX", "AR"))
    assert [(p.region, p.valid) for p in found.phones] == [("ES", True), ("ES", False)]


@pytest.mark.parametrize(
    ("lines", "region", "expected"),
    [
        (["Praça Carlos Oliveira, 22 | 2941-903 Maia", "Tel. 243 296 614"], "PT", ["+351243296614"]),
        (["Zorbachplatz 86 | 65993 Mellrichstadt", "Fon (09830) 543534"], "DE", ["+499830543534"]),
        (["Tel.: 0718886942 | Fax: 071 888 6931"], "IT", ["+390718886942", "+390718886931"]),
    ],
)
def test_a_bar_between_fields_never_joins_two_digit_groups(lines, region, expected) -> None:
    assert [p.value for p in find_phones(lines, region).phones] == expected


@pytest.mark.parametrize(
    ("lines", "region", "expected"),
    [
        (["Tel: +90 212 555 12 00 / 555 12 01"], None, [("+902125551200", "work"), ("+902125551201", "work")]),
        (["Tel: (11) 3344-5566 / 3344-5567"], "BR", [("+551133445566", "work"), ("+551133445567", "work")]),
        (["Fax: 01 42 68 53 00 / 01 42 68 53 09"], "FR", [("+33142685300", "fax"), ("+33142685309", "fax")]),
        (["Tel/Fax: 030 1234567 / 030 1234568"], "DE", [("+49301234567", "work"), ("+49301234568", "work")]),
    ],
)
def test_a_second_number_after_a_slash_shares_the_first_ones_label_and_leading_digits(lines, region, expected):
    """An ending after a slash replaces the last digits of the number before it; a full number keeps its own."""
    assert [(p.value, p.kind) for p in find_phones(lines, region).phones] == expected


def test_five_offices_each_keep_their_number() -> None:
    lines = ["ISTANBUL T: +90 212 555 12 00", "ANKARA T: +90 312 555 13 00", "IZMIR T: +90 232 555 14 00",
             "MERSIN T: +90 324 555 15 00", "DUBAI T: +971 4 555 1200"]
    assert len(find_phones(lines, "TR").phones) == 5


@pytest.mark.parametrize(
    ("lines", "region", "expected"),
    [
        (["ISO 14001", "Tel. +43 3685 59648 445"], "AT", ["+43368559648445"]),
        (["ISO/IEC 27001:2013 · DIN EN 1090"], "DE", []),
        (["Hesterhaven, WA, 2059", "0487.436.727"], "AU", ["+61487436727"]),  # a postcode, then a number
        (["Tel. 030 123", "45678"], "DE", ["+493012345678"]),  # a number wrapped onto the next line
    ],
)
def test_standards_and_postcodes_beside_numbers_are_not_numbers(lines, region, expected) -> None:
    assert [p.value for p in find_phones(lines, region).phones] == expected


def test_a_plus_read_as_plus_minus_is_the_international_prefix() -> None:
    """OCR reads the '+' of '+49' as '±': it is still the country code, not a region's national digits."""
    found = find_phones(["Fon ±49(0) 920423030"], "DE")
    assert [p.value for p in found.phones] == ["+49920423030"] and found.phones[0].valid


@pytest.mark.parametrize(("line", "code"), [("Junkenplatz 9/3 - 49458 Hainichen", "49458"),
                                            ("Radischstr. 1203 - 37449 Konstanz - Deutschland", "37449"),
                                            ("Ortrud-Heidrich-Ring 14 - 25903 Havelberg", "25903")])
def test_a_house_number_and_postcode_on_the_address_line_are_no_phone(line: str, code: str) -> None:
    lines = ["+49 160 8651382", line]
    found = find_phones(lines, "DE", alternatives=("AT", "CH"), address_codes={1: code})
    assert [p.value for p in found.phones] == ["+491608651382"]


def test_a_labelled_number_on_the_address_line_is_still_read() -> None:
    found = find_phones(["Calle Mayor 12, 28013 Madrid · Tel. 91 123 45 67"], "ES", address_codes={0: "28013"})
    assert [p.value for p in found.phones] == ["+34911234567"]


def test_digits_of_the_address_do_not_make_the_region_the_cards_home() -> None:
    """'TAB 51124-2788' reads as a Spanish number: it must not stop a Mexican number being tried in Mexico."""
    lines = ["Móvil: (282)214-4250", "Pasaje Malta 326 Interior 864", "Vieja Singapur, TAB 51124-2788"]
    found = find_phones(lines, "ES", region_inferred=True, alternatives=("MX", "AR"), address_codes={1: "", 2: ""})
    assert [p.value for p in found.phones] == ["+522822144250"]


@pytest.mark.parametrize(("line", "alternatives", "e164"), [
    ("Tel.: 0378-196 9802", ("TR",), "+903781969802"),
    ("0539-363 3811", ("TR",), "+905393633811"),
])
def test_a_number_the_region_reads_only_in_part_is_read_whole_in_an_alternative(line, alternatives, e164) -> None:
    """A Turkish number on a card whose address says US: the US matcher takes '0378-196' alone."""
    found = find_phones([line], "US", region_inferred=True, alternatives=alternatives)
    assert [p.value for p in found.phones] == [e164]


def test_a_number_no_region_reads_whole_is_kept_whole_and_unverified() -> None:
    """Without a region that reads it whole, the US matcher's '0352-880' must not become '+10352880'."""
    found = find_phones(["Tel: 0352-880 9313  ·  E-mail:"], "US", region_inferred=True)
    assert [(p.value, p.valid) for p in found.phones] == [("03528809313", False)]
    assert "does not validate" in found.warnings[0]


@pytest.mark.parametrize(("line", "region"), [("T.596.119.3466", "MX"), ("Cel: 16 7196-2205", "BR"),
                                              ("(0201)-869877", "DE"), ("Tel: 0324 238 05 40", "TR")])
def test_a_number_grouped_as_only_one_country_groups_it_names_that_country(line: str, region: str) -> None:
    assert dict(printed_shape_regions([line])) == {region: 1}


@pytest.mark.parametrize("line", ["33 4883 9877", "+34 912 345 678", "Seit 1972", "28014 Madrid", "(0)30 1234567"])
def test_numbers_several_countries_group_alike_or_with_a_country_code_name_none(line: str) -> None:
    assert not printed_shape_regions([line])


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(["BR", "DE", "FR", "MX", "TR", "NL", "GB", "IT", "ES", "AR"]),
       st.sampled_from([PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE]))
def test_a_number_printed_in_its_countrys_groups_never_names_another(region, number_type) -> None:
    """The shape vote names the number's own country or nothing: never a country it is not valid in."""
    number = phonenumbers.example_number_for_type(region, number_type)
    printed = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    assert set(printed_shape_regions([printed])) <= {region}


@pytest.mark.parametrize(("lines", "region", "expected"), [
    (["C.P. 55310", "50145, Firenze (FI)", "T.: +39 0422104022"], "IT", ["+390422104022"]),
    (["Col. Del Valle, C.P. 03100 · Tel. 55 1234 5678"], "MX", ["+525512345678"]),
    (["CEP 01310-200", "Fone: (11) 3456-7890"], "BR", ["+551134567890"]),
])
def test_a_labelled_postal_code_is_no_number_nor_the_start_of_one(lines, region, expected) -> None:
    assert [p.value for p in find_phones(lines, region).phones] == expected


@pytest.mark.parametrize(("line", "region", "e164"), [
    ("(351) 968625414", None, "+351968625414"),
    ("(351) 968625414", "ES", "+351968625414"),
    ("(49) 30 1234567", None, "+49301234567"),
    ("(351) 555-0143", "US", "+13515550143"),  # an American area code that is also Portugal's country code
    ("(44) 3456-7890", "BR", "+554434567890"),  # a Brazilian area code that is also Britain's
])
def test_a_country_code_in_brackets_is_read_when_the_region_does_not_read_the_number(line, region, e164) -> None:
    assert [p.value for p in find_phones([line], region).phones] == [e164]


@pytest.mark.parametrize(
    ("line", "region", "numbers"),
    [
        ("Ph: 040-2374 6171, 2375 4048", "IN", ["+914023746171", "+914023754048"]),
        ("Tel : +91-80-25588432, 25588433", "IN", ["+918025588432", "+918025588433"]),
        ("T: 02 9876 5432, 9876 5433", "AU", ["+61298765432", "+61298765433"]),
        ("Tel: (11) 3456-7890 / 99876-5432", "BR", ["+551134567890", "+5511998765432"]),
    ],
)
def test_a_second_number_on_a_label_takes_the_area_code_of_the_first(line: str, region: str | None,
                                                                     numbers: list[str]) -> None:
    result = find_phones([line], region)
    assert [phone.value for phone in result.phones] == numbers
    assert all(phone.valid for phone in result.phones)
    assert result.phones[1].confidence < result.phones[0].confidence  # completed, so less sure
    assert any("area code" in warning for warning in result.warnings)


def test_a_number_complete_on_its_own_takes_no_area_code_from_the_one_before() -> None:
    result = find_phones(["Tel: 030 1234567 / 0151 23456789"], "DE")
    assert [phone.value for phone in result.phones] == ["+49301234567", "+4915123456789"]


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=2000_0000, max_value=2999_9999), st.integers(min_value=2000_0000, max_value=2999_9999))
def test_indian_landlines_sharing_an_std_code_are_both_kept(first: int, second: int) -> None:
    printed = f"Phone: 040-{first // 10000} {first % 10000:04d}, {second // 10000} {second % 10000:04d}"
    numbers = [phone.value for phone in find_phones([printed], "IN").phones]
    assert numbers == list(dict.fromkeys([f"+9140{first}", f"+9140{second}"]))


@pytest.mark.parametrize(("line", "region"), [("01310-200", "BR"), ("1234 5678 9012 3456 78", None)])
def test_a_postal_code_or_account_number_alone_on_its_line_is_no_phone(line: str, region: str | None) -> None:
    """With a region its matcher decides (a CEP is no Brazilian number); without, only phone-sized runs."""
    assert find_phones(["Ana Souza", line], region).phones == []


@pytest.mark.parametrize(
    ("line", "values"),
    [
        # a subscriber number opening with "00" after a bracketed area code, a wide gap, then the fax
        ("Tel. (06406) 005520     Fax +49 6406 005538", ["+496406005520", "+496406005538"]),
        ("T 0044 (0)20 7946 0123", ["+442079460123"]),
        ("Tel 0034-91-555-1234", ["+34915551234"]),
    ],
)
def test_00_is_an_international_prefix_only_before_a_whole_number(line: str, values: list[str]) -> None:
    assert [p.value for p in find_phones([line], "DE").phones] == values


@pytest.mark.parametrize(
    ("lines", "values"),
    [
        # two whole numbers on two lines: not one wrapped number
        (["(02268) 06013 147", "0699 010174"], ["+43226806013147", "+43699010174"]),
        # a number cut at the line's end goes on at the start of the next, before a label
        (["Mob. +44 (0)7474", "225566    E-mail:"], ["+447474225566"]),
        (["Tel. +49 89 1234", "5678"], ["+498912345678"]),
    ],
)
def test_a_number_wraps_onto_the_next_line_only_when_cut(lines: list[str], values: list[str]) -> None:
    assert [p.value for p in find_phones(lines, "AT").phones] == values


@pytest.mark.parametrize(("lines", "expected"), [
    (["Tel. 07121 9876-0 · Fax -99"], [("+49712198760", "work"), ("+497121987699", "fax")]),
    (["Tel.: +49 89 12345-0", "Fax: -199"], [("+4989123450", "work"), ("+498912345199", "fax")]),
    (["Telefon 0711 2020-0, Durchwahl -318"], [("+4971120200", "work"), ("+497112020318", "work")]),
])
def test_an_extension_printed_alone_is_dialled_on_its_switchboards_number(lines, expected) -> None:
    """Germany's Durchwahl: the switchboard's number ends in '-0', its other lines print their extension alone."""
    found = find_phones(lines, "DE")
    assert [(p.value, p.kind) for p in found.phones] == expected


@pytest.mark.parametrize("lines", [["Rua Augusta 12-14", "Tel: 11 3061-0182"], ["Fax -99"], ["Seit 1998 - 25 Jahre"]])
def test_no_extension_is_made_up_without_a_switchboard_number(lines) -> None:
    found = find_phones(lines, "BR")
    assert all(not p.value.endswith(("99", "25")) for p in found.phones)
    assert len(found.phones) == sum("Tel" in line for line in lines)
