"""Learned line and token labelling: which words of a card are the name, the title, the company.

A linear-chain CRF (python-crfsuite) labels every token of the card (features in features.py) as one
of LABELS; the field values are the best-scoring runs of tokens of each label. The model file ships
beside this module and is built by `python -m enrich.tagger.train` (seeded, deterministic); it is
loaded once per process, on first use.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path

import pycrfsuite

from enrich.tagger.features import BREAK, PLACEHOLDERS, TagInput, Token, features, tokens

MODEL_PATH = Path(__file__).with_name("model.crfsuite")
LABELS = ("name", "title", "company", "address", "contact", "br", "other")
FIELD_LABELS = ("name", "title", "company")
_STRIP = " ,;:|·•–—-/"

_lock = threading.Lock()
_tagger: pycrfsuite.Tagger | None = None


def _model() -> pycrfsuite.Tagger:
    global _tagger
    with _lock:
        if _tagger is None:
            tagger = pycrfsuite.Tagger()
            tagger.open(str(MODEL_PATH))
            _tagger = tagger
        return _tagger


def reload_model(path: Path = MODEL_PATH) -> None:
    """Use the model file at path from now on (after training one)."""
    global _tagger
    with _lock:
        tagger = pycrfsuite.Tagger()
        tagger.open(str(path))
        _tagger = tagger


@dataclass(frozen=True)
class Span:
    """A field found by the tagger: its text, the lines it came from and how sure the model is (0..1)."""

    text: str
    lines: tuple[int, ...]
    probability: float


@dataclass
class Tagged:
    """The tagger's answer for one card: the label of each token and the spans chosen for each field."""

    tokens: list[Token]
    labels: list[str]
    spans: dict[str, Span]


_CONTACT_LIKE = re.compile(r"@|^(?:https?:|www\.)", re.I)


def _open(tok: Token) -> bool:
    """A token that may be part of a name, title or company (an email or URL the libraries missed is not)."""
    return tok.text not in PLACEHOLDERS and not _CONTACT_LIKE.search(tok.text)


def _runs(toks: list[Token], labels: list[str], probs: list[float], label: str) -> list[list[int]]:
    """Runs of consecutive tokens with the label, within a line or over consecutive lines."""
    runs: list[list[int]] = []
    for k, lab in enumerate(labels):
        if lab != label or not _open(toks[k]):
            continue
        # a run goes on over a line break only (a brand printed on two lines: "NVO" / "XPRESS")
        follows = runs and (runs[-1][-1] == k - 1 or (runs[-1][-1] == k - 2 and toks[k - 1].text == BREAK))
        if follows:
            runs[-1].append(k)
        else:
            runs.append([k])
    return runs


FALLBACK_TOKEN = 0.2  # a word whose marginal probability for the field is at least this may join the run
FALLBACK_RUN = 0.3  # and the run's mean probability must reach this


def _fallback(toks: list[Token], marginals: list[float]) -> list[list[int]]:
    """Runs (on one line) of tokens that the field is likely for, when the best path labelled none."""
    runs: list[list[int]] = []
    for k, tok in enumerate(toks):
        if not _open(tok) or marginals[k] < FALLBACK_TOKEN:
            continue
        if runs and runs[-1][-1] == k - 1 and toks[k - 1].line == tok.line:
            runs[-1].append(k)
        else:
            runs.append([k])
    return [r for r in runs if sum(marginals[k] for k in r) / len(r) >= FALLBACK_RUN]


def _text(toks: list[Token], run: list[int]) -> str:
    parts: list[str] = []
    for line in sorted({toks[k].line for k in run}):
        ks = [k for k in run if toks[k].line == line]
        first, last = toks[ks[0]], toks[ks[-1]]
        parts.append(first.source[first.start:last.end].strip(_STRIP))
    return " ".join(p for p in parts if p)


def tag(data: TagInput) -> Tagged:
    """Label the card's tokens and pick the name, title and company spans."""
    toks = tokens(data)
    if not toks:
        return Tagged([], [], {})
    tagger = _model()
    with _lock:  # a Tagger holds the sequence it was last given: one card at a time per process
        tagger.set(features(data, toks))
        marginals = [{lab: tagger.marginal(lab, k) for lab in LABELS} for k in range(len(toks))]
    # each token's likeliest label (posterior decoding): a field's words are kept when the model thinks
    # them likelier that field than anything else, even where the single best path went another way
    labels = [max(m, key=m.__getitem__) for m in marginals]
    probs = [m[lab] for m, lab in zip(marginals, labels, strict=True)]
    field_probs = {f: [m[f] for m in marginals] for f in FIELD_LABELS}
    spans: dict[str, Span] = {}
    for label in FIELD_LABELS:
        runs = _runs(toks, labels, probs, label)
        if not runs:  # the best path has none: the likeliest words, if likely enough, as an unsure answer
            runs = _fallback(toks, field_probs[label])
            probs = [field_probs[label][k] if k in {i for r in runs for i in r} else p for k, p in enumerate(probs)]
        if label in ("name", "title"):  # a person's name and title are printed on one line each
            runs = [[k for k in run if toks[k].line == toks[run[0]].line] for run in runs]
        scored = [(sum(probs[k] for k in run) / len(run) + 0.02 * min(len(run), 4), run) for run in runs]
        if not scored:
            continue
        _, best = max(scored, key=lambda s: s[0])
        text = _text(toks, best)
        if len(text) >= 2:
            spans[label] = Span(text, tuple(sorted({toks[k].line for k in best})),
                                round(sum(probs[k] for k in best) / len(best), 3))
    return Tagged(toks, list(labels), spans)
