"""enrich.tagger.one_line: a name and a title on one line part at the printed mark between them."""

from __future__ import annotations

import pytest

from enrich.tagger import _text
from enrich.tagger.features import TagInput, tokens
from enrich.tagger.one_line import part_name_and_title
from ocr.types import OcrLine


def _runs(line: str, name_words: int | None, title_from: int) -> tuple[list, dict[str, list[int]]]:
    toks = tokens(TagInput(lines=[OcrLine(line, 0.95, (10, 10, 600, 30))], roles={}, free={}))
    runs = {"title": list(range(title_from, len(toks)))}
    if name_words is not None:
        runs["name"] = list(range(name_words))
    return toks, runs


def _texts(toks: list, runs: dict[str, list[int]]) -> dict[str, str]:
    return {label: _text(toks, run) for label, run in runs.items()}


@pytest.mark.parametrize(("line", "name_words", "title_from", "name", "title"), [
    # the model gave the surname to the title: the boundary moves to the mark
    ("Yilmaz Grein Groth | Schornsteinfeger", 2, 2, "Yilmaz Grein Groth", "Schornsteinfeger"),
    ("Christina Kunz – AI-Spezialistin", 1, 1, "Christina Kunz", "AI-Spezialistin"),
    # a comma also parts a title's own words: with both fields found it moves nothing
    ("H. Tracey Allen Editor, film/video", 3, 3, "H. Tracey Allen", "Editor, film/video"),
    # a mark far from the model's boundary parts a bilingual title
    ("Léon Bonnet Planning and development surveyor | Ingénieur gaz", 2, 2, "Léon Bonnet",
     "Planning and development surveyor | Ingénieur gaz"),
    # no name found: the words before the first mark are one when a first name opens them
    ("STEN OOSTVEEN | Algemeen Directeur", None, 0, "STEN OOSTVEEN", "Algemeen Directeur"),
    ("Marco Villadicani, Air traffic controller", None, 0, "Marco Villadicani", "Air traffic controller"),
])
def test_the_boundary_is_the_printed_mark(line: str, name_words: int | None, title_from: int, name: str,
                                          title: str) -> None:
    toks, runs = _runs(line, name_words, title_from)
    assert _texts(toks, part_name_and_title(toks, runs)) == {"name": name, "title": title}


@pytest.mark.parametrize("line", ["Occupational hygienist | Küchenchef", "Sales Director, EMEA"])
def test_a_title_whose_first_part_is_no_name_stays_whole(line: str) -> None:
    toks, runs = _runs(line, None, 0)
    assert part_name_and_title(toks, runs) == runs


def _doubting(toks: list, unsure: dict[str, dict[str, float]]) -> list[dict[str, float]]:
    """Marginals: every word sure of nothing in particular, except the words given."""
    return [unsure.get(t.text, {"name": 0.02, "title": 0.02}) for t in toks]


@pytest.mark.parametrize(("line", "name_words", "title_from", "unsure", "name", "title"), [
    # the model hesitated over the surname before the comma: the comma parts the two
    ("Yilmaz Grein Groth, Schornsteinfeger", 2, 2, {"Groth,": {"name": 0.42, "title": 0.56}},
     "Yilmaz Grein Groth", "Schornsteinfeger"),
    # … and over a title's first word it took into the name
    ("Ana Ruiz, Directora Comercial", 3, 3, {"Directora": {"name": 0.55, "title": 0.45}},
     "Ana Ruiz", "Directora Comercial"),
    # sure of that word: nothing moves
    ("Ana Ruiz, Directora Comercial", 3, 3, {"Directora": {"name": 0.9, "title": 0.05}},
     "Ana Ruiz, Directora", "Comercial"),
])
def test_a_comma_is_the_boundary_only_where_the_model_hesitated(line: str, name_words: int, title_from: int,
                                                                 unsure: dict, name: str, title: str) -> None:
    toks, runs = _runs(line, name_words, title_from)
    assert _texts(toks, part_name_and_title(toks, runs, _doubting(toks, unsure))) == {"name": name, "title": title}


def test_a_comma_inside_a_title_the_model_is_sure_of_moves_nothing() -> None:
    toks, runs = _runs("H. Tracey Allen Editor, film/video", 3, 3)
    assert part_name_and_title(toks, runs, _doubting(toks, {"Editor,": {"name": 0.01, "title": 0.98}})) == runs
