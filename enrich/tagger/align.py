"""Token labels for training: a card's label file (name, title, company, address) aligned to its OCR tokens.

The same alignment serves synthetic cards (the generator's ground truth) and the real cards' hand-made
labels, so both teach the model the same way: a token takes a field's label when its word is one of the
field's words and its line carries enough of that field (two words, or all of a shorter field); when
several fields claim a line, the one with the most words on it chooses first ("Tim Butler Director").
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise
from typing import Any

from enrich.tagger.features import BREAK, CONTACT, Token
from enrich.tagger.lexicons import fold

FIELDS = ("name", "title", "company", "address")


def words(text: str | None) -> list[str]:
    """Folded words without punctuation ('Dr. Ana-María Pérez,' -> ['dr', 'ana-maria', 'perez'])."""
    return [w for w in (re.sub(r"^[\W_]+|[\W_]+$", "", fold(t)) for t in (text or "").split()) if w]


def _field_words(label: dict[str, Any]) -> dict[str, list[Counter[str]]]:
    out: dict[str, list[Counter[str]]] = {}
    for key in FIELDS:
        values = [label.get(key), *((label.get("alt") or {}).get(key) or [])]
        if key == "name" and label.get("honorific") and label.get("name"):
            values.append(f"{label['honorific']} {label['name']}")
        counters = [Counter(words(v)) for v in values if v]
        if counters:
            out[key] = counters
    return out


def align(toks: list[Token], label: dict[str, Any]) -> list[str]:
    """One label per token: name / title / company / address / contact / br (line break) / other."""
    wanted = _field_words(label)
    out = [{CONTACT: "contact", BREAK: "br"}.get(t.text, "other") for t in toks]
    by_line: dict[int, list[int]] = {}
    for k, tok in enumerate(toks):
        if tok.text not in (CONTACT, BREAK):
            by_line.setdefault(tok.line, []).append(k)
    for ks in by_line.values():
        line_words = [(words(toks[k].text) or [""])[0] for k in ks]
        claims = []
        for rank, key in enumerate(FIELDS):
            options = [(sum((Counter(line_words) & fw).values()), fw) for fw in wanted.get(key, [])]
            if options:
                hits, field_words = max(options, key=lambda o: o[0])
                if hits >= min(2, sum(field_words.values())):
                    claims.append((-hits, rank, key, field_words))
        for _, _, key, field_words in sorted(claims):  # the field with most words on the line first
            left = Counter(field_words)
            for k, word in zip(ks, line_words, strict=True):
                if out[k] == "other" and left[word] > 0:
                    out[k] = key
                    left[word] -= 1
    # a field printed over two lines, one or two words each ("NVO" / "XPRESS"): lines made only of the
    # field's words, next to each other, that together hold enough of it
    lines = sorted(by_line)
    for key, options in wanted.items():
        for field_words in options:
            whole = [i for i in lines if all(out[k] == "other" for k in by_line[i]) and (
                lw := [(words(toks[k].text) or [""])[0] for k in by_line[i]]) and all(field_words[w] for w in lw)]
            for a, b in pairwise(whole):
                pair = [(words(toks[k].text) or [""])[0] for i in (a, b) for k in by_line[i]]
                if b == a + 1 and sum((Counter(pair) & field_words).values()) >= min(2, sum(field_words.values())):
                    for k in by_line[a] + by_line[b]:
                        out[k] = key
    # a token without letters or digits ('&', '+') inside a field belongs to it: "Schwarz & Glück KG"
    for k in range(1, len(toks) - 1):
        inside = out[k - 1] == out[k + 1] and toks[k - 1].line == toks[k + 1].line
        if inside and toks[k].text not in (CONTACT, BREAK) and not words(toks[k].text):
            out[k] = out[k - 1]
    return out
