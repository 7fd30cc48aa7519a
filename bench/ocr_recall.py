"""OCR recall: the share of the printed words and numbers of the labelled fields that the reader read at all.

    .venv/bin/python -m bench.ocr_recall [--synthetic 30] [--seed 7] [--multicard 2] [--workers 2]
                                         [--single] [--no-cache] [--misses] [--engine auto]

For every labelled card the words of name, title, company, emails, websites and address (split into
letter/digit runs, compared after folding case and accents) and the digit groups of each printed phone
number are looked up in what the reader read: the texts of `ocr.lines` plus the decoded QR/barcode
payloads (a word must appear as a whole word, a digit group inside a line's digits). Fields the label
marks "unsure" are left out. Figures are printed per set (photos, fair, scans from bench/realcards.py,
generated cards, multi-card images) and per half (development / held-out), and per condition:

- photo / scan: the set (scans/ and generated scans are scans);
- small: the long side of the image is below 1000 px;
- dark: the median grey of the image's central half is below 100 (a dark card fills the middle);
- cluttered: more than 8% edge pixels in the outer eighth of the frame (a busy background around the card);
- portrait: the upright picture is taller than wide;
- multi-card: images holding several cards (samples/multicard.py), where cards found / expected is also
  printed (a card counts as found when exactly one result reads at least half of its words).

Each image goes through service.reading.reader.scan_page (every card of the image, what `cardnote scan` prints;
`--single` uses scan_image, the one-card reader) in --workers spawned processes. Field accuracy per set
(bench/scoring.py, brand rule on real cards) is printed beside the recall. Results are cached in
/tmp/cardnote-ocr-recall keyed by the image bytes and a hash of the ocr/, enrich/ and reader code.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import re
import resource
import statistics
import sys
import time
import unicodedata
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from bench.realcards import real_cards
from bench.scoring import Tally, match_page, score_card

REPO = Path(__file__).resolve().parents[1]
CACHE = Path("/tmp/cardnote-ocr-recall")
TEXT_FIELDS = ("name", "title", "company", "address")
LIST_TEXT_FIELDS = ("emails", "websites")
SMALL_SIDE = 1000


@dataclass
class Item:
    """One image to read: where it is, its set and half, its conditions and its labels (one per card)."""

    path: Path
    set_name: str
    half: str
    labels: list[dict[str, Any]]
    conditions: list[str] = field(default_factory=list)
    brand_rule: bool = True


def fold(text: str) -> str:
    """Case-folded text without accents ('Çolić' -> 'colic')."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """Runs of letters or digits of the folded text."""
    return re.findall(r"[^\W_]+", fold(text))


def printed_tokens(label: dict[str, Any]) -> list[tuple[str, str]]:
    """(kind, token) pairs a reader should have read: ("word", w) for text fields, ("digits", g) for phones."""
    unsure = set(label.get("unsure") or [])
    tokens: list[tuple[str, str]] = []
    for key in TEXT_FIELDS:
        if key not in unsure and label.get(key):
            tokens += [("word", w) for w in words(label[key])]
    for key in LIST_TEXT_FIELDS:
        if key not in unsure:
            for value in label.get(key) or []:
                tokens += [("word", w) for w in words(value)]
    if "phones" not in unsure:
        for phone in label.get("phones") or []:
            tokens += [("digits", g) for g in re.findall(r"\d+", phone.get("number") or "")]
    return tokens


def read_texts(card: dict[str, Any] | None) -> list[str]:
    """What one read card holds: its OCR line texts and its decoded code payloads."""
    if not card or "ocr" not in card:
        return []
    return [line["text"] for line in card["ocr"].get("lines", [])] + list(card["ocr"].get("codes", []))


def recall_counts(label: dict[str, Any], texts: list[str]) -> tuple[int, int, list[str]]:
    """(tokens found, tokens printed, the missed tokens) of one label against what was read."""
    seen = {w for text in texts for w in words(text)}
    digit_runs = ["".join(re.findall(r"\d", text)) for text in texts]
    found, missed = 0, []
    tokens = printed_tokens(label)
    for kind, token in tokens:
        hit = token in seen if kind == "word" else any(token in run for run in digit_runs)
        found += hit
        if not hit:
            missed.append(token)
    return found, len(tokens), missed


def code_version() -> str:
    """Hash of the code that decides what is read (ocr/, enrich/, the reader), for the cache key."""
    digest = hashlib.sha256()
    for folder in ("ocr", "enrich"):
        for path in sorted((REPO / folder).rglob("*.py")):
            digest.update(path.read_bytes())
    digest.update((REPO / "service" / "reading" / "reader.py").read_bytes())
    # reader settings from the environment change what is read too
    digest.update(repr(sorted((k, v) for k, v in os.environ.items() if k.startswith("CARDNOTE_"))).encode())
    return digest.hexdigest()[:16]


def image_conditions(path: Path) -> list[str]:
    """small / dark / cluttered / portrait, measured on the decoded, upright image."""
    from ocr.decode import decode_image

    image = decode_image(path.read_bytes(), path.name).image
    height, width = image.shape[:2]
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    found = []
    if max(height, width) < SMALL_SIDE:
        found.append("small")
    if float(np.median(grey[height // 4 : 3 * height // 4, width // 4 : 3 * width // 4])) < 100:
        found.append("dark")
    small = cv2.resize(grey, (640, round(640 * height / width))) if width > 640 else grey
    edges = cv2.Canny(cv2.GaussianBlur(small, (3, 3), 0), 60, 150) > 0
    h, w = edges.shape
    ring = np.ones_like(edges)
    ring[h // 8 : h - h // 8, w // 8 : w - w // 8] = False
    if edges[ring].mean() > 0.08:
        found.append("cluttered")
    if height > width:
        found.append("portrait")
    return found


def read_job(job: tuple[str, bool, str | None]) -> dict[str, Any]:
    """Worker: every card of one image as card JSON (or the error), the seconds and the worker's peak RSS."""
    path, single, engine = job
    from service.reading.reader import scan_image, scan_page  # in the worker so the parent stays small

    data = Path(path).read_bytes()
    started = time.perf_counter()
    cards, error = [], None
    try:
        if single:
            cards = [scan_image(data, Path(path).name, engine=engine).card.to_json()]
        else:
            cards = [s.card.to_json() for s in scan_page(data, Path(path).name, engine=engine)]
    except Exception as exc:  # a crash is a result to report, not a reason to stop the benchmark
        error = f"{type(exc).__name__}: {exc}"
    return {"cards": cards, "error": error, "seconds": time.perf_counter() - started,
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def collect(synthetic: int, seed: int, multicard: int, halves: tuple[str, ...]) -> list[Item]:
    """The real cards of the given halves, `synthetic` generated cards and `multicard` rounds of multi-card images."""
    items = []
    for card in (c for c in real_cards() if c.half in halves):
        conditions = ["scan" if card.set_name == "scans" else "photo", *image_conditions(card.image)]
        items.append(Item(card.image, card.set_name, card.half, [card.label], conditions))
    if synthetic:
        from samples.generate import generate_card, write

        folder = CACHE / f"generated-{seed}-{synthetic}"
        folder.mkdir(parents=True, exist_ok=True)
        for index in range(synthetic):
            generated = generate_card(seed, index)
            path = folder / f"{generated.name}.jpg"
            write(generated, folder)  # always: an image kept from an older generator would not match its label
            label = generated.expected
            capture = (label.get("conditions") or {}).get("capture", "photo")
            items.append(Item(path, "generated", "-", [label], [capture, *image_conditions(path)],
                              brand_rule=False))
    if multicard:
        from samples.multicard import BUILDERS

        folder = CACHE / "multicard"
        folder.mkdir(parents=True, exist_ok=True)
        for round_ in range(multicard):
            for builder in BUILDERS:
                built = builder(seed + round_)
                path = folder / f"{built.name}.jpg"
                path.write_bytes(built.jpeg)
                items.append(Item(path, "multi-card", "-", built.labels, [built.kind],
                                  brand_rule=False))
    return items


def read_all(items: list[Item], single: bool, engine: str | None, workers: int,
             use_cache: bool) -> list[dict[str, Any]]:
    """Read every item (cached results reused); returns the results in item order."""
    version = code_version()
    CACHE.mkdir(parents=True, exist_ok=True)
    keys = []
    for item in items:
        digest = hashlib.sha256(item.path.read_bytes()).hexdigest()[:20]
        keys.append(CACHE / f"{digest}-{version}-{'single' if single else 'page'}-{engine or 'auto'}.json")
    results: dict[int, dict[str, Any]] = {}
    todo = []
    for index, key in enumerate(keys):
        if use_cache and key.exists():
            results[index] = json.loads(key.read_text(encoding="utf-8"))
        else:
            todo.append(index)
    if todo:
        jobs = [(str(items[i].path), single, engine) for i in todo]
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            for index, result in zip(todo, pool.map(read_job, jobs), strict=True):
                keys[index].write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
                results[index] = result
    return [results[i] for i in range(len(items))]


@dataclass
class Group:
    """Running totals of one row of the table."""

    found: int = 0
    printed: int = 0
    cards: int = 0
    cards_found: int = 0
    scores: list[Any] = field(default_factory=list)

    def recall(self) -> float:
        """Tokens found / tokens printed."""
        return self.found / self.printed if self.printed else float("nan")


def assign(labels: list[dict[str, Any]], cards: list[dict[str, Any]]) -> list[tuple[int, int, bool]]:
    """Per label: (tokens found, tokens printed, found once) — its best-reading card, which no other label took."""
    taken: set[int] = set()
    rows = []
    for label in labels:
        best, best_index = (0, len(printed_tokens(label))), None
        for index, card in enumerate(cards):
            if index in taken:
                continue
            found, printed, _ = recall_counts(label, read_texts(card))
            if found > best[0]:
                best, best_index = (found, printed), index
        if best_index is not None:
            taken.add(best_index)
        # found once: its card reads at least half of its words and no other card reads half of them too
        halves = sum(recall_counts(label, read_texts(c))[0] * 2 >= max(best[1], 1) for c in cards)
        rows.append((best[0], best[1], best_index is not None and best[0] * 2 >= best[1] and halves == 1))
    return rows


def tabulate(items: list[Item], results: list[dict[str, Any]], show_misses: bool) -> dict[str, Group]:
    """Fill the table's groups (set × half, condition × half, multi-card) from the read results."""
    groups: dict[str, Group] = defaultdict(Group)
    for item, result in zip(items, results, strict=True):
        cards = result["cards"]
        if len(item.labels) == 1:
            texts = [t for card in cards for t in read_texts(card)]  # a card split in two still read its words
            found, printed, missed = recall_counts(item.labels[0], texts)
            rows = [(found, printed, len(cards) == 1)]
            score = score_card(item.labels[0], cards[0] if cards else None, brand_rule=item.brand_rule,
                               error=result["error"])
            scores = [score]
            if show_misses and missed:
                print(f"  {item.set_name}/{item.path.name} ({item.half}, {len(cards)} card(s)): "
                      f"missed {' '.join(missed)}")
        else:
            rows = assign(item.labels, cards)
            scores = match_page(item.labels, cards)
        keys = [f"{item.set_name} · {item.half}", f"all real · {item.half}" if item.half != "-" else "",
                *(f"{c} · {item.half}" for c in item.conditions)]
        for key in filter(None, keys):
            group = groups[key]
            for found, printed, once in rows:
                group.found += found
                group.printed += printed
                group.cards += 1
                group.cards_found += once
            group.scores += scores
    return groups


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m bench.ocr_recall", description=__doc__.split("\n")[0])
    parser.add_argument("--synthetic", type=int, default=30, help="generated single cards (0: none)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--multicard", type=int, default=1, help="rounds of the multi-card builders (0: none)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--engine", default=None)
    parser.add_argument("--single", action="store_true", help="read one card per image (scan_image)")
    parser.add_argument("--no-cache", action="store_true")
    parser.add_argument("--misses", action="store_true", help="list the words each real card missed")
    parser.add_argument("--development-only", action="store_true",
                        help="leave the held-out half out (while tuning: it must not be looked at)")
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)
    halves = ("development",) if args.development_only else ("development", "held-out")
    items = collect(args.synthetic, args.seed, args.multicard, halves)
    started = time.perf_counter()
    results = read_all(items, args.single, args.engine, args.workers, not args.no_cache)
    elapsed = time.perf_counter() - started
    groups = tabulate(items, results, args.misses)
    print(f"\nOCR recall ({'scan_image' if args.single else 'scan_page'}; code {code_version()})")
    print(f"{'set / condition · half':<34} {'cards':>5} {'found':>7} {'words':>6} {'recall':>7} {'fields':>7}")
    for key in sorted(groups, key=lambda k: (k.split(" · ")[1], k)):
        group = groups[key]
        tally = Tally().extend(group.scores)
        print(f"{key:<34} {group.cards:>5} {group.cards_found:>3}/{group.cards:<3} {group.printed:>6} "
              f"{100 * group.recall():>6.1f}% {100 * tally.overall:>6.1f}%")
    seconds = [r["seconds"] for r in results]
    errors = [r["error"] for r in results if r["error"]]
    print(f"\n{len(items)} images; median {statistics.median(seconds):.2f} s per image in a worker; "
          f"peak worker RSS {max(r['rss_mb'] for r in results):.0f} MB; this run {elapsed:.0f} s "
          f"({len(errors)} errors)")
    for error in errors:
        print(f"  error: {error}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
