"""`cardnote import` through the Celery queue, with real Redis, real `cardnote worker` processes and real OCR:
the same drafts as an in-process import, and a kill -9 of a worker mid-import loses and duplicates nothing.

The queue imports go into PostgreSQL (the team set-up); the in-process reference into SQLite.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from tests.support.queue_helpers import (
    Worker,
    count,
    differences,
    drafts,
    forget_queue,
    generate_scans,
    prepare_database,
    queue_env,
    redis_or_skip,
    run_import,
    start_import,
)

pytestmark = pytest.mark.slow
FILES = 20


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """20 synthetic single-card scans."""
    return generate_scans(tmp_path_factory.mktemp("queue") / "cards", FILES)


@pytest.fixture(scope="module")
def reference(folder, tmp_path_factory):
    """The drafts of an in-process import (no broker) of the folder."""
    root = tmp_path_factory.mktemp("reference")
    url = f"sqlite:///{root / 'reference.db'}"
    result = run_import(folder, prepare_database(url, root / "data"), "--workers", "2")
    assert result.returncode == 0, result.stderr
    expected = drafts(url)
    assert len(expected) == FILES
    return expected


@pytest.fixture
def workers(tmp_path):
    """Start `cardnote worker` processes on this run's queue; all are stopped afterwards."""
    redis_or_skip()
    started: list[Worker] = []

    def start(env: dict[str, str], name: str, concurrency: int = 1) -> Worker:
        worker = Worker(env, tmp_path / f"{name}.log", concurrency)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()
    forget_queue(queue_env()["CARDNOTE_QUEUE"])


def _env(database: str, tmp_path) -> dict[str, str]:
    return {**prepare_database(database, tmp_path / "data"), **queue_env()}


@pytest.mark.postgres
@pytest.mark.parametrize("database", ["postgresql"], indirect=True)
def test_two_workers_give_exactly_the_drafts_of_an_in_process_import(folder, reference, workers, database, tmp_path):
    env = _env(database, tmp_path)
    first, second = workers(env, "first"), workers(env, "second")
    first.wait_ready(), second.wait_ready()
    result = run_import(folder, env)
    assert result.returncode == 0, result.stderr
    assert f"Imported {FILES} new card(s)" in result.stdout
    got = drafts(database)
    assert got == reference, differences(got, reference)
    for worker in (first, second):  # the files really were shared out
        assert "succeeded" in worker.log.read_text(), worker.log.read_text()[-2000:]

    again = run_import(folder, env)  # idempotent through the queue too
    assert "Imported 0 new card(s)" in again.stdout and f"{FILES} already imported before" in again.stdout
    assert count(database, "drafts") == FILES


@pytest.mark.postgres
@pytest.mark.parametrize("database", ["postgresql"], indirect=True)
def test_kill_9_of_a_worker_mid_import_loses_and_duplicates_nothing(folder, reference, workers, database, tmp_path):
    env = _env(database, tmp_path)
    victim = workers(env, "victim", concurrency=2).wait_ready()
    importer = start_import(folder, env)
    try:
        deadline = time.monotonic() + 300
        while count(database, "drafts") < 3 and time.monotonic() < deadline:
            assert importer.poll() is None, importer.communicate()
            time.sleep(0.2)
        victim.kill()  # the worker and its pool processes, with tasks taken but not finished
        log = victim.log.read_text()
        assert log.count("received") > log.count("succeeded"), "no task was running when the worker was killed"
        stored = count(database, "drafts")
        assert 3 <= stored < FILES, f"the kill came too late to interrupt anything ({stored} stored)"

        workers(env, "rescuer", concurrency=2).wait_ready()
        out, err = importer.communicate(timeout=600)
    finally:
        if importer.poll() is None:
            importer.kill()
            importer.communicate()
    assert importer.returncode == 0, err
    assert f"Imported {FILES} new card(s)" in out, out  # one summary for the whole run
    got = drafts(database)
    assert got == reference, differences(got, reference)
    assert count(database, "imported_cards") == FILES and count(database, "imported_files") == FILES



def _pool_processes(worker: Worker) -> list[int]:
    children = Path(f"/proc/{worker.proc.pid}/task/{worker.proc.pid}/children").read_text().split()
    return [int(pid) for pid in children]


def test_a_pool_process_killed_mid_task_is_retried_at_once(folder, reference, workers, database, tmp_path):
    env = _env(database, tmp_path)
    worker = workers(env, "worker", concurrency=2).wait_ready()
    importer = start_import(folder, env)
    try:
        deadline = time.monotonic() + 300
        while count(database, "drafts") < 2 and time.monotonic() < deadline:
            assert importer.poll() is None, importer.communicate()
            time.sleep(0.2)
        os.kill(_pool_processes(worker)[0], signal.SIGKILL)  # one OCR process dies (OOM, segfault…), mid-card
        out, err = importer.communicate(timeout=600)
    finally:
        if importer.poll() is None:
            importer.kill()
            importer.communicate()
    assert importer.returncode == 0, err
    assert f"Imported {FILES} new card(s)" in out, out
    got = drafts(database)
    assert got == reference, differences(got, reference)
    assert "WorkerLostError" in worker.log.read_text()  # the loss was seen, and the task retried
