"""Domain names OCR damaged in their suffix ('.co.mz' read as '.camz'), repaired only against the public-suffix list.

A repair is one or two small edits in the labels after the name: a dot put back, one character read for
a similar-looking one, one doubled character dropped. It is kept only when the repaired domain ends in a
real public suffix (the bundled ICANN list) that the damaged one does not, and when exactly one repair
is the most likely; otherwise the domain is left as read, for the caller to flag.
"""

from __future__ import annotations

from functools import lru_cache

from publicsuffixlist import PublicSuffixList

PSL = PublicSuffixList(only_icann=True)  # the bundled list (ICANN part); never fetched at run time

# characters OCR reads for one another in lower-case text: domains, email addresses (each way)
LOOK_ALIKE = {"a": "oe", "o": "a0e", "e": "oac", "c": "eo", "0": "o", "1": "li", "l": "1i", "i": "l1",
              "m": "n", "n": "m", "u": "v", "v": "uy", "y": "v", "s": "5", "5": "s", ",": ".", "q": "g", "g": "q"}


def has_known_suffix(domain: str) -> bool:
    """True when the domain ends in a public suffix of the ICANN list and has a name before it."""
    domain = domain.lower().strip(".")
    suffix = PSL.publicsuffix(domain, accept_unknown=False)
    return suffix is not None and domain != suffix


def _edits(tail: str) -> set[str]:
    """One small edit of a suffix: a dot inserted, a look-alike character, a doubled character dropped."""
    out = set()
    for i in range(1, len(tail)):
        if tail[i - 1] != "." and tail[i] != ".":
            out.add(tail[:i] + "." + tail[i:])
    for i, char in enumerate(tail):
        for other in LOOK_ALIKE.get(char, ""):
            out.add(tail[:i] + other + tail[i + 1 :])
        if i and tail[i - 1] == char:
            out.add(tail[:i] + tail[i + 1 :])
    if "rn" in tail:
        out.add(tail.replace("rn", "m", 1))
    return {t for t in out if t and not t.startswith(".") and not t.endswith(".") and ".." not in t}


# the suffixes business cards print far more often than the new generic ones ('.cern', '.cam')
_LEGACY = {"com", "net", "org", "edu", "gov", "int", "mil", "info", "biz"}


def _newness(suffix: str) -> int:
    top = suffix.rsplit(".", 1)[-1]
    return 0 if len(top) == 2 or top in _LEGACY else 1


MIN_NAME = 2  # letters of a name left before a suffix whose dot was lost


def _lost_dot(domain: str) -> tuple[str, str] | None:
    """'carpentiercom' -> 'carpentier.com': the small dot before a legacy suffix lost, when nothing else fits.

    Only the legacy suffixes (com, net, org…): they are three or four letters long and the commonest on
    cards, while two letters at the end of a word ("firmade") say nothing of a country code."""
    labels = domain.split(".")
    last = labels[-1]
    for suffix in sorted(_LEGACY, key=len, reverse=True):
        if last.endswith(suffix) and len(last) >= len(suffix) + MIN_NAME:
            repaired = ".".join([*labels[:-1], last[: -len(suffix)], suffix])
            return repaired, f"read '{domain}' as '{repaired}'"
    return None


@lru_cache(maxsize=2048)
def repair_suffix(domain: str) -> tuple[str, str] | None:
    """(repaired domain, what changed) when a domain without a real suffix has one best repair; else None.

    The repair must turn everything after the name into exactly one public suffix ('mozlog.camz' ->
    'mozlog.co.mz', whose suffix is 'co.mz'); one edit is preferred to two, then a country-code or legacy
    suffix to a new one ('.corn' is '.com' rather than '.cern'); a tie leaves the domain as read.
    """
    domain = domain.lower().strip(".")
    labels = domain.split(".")
    if has_known_suffix(domain):
        return None
    if len(labels) < 2:
        return _lost_dot(domain)
    found: dict[str, tuple[int, int]] = {}
    for cut in range(1, len(labels)):
        name, tail = ".".join(labels[:cut]), ".".join(labels[cut:])
        first = _edits(tail)
        for step, candidates in enumerate((first, {e for t in first for e in _edits(t)}), start=1):
            for candidate in candidates:
                repaired = f"{name}.{candidate}"
                if PSL.publicsuffix(repaired, accept_unknown=False) == candidate and repaired not in found:
                    found[repaired] = (step, _newness(candidate))
    if not found:
        return _lost_dot(domain)
    best = min(found.values())
    winners = [d for d, rank in found.items() if rank == best]
    if len(winners) != 1:
        return None
    repaired = winners[0]
    return repaired, f"read '{domain}' as '{repaired}'"
