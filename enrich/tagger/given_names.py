"""How often a word is someone's first name, from a lexicon the tagger ships: `given_names.tsv.gz`.

    .venv/bin/python -m enrich.tagger.given_names     # rebuilds the file (deterministic)

The source is nomquamgender's name data (MIT, Copyright (c) 2022 Ian Van Buskirk): first names of
authors of scientific papers from every country, with how many people bore each. It is independent of
the synthetic generator (Faker), and its names come from the whole world (Turkish, Indian, Korean,
Brazilian first names as much as English ones), which is what real cards print. Only names borne by
at least MIN_COUNT people are kept, as the order of magnitude of their count; the file is built once
here because decoding the package's 22 MB JSON in every reader process would cost it about 150 MB.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import math
import sys
from functools import cache
from pathlib import Path

from enrich.tagger.lexicons import fold

LEXICON = Path(__file__).with_name("given_names.tsv.gz")
MIN_COUNT = 20  # rarer "names" in the source are mostly noise (initials, words, OCR of author lists)


def build() -> list[str]:
    """The lexicon's lines, sorted: `name<TAB>order of magnitude of how many people bear it`."""
    spec = importlib.util.find_spec("nomquamgender")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("nomquamgender is not installed (pip install nomquamgender): it is the lexicon's source")
    # read the data file directly: importing the package would import pandas, which the build does not need
    data = json.loads((Path(spec.submodule_search_locations[0]) / "name_data.json").read_text(encoding="utf-8"))
    counts: dict[str, int] = {}
    for name, entry in data.items():
        key = fold(name)
        if key.isalpha() and len(key) >= 2 and entry[1] >= MIN_COUNT:
            counts[key] = max(counts.get(key, 0), int(entry[1]))
    return [f"{name}\t{int(math.log10(count))}" for name, count in sorted(counts.items())]


@cache
def _table() -> dict[str, int]:
    with gzip.open(LEXICON, "rt", encoding="utf-8") as handle:
        return {name: int(magnitude) for name, _, magnitude in (line.rstrip("\n").partition("\t") for line in handle)}


def given_name_magnitude(word: str) -> int:
    """log10 of how many people bear this first name (0 when it is not one): 'john' 6, 'mehmet' 4."""
    return _table().get(fold(word), 0)


COMMON_FIRST_NAME = 3  # magnitude from which a word is taken for a first name: a thousand bearers or more


def is_first_name(word: str) -> bool:
    """The word (its first part, when hyphenated: 'Jean-Luc') is a common first name."""
    return given_name_magnitude(word.split("-")[0]) >= COMMON_FIRST_NAME


def main() -> int:
    """Rebuild the shipped lexicon file."""
    lines = build()
    # mtime=0: the same data always gives the same bytes
    with gzip.GzipFile(LEXICON, "wb", mtime=0) as handle:
        handle.write(("\n".join(lines) + "\n").encode("utf-8"))
    print(f"{LEXICON}: {len(lines)} names")
    return 0


if __name__ == "__main__":
    sys.exit(main())
