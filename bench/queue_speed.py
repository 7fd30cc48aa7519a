"""Import throughput through the Celery queue with 1 and 2 `cardnote worker` processes (real Redis, real OCR).

    .venv/bin/python -m bench.queue_speed [--files 20] [--seed 7] [--max-side 1600] [--redis redis://127.0.0.1:6379/11]
                                          [--database postgresql+psycopg://postgres@127.0.0.1:5432/test]

For each worker count: a fresh database (a temporary SQLite file, or a fresh schema in --database), a queue of
its own, N `cardnote worker --concurrency 1` processes warmed up on two other cards (so OCR models are loaded,
as in a long-running deployment), then `cardnote import` of the folder timed from start to summary. Also
times the in-process pool (`--workers 1` / `2`, cold: it starts its processes) for comparison. On a 2-core
machine the second worker process can at best double throughput; other load on the machine lowers it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from samples.generate import Options, generate_card

REPO = Path(__file__).resolve().parent.parent
CARDNOTE = str(REPO / ".venv" / "bin" / "cardnote")
EMAIL = "bench@example.com"


def make_folder(folder: Path, files: int, seed: int, max_side: int, first_index: int = 0) -> None:
    """Synthetic single-card photos and scans (the generator's own mix)."""
    folder.mkdir(parents=True)
    for index in range(first_index, first_index + files):
        card = generate_card(seed, index, Options(qr=False), max_side=max_side)
        (folder / f"{card.name}.jpg").write_bytes(card.jpeg)


def fresh_database(root: Path, base_url: str | None, admin: list) -> str:
    """A new SQLite file under `root`, or a new schema in the PostgreSQL database `base_url`."""
    if not base_url:
        return f"sqlite:///{root / f'bench-{uuid.uuid4().hex[:6]}.db'}"
    import sqlalchemy as sa

    schema = f"bench_{uuid.uuid4().hex[:8]}"
    engine = sa.create_engine(base_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    admin.append((engine, schema))
    return f"{base_url}?options=-csearch_path%3D{schema}"


def prepare(env: dict[str, str]) -> None:
    """Migrate and add the importing user."""
    subprocess.run([CARDNOTE, "users", "add", EMAIL], input="correct horse battery\n", env=env, check=True,
                   capture_output=True, text=True)


def start_workers(env: dict[str, str], count: int, logs: Path) -> list[subprocess.Popen]:
    """`count` single-process workers, each in its own process group; returns once all are ready."""
    started = []
    for index in range(count):
        log = logs / f"worker-{count}-{index}.log"
        started.append((subprocess.Popen([CARDNOTE, "worker", "--concurrency", "1"], env=env, stdout=log.open("w"),
                                         stderr=subprocess.STDOUT, start_new_session=True), log))
    deadline = time.monotonic() + 120
    for proc, log in started:
        while " ready." not in log.read_text(errors="replace"):
            if proc.poll() is not None or time.monotonic() > deadline:
                stop([p for p, _ in started])
                raise SystemExit(f"cardnote worker did not start:\n{log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.3)
    return [proc for proc, _ in started]


def stop(procs: list[subprocess.Popen]) -> None:
    """TERM each worker group, then KILL what is left."""
    for proc in procs:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def timed_import(folder: Path, env: dict[str, str], *extra: str) -> float:
    """Seconds for one `cardnote import` of `folder`, start to summary."""
    start = time.perf_counter()
    result = subprocess.run([CARDNOTE, "import", str(folder), "--user", EMAIL, "--no-progress", *extra], env=env,
                            capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0 or "Imported" not in result.stdout:
        raise SystemExit(f"import failed:\n{result.stdout}\n{result.stderr}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print one line per configuration."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--max-side", type=int, default=1600)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/11")
    parser.add_argument("--database", default=None, help="PostgreSQL maintenance URL (default: SQLite files)")
    parser.add_argument("--skip-in-process", action="store_true")
    args = parser.parse_args(argv)

    root = Path(tempfile.mkdtemp(prefix="cardnote-queue-bench-"))
    admin: list = []
    try:
        folder, warmup = root / "cards", root / "warmup"
        make_folder(folder, args.files, args.seed, args.max_side)
        make_folder(warmup, 2, args.seed, args.max_side, first_index=10_000)
        print(f"{args.files} single-card images ({args.max_side} px), database "
              f"{'PostgreSQL' if args.database else 'SQLite'}, {os.cpu_count()} cores, load "
              f"{os.getloadavg()[0]:.1f}", flush=True)
        base = {k: v for k, v in os.environ.items() if not k.startswith("CARDNOTE_")}
        for workers in (1, 2):
            env = {**base, "CARDNOTE_DATA_DIR": str(root / f"data-{workers}"), "CARDNOTE_SECRET_KEY": "bench",
                   "CARDNOTE_DATABASE_URL": fresh_database(root, args.database, admin),
                   "CARDNOTE_BROKER_URL": args.redis, "CARDNOTE_QUEUE": f"bench-{uuid.uuid4().hex[:8]}"}
            prepare(env)
            procs = start_workers(env, workers, root)
            try:
                timed_import(warmup, env)
                seconds = timed_import(folder, env)
            finally:
                stop(procs)
            print(f"queue, {workers} worker process(es): {seconds:6.1f} s, {args.files / seconds:5.2f} files/s, "
                  f"{seconds / args.files:5.2f} s per file", flush=True)
        if not args.skip_in_process:
            for workers in (1, 2):
                env = {**base, "CARDNOTE_DATA_DIR": str(root / f"inproc-{workers}"), "CARDNOTE_SECRET_KEY": "bench",
                       "CARDNOTE_DATABASE_URL": fresh_database(root, args.database, admin)}
                prepare(env)
                seconds = timed_import(folder, env, "--workers", str(workers))
                print(f"in-process pool, --workers {workers} (cold): {seconds:6.1f} s, {args.files / seconds:5.2f} "
                      f"files/s, {seconds / args.files:5.2f} s per file", flush=True)
    finally:
        for engine, schema in admin:
            with engine.connect() as connection:
                connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
            engine.dispose()
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
