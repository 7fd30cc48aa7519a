"""The learned tagger: tokens, features, label alignment, the shipped model and its reproducible build."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from enrich import tagger
from enrich.tagger import MODEL_PATH
from enrich.tagger.align import align
from enrich.tagger.features import BREAK, CONTACT, TagInput, features, repair_spaces, tokens
from ocr.types import OcrLine

REAL_CARDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "real-cards"


def _input(rows: list[tuple[str, int]], roles: dict[int, str] | None = None,
           free: dict[int, str] | None = None) -> TagInput:
    lines, y = [], 20
    for text, height in rows:
        lines.append(OcrLine(text, 0.95, (40, y, 12 * len(text), height)))
        y += height + 12
    return TagInput(lines=lines, roles=roles or {}, free=free or {})


def test_contact_lines_are_one_placeholder_plus_their_free_words() -> None:
    data = _input([("Ana Ruiz", 30), ("Ana Ruiz ana@x.es", 18)], roles={1: "contact"}, free={1: "Ana Ruiz"})
    assert [t.text for t in tokens(data)] == ["Ana", "Ruiz", BREAK, CONTACT, "Ana", "Ruiz"]


def test_separators_are_not_tokens_and_spans_keep_the_printed_text() -> None:
    toks = tokens(_input([("Tim Butler | Director / Diretor", 30)]))
    assert [t.text for t in toks] == ["Tim", "Butler", "Director", "Diretor"]
    assert toks[-1].source[toks[2].start:toks[3].end] == "Director / Diretor"


def test_glued_words_get_their_space_back() -> None:
    assert repair_spaces("LetíciaAraújo") == "Letícia Araújo"
    assert repair_spaces("ADACHILtda.") == "ADACHI Ltda."
    assert repair_spaces("McDonald LinkedIn iPhone") == "McDonald LinkedIn iPhone"


def test_a_rare_word_is_known_by_its_ending_and_a_common_one_by_name() -> None:
    """'Empalmador' is in no word list: its ending '-dor' is what it shares with the titles the model saw."""
    feats = features(_input([("Empalmador de cables", 30)]))
    assert "suf=dor" in feats[0]
    assert not any(k.startswith("suf=") for k in feats[2])  # 'cables' is common: seen by name
    assert "w=cables" in feats[2]


@pytest.mark.parametrize(("line", "marked"), [
    ("NATIONAL INSTITUTE OF RURAL DEVELOPMENT", ["INSTITUTE"]),
    ("Bundesministerium für Umwelt", ["Bundesministerium"]),
    ("Ankara Üniversitesi Tıp Fakültesi", ["Üniversitesi", "Fakültesi"]),
    ("Hospital General de Ourense", ["Hospital"]),
    ("Seven Mansız San.", []),
    ("Samt & Seide", []),
])
def test_the_words_that_name_an_institution_are_marked(line: str, marked: list[str]) -> None:
    """An institution prints its own name where a firm prints its brand: its kind of body is a clue."""
    toks = tokens(_input([(line, 30)]))
    feats = features(_input([(line, 30)]))
    assert [toks[k].text for k, f in enumerate(feats) if "institution" in f] == marked
    # every word of the line knows it names a body, the 'für' and 'Umwelt' of 'Bundesministerium für Umwelt' too
    assert all(("L.institution" in f) == bool(marked) for f in feats)


def test_capitals_beginning_within_a_line_mark_the_word() -> None:
    feats = features(_input([("Blanca P. Sáenz Polanco SECRETARIO EJECUTIVO", 30)]))
    assert [k for k, f in enumerate(feats) if "case_change" in f] == [4]  # 'P.' is an initial, not capitals
    feats = features(_input([("ZOLTÁN STEINER Technical Author", 30)]))
    assert [k for k, f in enumerate(feats) if "case_change" in f] == [2]
    # a line opening in capitals counts, one opening in lower or mixed case does not
    feats = features(_input([("ACME TRADING", 30), ("Ana Ruiz", 30), ("SALES", 30)]))
    assert [tokens(_input([("ACME TRADING", 30), ("Ana Ruiz", 30), ("SALES", 30)]))[k].text
            for k, f in enumerate(feats) if "case_change" in f] == ["SALES"]


def test_alignment_splits_several_fields_on_one_line() -> None:
    data = _input([("Tim Butler Director of operations", 30), ("Butler Consulting Ltd", 24),
                   ("12 Butler Road, Leeds", 18)])
    label = {"name": "Tim Butler", "title": "Director of Operations", "company": "Butler Consulting Ltd",
             "address": "12 Butler Road, Leeds"}
    assert align(tokens(data), label) == ["name", "name", "title", "title", "title", "br", "company", "company",
                                          "company", "br", "address", "address", "address", "address"]


def test_a_brand_on_two_lines_is_one_company() -> None:
    data = _input([("NVO", 60), ("XPRESS", 50), ("Luisa Sousa", 30)])
    labels = align(tokens(data), {"name": "Luisa Sousa", "company": "NVO xpress"})
    assert labels == ["company", "br", "company", "br", "name", "name"]


def test_alignment_knows_honorifics_and_alt_answers() -> None:
    data = _input([("Dr. Ana Ruiz", 30), ("VP Sales", 20)])
    label = {"name": "Ana Ruiz", "honorific": "Dr.", "title": "Vice President Sales", "alt": {"title": ["VP Sales"]}}
    assert align(tokens(data), label) == ["name", "name", "name", "br", "title", "title"]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=40), st.integers(0, 80)), max_size=8))
def test_features_and_tagging_never_crash(rows) -> None:
    data = _input(rows)
    feats = features(data)
    assert len(feats) == len(tokens(data))
    result = tagger.tag(data)
    assert len(result.labels) == len(result.tokens)
    for span in result.spans.values():
        assert 0 <= span.probability <= 1 and span.text


def test_the_shipped_model_is_small_and_loaded_once() -> None:
    assert MODEL_PATH.stat().st_size < 3_000_000
    tagger.tag(_input([("Ana Ruiz", 30)]))
    first = tagger._model()
    assert tagger._model() is first


def test_the_model_reads_a_plain_card() -> None:
    data = _input([("Northwind Traders Ltd", 40), ("Olivia Hartmann", 34), ("Head of Procurement", 22),
                   ("Tel. +44 20 7946 0000", 18)], roles={3: "contact"}, free={3: ""})
    spans = tagger.tag(data).spans
    assert spans["name"].text == "Olivia Hartmann"
    assert spans["title"].text == "Head of Procurement"
    assert spans["company"].text == "Northwind Traders Ltd"


@pytest.mark.parametrize(("printed", "title"), [
    ("Deputy -Director", "Deputy - Director"),  # OCR lost the space after the dash
    ("Head of Procurement- EMEA", "Head of Procurement - EMEA"),
    ("Vice-President Sales", "Vice-President Sales"),  # a hyphen inside a word stays
    ("Tierarzt /Tierärztin", "Tierarzt / Tierärztin"),
    ("Product/process scientist", "Product/process scientist"),
    ("OFENBAU- UND VERLEGETECHNIK", "OFENBAU- UND VERLEGETECHNIK"),  # the hyphen stands for '-technik'
    ("Head of Pre- and Post-Production", "Head of Pre- and Post-Production"),
])
def test_a_title_dash_gets_the_space_ocr_lost(printed: str, title: str) -> None:
    data = _input([("Northwind Traders Ltd", 40), ("Olivia Hartmann", 34), (printed, 22),
                   ("Tel. +44 20 7946 0000", 18)], roles={3: "contact"}, free={3: ""})
    assert tagger.tag(data).spans["title"].text == title


@pytest.mark.parametrize(("rows", "title"), [
    ([("Controlador de", 22), ("Tráfego Aéreo", 22)], "Controlador de Tráfego Aéreo"),  # wrapped on "de"
    ([("Head of Sales &", 22), ("Business Development", 22)], "Head of Sales & Business Development"),
    ([("Head of Procurement", 22), ("Business Development", 22)], "Head of Procurement"),  # a whole line ends
    ([("Surveyor,", 22), ("commercial/residential", 22)], "Surveyor, commercial/residential"),  # its comma kept
])
def test_a_title_wrapped_after_a_joining_word_goes_on_on_the_next_line(rows: list[tuple[str, int]],
                                                                       title: str) -> None:
    data = _input([("Northwind Traders Ltd", 40), ("Olivia Hartmann", 34), *rows,
                   ("Tel. +44 20 7946 0000", 18)], roles={4: "contact"}, free={4: ""})
    assert tagger.tag(data).spans["title"].text == title


@pytest.mark.slow
def test_rebuilding_the_model_gives_the_same_accuracy(tmp_path: Path) -> None:
    """`python -m enrich.tagger.train` is deterministic: the committed model is what it builds."""
    if not REAL_CARDS.is_dir():
        pytest.skip(f"{REAL_CARDS} is absent: the committed model was trained with its development half")
    from enrich.tagger import train

    committed = json.loads(MODEL_PATH.with_suffix(".json").read_text(encoding="utf-8"))
    out = tmp_path / "model.crfsuite"
    try:
        train.main(["--out", str(out), "--synthetic", str(committed["synthetic"]),
                    "--rendered", str(committed["rendered"]), "--varied", str(committed["varied"]),
                    "--eval", str(committed["eval_cards"])])
        rebuilt = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    finally:
        tagger.reload_model(MODEL_PATH)
    assert rebuilt["eval_accuracy"] == committed["eval_accuracy"]
    assert rebuilt["sequences"] == committed["sequences"]


def test_a_monogram_ending_in_an_ampersand_is_no_wrapped_title() -> None:
    data = _input([("Northwind Traders Ltd", 40), ("R&", 30), ("Prokurist", 22), ("Olivia Hartmann", 34),
                   ("Tel. +44 20 7946 0000", 18)], roles={4: "contact"}, free={4: ""})
    assert tagger.tag(data).spans["title"].text == "Prokurist"


@pytest.mark.parametrize(("upper", "lower", "lower_label", "wrapped"), [
    ("Facharzt / Fachärztin", "für Neurologie", "other", True),  # goes on with a joining word
    ("Special educational needs", "teacher / Handelsvertreterin", "title", True),  # a lower-case title line
    ("Empleado de archivos", "proyección estable innovador", "other", False),  # a tagline below the title
    ("Head of Procurement", "Business Development", "other", False),
    ("Head of Sales &", "Business Development", "other", True),
    ("Controlador de", "Tráfego Aéreo", "name", False),  # a line another field's label claims stays apart
])
def test_which_two_lines_are_one_wrapped_title(upper: str, lower: str, lower_label: str, wrapped: bool) -> None:
    data = _input([(upper, 22), (lower, 22)])
    toks = tokens(data)
    labels = ["br" if t.text == BREAK else "title" if t.line == 0 else lower_label for t in toks]
    first = [k for k, t in enumerate(toks) if t.line == 0]
    second = [k for k, t in enumerate(toks) if t.line == 1 and t.text != BREAK]
    assert tagger._wraps(data, toks, labels, first, second, set()) is wrapped


@pytest.mark.parametrize(("line", "head_label", "grown"), [
    ("Ministry of Health", "other", "Ministry of Health"),  # the model left the head unlabelled
    ("Ministry of Health", "name", "of Health"),  # a head another field claims stays there
    ("Acme Health Ltd", "other", "Health Ltd"),  # no joining word: the run is what the model says
])
def test_a_run_starting_on_a_joining_word_takes_the_head_of_its_line(line: str, head_label: str, grown: str) -> None:
    data = _input([(line, 22)])
    toks = tokens(data)
    labels = [head_label] + ["company"] * (len(toks) - 1)
    assert tagger._text(toks, tagger._with_head(toks, labels, list(range(1, len(toks))), set())) == grown


class _FixedModel:
    """A stand-in for the CRF: each line's tokens get the marginals given for that line."""

    def __init__(self, per_line: dict[int, dict[str, float]], toks) -> None:
        self.per_token = [per_line.get(t.line, {}) if t.text != BREAK else {"br": 1.0} for t in toks]

    def set(self, _features) -> None:
        pass

    def marginal(self, label: str, k: int) -> float:
        return self.per_token[k].get(label, 0.0)


@pytest.mark.parametrize(("second_line", "title"), [
    ({"name": 0.6, "title": 0.2, "company": 0.15, "other": 0.05}, "Bahçe Bitkileri Uzmanı"),
    ({"name": 0.9, "title": 0.05, "company": 0.05}, None),  # sure of a name: its noise stays noise
])
def test_what_the_model_gave_a_taken_field_goes_to_the_other_fields(monkeypatch, second_line, title) -> None:
    """One name per card: a line the model half took for a second name is the title it next thought of."""
    data = _input([("AYGÖNENÇ BILGIN", 40), ("Bahçe Bitkileri Uzmanı", 20), ("ÖCALAN ERASLAN TIC.", 30)])
    toks = tokens(data)
    per_line = {0: {"name": 0.99, "other": 0.01}, 1: second_line, 2: {"company": 0.97, "other": 0.03}}
    monkeypatch.setattr(tagger, "_model", lambda: _FixedModel(per_line, toks))
    spans = tagger.tag(data).spans
    assert spans["name"].text == "AYGÖNENÇ BILGIN" and spans["company"].text == "ÖCALAN ERASLAN TIC."
    assert (spans["title"].text if "title" in spans else None) == title


@pytest.mark.parametrize(("rows", "spelled"), [
    ([("Seven Mansız San.", 30), ("SM", 40), ("Özpınar Şafak", 20)], {0}),
    ([("Audit Bureau of Circulation (ABC)", 20), ("Abdul Rashid Shakir", 30)], {0}),
    ([("ÖE", 40), ("ÖCALAN ERASLAN TIC.", 30), ("Ana Ruiz", 20)], {1}),
    ([("DYULC", 40), ("DY ULC CO., LTD.", 20)], {1}),
    ([("Grupo Vaca y Madrid", 30), ("G", 40)], set()),  # one letter says nothing
    ([("Ana Ruiz", 30), ("Directora (CEO)", 20)], set()),  # an acronym its own words do not spell
])
def test_a_line_whose_words_spell_a_monogram_printed_apart_is_marked(rows, spelled) -> None:
    data = _input(rows)
    toks = tokens(data)
    feats = features(data, toks)
    marked = {toks[k].line for k, f in enumerate(feats) if f.get("L.spells_logo")}
    assert marked == spelled


@pytest.mark.parametrize(("line", "name", "title"), [
    ("Teresa Caldwell - Partner", "Teresa Caldwell", "Partner"),
    ("Christina Kunz – AI-Spezialistin", "Christina Kunz", "AI-Spezialistin"),
    ("Anne-Marie Schmitt-Weber", "Anne-Marie Schmitt-Weber", None),  # hyphens inside words part nothing
])
def test_a_name_run_past_a_standing_mark_leaves_the_rest_to_the_title(monkeypatch, line, name, title) -> None:
    """The model took the whole line for the name: a person's name holds no standing dash or bar."""
    data = _input([(line, 40), ("Caldwell Group", 30)])
    toks = tokens(data)
    monkeypatch.setattr(tagger, "_model", lambda: _FixedModel({0: {"name": 0.9, "other": 0.1},
                                                               1: {"company": 0.95, "other": 0.05}}, toks))
    spans = tagger.tag(data).spans
    assert spans["name"].text == name and spans["company"].text == "Caldwell Group"
    assert (spans["title"].text if "title" in spans else None) == title
    if title:
        assert spans["title"].probability == spans["name"].probability


def test_a_name_line_the_model_hesitates_over_is_a_candidate_whole() -> None:
    """Each word of 'Dr Vasala Madhava Rao' half name, half other: the best candidate is the line, not 'Rao'."""
    toks = tokens(_input([("Dr Vasala Madhava Rao", 30), ("Associate Professor", 24)]))
    leaning = {"Dr": 0.40, "Vasala": 0.46, "Madhava": 0.49, "Rao": 0.47}
    marginals = [{label: 0.0 for label in tagger.LABELS} for _ in toks]
    for k, tok in enumerate(toks):
        name = leaning.get(tok.text, 0.01)
        marginals[k].update(name=name, other=1.0 - name)
    best = max(tagger._candidates(toks, marginals, "name"), key=lambda c: c[0] + 0.02 * min(len(c[1]), 4))
    assert tagger._text(toks, best[1]) == "Dr Vasala Madhava Rao"
