"""Email parsing: labels stripped, email-validator, OCR repairs only when the repaired form validates."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from enrich.emails import check_email, find_emails, spelled_from_name


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("Correo: isoliz@merinosoluciones.com.mx", "isoliz@merinosoluciones.com.mx"),
        ("E-Mail: hans.mueller@bergmann-technik.de", "hans.mueller@bergmann-technik.de"),
        ("Courriel : camille.martin@azur-conseil.fr", "camille.martin@azur-conseil.fr"),
        ("E: sarah@fletcher.co.uk", "sarah@fletcher.co.uk"),
        ("e-mail: joao.silva@horizonte.com.br", "joao.silva@horizonte.com.br"),
        ("Mail: ana@valleverde.es", "ana@valleverde.es"),
        ("Email: Chris.Smith@Contoso.com", "chris.smith@contoso.com"),
        ("contato@empresa.com.br;", "contato@empresa.com.br"),
        ("mlopez@cumbre.es   www.cumbre.es", "mlopez@cumbre.es"),
    ],
)
def test_plain_addresses(line: str, value: str) -> None:
    found = find_emails([line])
    assert [(e.value, e.valid) for e in found.emails] == [(value, True)]
    assert found.emails[0].raw == line.strip()


@pytest.mark.parametrize(
    ("line", "value", "domains"),
    [
        ("mail: pedro (at) aurora.pt", "pedro@aurora.pt", []),
        ("E-Mail: lena [at] nordlicht.de", "lena@nordlicht.de", []),
        ("info©cumbre.es", "info@cumbre.es", []),
        ("E: chris.smith.contoso.com", "chris.smith@contoso.com", ["contoso.com"]),
        ("E: maria garcia-soluciones.es", "maria@garcia-soluciones.es", []),
        ("jean@azur.c0m", "jean@azur.com", []),
        ("jean@azur.corn", "jean@azur.com", []),
        ("Eoffice@weissdorn.de", "office@weissdorn.de", []),
        # the '@' read with a round letter after it, beside the printed website
        ("kevin@ewhiteside.com.au", "kevin@whiteside.com.au", ["whiteside.com.au"]),
    ],
)
def test_ocr_repairs_are_warned(line: str, value: str, domains: list[str]) -> None:
    found = find_emails([line], known_domains=domains)
    assert [e.value for e in found.emails] == [value]
    assert found.emails[0].valid and found.emails[0].raw == line.strip()
    assert len(found.warnings) == 1 and value in found.warnings[0]


def test_invalid_address_is_kept_visible() -> None:
    found = find_emails(["ana@@cumbre.es"])
    assert found.emails and not found.emails[0].valid and found.warnings


def test_handle_is_not_an_email() -> None:
    assert find_emails(["f @BuffetExample"]).emails == []


def test_unknown_suffix_fails_check() -> None:
    assert check_email("a@b.notarealtld") is None
    assert check_email("a@b.com") == "a@b.com"


LOCAL = st.from_regex(r"[a-z][a-z0-9]{0,8}([._-][a-z0-9]{1,8})?", fullmatch=True)
DOMAIN = st.from_regex(r"[a-z][a-z0-9]{1,10}(-[a-z0-9]{1,6})?", fullmatch=True)
SUFFIX = st.sampled_from(["com", "es", "com.mx", "fr", "de", "com.br", "pt", "co.uk", "ch", "at"])
LABEL = st.sampled_from(["", "E: ", "Email: ", "E-mail ", "Correo: ", "Courriel : ", "E-Mail: ", "Mail: "])


@settings(max_examples=200, deadline=None)
@given(LOCAL, DOMAIN, SUFFIX, LABEL)
def test_generated_email_with_label_round_trips(local, domain, suffix, label) -> None:
    address = f"{local}@{domain}.{suffix}"
    found = find_emails([label + address])
    assert [e.value for e in found.emails] == [address]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=50), max_size=4))
def test_never_crashes(lines) -> None:
    find_emails(lines, known_domains=["example.com"])


def test_at_read_as_a_letter_next_to_a_known_domain() -> None:
    found = find_emails(["E mail martin.ruizecumbre-soluciones.es"], known_domains=["cumbre-soluciones.es"])
    assert [e.value for e in found.emails] == ["martin.ruiz@cumbre-soluciones.es"]
    assert found.warnings


@pytest.mark.parametrize(("line", "value"), [("someone42egmail.com", "someone42@gmail.com"),
                                             ("someone42dgmail.com", "someone42d@gmail.com")])
def test_lost_at_before_a_free_mail_domain(line: str, value: str) -> None:
    """An 'e' is how OCR often reads an '@'; a 'd' is part of the name, the '@' having been lost."""
    found = find_emails([line, "www.gmail.com"])
    assert [e.value for e in found.emails] == [value] and "missing '@'" in found.warnings[0]


def test_a_capital_i_is_not_turned_into_an_l() -> None:
    """'Ivan@' and 'lvan@' look alike; nothing tells them apart, so the address is kept as printed."""
    assert [e.value for e in find_emails(["Courriel Ivan@clairvaux.fr"]).emails] == ["ivan@clairvaux.fr"]


@pytest.mark.parametrize("line", ["ana@firma.com|info@firma.com", "ana@firma.com / info@firma.com",
                                  "ana@firma.com, info@firma.com", "ana@firma.com;info@firma.com"])
def test_two_addresses_on_one_line_are_two(line: str) -> None:
    assert [e.value for e in find_emails([line]).emails] == ["ana@firma.com", "info@firma.com"]


@pytest.mark.parametrize(("line", "value"), [("info@mozlog.camz", "info@mozlog.co.mz"),
                                             ("ventas@agencia.comar", "ventas@agencia.com.ar"),
                                             ("x@firma.orq", "x@firma.org"),
                                             # the small dot before "com" lost
                                             ("audreyv@carpentiercom", "audreyv@carpentier.com"),
                                             ("ana@mail.carpentiernet", "ana@mail.carpentier.net")])
def test_a_damaged_suffix_is_repaired_to_a_real_public_suffix_with_a_warning(line: str, value: str) -> None:
    found = find_emails([line])
    assert [(e.value, e.valid) for e in found.emails] == [(value, True)]
    assert found.emails[0].confidence < 0.97 and line in found.warnings[0]


def test_a_domain_one_letter_longer_than_no_printed_site_stays() -> None:
    assert [e.value for e in find_emails(["ana@ecorp.com"], known_domains=["firma.com"]).emails] == ["ana@ecorp.com"]


@pytest.mark.parametrize("line", ["x@firma.comm", "x@firma.cmzz"])
def test_a_suffix_without_one_best_repair_stays_unverified(line: str) -> None:
    """'.comm' could be '.com' or '.co.mm': nothing is invented."""
    found = find_emails([line])
    assert [(e.value, e.valid) for e in found.emails] == [(line, False)] and found.warnings


def test_an_icon_read_before_the_address_is_dropped_with_a_warning() -> None:
    found = find_emails(["☑abareteau@kpler.com"])
    assert [e.value for e in found.emails] == ["abareteau@kpler.com"] and "☑" in found.warnings[0]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["ana@firma.com|info@firma.com"], ["ana@firma.com", "info@firma.com"]),
        (["ana@firma.com | joao@firma.com.br"], ["ana@firma.com", "joao@firma.com.br"]),
        (["joao@mozlog.co.mz|www.mozlog.co.mz"], ["joao@mozlog.co.mz"]),
        (["Email: info@mozlog.camz"], ["info@mozlog.co.mz"]),  # repaired: the repaired form validates
    ],
)
def test_addresses_joined_by_a_bar_and_damaged_suffixes(lines: list[str], expected: list[str]) -> None:
    assert [e.value for e in find_emails(lines).emails] == expected


def test_a_capitalised_word_glued_before_the_local_part_the_other_address_shares_is_dropped() -> None:
    found = find_emails(["E-mail:oayina@polytech.uninet.cm", "Caroayina@yahoo.fr"])
    assert [e.value for e in found.emails] == ["oayina@polytech.uninet.cm", "oayina@yahoo.fr"]
    assert any("'Car'" in w for w in found.warnings)


@pytest.mark.parametrize(
    "lines",
    [
        ["asmith@gmail.com", "smith@company.com"],  # lower case: a name's initial, not a stray word
        ["JSmith@gmail.com", "smith@company.com"],  # one capital: an initial
    ],
)
def test_an_initial_or_a_lower_case_prefix_is_kept(lines: list[str]) -> None:
    assert [e.value for e in find_emails(lines).emails] == [ln.lower() for ln in lines]


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=4, max_size=10),
       st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=5))
@settings(max_examples=40, deadline=None)
def test_glued_word_removed_only_before_the_shared_local_part(name: str, junk: str) -> None:
    found = find_emails([f"{name}@firma.com", f"{junk.capitalize()}{name}@yahoo.fr"])
    assert [e.value for e in found.emails] == [f"{name}@firma.com", f"{name}@yahoo.fr"]


@pytest.mark.parametrize(("read", "name", "kept"), [
    ("Ibrewer@portlisa.com", "Laura Brewer", "lbrewer@portlisa.com"),  # capital I for l: one glyph
    ("audrevv@carpentier.com", "Audrey Vallée", "audreyv@carpentier.com"),  # y read as v
    ("laura.brevver@portlisa.com", "Laura Brewer", "laura.brevver@portlisa.com"),  # 'vv' for 'w': not one letter
    ("ian@firma.com", "Ian Smith", "ian@firma.com"),  # already the name's
    ("info@portlisa.com", "Laura Brewer", "info@portlisa.com"),  # no form of the name
    ("lbrewer@portlisa.com", "Brewer", "lbrewer@portlisa.com"),
    ("malba@valbuena.com", "N. Marco Alba", "malba@valbuena.com"),  # the middle name's form, not "nalba"
])
def test_a_local_part_that_is_the_name_misread_is_spelled_as_the_name(read: str, name: str, kept: str) -> None:
    emails = find_emails([read]).emails
    notes = spelled_from_name(emails, name)
    assert [e.value for e in emails] == [kept]
    assert bool(notes) == (kept.lower() != read.lower())


def test_the_reader_spells_a_misread_address_as_the_name_on_the_card() -> None:
    from enrich.pipeline import build_card
    from ocr.types import OcrLine, OcrResult, SourceInfo

    lines = ["Laura Brewer", "Medical sales representative", "Ibrewer@portlisa.com", "www.portlisa.com"]
    result = OcrResult(source=SourceInfo(file="t.jpg", sha256="0", width=1000, height=600), engine="test",
                       languages=["eng"], lines=[OcrLine(text=t, confidence=0.95, box=(10, 10 + 40 * i, 600, 30))
                                                 for i, t in enumerate(lines)], codes=[], warnings=[])
    card = build_card(result)
    assert [e.value for e in card.fields.emails] == ["lbrewer@portlisa.com"]
    assert any("the name on the card" in warning for warning in card.warnings)
