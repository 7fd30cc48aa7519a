"""Line classification: which leftover OCR line is the name, the title, the department, the company.

Lines already taken by emails, phones, websites and the address are out. Each remaining line gets
features (tokenize -> features), then a label by simple scores that use the layout too: the name is
usually one of the biggest lines and looks like a person's name, the title sits just below it, the
company carries a legal form, agrees with the email/web domain, or is a big brand line.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from enrich.company import (
    brand_words_score,
    domain_agreement,
    legal_form,
    split_glued_business_word,
    split_glued_legal_form,
)
from enrich.names import matches_email_local, person_name_score
from enrich.text import folded_words, split_glued_words
from enrich.titles import TAGLINE_STARTS, is_department_line, repair_title, title_score
from ocr.types import OcrLine

FUNCTION_WORDS = {"a", "an", "the", "in", "for", "of", "and", "to", "with", "since", "your", "our", "de",
                  "del", "la", "el", "en", "y", "con", "para", "su", "desde", "em", "e", "o", "com", "da",
                  "do", "das", "dos", "seu", "sua", "et", "le", "les", "des", "du", "pour", "au", "aux",
                  "votre", "depuis", "und", "fur", "die", "der", "mit", "seit", "ihr", "ihre"}


@dataclass
class LineFeatures:
    """Features of one leftover line that decide its label."""

    index: int
    text: str
    height_ratio: float  # line height / median line height
    top: float  # 0 at the top of the card, 1 at the bottom
    bold: float
    person: float
    title: float
    legal: str | None
    domain: float
    business: float
    email_name: bool
    tagline: bool
    department: bool


@dataclass
class Classified:
    """The line chosen for each text field (indexes into the OCR lines)."""

    name: int | None = None
    title: int | None = None
    department: int | None = None
    company: list[int] = field(default_factory=list)  # a brand may span two lines ("Brunau" / "Buffet")
    company_text: str | None = None
    company_confidence: float = 0.0
    texts: dict[int, str] = field(default_factory=dict)  # the (repaired) text each chosen line stands for


def is_tagline(text: str) -> bool:
    """A slogan or a list of services: several lowercase/function words, a comma list, or 'Your …'."""
    tokens = folded_words(text)
    raw_words = [w for w in text.split() if any(c.isalpha() for c in w)]
    if len(tokens) >= 2 and tokens[0] in TAGLINE_STARTS and tokens[0] not in ("la", "le", "el", "o", "a") and (
        title_score(text) < 0.6
    ):
        return True
    lower = sum(1 for w in raw_words if w[0].islower())
    function = sum(1 for t in tokens if t in FUNCTION_WORDS)
    if len(raw_words) >= 4 and (lower >= 2 or function >= 1) and text.count(",") >= 1:
        return True
    if len(raw_words) >= 5 and (lower >= 2 or function >= 2):
        return True
    return len(raw_words) >= 3 and lower >= 2 and function >= 1 and title_score(text) < 0.6


def repaired_text(text: str) -> str:
    """The line with spaces OCR dropped put back, when that makes it read as a name or a company."""
    titled = repair_title(text)
    if titled != text and title_score(titled) > title_score(text):
        return titled
    split = split_glued_words(text)
    if split == text:
        return split_glued_business_word(text)
    if person_name_score(split) >= max(person_name_score(text), 0.5) or legal_form(split) or title_score(split) > 0:
        return split
    return split_glued_business_word(text)


def line_features(
    lines: list[OcrLine], candidates: list[int], domains: list[str], email_locals: list[str],
    overrides: dict[int, str] | None = None,
) -> list[LineFeatures]:
    """Features of each candidate line (its text, size and position relative to the card)."""
    heights = [line.height for line in lines if line.height > 0] or [1]
    median = statistics.median(heights)
    tops = [line.box[1] for line in lines] or [0]
    low, high = min(tops), max(tops)
    span = max(high - low, 1)
    out = []
    for i in candidates:
        line = lines[i]
        raw = (overrides or {}).get(i, line.text).strip()
        text = split_glued_legal_form(repaired_text(split_glued_legal_form(raw, domains)), domains)
        out.append(LineFeatures(
            index=i, text=text, height_ratio=line.height / median if median else 1.0,
            top=(line.box[1] - low) / span, bold=line.bold, person=person_name_score(text),
            title=title_score(text), legal=legal_form(text), domain=domain_agreement(text, domains),
            business=brand_words_score(text), email_name=any(matches_email_local(text, e) for e in email_locals),
            tagline=is_tagline(text), department=is_department_line(text),
        ))
    return out


def _name_score(f: LineFeatures) -> float:
    score = f.person + 0.25 * min(f.height_ratio - 1, 1.0) + 0.15 * f.bold + (0.5 if f.email_name else 0.0)
    if f.domain >= 0.8 and not f.email_name:
        score -= 0.5
    if f.legal:
        score -= 1.0
    return score - 0.3 * f.business


def classify(
    lines: list[OcrLine], used: set[int], domains: list[str], email_locals: list[str],
    overrides: dict[int, str] | None = None,
) -> Classified:
    """Label the leftover lines as name, title, department and company.

    `overrides` gives the text to consider for some lines instead of the OCR text (e.g. the words left
    on a phone line once the number is taken out); those lines are candidates even when used.
    """
    result = Classified()
    overrides = overrides or {}
    candidates = [i for i, line in enumerate(lines)
                  if (i not in used or i in overrides) and len(overrides.get(i, line.text).strip()) >= 2]
    feats = line_features(lines, candidates, domains, email_locals, overrides)
    result.texts = {f.index: f.text for f in feats}
    by_index = {f.index: f for f in feats}
    names = [f for f in feats if f.person >= 0.5 and not f.tagline and f.title < 0.6]
    threshold = 0.3
    if not names:
        threshold = 0.0  # a single given name counts when the email is built from it or it labels a phone
        names = [f for f in feats if f.person >= 0.2 and (f.email_name or f.index in overrides)
                 and not f.tagline and not f.legal and f.domain < 0.8]
        names = names[:1]  # "JON 248…", "KAYLEN 734…": the first person listed
    if names:
        best = max(names, key=_name_score)
        if _name_score(best) > threshold:
            result.name = best.index
    titles = [f for f in feats if f.title >= 0.6 and f.index != result.name and not f.legal]
    if titles:
        def title_rank(f: LineFeatures) -> float:
            near = result.name is not None and 0 < f.index - result.name <= 2
            return f.title + (0.3 if near else 0.0) - (0.2 if f.tagline else 0.0)
        result.title = max(titles, key=title_rank).index
    for f in feats:
        if f.department and f.index not in (result.name, result.title):
            result.department = f.index
            break
    taken = {result.name, result.title, result.department}
    _choose_company(result, [f for f in feats if f.index not in taken], by_index, domains)
    return result


def _company_score(f: LineFeatures, name_found: bool = False) -> float:
    score = (1.0 if f.legal else 0.0) + f.domain + f.business * (0.6 if f.person < 0.5 else 0.3)
    shouting = f.text.isupper() and len(f.text) > 3
    if name_found and shouting and not f.tagline and not any(c.isdigit() for c in f.text):
        score += 0.5  # with the person already found, an all-caps line is the brand
    score += 0.3 * min(max(f.height_ratio - 1, 0), 1.5) + 0.1 * f.bold + (0.1 if f.top < 0.3 else 0.0)
    if f.tagline and not f.legal:
        score -= 0.8
    if any(c.isdigit() for c in f.text) and not f.legal and f.domain < 0.8:
        score -= 0.5
    if f.person >= 0.5 and not (f.legal or f.domain >= 0.8 or (name_found and shouting)):
        score -= 0.4
    return score


def _choose_company(
    result: Classified, feats: list[LineFeatures], by_index: dict[int, LineFeatures], domains: list[str]
) -> None:
    scored = [(f, _company_score(f, result.name is not None)) for f in feats]
    good = [(f, s) for f, s in scored if f.legal or f.domain >= 0.8 or (
        not f.tagline and (f.domain >= 0.4 or s >= 0.55))]  # a slogan is no company, even on-brand
    if not good:
        return
    best, score = max(good, key=lambda p: p[1])
    indexes, text = [best.index], best.text
    # a brand split over two lines ("Brunau" above "Buffet") agrees better with the domain once joined
    for other in (best.index - 1, best.index + 1):
        neighbour = by_index.get(other)
        if neighbour is None or best.legal or neighbour.tagline or other in (result.name, result.title):
            continue
        first, second = (neighbour, best) if other < best.index else (best, neighbour)
        joined = f"{first.text} {second.text}"
        agreement = domain_agreement(joined, domains)
        if agreement > best.domain and agreement >= 0.8:
            indexes, text = [first.index, second.index], joined
            break
    result.company = indexes
    result.company_text = text
    result.company_confidence = round(min(0.4 + 0.25 * score, 0.95), 2)
