"""The shipped word-frequency table gives exactly wordfreq's answers to the reader's three questions.

wordfreq is a test dependency only: it is the table's source (`python -m ocr.word_frequency` rebuilds it).
"""

from __future__ import annotations

import gzip
import random
import sys

import pytest

from enrich import text
from enrich.tagger import lexicons
from ocr import word_frequency as wf

wordfreq = pytest.importorskip("wordfreq")

SEED = 20251207
# words a card prints that the lists may or may not hold, accents, other scripts, nonsense
EXTRA = ["the", "ring", "engineering", "catering", "hansaring", "wagnerring", "strasse", "straße", "istanbul",
         "ıstanbul", "şirket", "sirket", "müller", "muller", "café", "cafe", "gmbh", "ltda", "linkedin",
         "whatsapp", "xqzvbw", "aaaaaaa", "a", "ß", "ǆ", "ﬁrma", "ﬁ", "москва", "αθήνα", "αθηνα", "東京", "上海",
         "ツ", "ー", "서울", "ישראל", "القاهرة", "ไทย", "şişli", "ș", "țară", "ţara", "española", "espanola",
         "naïve", "naive", "œuvre", "oeuvre", "ångström", "æble", "øre", "łódź", "lodz", "ħ", "ı", "i̇"]


def _sample(lang: str, wordlist: str, count: int, rng: random.Random) -> list[str]:
    """Random words of a list, and every word within 0.02 of each bucket edge and threshold."""
    pack = wordfreq.get_frequency_list(lang, wordlist)
    words = [w for bucket in pack for w in bucket]
    edges = {900 - round(edge * 100) + delta for edge in (*wf.EDGES, wf.KNOWN_WORD, wf.ENGLISH_COMMON)
             for delta in (-2, -1, 0, 1, 2)}
    near = [w for index in sorted(edges) if index < len(pack) for w in pack[index][:200]]
    return rng.sample(words, min(count, len(words))) + near


@pytest.fixture(scope="module")
def samples() -> dict[str, list[str]]:
    """Words per language, from both list sizes."""
    rng = random.Random(SEED)
    out = {}
    for lang in wf.CARD_LANGUAGES:
        out[lang] = _sample(lang, "best", 3000, rng) + (_sample(lang, "small", 1000, rng)
                                                         if lang in wf.OCR_LANGUAGES else [])
    return out


def _folds(word: str) -> set[str]:
    """What the callers pass for a printed word: enrich's two folds (and plain lower case for ocr/words.py)."""
    return {lexicons.fold(word), text.fold(word)}


def test_commonness_is_wordfreqs_bucket(samples: dict[str, list[str]]) -> None:
    words = {f for ws in samples.values() for w in [*ws, *EXTRA] for f in _folds(w) if f.isalpha()}
    wrong = []
    for word in sorted(words):
        expected = sum(max(wordfreq.zipf_frequency(word, lang) for lang in wf.CARD_LANGUAGES) >= e for e in wf.EDGES)
        if wf.commonness(word) != expected:
            wrong.append((word, wf.commonness(word), expected))
    assert len(words) > 20000
    assert not wrong, wrong[:20]


def test_known_word_is_wordfreqs_small_lists(samples: dict[str, list[str]]) -> None:
    # ocr/words.py passes the letters of a token in lower case, accents kept
    words = {v for ws in samples.values() for w in [*ws, *EXTRA] for v in (w, w.lower(), w.upper().lower(),
                                                                           *_folds(w)) if v.isalpha()}
    wrong = []
    for word in sorted(words):
        expected = max(wordfreq.zipf_frequency(word, lang, wordlist="small") for lang in wf.OCR_LANGUAGES)
        if wf.known_word(word) != (expected >= wf.KNOWN_WORD):
            wrong.append((word, wf.known_word(word), expected))
    assert not wrong, wrong[:20]


def test_common_in_english_is_wordfreqs_including_hyphenated_compounds(samples: dict[str, list[str]]) -> None:
    rng = random.Random(SEED)
    singles = sorted({f for w in [*samples["en"], *samples["de"], *EXTRA] for f in _folds(w) if f.isalpha()})
    common = [w for w in singles if wordfreq.zipf_frequency(w, "en") >= 1.5]
    compounds = ["-".join(rng.sample(common, rng.choice((2, 2, 3)))) for _ in range(3000)]
    compounds += ["hans-bockler-ring", "gold-ring", "boxing-ring", "xqzvbw-ring", "ring-", "-ring"]
    wrong = []
    for word in singles + compounds:
        expected = wordfreq.zipf_frequency(word, "en") >= wf.ENGLISH_COMMON
        if wf.common_in_english(word) != expected:
            wrong.append((word, wf.common_in_english(word), wordfreq.zipf_frequency(word, "en")))
    assert sum(wordfreq.zipf_frequency(w, "en") >= 2.0 for w in compounds) > 100  # both sides of the edge
    assert not wrong, wrong[:20]


def test_the_table_knows_which_words_wordfreq_cuts() -> None:
    """A word mixing a spaceless script with other letters is answered as unknown, and only such a word."""
    from wordfreq.tokens import tokenize

    table = wf._table()
    probes = ["abc", "東京", "東京abc", "abc東京", "ツabc", "abcー", "ไทยabc", "서울", "москва", "ישראל", "ꪀꪁ",
              "aꪀb", "țară", "straße"]
    for word in probes:
        normal = wf._normal(word)
        assert table.one_token(normal) == (tokenize(normal, "en") == [normal] and "ț" not in normal), word


def test_enrichs_folds_give_words_the_table_holds_in_full() -> None:
    """commonness() and common_in_english() hold only accent-free words of the large lists: what the folds give."""
    for point in range(sys.maxunicode + 1):
        char = chr(point)
        for folded in _folds(char):
            assert wf._accent_free(folded) or not folded.isalpha(), (hex(point), folded)


@pytest.mark.slow
def test_the_shipped_table_is_what_the_build_command_makes() -> None:
    """Fails when the file is stale: rebuild it with `python -m ocr.word_frequency` (about 1.5 CPU minutes)."""
    with gzip.open(wf.TABLE, "rb") as handle:
        shipped = handle.read()
    assert wf.build() == shipped


def test_the_table_stays_small_in_memory() -> None:
    """The reason it exists: tens of MB in every reader process at most, not wordfreq's 300 MB of dicts."""
    table = wf._table()
    size = len(table.blob) + sum(sys.getsizeof(k) for k in table.firsts) + sys.getsizeof(table.starts) * 2
    assert size < 25_000_000
