"""How common a word is, from a compact table the package ships: `word_frequency.tsv.gz`.

    .venv/bin/python -m ocr.word_frequency     # rebuilds the file from the installed wordfreq (deterministic)

The reader asks three questions of word frequencies, each a threshold on wordfreq's `zipf_frequency`:
- `commonness(word)`: how many of the Zipf edges 1, 2, 3, 4, 5 the word's highest frequency in the card
  languages reaches (wordfreq's default "best" lists; the tagger's features only ever use that bucket);
- `common_in_english(word)`: English Zipf frequency at least 2.0 (the address parser's "Engineering" check);
- `known_word(word)`: Zipf frequency at least 1.5 in one of the OCR languages' small lists (ocr/words.py).
wordfreq itself answers them by loading each language's list into a Python dict: about 280 MB for the eight
large lists and 18 MB for the five small ones, in every reader process. The table keeps only what the answers
need (a bucket and two flags per word, plus the English frequency where the compound rule needs it) and gives
exactly wordfreq's answers; `tests/test_word_frequency.py` checks that against wordfreq and that the file is
not stale. It lives in `ocr` because both `ocr` and `enrich` ask, and `ocr` may not import `enrich`.

Source: wordfreq (Robyn Speer; data CC BY-SA 4.0, from Wikipedia, OpenSubtitles, SUBTLEX, Google Books
Ngrams, Reddit, Twitter and other sources: https://github.com/rspeer/wordfreq). The table is a derived
work of that data under the same licence.

Words are looked up as wordfreq looks them up in these languages: NFC, case-folded. `commonness` and
`common_in_english` are asked about folded words (no accents: enrich's `fold`), so a word with an accent that
only the large lists hold ("café") is left out of the table, which saves 3 MB; `known_word` knows every word
of the small lists, accents and all. A word wordfreq would cut into several tokens is combined as wordfreq
combines them only for hyphens in `common_in_english`; a word that mixes letters of a script written without
spaces (Chinese, Japanese, Thai…) with other letters, which wordfreq would cut into pieces and combine per
language, is answered as unknown (the table keeps no per-language frequencies; no card read so far printed one).
"""

from __future__ import annotations

import bisect
import gzip
import math
import re
import sys
import unicodedata
import zlib
from functools import cache
from pathlib import Path

TABLE = Path(__file__).with_name("word_frequency.tsv.gz")
CARD_LANGUAGES = ("en", "es", "fr", "de", "pt", "it", "nl", "tr")  # the tagger's commonness, "best" lists
OCR_LANGUAGES = ("en", "es", "pt", "fr", "de")  # ocr/words.py's known words, "small" lists
EDGES = (1, 2, 3, 4, 5)  # the tagger's Zipf buckets
ENGLISH_COMMON = 2.0  # common_in_english's Zipf threshold
KNOWN_WORD = 1.5  # known_word's Zipf threshold: a joined token at or above it is a word in its own right
BLOCK_BYTES = 2048  # bytes of the table per entry of its sparse index (see _Table)


class _Table:
    """The sorted table kept as one bytes object, `\\nword\\tcode` per word, and a sparse index of it.

    A dict or set of 1.4 million Python strings would take over 150 MB per process; one bytes object takes
    what the text takes (about 20 MB). A lookup bisects the sparse index (the first word of every block
    of about BLOCK_BYTES) and then finds `\\nword\\t` inside that block, both in C.
    """

    def __init__(self, blob: bytes, body: int, spaceless: str, splitting: str) -> None:
        self.blob = blob  # the words start after the newline at `body`
        self.spaceless = re.compile(f"[{spaceless}]")
        self.spaceless_run = re.compile(f"[{spaceless}]+")
        self.splitting = re.compile(f"[{splitting}]")
        starts, firsts = [], []
        position = body
        while 0 <= position < len(blob) - 1:
            starts.append(position)
            firsts.append(blob[position + 1 : blob.index(b"\t", position)])
            position = blob.find(b"\n", position + BLOCK_BYTES)
        starts.append(len(blob) - 1)
        self.starts, self.firsts = starts, firsts

    def one_token(self, word: str) -> bool:
        """True when wordfreq keeps the (normalised) word as one token, as the table holds it."""
        if word.isascii():
            return True
        if self.splitting.search(word):
            return False
        # a run of a script written without spaces is one token; mixed with other letters it is cut
        return not self.spaceless.search(word) or self.spaceless_run.fullmatch(word) is not None

    def code(self, key: bytes) -> bytes | None:
        """The code stored for a word (normalised, UTF-8), None when the table does not hold it."""
        block = bisect.bisect_right(self.firsts, key) - 1
        if block < 0:
            return None
        needle = b"\n" + key + b"\t"
        found = self.blob.find(needle, self.starts[block], self.starts[block + 1] + len(needle))
        if found < 0:
            return None
        start = found + len(needle)
        return self.blob[start : self.blob.index(b"\n", start)]


@cache
def _table() -> _Table:
    # one buffer, never copied: the header's comment lines, a blank line, then the words from its second newline
    data = zlib.decompress(TABLE.read_bytes(), wbits=31)
    body = data.index(b"\n\n") + 1
    classes = dict(line.split("\t", 1) for line in data[:body].decode("utf-8").splitlines() if "\t" in line)
    return _Table(data, body, classes["# spaceless"], classes["# splitting"])


def _normal(word: str) -> str:
    # as wordfreq's preprocessing does for these languages (Turkish's capital I aside: callers pass lower case)
    return word.lower() if word.isascii() else unicodedata.normalize("NFC", word).casefold()


def _code(word: str) -> bytes | None:
    """The table's code for a word, None when wordfreq does not know it (or would cut it into tokens)."""
    word = _normal(word)
    table = _table()
    if not word or not table.one_token(word):
        return None
    return table.code(word.encode("utf-8"))


def commonness(word: str) -> int:
    """How many of EDGES the word's highest Zipf frequency in CARD_LANGUAGES reaches (0: unknown or rare)."""
    code = _code(word)
    return 0 if code is None else code[0] - 48


def known_word(word: str) -> bool:
    """True when the word's Zipf frequency in one of OCR_LANGUAGES' small lists is at least KNOWN_WORD."""
    code = _code(word)
    return code is not None and code[1:2] == b"s"


def _english_centis(code: bytes | None) -> int:
    """English Zipf frequency × 100 from a code, 0 when below ENGLISH_COMMON or unknown."""
    if code is None:
        return 0
    rest = code[2:] if code[1:2] == b"s" else code[1:]
    return int(rest) if rest else 0


def common_in_english(word: str) -> bool:
    """True when wordfreq's English Zipf frequency of the word is at least ENGLISH_COMMON.

    A hyphenated word is several tokens to wordfreq, combined as 1/f = 1/f1 + 1/f2 + …; so here too.
    """
    centis = []
    for part in word.split("-"):
        if part:
            centi = _english_centis(_code(part))
            if not centi:  # unknown, or below the threshold: the combination is rarer still
                return False
            centis.append(centi)
    return bool(centis) and _combined_zipf(centis) >= ENGLISH_COMMON


def _combined_zipf(centis: list[int]) -> float:
    """wordfreq's zipf_frequency of tokens whose own Zipf frequencies are centis / 100, step by step as it does."""
    one_over = 0.0
    for centi in centis:
        one_over += 1.0 / 10 ** ((centi - 900) / 100)  # its cB_to_freq of the token's centibel bucket
    freq = max(1.0 / one_over, 10**0.0 / 1e9)  # its minimum for zipf_frequency(minimum=0)
    freq = round(freq, math.floor(-math.log(freq, 10)) + 3)  # its rounding to 3 significant digits
    return round(math.log(freq, 10) + 9, 2)


# --- building the table (wordfreq is needed only here) ---------------------------------------------------------


def _accent_free(word: str) -> bool:
    """No combining mark once decomposed: a word enrich's folds can give ('strasse', 'istanbul'; not 'café')."""
    return not any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", word))


def _bucket(zipf: float) -> int:
    return sum(zipf >= edge for edge in EDGES)


def _char_class(points: list[int]) -> str:
    """The code points as the inside of a regular-expression class, in ranges."""
    ranges: list[list[int]] = []
    for point in points:
        if ranges and ranges[-1][1] == point - 1:
            ranges[-1][1] = point
        else:
            ranges.append([point, point])

    def escape(point: int) -> str:
        return f"\\u{point:04x}" if point < 0x10000 else f"\\U{point:08x}"

    return "".join(escape(a) if a == b else f"{escape(a)}-{escape(b)}" for a, b in ranges)


def _letter_classes() -> tuple[str, str]:
    """(letters of the scripts wordfreq writes without spaces, other letters it cuts a word at or changes)."""
    import regex
    from wordfreq.tokens import SPACELESS_EXPR, simple_tokenize

    spaceless_re = regex.compile(f"[{SPACELESS_EXPR}]")
    spaceless, splitting = [], []
    for point in range(128, sys.maxunicode + 1):
        char = chr(point)
        if not char.isalpha():
            continue
        if spaceless_re.match(char):
            spaceless.append(point)
            continue
        probe = f"a{char}a"
        # a letter the tokenizer breaks a word at, or one Turkish folds apart from the others (ș, ț)
        if simple_tokenize(probe) != [_normal(probe)] or char in "șțȘȚ":
            splitting.append(point)
    return _char_class(spaceless), _char_class(splitting)


def build() -> bytes:
    """The table file's uncompressed text: a header, a blank line, then `word<TAB>code` lines sorted by UTF-8."""
    import importlib.metadata

    import wordfreq

    spaceless, splitting = _letter_classes()
    table = _Table(b"\n", 0, spaceless, splitting)

    def keep(word: str) -> bool:
        # only words a lookup can reach: alphabetic, already normalised, one token to wordfreq
        return word.isalpha() and _normal(word) == word and table.one_token(word)

    best: dict[str, float] = {}
    for lang in CARD_LANGUAGES:
        for word in filter(keep, wordfreq.iter_wordlist(lang, "best")):
            best[word] = max(best.get(word, 0.0), wordfreq.zipf_frequency(word, lang))
    english = {word: wordfreq.zipf_frequency(word, "en") for word in filter(keep, wordfreq.iter_wordlist("en"))}
    known: set[str] = set()
    for lang in OCR_LANGUAGES:
        for word in filter(keep, wordfreq.iter_wordlist(lang, "small")):
            if wordfreq.zipf_frequency(word, lang, wordlist="small") >= KNOWN_WORD:
                known.add(word)
                if word not in best:
                    best[word] = max(wordfreq.zipf_frequency(word, other) for other in CARD_LANGUAGES)
    lines = []
    for word in sorted(best, key=lambda w: w.encode("utf-8")):
        if word not in known and not _accent_free(word):
            continue  # commonness() and common_in_english() are asked about folded words only
        bucket, common = _bucket(best[word]), english.get(word, 0.0)
        if bucket == 0 and word not in known and common < ENGLISH_COMMON:
            continue  # answered as unknown anyway
        code = f"{bucket}{'s' if word in known else ''}{round(common * 100) if common >= ENGLISH_COMMON else ''}"
        lines.append(f"{word}\t{code}")
    header = [
        f"# word frequencies for cardnote, built by `python -m ocr.word_frequency` from wordfreq "
        f"{importlib.metadata.version('wordfreq')}",
        "# wordfreq's data: CC BY-SA 4.0, Robyn Speer and contributors, https://github.com/rspeer/wordfreq",
        f"# code: bucket of the highest Zipf frequency in {' '.join(CARD_LANGUAGES)} at edges {EDGES}; 's' when "
        f"Zipf >= {KNOWN_WORD} in a small list of {' '.join(OCR_LANGUAGES)}; English Zipf x 100 when >= "
        f"{ENGLISH_COMMON}",
        "# words: alphabetic ones wordfreq keeps as one token; those only the large lists hold, without accents",
        f"# spaceless\t{spaceless}",
        f"# splitting\t{splitting}",
    ]
    return ("\n".join(header) + "\n\n" + "\n".join(lines) + "\n").encode("utf-8")


def write(path: Path = TABLE) -> int:
    """Build the table into `path` (gzip without a timestamp: the same data always gives the same bytes)."""
    data = build()
    with gzip.GzipFile(path, "wb", mtime=0) as handle:
        handle.write(data)
    return data.count(b"\n")


def main() -> int:
    """Rebuild the shipped table file."""
    print(f"{TABLE}: {write()} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
