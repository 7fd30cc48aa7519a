"""The one way the service reads files in parallel on this machine: spawned processes, a bounded window of files
in flight, results as they finish (or in the order given). `cardnote scan` and `cardnote import` use it; the
Celery workers (service/jobs/tasks.py) run the same per-file task functions on other machines.

Spawn rather than fork: OpenCV and onnxruntime keep thread pools and locks that a forked child inherits in an
unknown state, and a child that then touches them can hang forever. A spawned child imports only the module of
its task function, so task functions live in modules that do not load the web app.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any, TypeVar

from ocr.memory import READER_ENVIRONMENT

Result = TypeVar("Result")
WINDOW_PER_WORKER = 2  # files in flight per process: every core busy, the folder never held in memory at once
# Called first in every reader process; a spawned child shares nothing with its parent, so this is where a
# stand-in reader (tests) is installed. A module-level function, as the child imports it by name.
CHILD_SETUP: Callable[[], None] | None = None


def default_workers() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


# Each reader process is one of `workers` filling the cores, so the libraries' own thread pools stay at one
# thread: two pools of two threads on two cores spend their time switching and spinning. A spawned child reads
# these from the environment it inherits, before it imports numpy or OpenCV.
ONE_THREAD_EACH = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
                   "OPENCV_FOR_THREADS_NUM": "1"}
# … and the C library's malloc settings that can only be given at start-up (ocr.memory).
CHILD_ENVIRONMENT = {**ONE_THREAD_EACH, **READER_ENVIRONMENT}


def reader_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of `workers` spawned processes, each loading the OCR engine once."""
    for name, value in CHILD_ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=CHILD_SETUP)


def bounded_map(task: Callable[..., Result], items: Iterable[tuple[Any, ...]], workers: int, *,
                ordered: bool = False) -> Iterator[Result]:
    """task(*item) for every item, in `workers` spawned processes (here when workers <= 1), at most
    WINDOW_PER_WORKER × workers in flight; results as they finish, or in the items' order with `ordered`.

    `items` is read lazily, only when the window has room, so a caller may hash or look things up per item."""
    todo = iter(items)
    if workers <= 1:
        for item in todo:
            yield task(*item)
        return
    window = workers * WINDOW_PER_WORKER
    with reader_pool(workers) as pool:
        try:
            yield from (_in_order if ordered else _as_finished)(pool, task, todo, window)
        except BaseException:  # interrupted, or the caller stopped reading: drop what has not started
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _in_order(pool: ProcessPoolExecutor, task: Callable[..., Result], todo: Iterator[tuple[Any, ...]],
              window: int) -> Iterator[Result]:
    queued: deque[Future] = deque()
    while True:
        while len(queued) < window and (item := next(todo, None)) is not None:
            queued.append(pool.submit(task, *item))
        if not queued:
            return
        yield queued.popleft().result()


def _as_finished(pool: ProcessPoolExecutor, task: Callable[..., Result], todo: Iterator[tuple[Any, ...]],
                 window: int) -> Iterator[Result]:
    in_flight: set[Future] = set()
    while True:
        while len(in_flight) < window and (item := next(todo, None)) is not None:
            in_flight.add(pool.submit(task, *item))
        if not in_flight:
            return
        done, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
        for future in done:
            yield future.result()
