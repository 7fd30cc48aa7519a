"""Tokens of a card and their features, the way usaddress and probablepeople describe tokens to a CRF.

One sequence per card: every line's tokens top to bottom. The lines the field libraries already took
(emails, phones, websites) are one placeholder token each plus the words left on them. Each token
carries its own features (shape, how common the word is, lexicon hits), its line's layout (relative
letter height, position, alignment, role, confidence) and its neighbours' features.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from enrich.company import BUSINESS_WORDS, institution_word, legal_form
from enrich.names import PARTICLES
from enrich.tagger import lexicons as lex
from enrich.tagger.given_names import COMMON_FIRST_NAME, given_name_magnitude, is_first_name
from enrich.tagger.layout import reading_order
from enrich.text import squash
from enrich.titles import DEPARTMENTS, RANK_WORDS, is_title_word
from ocr.types import OcrLine

CONTACT = "<contact>"  # the placeholder token of a line whose email / phone / URL the libraries took
BREAK = "<br>"  # between two lines, so that the model learns what follows what across a line break
PLACEHOLDERS = (CONTACT, BREAK)
_SEPARATOR = re.compile(r"^[|/·•–—\-,;:]+$")
# 'LetíciaAraújo', 'EletrônicaEXEMPLO': OCR lost the space between two words
_GLUED = re.compile(r"(?<=[a-zà-ÿ]{3})(?=[A-ZÀ-Þ][a-zà-ÿ]{2})|(?<=[a-zà-ÿ]{3})(?=[A-ZÀ-Þ]{3,})")
_GLUED_FORM = re.compile(r"(?<=[^\W\d_]{3})(?=(?:Ltda|Lda|GmbH|Inc|Ltd|Sarl|Corp)\b)")  # 'ADACHILtda.'
_POSTCODE = re.compile(r"^(?:\d{4,6}|\d{5}-\d{3,4}|\d{4}-\d{3}|[A-Z]\d{4}[A-Z]{3}|[A-Z]{1,2}\d[A-Z\d]?|"
                       r"\d[A-Z]{2}|\d{4}[A-Z]{2}|[A-Z]\d[A-Z]|\d[A-Z]\d|[A-Z]-?\d{4,5})$")


@dataclass
class TagInput:
    """What the tagger sees of a card: its OCR lines, which ones the field libraries took, card clues."""

    lines: list[OcrLine]
    roles: dict[int, str] = field(default_factory=dict)  # line -> "contact" | "address"
    free: dict[int, str] = field(default_factory=dict)  # words left on a contact line once its values are out
    domains: list[str] = field(default_factory=list)  # the card's own (not free-mail) email / web domains
    email_locals: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Token:
    """One token: the line it is on, its text and where it sits in the line's text."""

    line: int
    text: str
    start: int
    end: int
    source: str  # the line text the span refers to
    after: int = -1  # for a line break: the line before it in reading order


def repair_spaces(text: str) -> str:
    """Put back spaces OCR dropped between two words ('LetíciaAraújo', 'ADACHILtda.')."""
    return _GLUED_FORM.sub(" ", _GLUED.sub(" ", text))


def tokens(data: TagInput) -> list[Token]:
    """The card's tokens in reading order, block by block (layout.py; separators such as '|' are not tokens)."""
    out: list[Token] = []
    previous = -1
    for i in reading_order(data.lines):
        line = data.lines[i]
        if previous >= 0:
            out.append(Token(i, BREAK, 0, 0, "", after=previous))
        previous = i
        role = data.roles.get(i)
        if role == "contact":
            out.append(Token(i, CONTACT, 0, 0, ""))
            text = data.free.get(i, "")
        else:
            text = line.text
        text = repair_spaces(text)
        for match in re.finditer(r"\S+", text):
            if not _SEPARATOR.match(match.group()):
                out.append(Token(i, match.group(), match.start(), match.end(), text))
    return out


SUFFIX_LENGTH = 3  # letters of a rare word's ending the model sees
SUFFIX_MIN_LENGTH = 5  # shorter words' endings are most of the word


def _in_capitals(word: str) -> bool | None:
    """Whether a word of two letters or more is in capitals (None for shorter ones: 'P.', '&')."""
    letters = [c for c in word if c.isalpha()]
    return all(c.isupper() for c in letters) if len(letters) >= 2 else None


def _bucket(value: float, edges: tuple[float, ...]) -> int:
    return sum(value >= e for e in edges)


def _word_features(tok: Token, nxt: Token | None) -> dict[str, float]:
    if tok.text in PLACEHOLDERS:
        return {tok.text.strip("<>"): 1.0}
    word = tok.text.strip(".,;:()[]\"'“”‘’|·")
    lw = lex.fold(word).replace(".", "")
    f: dict[str, float] = {"bias": 1.0}
    zipf = lex.commonness(lw) if lw.isalpha() else 0  # Zipf frequency bucketed at 1, 2, 3, 4, 5
    if zipf >= 3:
        f[f"w={lw}"] = 1.0  # only common words by name: rare ones (names, brands) only by their shape
    f[f"zipf={zipf}"] = 1.0
    if zipf < 3 and len(lw) >= SUFFIX_MIN_LENGTH and lw.isalpha():
        # a rare word by its ending: agent nouns ('-ador', '-iste', '-ologe') make titles, others surnames
        f[f"suf={lw[-SUFFIX_LENGTH:]}"] = 1.0
    letters = [c for c in word if c.isalpha()]
    if any(c.isdigit() for c in word):
        f["digit"] = 1.0
        if word.isdigit():
            f[f"num{min(len(word), 6)}"] = 1.0
    if letters:
        if all(c.isupper() for c in letters):
            f["caps" if len(letters) > 1 else "cap1"] = 1.0
        elif letters[0].isupper() and all(c.islower() for c in letters[1:]):
            f["init"] = 1.0
        elif all(c.islower() for c in letters):
            f["lower"] = 1.0
        else:
            f["mixed"] = 1.0
    f[f"len={_bucket(len(word), (2, 3, 4, 7, 11))}"] = 1.0
    if tok.text.endswith("."):
        f["dot"] = 1.0
    if "@" in tok.text or re.search(r"(?i)www|https?:|\.(com|net|org)\b", tok.text):
        f["urlish"] = 1.0
    # nameparser's titles also hold job words ('director', 'chief'): only the short or dotted ones are
    # honorifics printed before a name ('Dr', 'Prof.', 'Ing.'), not job words ('Head', 'CEO')
    if lw in lex.honorifics() and not is_title_word(lw) and (len(lw) <= 4 or tok.text.endswith(".")):
        f["honorific"] = 1.0
    if lw in lex.name_suffixes():
        f["name_suffix"] = 1.0
    if lw in PARTICLES:
        f["particle"] = 1.0
    magnitude = given_name_magnitude(lw.split("-")[0]) if lw.replace("-", "").isalpha() else 0
    if magnitude:  # 'Mehmet', 'Priya', 'Koen': a first name, however rare the word is in the language
        f[f"given={magnitude}"] = 1.0
        if magnitude >= COMMON_FIRST_NAME:
            f["given"] = 1.0
    if legal_form(f"x {word}") or legal_form(tok.text):
        f["legal"] = 1.0
    if lw and (is_title_word(lw) or lw in RANK_WORDS):
        f["title_word"] = 1.0
    if lw in DEPARTMENTS:
        f["department_word"] = 1.0
    if lw in BUSINESS_WORDS:
        f["business_word"] = 1.0
    if institution_word(lw):
        f["institution"] = 1.0
    if lw in lex.street_types() or (len(lw) > 6 and lw.endswith(lex.STREET_SUFFIXES)):
        f["street"] = 1.0
    city_names, city_starts = lex.cities()
    following = lex.fold(nxt.text.strip(".,")) if nxt is not None and nxt.line == tok.line else ""
    if lw in city_names or (lw in city_starts and f"{lw} {following}" in city_names):
        f["city"] = 1.0
    if lw in lex.places():
        f["place"] = 1.0
    if word.isupper() and 2 <= len(word) <= 3 and word in lex.subdivision_codes():
        f["region_code"] = 1.0
    if _POSTCODE.match(word.upper() if len(word) <= 4 else word):
        f["postcode"] = 1.0
    return f


def _clue_features(tok: Token, data: TagInput) -> dict[str, float]:
    key = squash(tok.text)
    f: dict[str, float] = {}
    if len(key) >= 3 and tok.text not in PLACEHOLDERS:
        labels = [squash(d.split(".")[0]) for d in data.domains]
        if any(key == label for label in labels):
            f["is_domain"] = 1.0
        elif any(key in label for label in labels if len(label) >= 3):
            f["in_domain"] = 1.0
        if any(key in squash(local) for local in data.email_locals):
            f["in_email_local"] = 1.0
    return f


def abbreviates(label: str, words: list[str]) -> bool:
    """True when a domain label is spelled by the starts of a line's words, in order: 'interwf' by
    'INTERWORLD FREIGHT', 'hme' by 'HOLBORN & MOORGATE ENGINEERING' (words it skips, like 'of', are allowed)."""
    keys = [squash(w) for w in words]
    keys = [k for k in keys if k]
    if len(label) < 3 or not keys or not label.startswith(keys[0][:1]):
        return False
    rest, used = label, 0
    for key in keys:
        if not rest:
            break
        common = 0
        while common < min(len(key), len(rest)) and key[common] == rest[common]:
            common += 1
        if common:
            rest, used = rest[common:], used + 1
    # one word spelling the whole label is the token feature is_domain's job; here the label spans words
    return not rest and used >= 2


_BRACKETED_ACRONYM = re.compile(r"\(([^\W\d_]{2,6})\)")
LOGO_LETTERS = (2, 6)  # a monogram or acronym printed apart ("GV", "NIRD"): fewer letters say nothing


def _logos(lines: list[OcrLine], roles: dict[int, str]) -> dict[int, list[str]]:
    """Per line, the monograms and acronyms it prints that another line may spell out: a short free line of
    one or two words ("GV", "ÖE") or a bracketed acronym ("Audit Bureau of Circulation (ABC)")."""
    low, high = LOGO_LETTERS
    found: dict[int, list[str]] = {}
    for i, line in enumerate(lines):
        if roles.get(i) is not None:
            continue
        words = line.text.split()
        letters = squash(line.text)
        if 1 <= len(words) <= 2 and low <= len(letters) <= high and letters.isalpha():
            found.setdefault(i, []).append(letters)
        found.setdefault(i, []).extend(squash(m.group(1)) for m in _BRACKETED_ACRONYM.finditer(line.text))
    return found


def spells_logo(i: int, words: list[str], logos: dict[int, list[str]]) -> bool:
    """Whether the starts of line i's words spell a monogram or acronym the card prints elsewhere, or in
    brackets on the line itself: an organisation prints its initials as its logo ("SM" for "Seven Mansız San.")."""
    own = [w for w in words if not _BRACKETED_ACRONYM.fullmatch(w.strip(",;.:"))]
    if len(own) < 2:
        return False
    for j, acronyms in logos.items():
        for acronym in acronyms:
            if (j != i or len(words) > len(own)) and _spelled(acronym, own):
                return True
    return False


def _spelled(acronym: str, words: list[str]) -> bool:
    """The acronym is the starts of two or more of the words, in order, from the first (small words may be
    skipped): abbreviates() for the two-letter monograms too."""
    return abbreviates(acronym, words) if len(acronym) >= 3 else (
        len(acronym) == 2 and len(words) >= 2 and squash(words[0])[:1] == acronym[0]
        and any(squash(w)[:1] == acronym[1] for w in words[1:]))


def _stacked_pairs(lines: list[OcrLine], i: int, text_words: list[list[str]],
                   roles: dict[int, str]) -> list[tuple[int, list[str]]]:
    """(other line, words of both top first) for each free line printed right above or below line i."""
    x, y, w, h = lines[i].box
    pairs = []
    for j, other in enumerate(lines):
        ox, oy, ow, oh = other.box
        gap = max(oy - (y + h), y - (oy + oh))
        if j != i and roles.get(j) is None and gap < max(h, oh) and min(x + w, ox + ow) > max(x, ox):
            pairs.append((j, text_words[i] + text_words[j] if y <= oy else text_words[j] + text_words[i]))
    return pairs


def _line_features(data: TagInput) -> list[dict[str, float]]:
    lines = data.lines
    heights = [ln.height for ln in lines if ln.height > 0] or [1]
    median = statistics.median(heights)
    biggest = max(heights)
    lefts = [ln.box[0] for ln in lines] or [0]
    rights = [ln.box[0] + ln.box[2] for ln in lines] or [1]
    x0, x1 = min(lefts), max(rights)
    tops = [ln.box[1] for ln in lines] or [0]
    y0, y1 = min(tops), max(tops)
    ranks = {h: r for r, h in enumerate(sorted(set(heights), reverse=True))}
    big = [i for i, ln in enumerate(lines) if ln.height == biggest]
    labels = [squash(d.split(".")[0]) for d in data.domains]
    text_words = [repair_spaces(ln.text).split() for ln in lines]
    logos = _logos(lines, data.roles)
    out = []
    for i, ln in enumerate(lines):
        ratio = ln.height / median if median else 1.0
        left = (ln.box[0] - x0) / max(x1 - x0, 1)
        right = (x1 - ln.box[0] - ln.box[2]) / max(x1 - x0, 1)
        align = "left" if left < 0.08 else ("right" if right < 0.08 else ("centre" if abs(left - right) < 0.1
                                                                            else "mid"))
        text = repair_spaces(ln.text)
        words = text.split()
        f = {
            f"L.h={_bucket(ratio, (0.8, 0.95, 1.1, 1.3, 1.6, 2.0))}": 1.0,
            "L.ratio": min(ratio, 3.0),
            f"L.idx={min(i, 5)}": 1.0,
            f"L.y={_bucket((ln.box[1] - y0) / max(y1 - y0, 1), (0.2, 0.4, 0.6, 0.8))}": 1.0,
            f"L.align={align}": 1.0,
            f"L.role={data.roles.get(i, 'free')}": 1.0,
            f"L.n={_bucket(len(words), (2, 3, 4, 6, 9))}": 1.0,
            f"L.conf={_bucket(float(ln.confidence), (0.6, 0.8, 0.9))}": 1.0,
            f"L.bold={_bucket(ln.bold, (0.3, 0.6))}": 1.0,
        }
        f[f"L.rank={min(ranks.get(ln.height, 9), 4)}"] = 1.0  # 0: the card's biggest letters
        if big:
            f[f"L.from_biggest={max(min(i - big[0], 3), -3)}"] = 1.0
        plain = [w for w in words if any(c.isalpha() for c in w)]
        folded = [lex.fold(w.strip(".,;:()")) for w in plain]
        rare = [w for w in folded if w.isalpha() and lex.commonness(w) < 3]  # Zipf frequency below 3
        if plain:  # names and brands are rare words; titles, slogans and service lists common ones
            share = _bucket(len(rare) / len(plain), (0.01, 0.34, 0.67, 0.99))
            f[f"L.rare={share}"] = 1.0
            f[f"L.rare={share},n={_bucket(len(plain), (2, 3, 5, 7))}"] = 1.0  # a long line of common words
        if 2 <= len(plain) <= 4 and len(plain) == len(words) and all(w[:1].isupper() for w in plain):
            f["L.capitalised_words"] = 1.0  # 'Ana Ruiz', 'Northwind Traders': a name or a brand
        if plain:  # judged on the line alone, whatever surrounds it: 'CEO' between two phone lines
            titled = sum(is_title_word(w) or w in RANK_WORDS for w in folded) / len(plain)
            f[f"L.title_share={_bucket(titled, (0.01, 0.34, 0.67))}"] = 1.0
            if 2 <= len(plain) <= 4 and is_first_name(folded[0]):
                f["L.starts_with_first_name"] = 1.0
        if text.isupper():
            f["L.caps"] = 1.0
        if re.search(r"[,|/–]", text):
            f["L.sep"] = 1.0
        if any(c.isdigit() for c in text):
            f["L.digit"] = 1.0
        if legal_form(text):
            f["L.legal"] = 1.0
        if any(institution_word(w) for w in folded):  # the whole line names the body, in whatever case it is set
            f["L.institution"] = 1.0
        if data.roles.get(i) is None and any(abbreviates(label, words) for label in labels):
            f["L.spells_domain"] = 1.0  # the brand whose initials or start the card's domain is made of
        elif data.roles.get(i) is None and any(
                abbreviates(label, pair) and not abbreviates(label, text_words[j])
                for j, pair in _stacked_pairs(lines, i, text_words, data.roles) for label in labels):
            f["L.spells_domain_with_neighbour"] = 1.0  # a brand over two lines: "INTERWORLD" / "FREIGHT"
        if data.roles.get(i) is None and spells_logo(i, words, logos):
            f["L.spells_logo"] = 1.0
        out.append(f)
    return out


_COPIED = ("caps", "init", "lower", "digit", "given", "title_word", "honorific", "legal", "street", "city", "postcode",
           "contact", "br", "particle", "business_word", "institution", "in_domain", "is_domain", "in_email_local",
           "urlish")


MAX_POSITION = 4  # positions in a line from here on look alike


def _positions_in_line(toks: list[Token]) -> list[tuple[int, int]]:
    """(index of the word in its line, words after it in the line) for every token (breaks count as none)."""
    out: list[tuple[int, int]] = [(0, 0)] * len(toks)
    start = 0
    while start < len(toks):
        end = start
        while end < len(toks) and toks[end].line == toks[start].line and (end == start or toks[end].text != BREAK):
            end += 1
        words = [k for k in range(start, end) if toks[k].text != BREAK]
        for at, k in enumerate(words):
            out[k] = (at, len(words) - 1 - at)
        start = end
    return out


def features(data: TagInput, toks: list[Token] | None = None) -> list[dict[str, float]]:
    """One feature dict per token (see the module docstring)."""
    toks = tokens(data) if toks is None else toks
    line_feats = _line_features(data)
    position = _positions_in_line(toks)
    own = []
    for k, tok in enumerate(toks):
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        f = _word_features(tok, nxt) | _clue_features(tok, data) | line_feats[tok.line]
        if tok.text == BREAK:  # how much the letters change size across the break, and the gap before it
            above, below = data.lines[tok.after], data.lines[tok.line]
            change = below.height / above.height if above.height > 0 else 1.0
            gap = (below.box[1] - above.box[1] - above.height) / max(above.height, 1)
            f[f"br.size={_bucket(change, (0.6, 0.85, 1.15, 1.6))}"] = 1.0
            f[f"br.gap={_bucket(gap, (0.3, 0.8, 1.5))}"] = 1.0
        prev = toks[k - 1] if k else None
        if prev is None or prev.line != tok.line:
            f["first_in_line"] = 1.0
        elif prev.source == tok.source and re.search(r"[,|/–—·]", tok.source[prev.end:tok.start] + prev.text[-1:]):
            f["after_sep"] = 1.0
        if prev is not None and prev.line == tok.line and tok.text not in PLACEHOLDERS:
            # capitals begin or end here: where a name in one case meets a title in the other on one line
            # ("Blanca P. Sáenz Polanco SECRETARIO EJECUTIVO", "ZOLTÁN STEINER Technical Author"), or a line
            # opens in capitals (the break before it counts as lower case; without that half the OCR'd seeds 7
            # and 31 lost three fields)
            before = False if prev.text in PLACEHOLDERS else _in_capitals(prev.text)
            now = _in_capitals(tok.text)
            if before is not None and now is not None and now != before:
                f["case_change"] = 1.0
        if nxt is None or nxt.line != tok.line:
            f["last_in_line"] = 1.0
        if tok.text not in PLACEHOLDERS:
            # a name is two or three words: a word further on, after a first name, begins the title
            # ("Jasmine Campbell Cytogeneticist")
            at, left = position[k]
            f[f"pos={min(at, MAX_POSITION)}"] = 1.0
            f[f"pos_from_end={min(left, MAX_POSITION)}"] = 1.0
            first = k - at
            if at >= 2 and is_first_name(toks[first].text.strip(".,")):
                f[f"after_first_name={min(at, MAX_POSITION)}"] = 1.0
        for offset, other in ((-1, prev), (1, nxt)):
            if other is not None and other.line != tok.line:
                f[f"{offset}L.role={data.roles.get(other.line, 'free')}"] = 1.0
        own.append(f)
    out = []
    for k, f in enumerate(own):
        merged = dict(f)
        for offset in (-1, 1):
            j = k + offset
            if 0 <= j < len(own):
                same = "" if toks[j].line == toks[k].line else "x"
                for name in _COPIED:
                    if name in own[j]:
                        merged[f"{offset}{same}:{name}"] = 1.0
                for name in own[j]:
                    if name.startswith("w="):
                        merged[f"{offset}{same}:{name}"] = 1.0
            else:
                merged[f"{offset}:edge"] = 1.0
        out.append(merged)
    return out
