"""QR payloads: vCard via vobject, MECARD by hand, plain URLs; QR values win over OCR in the merge."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from enrich.card import CardFields, PhoneField, TextField
from enrich.qr import is_redirect_link, merge, parse_mecard, read_codes

VCARD = "\n".join([
    "BEGIN:VCARD", "VERSION:3.0", "N:Soliz;Irene;;;", "FN:Irene Soliz", "ORG:Merino Soluciones",
    "TITLE:Diseñadora Gráfica", "TEL;TYPE=WORK,VOICE:+525512345678", "TEL;TYPE=CELL:+522221451450",
    "TEL;TYPE=WORK,FAX:+525512345679", "EMAIL;TYPE=INTERNET:isoliz@merinosoluciones.com.mx",
    "URL:www.merinosoluciones.com.mx", "END:VCARD",
])


def test_vcard() -> None:
    fields = read_codes([VCARD]).fields
    assert fields.name.value == "Irene Soliz" and fields.name.source == "qr"
    assert (fields.given_name.value, fields.family_name.value) == ("Irene", "Soliz")
    assert fields.company.value == "Merino Soluciones"
    assert fields.title.value == "Diseñadora Gráfica"
    assert [(p.value, p.kind) for p in fields.phones] == [
        ("+525512345678", "work"), ("+522221451450", "mobile"), ("+525512345679", "fax")]
    assert [e.value for e in fields.emails] == ["isoliz@merinosoluciones.com.mx"]
    assert [w.value for w in fields.websites] == ["https://www.merinosoluciones.com.mx"]


def test_mecard() -> None:
    payload = r"MECARD:N:Weber,Lena;ORG:Nordlicht GmbH;TEL:+4930123456;EMAIL:lena@nordlicht.de;URL:https://nordlicht.de;NOTE:a\;b;;"
    assert parse_mecard(payload)["NOTE"] == ["a;b"]
    fields = read_codes([payload]).fields
    assert fields.name.value == "Lena Weber"
    assert fields.company.value == "Nordlicht GmbH"
    assert [p.value for p in fields.phones] == ["+4930123456"]
    assert [e.value for e in fields.emails] == ["lena@nordlicht.de"]
    assert [w.value for w in fields.websites] == ["https://nordlicht.de"]


def test_plain_url_and_profile() -> None:
    fields = read_codes(["https://www.cumbre.es", "https://www.linkedin.com/in/ana-ruiz"]).fields
    assert [w.value for w in fields.websites] == ["https://www.cumbre.es"]
    assert [s.service for s in fields.social] == ["linkedin"]


def test_other_payloads_are_ignored() -> None:
    result = read_codes(["WIFI:S:guest;T:WPA;P:secret;;", "1234567890128"])
    assert not result.found and result.fields == CardFields() and result.warnings == []


def test_broken_vcard_warns_and_does_not_crash() -> None:
    broken = "BEGIN:VCARD\nTEL;TYPE=CELL\nEND"
    alone = read_codes([broken])
    assert not alone.found and alone.fields == CardFields()
    assert len(alone.warnings) == 1 and alone.warnings[0].startswith("A QR code could not be read as a contact")
    # The broken code is skipped, not the card: a readable code beside it still gives its fields.
    beside = read_codes([broken, VCARD])
    assert beside.found and beside.fields.name.value == "Irene Soliz"
    assert beside.warnings == alone.warnings


def test_merge_qr_wins_and_ocr_extras_stay() -> None:
    qr = CardFields(name=TextField("Lena Weber", 0.99, "qr"),
                    phones=[PhoneField("+4930123456", "work", "DE", True, 0.99, "qr", "TEL:+4930123456")])
    ocr = CardFields(name=TextField("Lena Webber", 0.7), title=TextField("Vertriebsleiterin", 0.8),
                     phones=[PhoneField("+4930123456", "fax", "DE", True, 0.9),
                             PhoneField("+4915112345678", "mobile", "DE", True, 0.9)])
    merged, notes = merge(qr, ocr)
    assert merged.name.value == "Lena Weber" and merged.name.source == "qr"
    assert merged.title.value == "Vertriebsleiterin"
    assert [(p.value, p.source) for p in merged.phones] == [("+4930123456", "qr"), ("+4915112345678", "ocr")]
    assert merged.phones[0].kind == "fax"  # an untyped QR number takes the printed label's kind
    assert notes and "Lena Webber" in notes[0]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=80), st.just("BEGIN:VCARD\n"), st.just("MECARD:")), max_size=3))
def test_never_crashes(codes) -> None:
    read_codes(codes)


def test_merge_drops_misread_ocr_copy_of_qr_email_but_keeps_fax() -> None:
    from enrich.card import EmailField

    qr = CardFields(emails=[EmailField("rodrigo@fernandes.com.br", True, 0.99, "qr")],
                    phones=[PhoneField("+34911234567", "work", "ES", True, 0.99, "qr", "TEL:+34911234567")])
    ocr = CardFields(emails=[EmailField("rodrigo@femandes.com.br", True, 0.9)],
                     phones=[PhoneField("+34911234568", "fax", "ES", True, 0.9)])
    merged, _ = merge(qr, ocr)
    assert [e.value for e in merged.emails] == ["rodrigo@fernandes.com.br"]
    assert [p.value for p in merged.phones] == ["+34911234567", "+34911234568"]


@pytest.mark.parametrize(
    ("url", "own", "printed", "redirect"),
    [
        ("https://qrco.de/bd9W7S", {"yokogawa.com"}, "www.yokogawa.com/bh", True),
        ("https://me-qr.com/jJSoOROe", {"teconja.de"}, "", True),
        ("https://qrco.de/frojas", {"interwf.com"}, "interwf.com", True),  # a short service's vanity code
        ("https://bit.ly/3abcDEF", set(), "", True),
        ("https://www.interwf.com/frojas", {"interwf.com"}, "", False),  # the card's own domain
        ("https://qrco.de/bd9W7S", set(), "scan me: qrco.de/bd9w7s", False),  # printed on the card
        ("https://www.parent-group.com/de", {"subsidiary.com"}, "", False),  # a word on a long domain
        ("https://www.parent-group.com", {"subsidiary.com"}, "", False),  # a home page
        ("https://www.teconja.de/team/ttessen", set(), "", False),  # a deeper path is a page
    ],
)
def test_a_forwarding_qr_link_is_told_by_its_shape(url, own, printed, redirect) -> None:
    assert is_redirect_link(url, own, printed) is redirect


@given(st.text(alphabet="abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ", min_size=3, max_size=8),
       st.integers(min_value=0, max_value=99))
@settings(max_examples=50, deadline=None)
def test_a_code_path_on_another_domain_is_a_redirect(code: str, number: int) -> None:
    """A letters-and-digits code on a domain the card neither uses nor prints is always a forwarding link."""
    assert is_redirect_link(f"https://go.linkservice.com/{code}{number}", {"acme.de"}, "acme.de")
    assert not is_redirect_link(f"https://www.acme.de/{code}{number}", {"acme.de"}, "acme.de")


@pytest.mark.parametrize(("printed", "coded", "kept"), [
    ("F. Terry Young", "Terry Young", "F. Terry Young"),  # a code's N field has no middle initial
    ("DANIEL D. MARSHALL", "Daniel Marshall", "DANIEL D. MARSHALL"),
    ("Terry Young", "Terry Young", "Terry Young"),
    ("Terry Youngs", "Terry Young", "Terry Young"),  # a misreading: the code's spelling wins
    ("Terry Ann Young", "Terry Young", "Terry Young"),  # a whole other word is no initial
    ("Young T. Terry", "Terry Young", "Terry Young"),  # the words in another order
])
def test_a_printed_name_with_middle_initials_is_kept_over_the_code(printed: str, coded: str, kept: str) -> None:
    qr = CardFields(name=TextField(coded, 0.99, "qr"), given_name=TextField(coded.split()[0], 0.99, "qr"))
    ocr = CardFields(name=TextField(printed, 0.9), given_name=TextField(printed.split()[0], 0.9))
    merged, _ = merge(qr, ocr)
    assert merged.name.value == kept
    assert merged.given_name.source == merged.name.source  # the parts come from where the name came from


@pytest.mark.parametrize(("field", "printed", "coded", "kept"), [
    ("title", "Chargée de développement réseaux", "Chargé de développement", "Chargée de développement réseaux"),
    ("title", "Head of Sales EMEA", "Head of Sales", "Head of Sales EMEA"),
    ("company", "Quantivo Systems AB", "Quantivo Systems", "Quantivo Systems AB"),
    ("title", "Head of Sales", "Head of Sales", "Head of Sales"),
    ("title", "Head of Sa1es", "Head of Sales", "Head of Sales"),  # a misreading, no more words: the code's
    ("title", "Head", "Head of Sales", "Head of Sales"),  # the code spells it out: the code's
    ("title", "Sales Director EMEA", "Head of Sales", "Head of Sales"),  # another title: the code's
])
def test_a_printed_value_that_spells_the_codes_out_is_kept(field: str, printed: str, coded: str, kept: str) -> None:
    qr = CardFields(**{field: TextField(coded, 0.99, "qr")})
    ocr = CardFields(**{field: TextField(printed, 0.9)})
    merged, _ = merge(qr, ocr)
    assert getattr(merged, field).value == kept
