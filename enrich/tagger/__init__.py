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

from enrich.address.lexicon import REGISTRATION
from enrich.names import split_honorific
from enrich.tagger.features import BREAK, PLACEHOLDERS, TagInput, Token, features, tokens
from enrich.tagger.given_names import is_first_name
from enrich.tagger.one_line import part_name_and_title
from enrich.titles import is_department_line

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


# In a title, a dash or slash with a space on one side only separates its parts ("Deputy -Director", "Manager- CES",
# "Tierarzt /Tierärztin"): OCR lost the other space. A hyphen or slash inside a word ("Vice-President",
# "Product/process") has none on either side and stays, and so does a hyphen that stands for a word's repeated
# half before a conjunction ("Ofenbau- und Verlegetechnik", "Pre- and post-production", "Pré- e pós-venda").
_ELIDED_BEFORE = r"(?i:und|oder|bzw|sowie|u|en|of|and|or|e|et|y|ve)\b"
_LOPSIDED_DASH = re.compile(rf"(?<=\w) ([-–—/])(?=\w)|(?<=\w)([-–—/]) (?!{_ELIDED_BEFORE})(?=\w)")
# A licence, council or tax number printed after the title or company on its line is neither: "Owner, License
# #483920", "Médico Cardiologista - CRM 52.12345-6", "ACME Ltd. | VAT GB123456789"
_REGISTRATION_TAIL = re.compile(rf"\s*[,|·•–—-]\s*(?:{REGISTRATION.pattern.removeprefix('(?i)')}).*$", re.I | re.S)


def _without_registration(text: str) -> str:
    """The title or company without a registration number printed after it on its line."""
    cut = _REGISTRATION_TAIL.sub("", text)
    return cut if len(cut.strip(_STRIP)) >= 2 else text


def _text(toks: list[Token], run: list[int]) -> str:
    parts: list[str] = []
    for line in sorted({toks[k].line for k in run}):
        ks = [k for k in run if toks[k].line == line]
        first, last = toks[ks[0]], toks[ks[-1]]
        parts.append(first.source[first.start:last.end].strip(_STRIP))
    return " ".join(p for p in parts if p)


FALLBACK_TOKEN = 0.2  # a token whose probability for the field is at least this may be part of it
FALLBACK_RUN = 0.25  # a run is a candidate for the field when its mean probability reaches this
SHARE_FLOOR = 0.5  # a line given to a field taken elsewhere: its other labels are at most doubled


def _candidates(toks: list[Token], marginals: list[dict[str, float]], label: str) -> list[tuple[float, list[int]]]:
    """(mean probability, tokens) of every run the label is likely enough for."""
    runs: list[list[int]] = []
    for k, tok in enumerate(toks):
        m = marginals[k]
        best_other = max(v for lab, v in m.items() if lab != label)
        if not _open(tok) or m[label] < FALLBACK_TOKEN or (best_other > 0.5 and best_other > m[label]):
            if tok.text == BREAK and label == "company" and runs and runs[-1] and runs[-1][-1] == k - 1:
                continue  # a brand may go on over a line break ("NVO" / "XPRESS")
            runs.append([])
            continue
        if runs and runs[-1] and (runs[-1][-1] == k - 1 or (runs[-1][-1] == k - 2 and toks[k - 1].text == BREAK)):
            runs[-1].append(k)
        else:
            runs.append([k])
    if label in ("name", "title"):  # a person's name and title are printed on one line each
        split: list[list[int]] = []
        for run in runs:
            for line in sorted({toks[k].line for k in run}):
                split.append([k for k in run if toks[k].line == line])
        runs = split
    if label == "name":
        runs += _whole_lines(toks, marginals, label)
    scored = [(sum(marginals[k][label] for k in run) / len(run), run) for run in runs if run]
    return [(p, run) for p, run in scored if p >= FALLBACK_RUN]


def _whole_lines(toks: list[Token], marginals: list[dict[str, float]], label: str) -> list[list[int]]:
    """Every line all of whose words the label is possible for: a candidate whole. Where the model hesitates
    over a name line ("Dr Vasala Madhava Rao", each word half name, half other) the words it leans a hair
    towards would otherwise make the name ("Rao"), but a name is printed whole on its line."""
    lines: dict[int, list[int]] = {}
    for k, tok in enumerate(toks):
        if tok.text != BREAK:
            lines.setdefault(tok.line, []).append(k)
    return [run for run in lines.values() if len(run) > 1
            and all(_open(toks[k]) and marginals[k][label] >= FALLBACK_TOKEN for k in run)]


def tag(data: TagInput) -> Tagged:
    """Label the card's tokens and pick the name, title and company spans.

    Every run of tokens likely enough for a field is a candidate; the most probable candidates are taken
    first, one per field and no token twice (so a line the model hesitates over goes to the field it
    fits best, and a field whose best candidate is weak still comes out, with its low probability).
    """
    toks = tokens(data)
    if not toks:
        return Tagged([], [], {})
    tagger = _model()
    feats = features(data, toks)
    with _lock:  # a Tagger holds the sequence it was last given: one card at a time per process
        tagger.set(feats)
        marginals = [{lab: tagger.marginal(lab, k) for lab in LABELS} for k in range(len(toks))]
    labels = [max(m, key=m.__getitem__) for m in marginals]  # each token's likeliest label
    spans: dict[str, Span] = {}
    chosen: dict[str, list[int]] = {}
    taken: set[int] = set()
    department: list[int] = []
    while len(spans) < len(FIELD_LABELS):
        remaining = [label for label in FIELD_LABELS if label not in spans]
        candidates = [(p + 0.02 * min(len(run), 4) + _first_name_bonus(toks, label, run), p, label, run)
                      for label in remaining for p, run in _candidates(toks, marginals, label) if not taken & set(run)]
        candidates += [(p + 0.02 * min(len(run), 4), p, label, run)
                       for p, label, run in _second_choices(toks, marginals, labels, set(spans), remaining, taken)]
        for _, p, label, run in sorted(candidates, key=lambda c: -c[0]):
            if label != "name":
                run = _with_head(toks, labels, run, taken)
            text = _text(toks, run)
            if label == "title":
                run, text = _unwrapped(data, toks, labels, run, taken)
                text = _LOPSIDED_DASH.sub(lambda m: f" {m.group(1) or m.group(2)} ", text)
            dropped: list[int] = []
            if label == "company" and (kept := _without_department_lines(data, toks, run)) != run:
                dropped = [k for k in run if k not in kept]
                run, text = kept, _text(toks, kept)
            if label != "name":
                text = _without_registration(text)
            if len(text) >= 2:
                spans[label] = Span(text, tuple(sorted({toks[k].line for k in run})), round(p, 3))
                chosen[label] = run
                department = department or dropped
                taken |= set(run)
                break
        else:
            break
    department = department or _department_line(data, toks, labels, taken)
    if department:  # printed on a line of its own: the company's run had taken it in, or no field did
        spans["department"] = Span(_text(toks, department), tuple(sorted({toks[k].line for k in department})),
                                   DEPARTMENT_LINE)
    parted = part_name_and_title(toks, chosen, marginals)
    for label in ("name", "title"):
        if label in parted and parted[label] != chosen.get(label):
            run = parted[label]
            # a field found across the mark is as sure as the other it was read as
            probability = spans[label].probability if label in spans else spans[
                "title" if label == "name" else "name"].probability
            spans[label] = Span(_text(toks, run), tuple(sorted({toks[k].line for k in run})), probability)
    if "company" not in spans:
        brand = _domain_brand(data, toks, feats, taken)
        if brand:
            text = _text(toks, brand)
            spans["company"] = Span(text, tuple(sorted({toks[k].line for k in brand})), DOMAIN_BRAND)
    return Tagged(toks, labels, spans)


# A title is wrapped over two lines when the first stops on a joining word or mark ("Controlador de",
# "Head of Sales &", "SURVEYOR,") or the second goes on in lower case ("für Neurologie", "teacher / …"). Only a
# lower-case short word counts as joining: "FOUNDER & CEO" ends a title.
OPEN_END_MARKS = "&,+/-"
OPEN_END_WORD = 3  # letters at most of a joining word ("de", "of", "and", "für")
MIN_WRAPPED_LETTERS = 3  # letters at least on the first of the two lines: fewer is a monogram ("R&"), a logo
WRAP_HEIGHT = 1.3  # the two lines of a wrapped title are set in one size (ratio of letter heights at most)
_WRAP_LABELS = {"title", "other"}  # the model often leaves a title's wrapped half unlabelled ('other')


def _second_choices(toks: list[Token], marginals: list[dict[str, float]], labels: list[str], taken_fields: set[str],
                    remaining: list[str], taken: set[int]) -> list[tuple[float, str, list[int]]]:
    """(probability, field, tokens) for each line the model gave mostly to a field already taken elsewhere.

    A card prints one name, one title and one company: a line the model half took for a second name is the
    field it thought of next ("Bahçe Bitkileri Uzmanı" below the name: a title), by its other labels'
    probabilities scaled up to the share the taken field leaves (at most doubled, SHARE_FLOOR: a line the
    model was sure of keeps its noise as noise).
    """
    lines: dict[int, list[int]] = {}
    for k, tok in enumerate(toks):
        if _open(tok) and k not in taken:
            lines.setdefault(tok.line, []).append(k)
    found = []
    for run in lines.values():
        if 2 * sum(labels[k] in taken_fields for k in run) <= len(run):
            continue
        rest = [max(1.0 - sum(marginals[k][t] for t in taken_fields), SHARE_FLOOR) for k in run]
        for label in remaining:
            p = sum(marginals[k][label] / r for k, r in zip(run, rest, strict=True)) / len(run)
            if p >= FALLBACK_RUN:
                found.append((p, label, run))
    return found


FIRST_NAME_BONUS = 0.05  # between two lines the model reads as a name about equally, the one opening with a first
# name is the person ('Marcia Souza' below 'Salão Bela Vida', a salon's name set bigger)


def _first_name_bonus(toks: list[Token], label: str, run: list[int]) -> float:
    if label != "name":
        return 0.0
    words = split_honorific(_text(toks, run))[1].split()  # 'Dr. Ana Ruiz' opens with Ana
    return FIRST_NAME_BONUS if words and is_first_name(words[0].strip(".,")) else 0.0


DEPARTMENT_LINE = 0.6  # how sure a department is that a line of its own names ('Abteilung Einkauf')


def _without_department_lines(data: TagInput, toks: list[Token], run: list[int]) -> list[int]:
    """A company run over several lines less its department lines ("Overseas Business Dept." above "NIPPON KOGYO
    CO., LTD."): a brand goes on over a line break, a department is a unit of it, not its name."""
    lines = {toks[k].line for k in run}
    if len(lines) < 2:
        return run
    kept = [k for k in run if not is_department_line(data.lines[toks[k].line].text)]
    return kept or run


def _department_line(data: TagInput, toks: list[Token], labels: list[str], taken: set[int]) -> list[int]:
    """The tokens of the first line no field took that names a unit of the company ('Overseas Business Dept.')."""
    lines: dict[int, list[int]] = {}
    for k, tok in enumerate(toks):
        if tok.text not in PLACEHOLDERS:
            lines.setdefault(tok.line, []).append(k)
    for line, run in lines.items():
        if (not taken & set(run) and line not in data.roles and all(labels[k] == "other" for k in run)
                and is_department_line(data.lines[line].text)):
            return run
    return []


def _joining_word(word: str) -> bool:
    return len(word) <= OPEN_END_WORD and word.isalpha() and word.islower()


def _ends_open(line_text: str) -> bool:
    words = line_text.split()
    last = words[-1] if words else ""
    return last[-1:] in tuple(OPEN_END_MARKS) or _joining_word(last)


def _with_head(toks: list[Token], labels: list[str], run: list[int], taken: set[int]) -> list[int]:
    """The run with the words before it on its line when it starts on a joining word: "of Health" is the tail
    of "Ministry of Health", whose head the model left unlabelled."""
    if not _joining_word(toks[run[0]].text):
        return run
    head = []
    k = run[0] - 1
    while k >= 0 and toks[k].line == toks[run[0]].line and toks[k].text != BREAK:
        head.insert(0, k)
        k -= 1
    if not head or taken & set(head) or any(labels[j] != "other" or not _open(toks[j]) for j in head):
        return run
    return head + run


def _next_line(toks: list[Token], k: int) -> list[int]:
    """The tokens of the line after token k, when k ends its line."""
    if k + 1 >= len(toks) or toks[k + 1].text != BREAK:
        return []
    out, j = [], k + 2
    while j < len(toks) and toks[j].text != BREAK:
        out.append(j)
        j += 1
    return out


def _previous_line(toks: list[Token], k: int) -> list[int]:
    """The tokens of the line before token k, when k starts its line."""
    if k < 1 or toks[k - 1].text != BREAK:
        return []
    out, j = [], k - 2
    while j >= 0 and toks[j].text != BREAK:
        out.append(j)
        j -= 1
    return out[::-1]


def _wraps(data: TagInput, toks: list[Token], labels: list[str], upper: list[int], lower: list[int],
           taken: set[int]) -> bool:
    """The two lines (token lists, upper one first) are one phrase wrapped: open end or lower-case start,
    one letter size, and no token of the added line claimed by another field."""
    if not upper or not lower or taken & set(upper + lower) or toks[upper[0]].line == toks[lower[0]].line:
        return False
    if any(labels[k] not in _WRAP_LABELS or not _open(toks[k]) for k in upper + lower):
        return False
    first, second = data.lines[toks[upper[0]].line], data.lines[toks[lower[0]].line]
    if max(first.height, second.height) > WRAP_HEIGHT * max(1, min(first.height, second.height)):
        return False
    if sum(c.isalpha() for k in upper for c in toks[k].text) < MIN_WRAPPED_LETTERS:
        return False
    end, start = toks[upper[-1]], toks[lower[0]].text
    # a lower-case content word may also open a tagline below the title ("proyección estable"): only when the
    # model labels that line a title too
    joined_on = _joining_word(start)
    lower_case_title = start[:1].islower() and all(labels[k] == "title" for k in lower)
    return _ends_open(end.source[: end.end]) or joined_on or lower_case_title


def _unwrapped(data: TagInput, toks: list[Token], labels: list[str], run: list[int],
               taken: set[int]) -> tuple[list[int], str]:
    """The title run with the line it was wrapped from or onto, and its text (a joining mark kept)."""
    if len({toks[k].line for k in run}) != 1:
        return run, _text(toks, run)
    after, before = _next_line(toks, run[-1]), _previous_line(toks, run[0])
    if _wraps(data, toks, labels, run, after, taken):
        upper, lower = run, after
    elif _wraps(data, toks, labels, before, run, taken):
        upper, lower = before, run
    else:
        return run, _text(toks, run)
    end = toks[upper[-1]]
    first = _text(toks, upper)
    mark = end.text[-1] if end.text[-1:] in (",", "&") and not first.endswith(end.text[-1]) else ""
    return upper + lower, f"{first}{mark} {_text(toks, lower)}"


DOMAIN_BRAND = 0.5  # how sure a company is that only its spelling of the card's domain names (unsure: warned)
_SPELLS = ("L.spells_domain", "L.spells_domain_with_neighbour")


def _domain_brand(data: TagInput, toks: list[Token], feats: list[dict[str, float]], taken: set[int]) -> list[int]:
    """When the model names no company: the free line(s) the card's own domain is spelled from.

    Nearly every card prints its company, and its web or email domain is made of the brand's words or
    initials ('interwf.com' for "INTERWORLD" / "FREIGHT"); that printed text is a better answer than none,
    given with low confidence (and a warning) so a person checks it.
    """
    flagged: dict[int, list[int]] = {}
    for k, tok in enumerate(toks):
        spelled = any(name in feats[k] for name in _SPELLS) or "is_domain" in feats[k]
        if spelled and k not in taken and _open(tok) and tok.line not in data.roles:
            flagged.setdefault(tok.line, []).append(k)
    if not flagged:
        return []
    best = max(flagged, key=lambda i: (data.lines[i].height, -i))  # a logo prints the brand biggest
    lines = [best]
    if "L.spells_domain_with_neighbour" in feats[flagged[best][0]]:
        y = data.lines[best].box[1]
        partners = [i for i in flagged if i != best and "L.spells_domain_with_neighbour" in feats[flagged[i][0]]]
        lines += sorted(partners, key=lambda i: abs(data.lines[i].box[1] - y))[:1]
    return sorted((k for i in lines for k in flagged[i]), key=lambda k: (data.lines[toks[k].line].box[1], k))
