"""Speed and memory of the ocr stage: wall seconds per card with N worker processes, peak RSS per process.

    python -m bench.ocr_speed FOLDER... [--engine auto|rapidocr|tesseract] [--workers 2] [--limit 40]

Every image goes through ocr.pipeline.read_cards (every card it holds, as `cardnote scan` reads it);
seconds per card divide by the cards found. Each worker is a separate process (as the import pool runs
them) with one ONNX thread, so the figures match a batch import on a machine with as many cores as
workers. Peak memory is the largest resident set any worker reached.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import sys
import time
from pathlib import Path

from bench.realcards import IMAGE_SUFFIXES


def _init(engine: str) -> None:
    from ocr.engines import get_engine

    get_engine(engine)  # model load is paid once per process, not per card


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the tesseract binary runs as one)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _read(task: tuple[str, str]) -> tuple[str, float, float, int, int]:
    from ocr.pipeline import read_cards

    path, engine = task
    started_wall, started_cpu = time.perf_counter(), _cpu()
    results = read_cards(Path(path).read_bytes(), Path(path).name, engine=engine)
    wall, cpu = time.perf_counter() - started_wall, _cpu() - started_cpu
    peak_mb = (
        max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
        // 1024
    )
    return path, wall, cpu, peak_mb, len(results)


def main(argv: list[str] | None = None) -> int:
    """Print seconds per card and peak memory for a folder of card images."""
    parser = argparse.ArgumentParser(prog="python -m bench.ocr_speed", description=__doc__.split("\n")[0])
    parser.add_argument("folders", type=Path, nargs="+")
    parser.add_argument("--engine", default="auto")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--limit", type=int, default=40)
    args = parser.parse_args(argv)
    files = sorted(p for folder in args.folders for p in folder.iterdir()
                   if p.suffix.lower() in IMAGE_SUFFIXES)[: args.limit]
    if not files:
        print(f"no images in {', '.join(map(str, args.folders))}", file=sys.stderr)
        return 1
    os.environ.setdefault("CARDNOTE_OCR_THREADS", "1")
    context = multiprocessing.get_context("spawn")
    with context.Pool(args.workers, initializer=_init, initargs=(args.engine,)) as pool:
        pool.map(_init, [args.engine] * args.workers)  # make sure every worker has loaded its models
        started = time.perf_counter()
        rows = pool.map(_read, [(str(p), args.engine) for p in files], chunksize=1)
        elapsed = time.perf_counter() - started
    cards = sum(row[4] for row in rows)
    cpu = sum(row[2] for row in rows) / cards
    peak = max(row[3] for row in rows)
    print(f"engine={args.engine} workers={args.workers} images={len(rows)} cards={cards}")
    print(f"wall seconds per card (batch): {elapsed / cards:.2f}")
    print(f"cpu seconds per card per process: {cpu:.2f} (slowest image {max(row[2] for row in rows):.2f})")
    print(f"peak memory per process: {peak} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
