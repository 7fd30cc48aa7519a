"""The parser and the generator draw their words from different sources (so the benchmark measures reading).

The generator takes people, places and companies from Faker; the parser's word lists come from field
libraries and hand-written conventions. If a parser list were built from the generator's vocabulary, the
synthetic benchmark would measure the list: these tests fail when that happens.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from wordfreq import zipf_frequency

import enrich
from samples import vocab

REPO = Path(__file__).resolve().parents[1]


def _fold(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text)
    return "".join(c for c in plain if not unicodedata.combining(c)).casefold()


def _imports(folder: Path) -> Iterator[tuple[Path, str]]:
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                yield from ((path, alias.name) for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                yield path, node.module


TRAINING_COMMAND = REPO / "enrich" / "tagger" / "train.py"  # builds the model from generated cards


def test_no_enrich_module_imports_the_generator_or_faker() -> None:
    found = list(_imports(REPO / "enrich"))
    bad = [(str(p.relative_to(REPO)), m) for p, m in found
           if m.split(".")[0] in ("samples", "faker", "bench") and p != TRAINING_COMMAND]
    assert not bad
    # the training command may read the generator, but nothing the reader runs imports it
    assert not [p for p, m in found if m == "enrich.tagger.train" and p != TRAINING_COMMAND]
    assert [m for p, m in found if p == TRAINING_COMMAND and m.startswith("samples")]  # the exemption is real


def test_the_generator_reads_no_parser_list() -> None:
    bad = [(str(p.relative_to(REPO)), m) for p, m in _imports(REPO / "samples") if m.split(".")[0] == "enrich"]
    assert not bad


def _strings(value: object) -> set[str]:
    if isinstance(value, dict):
        return {s for k in value for s in _strings(k)} | {s for v in value.values() for s in _strings(v)}
    if isinstance(value, (set, frozenset, tuple, list)):
        return {s for v in value for s in _strings(v)}
    return {value} if isinstance(value, str) else set()


def parser_words() -> dict[str, set[str]]:
    """Every module-level word collection of the enrich package (name -> folded words)."""
    lists: dict[str, set[str]] = {}
    for info in pkgutil.walk_packages(enrich.__path__, "enrich."):
        if info.name == "enrich.tagger.train":
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if name.startswith("__") or not isinstance(value, (set, frozenset, tuple, list, dict)):
                continue
            words = {_fold(w) for s in _strings(value) for w in s.split()}
            if len(words) >= 10:
                lists[f"{info.name}.{name}"] = words
    return lists


def generator_only_words() -> set[str]:
    """Faker's person and place names of the generator's locales that are not common words of a language."""
    words: set[str] = set()
    for locale, language in vocab.LOCALES.values():
        for provider in ("person", "address"):
            try:
                module = importlib.import_module(f"faker.providers.{provider}.{locale}")
            except ModuleNotFoundError:
                continue
            for attr, value in vars(module.Provider).items():
                wanted = attr.startswith(("first_names", "last_names")) if provider == "person" else (
                    "cit" in attr or "street_name" in attr)
                if wanted:
                    for text in _strings(value):
                        for word in text.split():
                            folded = _fold(word.strip(".,-'"))
                            if len(folded) >= 4 and folded.isalpha() and max(
                                    zipf_frequency(folded, lang) for lang in {language, "en"}) < 3.0:
                                words.add(folded)
    return words


@pytest.fixture(scope="module")
def faker_words() -> set[str]:
    words = generator_only_words()
    assert len(words) > 5000  # the sources are really there
    return words


def test_no_parser_list_is_built_from_the_generators_vocabulary(faker_words: set[str]) -> None:
    lists = parser_words()
    assert lists  # the enrich package does have lists
    shared = {name: sorted(words & faker_words) for name, words in lists.items()}
    # a few coincidences are fine (a brand word that is also someone's surname); a list made from the
    # generator's names or places shares dozens of them
    too_many = {name: words[:20] for name, words in shared.items() if len(words) > max(5, 0.03 * len(lists[name]))}
    assert not too_many


def test_the_check_catches_a_list_built_from_faker(faker_words: set[str]) -> None:
    from faker.providers.person.es_ES import Provider

    built = {_fold(w) for w in _strings(Provider.last_names)}
    assert len(built & faker_words) > max(5, 0.03 * len(built))


def test_the_first_name_lexicon_comes_from_elsewhere_than_the_generator(faker_words: set[str]) -> None:
    # real first names overlap Faker's, as any two lists of real names do; a lexicon built from the
    # generator would be mostly Faker's names, this one (nomquamgender's authors) is overwhelmingly others
    import gzip

    from enrich.tagger.given_names import LEXICON

    with gzip.open(LEXICON, "rt", encoding="utf-8") as handle:
        names = {line.partition("\t")[0] for line in handle}
    assert len(names) > 50_000
    assert len(names & faker_words) < 0.05 * len(names)
