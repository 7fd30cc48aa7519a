"""End-to-end speed and memory of `cardnote scan`: wall seconds per card and peak RSS of each worker process.

    python -m bench.scan_speed FOLDER... [--workers 2] [--runs 3] [--engine auto] [--out FILE.jsonl]

Runs the real command line (`cardnote scan --workers N FILE...`, from the checkout it is started in) over
every image in the folders (recursively), as a user would, and times the whole batch from outside: seconds
per card is the run's wall time divided by the cards printed, the median of --runs runs. Peak memory is each
worker's own high-water mark of resident memory (VmHWM in /proc), read while it runs: a spawned worker is a
fresh exec'd interpreter, so this counts what the reader needs, not the memory of the parent it was forked
from before exec (which Linux would fold into the children's rusage maximum).
"""

from __future__ import annotations

import argparse
import os
import selectors
import statistics
import subprocess
import sys
import time
from pathlib import Path

import psutil

from bench.realcards import IMAGE_SUFFIXES

POLL_SECONDS = 0.05


def _hwm_mb(process: psutil.Process) -> float | None:
    """The process's peak resident memory so far in MB (None once it is gone)."""
    try:
        with open(f"/proc/{process.pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def run_once(files: list[Path], workers: int, engine: str, out: Path | None) -> tuple[float, int, dict[int, float]]:
    """One `cardnote scan` over the files: (wall seconds, cards printed, {worker pid: peak MB})."""
    # the `cardnote` entry point, run by this interpreter from the current directory (the checkout measured)
    command = [sys.executable, "-c", "from service.cli import main; main()", "scan", "--workers", str(workers),
               "--engine", engine, *map(str, files)]
    peaks: dict[int, float] = {}
    started = time.perf_counter()
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) as proc:
        parent = psutil.Process(proc.pid)
        chunks: list[bytes] = []
        # read what it prints while polling the workers, so the pipe never fills and blocks it
        selector = selectors.DefaultSelector()
        selector.register(proc.stdout, selectors.EVENT_READ)
        os.set_blocking(proc.stdout.fileno(), False)
        while True:
            for _key, _ in selector.select(timeout=POLL_SECONDS):
                data = proc.stdout.read()
                if data:
                    chunks.append(data)
            try:
                children = parent.children(recursive=True)
            except psutil.NoSuchProcess:
                children = []
            for child in [parent, *children]:
                mb = _hwm_mb(child)
                if mb is not None:
                    peaks[child.pid] = max(peaks.get(child.pid, 0.0), mb)
            if proc.poll() is not None:
                rest = proc.stdout.read()
                if rest:
                    chunks.append(rest)
                break
        selector.close()
    elapsed = time.perf_counter() - started
    output = b"".join(chunks)
    if out is not None:
        out.write_bytes(output)
    cards = sum(1 for line in output.splitlines() if line.strip())
    # the multiprocessing resource tracker is a child too, but tiny: keep only processes that read cards;
    # with one file (or --workers 1) the command reads in its own process, which is then the worker
    workers_only = {pid: mb for pid, mb in peaks.items() if mb > 150 and pid != proc.pid}
    if not workers_only and proc.pid in peaks:
        workers_only = {proc.pid: peaks[proc.pid]}
    return elapsed, cards, workers_only


def main(argv: list[str] | None = None) -> int:
    """Print seconds per card (median of runs) and the peak memory of each `cardnote scan` worker."""
    parser = argparse.ArgumentParser(prog="python -m bench.scan_speed", description=__doc__.split("\n")[0])
    parser.add_argument("folders", type=Path, nargs="+")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--engine", default="auto")
    parser.add_argument("--out", type=Path, default=None, help="write the last run's JSON Lines here")
    args = parser.parse_args(argv)
    files = sorted(p for folder in args.folders for p in folder.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES)
    if not files:
        print(f"no images in {', '.join(map(str, args.folders))}", file=sys.stderr)
        return 1
    per_card, worker_peaks = [], []
    for run in range(args.runs):
        elapsed, cards, peaks = run_once(files, args.workers, args.engine, args.out)
        per_card.append(elapsed / max(cards, 1))
        worker_peaks.append(max(peaks.values(), default=0.0))
        print(f"run {run + 1}: {elapsed:.1f} s, {cards} cards, {elapsed / max(cards, 1):.3f} s/card, worker peaks "
              + ", ".join(f"{mb:.0f}" for mb in sorted(peaks.values())) + " MB", flush=True)
    print(f"images={len(files)} workers={args.workers} engine={args.engine} runs={args.runs}")
    print(f"wall seconds per card (median): {statistics.median(per_card):.3f}")
    print(f"peak memory per worker (median of runs' largest): {statistics.median(worker_peaks):.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
