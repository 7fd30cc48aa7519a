"""Helpers for the Celery tests: a Redis check, `cardnote worker` / `cardnote import` subprocesses, draft sets.

Every test run uses its own queue name (and Redis database CARDNOTE_TEST_REDIS_URL, default db 11), so
parallel runs and other users of the local Redis do not see each other's tasks.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import signal
import subprocess
import time
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from service.storage.db import make_engine
from tests.support import ROOT, cardnote

REDIS_URL = os.environ.get("CARDNOTE_TEST_REDIS_URL", "redis://127.0.0.1:6379/11")
# Short enough for a test to see a killed worker's tasks handed on, long enough that a card read (~2-8 s on
# a busy 2-core machine) is rarely handed on while it still runs (it would be harmless: tasks are idempotent).
VISIBILITY_TIMEOUT = 20


def redis_or_skip() -> None:
    """Skip (or fail when CARDNOTE_REQUIRE_REDIS=1) with the reason when no Redis answers."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        reason = f"no Redis server answers at {REDIS_URL}: {exc}"
        if os.environ.get("CARDNOTE_REQUIRE_REDIS") == "1":
            pytest.fail(reason + " (CARDNOTE_REQUIRE_REDIS=1)")
        pytest.skip(reason + " — set CARDNOTE_TEST_REDIS_URL")


@functools.cache
def queue_env() -> dict[str, str]:
    """Broker settings of this test process: a queue nobody else uses (one per process: Celery's client is global)."""
    return {"CARDNOTE_BROKER_URL": REDIS_URL, "CARDNOTE_QUEUE": f"cardnote-test-{uuid.uuid4().hex[:10]}",
            "CARDNOTE_BROKER_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT)}


def forget_queue(queue: str) -> None:
    """Delete the Redis keys a test run's queue left behind."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    keys = [queue, f"_kombu.binding.{queue}", *client.scan_iter(f"cardnote:{queue}:*")]
    client.delete(*keys)


class Worker:
    """A `cardnote worker` subprocess in its own process group (so kill -9 reaches its pool processes too)."""

    def __init__(self, env: dict[str, str], log: Path, concurrency: int = 1) -> None:
        self.log = log
        self.handle = log.open("w")
        self.proc = subprocess.Popen(cardnote("worker", "--concurrency", str(concurrency)),
                                     env={**os.environ, **env}, stdout=self.handle, stderr=subprocess.STDOUT,
                                     cwd=ROOT, start_new_session=True)

    def wait_ready(self, timeout: float = 90) -> Worker:
        """Block until the worker consumes from the queue."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if " ready." in self.log.read_text(errors="replace"):
                return self
            if self.proc.poll() is not None:
                break
            time.sleep(0.2)
        self.stop()
        raise AssertionError(f"cardnote worker did not start:\n{self.log.read_text(errors='replace')[-3000:]}")

    def kill(self) -> None:
        """kill -9 the worker and its pool processes at once."""
        self._signal(signal.SIGKILL)
        self.proc.wait(30)

    def stop(self) -> None:
        """Stop the worker (TERM, then KILL) and close its log."""
        if self.proc.poll() is None:
            self._signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()
        self._signal(signal.SIGKILL)  # pool processes that outlived their parent
        self.handle.close()

    def _signal(self, sig: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, sig)


def run_import(folder: Path, env: dict[str, str], *extra: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """`cardnote import FOLDER --user …` to completion."""
    return subprocess.run(cardnote("import", str(folder), "--user", "bulk@example.com", "--no-progress",
                                   *extra), env={**os.environ, **env}, cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout)


def start_import(folder: Path, env: dict[str, str], *extra: str) -> subprocess.Popen:
    """`cardnote import FOLDER --user …` in the background."""
    return subprocess.Popen(cardnote("import", str(folder), "--user", "bulk@example.com", "--no-progress",
                                     *extra), env={**os.environ, **env}, cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


def drafts(url: str) -> list[tuple]:
    """Every draft as (file name, photo hash, card JSON, image hash), sorted; a duplicate would show twice."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(sa.text("select filename, source_sha256, card, image_jpeg from drafts")).all()
    finally:
        engine.dispose()
    return sorted((name, sha, json.dumps(card if isinstance(card, dict) else json.loads(card), sort_keys=True),
                   hashlib.sha256(image or b"").hexdigest()) for name, sha, card, image in rows)


def count(url: str, table: str) -> int:
    """Rows in a table."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(sa.text(f"select count(*) from {table}")).scalar()
    finally:
        engine.dispose()


def prepare_database(url: str, data_dir: Path) -> dict[str, str]:
    """Migrate the database at `url`, add the importing user; the environment for commands using it."""
    from service.http.app import create_app
    from tests.support.service_helpers import add_user

    env = {"CARDNOTE_DATA_DIR": str(data_dir), "CARDNOTE_DATABASE_URL": url, "CARDNOTE_SECRET_KEY": "test"}
    app = create_app({"TESTING": True, **env})
    add_user(app, "bulk@example.com")
    app.extensions["cardnote.db"]["engine"].dispose()
    return env


def generate_scans(folder: Path, count: int, seed: int = 4207) -> Path:
    """`count` synthetic flatbed scans of single cards (the fastest to read), fixed by the seed."""
    from samples.generate import Options, generate_card

    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        card = generate_card(seed, index, Options(capture="scan", qr=False), max_side=1000)
        (folder / f"{card.name}.jpg").write_bytes(card.jpeg)
    return folder


def differences(got: list[tuple], expected: list[tuple]) -> list[str]:
    """Readable differences between two draft lists (file name and what differs), for assertion messages."""
    lines = []
    for row in sorted(set(got) ^ set(expected)):
        side = "only in the queue import" if row in got else "only in the reference"
        lines.append(f"{side}: {row[0]} photo {row[1][:12]} image {row[3][:12]} card {row[2][:300]}")
    if len(got) != len(set(got)):
        lines.append(f"duplicates: {len(got) - len(set(got))}")
    return lines
