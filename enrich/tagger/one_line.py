"""A person's name and title printed on one line, parted by a mark: "STEN OOSTVEEN | Algemeen Directeur",
"Fiorenzo Villadicani, Air traffic controller", "Christina Kunz – AI-Spezialistin".

The model labels each word, and near the mark it hesitates: a surname goes to the title ("Villadicani, Air
traffic controller") or the whole line to the title. The printed mark is a surer boundary than the model's
word-by-word guess: when the name and the title share one line and one mark (not a comma, which also parts a
title's own words) stands next to the model's boundary, the boundary moves onto it; a lone comma next to it
does too, when the model hesitated over the words that move; when only a title was
found and the words before its first mark are a name (a known first name opening two to four capitalised
words), they become the name; when only a name was found and it runs on past one such mark, what follows the
mark is the title.
"""

from __future__ import annotations

from enrich.tagger.features import BREAK, Token
from enrich.tagger.given_names import is_first_name

# marks that part two fields on a line; a slash is left out, as it parts the two languages of one title
# ("Tierarzt / Tierärztin"), and a hyphen counts only standing alone ("Cauê da Costa - Produtor")
_MARKS = "|·•–—-"
NAME_WORDS = (2, 4)  # a printed name has two to four words ("Ana Ruiz", "Maria da Conceição Souza")
MAX_SHIFT = 1  # words the boundary may move to reach the mark


def _marked_before(toks: list[Token], k: int, comma: bool = True) -> bool:
    """A mark sits between token k and the word before it on the same line (a comma ends that word)."""
    prev = toks[k - 1] if k else None
    if prev is None or prev.text == BREAK or prev.line != toks[k].line or prev.source != toks[k].source:
        return False
    gap = toks[k].source[prev.end:toks[k].start]
    return (comma and prev.text.endswith(",")) or any(mark in gap.split() for mark in _MARKS) or any(
        mark in gap for mark in _MARKS if mark not in "-–")


def _looks_like_name(toks: list[Token], run: list[int]) -> bool:
    words = [toks[k].text.strip(".,") for k in run]
    lowest, highest = NAME_WORDS
    if not lowest <= len(words) <= highest or not all(w[:1].isupper() for w in words if len(w) > 3):
        return False
    return is_first_name(words[0])


def part_name_and_title(toks: list[Token], runs: dict[str, list[int]],
                        marginals: list[dict[str, float]] | None = None) -> dict[str, list[int]]:
    """The name and title runs with their boundary on the printed mark between them (see the module text);
    `marginals`, the model's label probabilities per token, let a comma be that mark (see _comma_boundary)."""
    name, title = runs.get("name"), runs.get("title")
    if title is None:
        return _title_after_name(toks, runs, name) if name is not None else runs
    if name is not None:
        both = sorted(name + title)
        one_line = len({toks[k].line for k in both}) == 1 and both == list(range(both[0], both[-1] + 1))
        # not a comma: one also parts a title's own words ("H. Tracey Allen Editor, film/video")
        marks = [k for k in both[1:] if _marked_before(toks, k, comma=False)]
        # the model's boundary: the first token of whichever run comes second
        boundary = title[0] if name[0] == both[0] else name[0]
        # a mark far from the model's boundary parts a bilingual title ("surveyor | Ingénieur gaz"), not the two
        if one_line and not marks and marginals is not None:
            return _comma_boundary(toks, runs, both, boundary, marginals)
        if not one_line or len(marks) != 1 or abs(marks[0] - boundary) > MAX_SHIFT:
            return runs
        head, tail = [k for k in both if k < marks[0]], [k for k in both if k >= marks[0]]
        if name[0] == both[0]:
            return {**runs, "name": head, "title": tail}
        return {**runs, "title": head, "name": tail}
    marks = [k for k in title[1:] if _marked_before(toks, k) and toks[k].line == toks[title[0]].line]
    if not marks:
        return runs
    head = [k for k in title if k < marks[0]]
    if not _looks_like_name(toks, head):
        return runs
    return {**runs, "name": head, "title": [k for k in title if k >= marks[0]]}


DOUBT = 0.3  # the model's probability, for the field across the comma, of a word the comma would move there


def _comma_boundary(toks: list[Token], runs: dict[str, list[int]], both: list[int], boundary: int,
                    marginals: list[dict[str, float]]) -> dict[str, list[int]]:
    """The one comma next to the model's boundary parts the name from the title ("Yilmaz Grein Groth,
    Schornsteinfeger") when the model hesitated over the words it moves: a comma also parts a title's own
    words ("H. Tracey Allen Editor, film/video"), but there the model is sure "Editor" is no name."""
    commas = [k for k in both[1:] if toks[k - 1].text.endswith(",")]
    if len(commas) != 1 or commas[0] == boundary or abs(commas[0] - boundary) > MAX_SHIFT:
        return runs
    comma = commas[0]
    first, second = ("name", "title") if runs["name"][0] == both[0] else ("title", "name")
    # words after the boundary and before the comma join the first field; words between the comma and the
    # boundary join the second
    moved, to = ([k for k in both if boundary <= k < comma], first) if comma > boundary else (
        [k for k in both if comma <= k < boundary], second)
    if not all(marginals[k][to] >= DOUBT for k in moved):
        return runs
    return {**runs, first: [k for k in both if k < comma], second: [k for k in both if k >= comma]}


def _title_after_name(toks: list[Token], runs: dict[str, list[int]], name: list[int]) -> dict[str, list[int]]:
    """A name run that goes on past a standing mark on its line ("Teresa Caldwell - Partner"): a person's name
    holds no such mark (a double surname is hyphenated without spaces), so what follows is the title."""
    marks = [k for k in name[1:] if _marked_before(toks, k, comma=False) and toks[k].line == toks[name[0]].line]
    if len(marks) != 1:
        return runs
    head = [k for k in name if k < marks[0]]
    if not NAME_WORDS[0] <= len(head) <= NAME_WORDS[1]:
        return runs
    return {**runs, "name": head, "title": [k for k in name if k >= marks[0]]}
