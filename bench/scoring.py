"""Score a read card (contract-1 JSON) against a label (samples/*.expected.json, ../shared/real-cards).

Rules (also used by tests/test_samples.py):
- Text is compared after normalising: Unicode NFKD with combining marks removed (and Turkish ı taken as i),
  case-folded, runs of spaces collapsed. Addresses also ignore punctuation (commas, dashes, dots), because
  where the printed lines are joined and how a reader punctuates them is not a reading error.
- name: equal, or equal once the label's honorific is put in front (a reader may keep "Dr." in the name).
- company: equal; with `brand_rule` (real cards) it is also right when one contains the other.
- List fields (emails, phones, websites, social) are scored per card by set equality (every expected item
  found, nothing extra) for the field accuracy, and per item for precision and recall.
- emails: lower-case. websites and social: lower-case without scheme, "www." and trailing "/".
- phones: an item is right when E.164 and kind both match; a label phone with `e164: null` matches a
  read phone whose digits end with the printed digits (and the same kind).
- A field listed in the label's "unsure" is not scored; social is scored only when the label has it.
- `alt` (fair/ and scans/ labels) gives other right answers per field: a single field is right when it
  matches the label or any of its alternatives; a list field when it matches the label's list or an
  alternative list. `handwriting` needs nothing here: handwritten additions are already left out of the
  label's fields, so reading them as a field counts as wrong.
- With `lenient_address` (the fair/ and scans/ labels) an address is right when at least 80% of the
  label's words are read as the address and at most 20% of the read address's words are others
  (a multiset of normalised words, so order and punctuation do not matter).
- Values whose source is "enrichment" (e.g. a website guessed from the e-mail domain) are not what the
  card says, so they are ignored: a card without a printed website reads right with or without them.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

FIELDS = ("name", "title", "company", "emails", "phones", "websites", "address", "social")
LIST_FIELDS = ("emails", "phones", "websites", "social")


def normalise(text: str | None) -> str:
    """Case-folded, accent-free text with single spaces ('  José  GARCÍA' -> 'jose garcia')."""
    if text is None:
        return ""
    # NFKD before and after case-folding: each can expose what the other maps ('𝔸' -> 'A' -> 'a')
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    # Turkish's dotless ı is an i without its mark, as ş is an s, but Unicode gives it no decomposition; and the
    # capital of both is I on a card printed without İ, so 'DUMANLI' reads 'Dumanlı' as well as 'Dumanli'
    return " ".join(plain.replace("ı", "i").split())


def normalise_address(text: str | None) -> str:
    """Like normalise, and punctuation counts as a space (line joins and commas are not reading errors)."""
    return " ".join(re.sub(r"[^\w]+", " ", normalise(text)).split())


def normalise_url(text: str) -> str:
    """A website or profile URL without scheme, 'www.' and trailing slash, lower-case."""
    url = normalise(text).replace(" ", "")
    while True:  # until stable, so that "https://www.www.x/" and its result normalise alike
        shorter = re.sub(r"^www\.", "", re.sub(r"^[a-z]+://", "", url)).rstrip("/")
        if shorter == url:
            return url
        url = shorter


def digits(text: str | None) -> str:
    """Only the digits of a phone number."""
    return "".join(c for c in text or "" if c.isdigit())


ADDRESS_RECALL = 0.8  # share of the label's address words that must be read as the address (lenient rule)
ADDRESS_EXTRA = 0.2  # largest share of the read address's words that may be other words (lenient rule)


def address_overlap(want: str | None, got: str | None) -> tuple[float, float]:
    """(share of the label's words read, share of the read words that are not the label's) of an address."""
    a, b = Counter(normalise_address(want).split()), Counter(normalise_address(got).split())
    common = sum((a & b).values())
    recall = common / sum(a.values()) if a else (1.0 if not b else 0.0)
    extra = 1 - common / sum(b.values()) if b else 0.0
    return recall, extra


def address_right(want: str | None, got: str | None, lenient: bool) -> bool:
    """The address rule: exact after normalising, or (lenient) ~80% of the words and few others."""
    if not want or not got:
        return not want and not got
    if normalise_address(want) == normalise_address(got):
        return True
    if not lenient:
        return False
    recall, extra = address_overlap(want, got)
    return recall >= ADDRESS_RECALL and extra <= ADDRESS_EXTRA


def read_values(card: dict[str, Any] | None) -> dict[str, Any]:
    """The comparable values of a contract-1 card JSON (or of nothing, when reading failed)."""
    fields = (card or {}).get("fields") or {}

    def read(item: Any) -> bool:  # values the card itself gave (OCR or its QR code), not enrichment's guesses
        return isinstance(item, dict) and item.get("source") != "enrichment"

    def single(key: str) -> str | None:
        item = fields.get(key)
        return item.get("value") if read(item) else None

    def values(key: str) -> list[str]:
        return [i.get("value", "") for i in fields.get(key) or [] if read(i)]

    return {
        "name": single("name"),
        "title": single("title"),
        "company": single("company"),
        "address": single("address"),
        "emails": values("emails"),
        "websites": values("websites"),
        "social": values("social"),
        "phones": [{"value": p.get("value", ""), "kind": p.get("kind")} for p in fields.get("phones") or [] if read(p)],
    }


@dataclass
class FieldResult:
    """One field of one card: right or wrong, what was expected and read, item counts for lists."""

    name: str
    right: bool
    expected: Any
    got: Any
    matched: int = 0
    n_expected: int = 0
    n_got: int = 0


@dataclass
class CardScore:
    """Every scored field of one card."""

    file: str
    fields: dict[str, FieldResult] = field(default_factory=dict)
    error: str | None = None

    @property
    def all_right(self) -> bool:
        """True when every scored field is right."""
        return all(r.right for r in self.fields.values())


def _match_items(expected: list[Any], got: list[Any], same: Any) -> int:
    """Greedy one-to-one matching; returns how many expected items found a read item."""
    unused = list(got)
    matched = 0
    for item in expected:
        for candidate in unused:
            if same(item, candidate):
                unused.remove(candidate)
                matched += 1
                break
    return matched


def _phone_same(label: dict[str, Any], read: dict[str, Any]) -> bool:
    if label.get("kind") != read.get("kind"):
        return False
    if label.get("e164"):
        return read.get("value") == label["e164"]
    printed = digits(label.get("number")).lstrip("0")
    return bool(printed) and digits(read.get("value")).endswith(printed)


def _list_result(name: str, expected: list[Any], got: list[Any], same: Any) -> FieldResult:
    matched = _match_items(expected, got, same)
    right = matched == len(expected) == len(got)
    return FieldResult(name, right, expected, got, matched, len(expected), len(got))


def _single_result(name: str, expected: str | None, got: str | None, ok: bool) -> FieldResult:
    return FieldResult(name, ok, expected, got, int(ok and expected is not None), int(expected is not None),
                       int(got is not None))


def _answers(label: dict[str, Any], key: str) -> list[Any]:
    """The label's answer for a field followed by its `alt` alternatives."""
    alts = (label.get("alt") or {}).get(key) or []
    if key in LIST_FIELDS:
        alts = [a for a in alts if isinstance(a, list)]
    return [label[key], *alts]


def _score_field(label: dict[str, Any], key: str, want: Any, got: dict[str, Any], brand_rule: bool,
                 lenient_address: bool) -> FieldResult:
    if key == "name":
        honorific = label.get("honorific")
        names = {normalise(want)} | ({normalise(f"{honorific} {want}")} if honorific and want else set())
        ok = (want is None and got["name"] is None) or (want is not None and normalise(got["name"]) in names)
        return _single_result(key, want, got["name"], ok)
    if key == "company":
        a, b = normalise(want), normalise(got["company"])
        ok = a == b if want and got["company"] else want is None and got["company"] is None
        if brand_rule and a and b:
            ok = a in b or b in a
        return _single_result(key, want, got["company"], ok)
    if key == "address":
        return _single_result(key, want, got["address"], address_right(want, got["address"], lenient_address))
    if key == "title":
        return _single_result(key, want, got["title"], normalise(want) == normalise(got["title"]))
    if key == "phones":
        return _list_result(key, list(want or []), got["phones"], _phone_same)
    if key == "emails":
        return _list_result(key, list(want or []), got["emails"], lambda a, b: normalise(a) == normalise(b))
    return _list_result(key, list(want or []), got[key], lambda a, b: normalise_url(a) == normalise_url(b))


def score_card(label: dict[str, Any], card: dict[str, Any] | None, *, brand_rule: bool = False,
               lenient_address: bool = False, error: str | None = None) -> CardScore:
    """Score one read card (None when reading failed) against its label (and its `alt` answers)."""
    got = read_values(card)
    unsure = set(label.get("unsure") or [])
    score = CardScore(label.get("file", "?"), error=error)
    for key in FIELDS:
        if key in unsure or key not in label:
            continue
        results = [_score_field(label, key, want, got, brand_rule, lenient_address) for want in _answers(label, key)]
        score.fields[key] = next((r for r in results if r.right), results[0])
    return score


def match_page(labels: list[dict[str, Any]], cards: list[dict[str, Any]]) -> list[CardScore]:
    """Score the cards read from a page against its labels, pairing each label with its best read card."""
    unused = list(range(len(cards)))
    scores = []
    for label in labels:
        best: CardScore | None = None
        best_index = None
        for i in unused:
            candidate = score_card(label, cards[i])
            if best is None or sum(r.right for r in candidate.fields.values()) > sum(
                    r.right for r in best.fields.values()):
                best, best_index = candidate, i
        if best is None:
            best = score_card(label, None, error="card not found on the page")
        else:
            unused.remove(best_index)
        scores.append(best)
    return scores


@dataclass
class Tally:
    """Running totals over many cards: per-field accuracy, item precision/recall, all-right share."""

    right: dict[str, int] = field(default_factory=dict)
    scored: dict[str, int] = field(default_factory=dict)
    matched: dict[str, int] = field(default_factory=dict)
    n_expected: dict[str, int] = field(default_factory=dict)
    n_got: dict[str, int] = field(default_factory=dict)
    cards: int = 0
    cards_all_right: int = 0

    def add(self, score: CardScore) -> None:
        """Count one scored card."""
        self.cards += 1
        self.cards_all_right += score.all_right
        for key, result in score.fields.items():
            self.right[key] = self.right.get(key, 0) + result.right
            self.scored[key] = self.scored.get(key, 0) + 1
            self.matched[key] = self.matched.get(key, 0) + result.matched
            self.n_expected[key] = self.n_expected.get(key, 0) + result.n_expected
            self.n_got[key] = self.n_got.get(key, 0) + result.n_got

    def extend(self, scores: Iterable[CardScore]) -> Tally:
        """Count many scored cards; returns self."""
        for s in scores:
            self.add(s)
        return self

    def accuracy(self, key: str) -> float | None:
        """Share of scored cards where the field is right (None when never scored)."""
        return self.right[key] / self.scored[key] if self.scored.get(key) else None

    def precision(self, key: str) -> float | None:
        """Items read that were right / items read."""
        return self.matched[key] / self.n_got[key] if self.n_got.get(key) else None

    def recall(self, key: str) -> float | None:
        """Expected items found / expected items."""
        return self.matched[key] / self.n_expected[key] if self.n_expected.get(key) else None

    @property
    def overall(self) -> float:
        """Right fields / scored fields, over all fields and cards."""
        total = sum(self.scored.values())
        return sum(self.right.values()) / total if total else 0.0

    @property
    def all_right_share(self) -> float:
        """Share of cards with every scored field right."""
        return self.cards_all_right / self.cards if self.cards else 0.0
