"""Accuracy and speed of the reader on fresh synthetic cards and on ../shared/real-cards.

    .venv/bin/python -m bench.accuracy [--count 150] [--seed 7] [--engine tesseract|rapidocr|auto|all]
                                       [--real-only] [--workers 2] [--show-failures] [--hints]

Generates --count synthetic cards with a fixed seed into a temporary folder, reads each one with
service.reading.reader.scan_image in a pool of --workers processes, scores them with bench/scoring.py (its
docstring gives the rules) and prints, per engine: per-field accuracy (list fields: per-card set equality,
plus item precision/recall), overall field accuracy, share of cards with every field right, the median
seconds per card inside a worker (single-card latency), wall seconds per card for the whole batch, and
peak memory. Real cards are scored with the brand rule for company and honour "unsure".
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from tqdm import tqdm

from bench.scoring import FIELDS, LIST_FIELDS, CardScore, Tally, score_card

REAL_CARDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "real-cards"
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".heic")


def _max_rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def read_one(job: tuple[str, str | None, str | None, list[str] | None]) -> dict[str, Any]:
    """Worker: read one image file; returns the card JSON (or the error), seconds and the worker's RSS."""
    path, engine, region, languages = job
    from service.reading.reader import scan_image  # imported in the worker so the parent stays small

    data = Path(path).read_bytes()
    started = time.perf_counter()
    card, error = None, None
    try:
        card = scan_image(data, Path(path).name, languages=languages, region=region, engine=engine).card.to_json()
    except Exception as exc:  # a crash is a result to report, not a reason to stop the benchmark
        error = f"{type(exc).__name__}: {exc}"
    return {"path": path, "card": card, "error": error, "seconds": time.perf_counter() - started,
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


def real_set() -> list[tuple[Path, dict[str, Any]]]:
    """The labelled real cards, when ../shared/real-cards exists."""
    pairs = []
    for label_path in sorted(REAL_CARDS.glob("*.json")):
        label = json.loads(label_path.read_text(encoding="utf-8"))
        image = REAL_CARDS / label.get("file", "")
        if image.suffix.lower() in IMAGE_SUFFIXES and image.exists():
            pairs.append((image, label))
    return pairs


def run(pairs: list[tuple[Path, dict[str, Any]]], engine: str | None, workers: int, hints: bool,
        brand_rule: bool) -> tuple[list[CardScore], dict[str, Any]]:
    """Read and score every image; returns the scores and the timing/memory figures."""
    jobs = [(str(p), engine, label.get("region") if hints else None,
             [label["language"]] if hints and label.get("language") else None) for p, label in pairs]
    started = time.perf_counter()
    # spawn, not fork: the parent has used OpenCV's thread pool (generating the cards), and a forked
    # child can inherit one of its locks held and hang on it forever
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        progress = tqdm(pool.map(read_one, jobs), total=len(jobs), file=sys.stderr, leave=False,
                        disable=not sys.stderr.isatty(), desc=f"reading ({engine})")
        results = list(progress)
    wall = time.perf_counter() - started
    scores = [score_card(label, r["card"], brand_rule=brand_rule, error=r["error"])
              for (_, label), r in zip(pairs, results, strict=True)]
    figures = {
        "median_s": statistics.median(r["seconds"] for r in results) if results else 0.0,
        "wall_s_per_card": wall / max(len(results), 1),
        "worker_rss_mb": max((r["rss_mb"] for r in results), default=0.0),
        "ocr_subprocess_rss_mb": max((r["child_rss_mb"] for r in results), default=0.0),
        "errors": sum(r["error"] is not None for r in results),
    }
    return scores, figures


def _fmt(value: float | None) -> str:
    return "   -  " if value is None else f"{value:6.3f}"


def report(title: str, scores: list[CardScore], figures: dict[str, Any], workers: int) -> None:
    """Print the figures of one (engine, set) run."""
    tally = Tally().extend(scores)
    print(f"\n== {title}: {tally.cards} cards")
    print("field      accuracy  precision  recall   (lists: accuracy = per-card set equality)")
    for key in FIELDS:
        if not tally.scored.get(key):
            continue
        extra = f"   {_fmt(tally.precision(key))}   {_fmt(tally.recall(key))}" if key in LIST_FIELDS else ""
        print(f"{key:<10} {_fmt(tally.accuracy(key))}{extra}")
    print(f"overall field accuracy {tally.overall:.3f}; cards with every field right {tally.all_right_share:.3f}")
    print(f"median s/card (latency in a worker) {figures['median_s']:.2f}; wall s/card {figures['wall_s_per_card']:.2f}"
          f" ({workers} workers); errors {figures['errors']}")
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
                f"frame={'x'.join(map(str, c.get('frame') or [])) if c.get('capture') == 'photo' else 'scan'}",
                f"icons={c.get('icons', False)}", f"glare={c.get('glare', False)}",
                f"distractor={c.get('distractor', False)}"]
        for key in keys:
            groups[key].append(score)
    print("by condition (overall field accuracy, cards):")
    rows = sorted((Tally().extend(v).overall, k, len(v)) for k, v in groups.items())
    for overall, key, n in rows:
        print(f"  {overall:.3f}  {key} ({n})")


def show_failures(scores: list[CardScore]) -> None:
    """Print every wrong field: expected vs read."""
    print("failures (expected -> got):")
    for score in scores:
        wrong = [r for r in score.fields.values() if not r.right]
        if not wrong and not score.error:
            continue
        print(f"  {score.file}" + (f"  ERROR {score.error}" if score.error else ""))
        for r in wrong:
            want, got = json.dumps(r.expected, ensure_ascii=False), json.dumps(r.got, ensure_ascii=False)
            print(f"    {r.name}: {want} -> {got}")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m bench.accuracy", description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=150)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--engine", choices=("tesseract", "rapidocr", "auto", "all"), default="auto")
    parser.add_argument("--real-only", action="store_true", help="only the real cards")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--show-failures", action="store_true", help="list every wrong field")
    parser.add_argument("--hints", action="store_true",
                        help="pass each synthetic card's region and language to the reader (default: none)")
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # figures appear as each engine finishes, even when piped
    engines = ["tesseract", "rapidocr"] if args.engine == "all" else [args.engine]
    with tempfile.TemporaryDirectory(prefix="cardnote-bench-") as tmp:
        synthetic = [] if args.real_only else generate_set(Path(tmp), args.count, args.seed)
        real = real_set()
        if not real:
            print(f"real cards: {REAL_CARDS} is absent, skipping them")
        for engine in engines:
            if synthetic:
                scores, figures = run(synthetic, engine, args.workers, args.hints, brand_rule=False)
                report(f"{engine} · synthetic (seed {args.seed})", scores, figures, args.workers)
                breakdown(scores, [label for _, label in synthetic])
                if args.show_failures:
                    show_failures(scores)
            if real:
                scores, figures = run(real, engine, args.workers, False, brand_rule=True)
                report(f"{engine} · real cards", scores, figures, args.workers)
                if args.show_failures:
                    show_failures(scores)
    print(f"\npeak RSS: parent {_max_rss_mb(resource.RUSAGE_SELF):.0f} MB (includes generating the cards), "
          f"largest child process {_max_rss_mb(resource.RUSAGE_CHILDREN):.0f} MB; {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
