"""The tagger's layout evidence: reading order (block by block), first names, the brand the domain spells."""

from __future__ import annotations

import gzip

import pytest
from hypothesis import given
from hypothesis import strategies as st

from enrich.tagger import _domain_brand
from enrich.tagger.features import BREAK, TagInput, abbreviates, features, tokens
from enrich.tagger.given_names import LEXICON, build, given_name_magnitude
from enrich.tagger.layout import reading_order
from ocr.types import OcrLine


def _line(text: str, x: int, y: int, height: int = 30) -> OcrLine:
    return OcrLine(text, 0.95, (x, y, 14 * len(text), height))


TWO_COLUMNS = [  # OCR order is top to bottom, so the columns come interleaved
    _line("Ana Ruiz", 40, 40), _line("Calle Mayor 5", 620, 44),
    _line("Directora de Ventas", 40, 90), _line("28013 Madrid", 620, 92),
    _line("Tel. +34 911 234 567", 40, 140), _line("www.ruiz.es", 620, 141),
]


def test_two_columns_are_read_one_after_the_other() -> None:
    assert reading_order(TWO_COLUMNS) == [0, 2, 4, 1, 3, 5]


def test_a_header_above_two_columns_comes_first() -> None:
    header = _line("RUIZ ASESORES", 200, 0, 40)
    lines = [header] + [_line(ln.text, ln.box[0], ln.box[1] + 80) for ln in TWO_COLUMNS]
    assert reading_order(lines) == [0, 1, 3, 5, 2, 4, 6]


def test_a_single_column_keeps_the_ocr_order_even_with_padded_boxes() -> None:
    # boxes taller than the line spacing overlap: the order must stay top to bottom, not left to right
    lines = [OcrLine(t, 0.9, (x, 20 + 32 * i, 300, 50)) for i, (t, x) in
             enumerate([("Ana Ruiz", 80), ("Directora", 20), ("Ruiz SL", 60), ("Madrid", 10)])]
    assert reading_order(lines) == [0, 1, 2, 3]


def test_a_lone_word_beside_a_block_is_not_a_column() -> None:
    lines = [_line("Ana Ruiz", 40, 40), _line("LOGO", 700, 40), _line("Directora", 40, 90),
             _line("Ruiz SL", 40, 140)]
    assert reading_order(lines) == [0, 1, 2, 3]


@given(st.lists(st.tuples(st.integers(0, 900), st.integers(0, 500), st.integers(1, 60), st.integers(8, 80)),
                max_size=25))
def test_reading_order_is_a_permutation(boxes: list[tuple[int, int, int, int]]) -> None:
    lines = [OcrLine("w", 0.9, box) for box in boxes]
    assert sorted(reading_order(lines)) == list(range(len(lines)))


def test_line_breaks_follow_the_reading_order_and_describe_the_line_before() -> None:
    data = TagInput(lines=TWO_COLUMNS)
    toks = tokens(data)
    breaks = [t for t in toks if t.text == BREAK]
    assert [(b.after, b.line) for b in breaks] == [(0, 2), (2, 4), (4, 1), (1, 3), (3, 5)]
    assert len(features(data, toks)) == len(toks)


def test_first_names_from_many_countries_are_known_and_words_are_not() -> None:
    for name in ("John", "Mehmet", "Priya", "Koen", "Ana", "Jürgen"):
        assert given_name_magnitude(name) >= 3, name
    for word in ("logistics", "freight", "marketing", "hamburg-altona", ""):
        assert given_name_magnitude(word) == 0, word
    assert given_name_magnitude("John") > given_name_magnitude("Koen")


def test_first_names_reach_the_features() -> None:
    data = TagInput(lines=[_line("Mehmet Yilmaz", 40, 40)])
    first = features(data)[0]
    assert first["given"] == 1.0 and any(k.startswith("given=") for k in first)


def test_the_shipped_lexicon_is_what_the_build_gives() -> None:
    pytest.importorskip("nomquamgender")  # the source; a test dependency, never needed at run time
    with gzip.open(LEXICON, "rt", encoding="utf-8") as handle:
        shipped = handle.read().splitlines()
    assert shipped == build()


@pytest.mark.parametrize(("label", "line", "spelled"), [
    ("interwf", "INTERWORLD FREIGHT", True),
    ("hme", "HOLBORN & MOORGATE ENGINEERING", True),
    ("abc", "Audit Bureau of Circulation (ABC)", True),
    ("globaltrustbank", "GLOBAL TRUST BANK LIMITED", True),
    ("casio", "CASIO INDIA", False),  # one word spelling it all is the token feature's case
    ("ruiz", "Ana Ruiz", False),  # must start where the line starts
    ("interwf", "INTERWORLD", False),  # half of it is not enough
    ("ab", "Ana Bel", False),  # too short to mean anything
])
def test_a_domain_spelled_by_the_starts_of_a_lines_words(label: str, line: str, spelled: bool) -> None:
    assert abbreviates(label, line.split()) is spelled


def test_a_brand_over_two_lines_that_spells_the_domain_is_the_company_when_the_model_names_none() -> None:
    lines = [_line("Fabio Rojas", 600, 40), _line("Manager", 600, 90), _line("INTERWORLD", 40, 300, 60),
             _line("FREIGHT", 60, 370, 45), _line("frojas@interwf.com", 600, 300)]
    data = TagInput(lines=lines, roles={4: "contact"}, domains=["interwf.com"])
    toks = tokens(data)
    feats = features(data, toks)
    assert "L.spells_domain_with_neighbour" in feats[next(k for k, t in enumerate(toks) if t.text == "FREIGHT")]
    brand = _domain_brand(data, toks, feats, taken=set())
    assert [toks[k].text for k in brand] == ["INTERWORLD", "FREIGHT"]
    # a line the model already gave to a field is not taken again
    assert _domain_brand(data, toks, feats, taken=set(brand)) == []


def test_varied_cards_print_the_same_words_with_another_hierarchy() -> None:
    from samples.generate import render_lines

    bigger_than_name, company_first = 0, 0
    for index in range(40):
        plain, label = render_lines(5, index)
        varied, _ = render_lines(5, index, varied=True)
        assert sorted(t for t, _ in plain) == sorted(t for t, _ in varied)
        name = next((box for text, box in varied if label["name"] in text), None)
        company = next((box for text, box in varied if label["company"] and text == label["company"]), None)
        if name and company:
            bigger_than_name += company[3] > name[3]
            company_first += company[1] < name[1]
    assert bigger_than_name >= 5 and company_first >= 5  # the name is not always the biggest, first line


def test_a_line_is_judged_on_its_own_words_too() -> None:
    data = TagInput(lines=[_line("Mehmet Yilmaz", 40, 40), _line("CEO", 40, 90), _line("Sales Manager", 40, 140),
                           _line("Northwind Traders", 40, 190)])
    feats = features(data)
    by_word = {tok.text: f for tok, f in zip(tokens(data), feats, strict=True)}
    assert by_word["Mehmet"].get("L.starts_with_first_name") == 1.0
    assert "L.starts_with_first_name" not in by_word["Northwind"]
    assert by_word["CEO"].get("L.title_share=3") == 1.0
    assert by_word["Sales"].get("L.title_share=2") == 1.0
    assert by_word["Traders"].get("L.title_share=0") == 1.0
