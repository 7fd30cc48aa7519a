"""Websites and social profiles: public-suffix check, https:// normalisation, handles with service words."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from enrich.web import find_web, normalise_url


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("W: merinosoluciones.com.mx", "https://merinosoluciones.com.mx"),
        ("www.Example-Bau.de", "https://www.example-bau.de"),
        ("WWW.NORTHWIND.COM", "https://www.northwind.com"),
        ("Website:www.Kestrel.co.uk", "https://www.kestrel.co.uk"),
        ("https://www.azur-conseil.fr/", "https://www.azur-conseil.fr"),
        ("Site: horizonte.com.br/contato", "https://horizonte.com.br/contato"),
        ("Sitio web: www.cumbre.es", "https://www.cumbre.es"),
        ("portfolio.example.com/Work", "https://portfolio.example.com/Work"),
        ("wWww.firma.de", "https://www.firma.de"),
        ("wwwwww.boone.com.au", "https://www.boone.com.au"),  # the OCR doubles a run of w
    ],
)
def test_websites(line: str, value: str) -> None:
    found = find_web([line])
    assert [w.value for w in found.websites] == [value]


@pytest.mark.parametrize(
    "line",
    ["Av. Itaquera, 3006", "Eletrônica Exemplo Ltda.", "S.A. de C.V.", "Dr.Med. Hans", "ana@cumbre.es",
     "Calle Mayor 3, 28001 Madrid", "9.9679-9468", "Tel. 2294.9484", "BERGMANN GMBH CO.KG", "Cumbre S.A."],
)
def test_not_websites(line: str) -> None:
    assert find_web([line]).websites == []


@pytest.mark.parametrize(
    ("line", "service", "value"),
    [
        ("linkedin.com/in/irene-soliz", "linkedin", "https://www.linkedin.com/in/irene-soliz"),
        ("www.linkedin.com/company/contoso", "linkedin", "https://www.linkedin.com/company/contoso"),
        ("twitter.com/acme", "x", "https://x.com/acme"),
        ("x.com/acme", "x", "https://x.com/acme"),
        ("instagram.com/cafe.luna", "instagram", "https://www.instagram.com/cafe.luna"),
        ("github.com/octo", "github", "https://github.com/octo"),
        ("Instagram: @cafe.luna", "instagram", "https://www.instagram.com/cafe.luna"),
        ("f @EspacoEventos", "facebook", "https://www.facebook.com/EspacoEventos"),
        ("in/jane-doe", "linkedin", "https://www.linkedin.com/in/jane-doe"),
    ],
)
def test_social(line: str, service: str, value: str) -> None:
    found = find_web([line])
    assert [(s.service, s.value) for s in found.social] == [(service, value)]
    assert found.websites == []


def test_dedupes() -> None:
    found = find_web(["www.cumbre.es", "Web: https://www.cumbre.es/"])
    assert len(found.websites) == 1 and found.used == {0, 1}


def test_normalise_url_rejects_numbers() -> None:
    assert normalise_url("3006.2806") is None


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=60), max_size=4))
def test_never_crashes(lines) -> None:
    found = find_web(lines)
    assert all(w.value.startswith("https://") for w in found.websites)


def test_email_line_keeps_its_www_site_but_not_a_mangled_address() -> None:
    found = find_web(["E-mail: ana@cumbre.es  Web: www.cumbre.es", "E mail ana.ruizecumbre.es"])
    assert [w.value for w in found.websites] == ["https://www.cumbre.es"]


@pytest.mark.parametrize("line", ["www.firma.com | www.otra.es", "www.firma.com/www.otra.es",
                                  "www.firma.com, www.otra.es"])
def test_two_sites_on_one_line_are_two(line: str) -> None:
    assert [w.value for w in find_web([line]).websites] == ["https://www.firma.com", "https://www.otra.es"]


def test_a_damaged_suffix_is_repaired_or_kept_flagged() -> None:
    repaired = find_web(["www.mozlog.camz"])
    assert [w.value for w in repaired.websites] == ["https://www.mozlog.co.mz"] and repaired.warnings
    kept = find_web(["www.mozlog.cmzz"])
    assert [(w.value, w.confidence) for w in kept.websites] == [("https://www.mozlog.cmzz", 0.3)]
    assert "known domain suffix" in kept.warnings[0]
    assert find_web(["Av.Paulista, 1500"]).websites == []
    lost_dot = find_web(["https: www.carpentiercom"])  # the small dot before "com" lost
    assert [w.value for w in lost_dot.websites] == ["https://www.carpentier.com"] and lost_dot.warnings


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("joao@mozlog.co.mz|www.mozlog.co.mz", ["https://www.mozlog.co.mz"]),
        ("Email: l.rai@yokogawa.com | www.yokogawa.com/bh", ["https://www.yokogawa.com/bh"]),
        ("ana@firma.com;www.firma.com", ["https://www.firma.com"]),
    ],
)
def test_a_website_glued_to_an_email_by_a_separator_is_found(line: str, expected: list[str]) -> None:
    assert [w.value for w in find_web([line]).websites] == expected
