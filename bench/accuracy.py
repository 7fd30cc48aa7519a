"""Accuracy and speed of the reader on fresh synthetic cards and on the labelled real cards.

    .venv/bin/python -m bench.accuracy [--count 150] [--seed 7] [--engine tesseract|rapidocr|auto|all]
                                       [--real-only | --synthetic-only] [--workers 2] [--show-failures]
                                       [--hints] [--ocr-cache DIR]

Generates --count synthetic cards with a fixed seed into a temporary folder, reads each one (OCR, then
enrich.pipeline.build_card) in a pool of --workers processes, scores them with bench/scoring.py (its
docstring gives the rules) and prints one table: per-field accuracy, overall field accuracy and the
share of cards with every field right, for the synthetic set and for each set (photos, fair, scans) and
half (development, held-out) of the real cards fixed by bench/realcards.py; then the median seconds per
card inside a worker, wall seconds per card and peak memory. Real cards are scored with the brand rule
for company, honour "unsure" and "alt", and fair/ and scans/ addresses are scored leniently.

--ocr-cache DIR keeps each image's OCR output (keyed by the image's SHA-256 and the engine) so that a
second run only re-parses: the parser is what one iterates on. Timing figures then measure parsing only.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import multiprocessing
import os
import pickle
import resource
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

from tqdm import tqdm

from bench.realcards import REAL_CARDS, real_cards
from bench.scoring import LIST_FIELDS, CardScore, Tally, score_card

TABLE_FIELDS = ("name", "title", "company", "emails", "phones", "websites", "address")


def _max_rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


@functools.cache
def ocr_version() -> str:
    """Hash of ocr/'s code: a cached reading is reused only while the code that made it is unchanged."""
    digest = hashlib.sha256()
    for path in sorted((Path(__file__).resolve().parents[1] / "ocr").rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cached_ocr(data: bytes, name: str, engine: str | None, languages: list[str] | None,
               cache: str | None) -> Any:
    """The OcrResult of an image, from the cache folder when it holds it (written there otherwise)."""
    from ocr.pipeline import read_card

    key = hashlib.sha256(data + f"|{engine}|{languages}|{ocr_version()}".encode()).hexdigest()
    path = Path(cache) / f"{key}.pickle" if cache else None
    if path is not None and path.exists():
        return pickle.loads(path.read_bytes())
    result = replace(read_card(data, name, languages=languages, engine=engine), card_image=None)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(result))
        tmp.replace(path)  # atomic: two workers never read half a file
    return result


def read_one(job: tuple[str, str | None, str | None, list[str] | None, str | None]) -> dict[str, Any]:
    """Worker: read one image file; returns the card JSON (or the error), seconds and the worker's RSS."""
    path, engine, region, languages, cache = job
    from enrich.pipeline import build_card  # imported in the worker so the parent stays small

    data = Path(path).read_bytes()
    started = time.perf_counter()
    card, error, parse_s = None, None, 0.0
    try:
        result = cached_ocr(data, Path(path).name, engine, languages, cache)
        parse_started = time.perf_counter()
        card = build_card(result, region=region).to_json()
        parse_s = time.perf_counter() - parse_started
    except Exception as exc:  # a crash is a result to report, not a reason to stop the benchmark
        error = f"{type(exc).__name__}: {exc}"
    return {"path": path, "card": card, "error": error, "seconds": time.perf_counter() - started,
            "parse_seconds": parse_s,
            "rss_mb": _max_rss_mb(resource.RUSAGE_SELF), "child_rss_mb": _max_rss_mb(resource.RUSAGE_CHILDREN)}


def generate_set(folder: Path, count: int, seed: int) -> list[tuple[Path, dict[str, Any]]]:
    """Write `count` synthetic cards into folder; returns (image path, label) pairs."""
    from samples.generate import generate_card, write

    pairs = []
    for index in range(count):
        item = generate_card(seed, index)
        write(item, folder)
        pairs.append((folder / f"{item.name}.jpg", item.expected))
    return pairs


Job = tuple[Path, dict[str, Any], dict[str, bool]]  # image, label, scoring options


def run(jobs: list[Job], engine: str | None, workers: int, hints: bool,
        cache: str | None) -> tuple[list[CardScore], dict[str, Any]]:
    """Read and score every image; returns the scores and the timing/memory figures."""
    work = [(str(p), engine, label.get("region") if hints else None,
             [label["language"]] if hints and label.get("language") else None, cache) for p, label, _ in jobs]
    started = time.perf_counter()
    # spawn, not fork: the parent has used OpenCV's thread pool (generating the cards), and a forked
    # child can inherit one of its locks held and hang on it forever
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        progress = tqdm(pool.map(read_one, work), total=len(work), file=sys.stderr, leave=False,
                        disable=not sys.stderr.isatty(), desc=f"reading ({engine})")
        results = list(progress)
    wall = time.perf_counter() - started
    scores = [score_card(label, r["card"], error=r["error"], **options)
              for (_, label, options), r in zip(jobs, results, strict=True)]
    figures = {
        "median_s": statistics.median(r["seconds"] for r in results) if results else 0.0,
        "median_parse_s": statistics.median(r["parse_seconds"] for r in results) if results else 0.0,
        "max_parse_s": max((r["parse_seconds"] for r in results), default=0.0),
        "wall_s_per_card": wall / max(len(results), 1),
        "worker_rss_mb": max((r["rss_mb"] for r in results), default=0.0),
        "ocr_subprocess_rss_mb": max((r["child_rss_mb"] for r in results), default=0.0),
        "errors": sum(r["error"] is not None for r in results),
    }
    return scores, figures


def _fmt(value: float | None) -> str:
    return "   -  " if value is None else f"{value:6.3f}"


def table(rows: list[tuple[str, list[CardScore]]]) -> None:
    """One line per set: per-field accuracy, overall field accuracy, cards with every field right."""
    head = " ".join(f"{k[:7]:>7}" for k in TABLE_FIELDS)
    print(f"{'set':<28} {'cards':>5} {head} {'overall':>7} {'allright':>8}")
    for title, scores in rows:
        tally = Tally().extend(scores)
        cells = " ".join(f"{_fmt(tally.accuracy(k)):>7}" for k in TABLE_FIELDS)
        print(f"{title:<28} {tally.cards:>5} {cells} {tally.overall:7.3f} {tally.all_right_share:8.3f}")


def report(title: str, scores: list[CardScore], figures: dict[str, Any], workers: int) -> None:
    """Print list precision/recall and the timing and memory figures of one run."""
    tally = Tally().extend(scores)
    print(f"\n== {title}: {tally.cards} cards")
    print("list field  precision  recall")
    for key in LIST_FIELDS:
        if tally.scored.get(key):
            print(f"{key:<10}  {_fmt(tally.precision(key))}   {_fmt(tally.recall(key))}")
    print(f"median s/card (latency in a worker) {figures['median_s']:.2f}; parsing alone median "
          f"{figures['median_parse_s'] * 1000:.0f} ms, max {figures['max_parse_s'] * 1000:.0f} ms; "
          f"wall s/card {figures['wall_s_per_card']:.2f} ({workers} workers); errors {figures['errors']}")
    # Linux counts a child's memory at fork (before exec) in its max RSS, so the subprocess figure is
    # never below the worker's own: read it as an upper bound for the tesseract processes.
    print(f"peak RSS: worker {figures['worker_rss_mb']:.0f} MB, largest OCR subprocess (upper bound) "
          f"{figures['ocr_subprocess_rss_mb']:.0f} MB")


def breakdown(scores: list[CardScore], labels: list[dict[str, Any]]) -> None:
    """Overall field accuracy by capture condition, to show which conditions fail most."""
    groups: dict[str, list[CardScore]] = defaultdict(list)
    for score, label in zip(scores, labels, strict=True):
        c = label.get("conditions") or {}
        angle = abs(((c.get("angle") or 0) + 45) % 360 - 45)
        keys = [f"language={label.get('language')}", f"region={label.get('region')}",
                f"capture={c.get('capture')}", f"layout={c.get('layout')}", f"dark={c.get('dark')}",
                f"qr={c.get('qr')}", f"background={c.get('background', '-')}", f"dim={c.get('dim', False)}",
                f"blur>1={(c.get('blur') or 0) > 1}", f"turned={'yes' if angle > 45 else 'no'}",
                f"icons={c.get('icons', False)}", f"glare={c.get('glare', False)}",
                f"distractor={c.get('distractor', False)}"]
        keys += [f"{k}={v}" for k, v in (c.get("variations") or {}).items()]
        for key in keys:
            groups[key].append(score)
    print("by condition (overall field accuracy, cards):")
    rows = sorted((Tally().extend(v).overall, k, len(v)) for k, v in groups.items())
    for overall, key, n in rows:
        print(f"  {overall:.3f}  {key} ({n})")


def show_failures(scores: list[CardScore], titles: list[str]) -> None:
    """Print every wrong field: expected vs read."""
    print("failures (expected -> got):")
    for score, title in zip(scores, titles, strict=True):
        wrong = [r for r in score.fields.values() if not r.right]
        if not wrong and not score.error:
            continue
        print(f"  [{title}] {score.file}" + (f"  ERROR {score.error}" if score.error else ""))
        for r in wrong:
            want, got = json.dumps(r.expected, ensure_ascii=False), json.dumps(r.got, ensure_ascii=False)
            print(f"    {r.name}: {want} -> {got}")


def real_jobs(halves: tuple[str, ...]) -> tuple[list[Job], list[str]]:
    """The real cards of the chosen halves as jobs, and each one's 'set · half' title."""
    jobs, titles = [], []
    for card in real_cards():
        if card.half in halves:
            jobs.append((card.image, card.label, {"brand_rule": True, "lenient_address": card.set_name != "photos"}))
            titles.append(f"{card.set_name} · {card.half}")
    return jobs, titles


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m bench.accuracy", description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=150)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--engine", choices=("tesseract", "rapidocr", "auto", "all"), default="auto")
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--real-only", action="store_true", help="only the real cards")
    only.add_argument("--synthetic-only", action="store_true", help="only the synthetic cards")
    parser.add_argument("--half", choices=("development", "held-out", "both"), default="both",
                        help="which half of the real cards (default: both, each reported apart)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--show-failures", action="store_true", help="list every wrong field")
    parser.add_argument("--breakdown", action="store_true", help="synthetic accuracy by generator condition")
    parser.add_argument("--hints", action="store_true",
                        help="pass each synthetic card's region and language to the reader (default: none)")
    parser.add_argument("--ocr-cache", metavar="DIR", help="keep OCR output per image here (e.g. /tmp/ocr-cache)")
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # figures appear as each engine finishes, even when piped
    engines = ["tesseract", "rapidocr"] if args.engine == "all" else [args.engine]
    halves = ("development", "held-out") if args.half == "both" else (args.half,)
    with tempfile.TemporaryDirectory(prefix="cardnote-bench-") as tmp:
        synthetic = [] if args.real_only else generate_set(Path(tmp), args.count, args.seed)
        real, real_titles = ([], []) if args.synthetic_only else real_jobs(halves)
        if not real and not args.synthetic_only:
            print(f"real cards: {REAL_CARDS} is absent, skipping them")
        for engine in engines:
            rows: list[tuple[str, list[CardScore]]] = []
            if synthetic:
                jobs = [(p, label, {}) for p, label in synthetic]
                scores, figures = run(jobs, engine, args.workers, args.hints, args.ocr_cache)
                rows.append((f"synthetic (seed {args.seed})", scores))
                report(f"{engine} · synthetic (seed {args.seed})", scores, figures, args.workers)
                if args.breakdown:
                    breakdown(scores, [label for _, label in synthetic])
                if args.show_failures:
                    show_failures(scores, ["synthetic"] * len(scores))
            if real:
                scores, figures = run(real, engine, args.workers, False, args.ocr_cache)
                report(f"{engine} · real cards", scores, figures, args.workers)
                by_title: dict[str, list[CardScore]] = defaultdict(list)
                for score, title in zip(scores, real_titles, strict=True):
                    by_title[title].append(score)
                    by_title[f"real · {title.split(' · ')[1]}"].append(score)
                rows += sorted(by_title.items(), key=lambda kv: (kv[0].startswith("real"), kv[0]))
                if args.show_failures:
                    show_failures(scores, real_titles)
            print(f"\n== {engine}: fields right per set")
            table(rows)
    print(f"\npeak RSS: parent {_max_rss_mb(resource.RUSAGE_SELF):.0f} MB (includes generating the cards), "
          f"largest child process {_max_rss_mb(resource.RUSAGE_CHILDREN):.0f} MB; {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
