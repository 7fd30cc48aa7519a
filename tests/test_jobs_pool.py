"""The one parallel runner (service/jobs/pool.py): spawned processes, a bounded window, both result orders; and
`auto` says so when it falls back from RapidOCR to Tesseract."""

from __future__ import annotations

import logging
import os

import pytest

import ocr.engines
import ocr.engines.rapid
from service.jobs import pool


def _pid_after(delay: float, label: str) -> tuple[str, int]:
    import time

    time.sleep(delay)
    return label, os.getpid()


def test_in_this_process_for_one_worker():
    assert list(pool.bounded_map(_pid_after, [(0, "a"), (0, "b")], 1)) == [("a", os.getpid()), ("b", os.getpid())]


@pytest.mark.slow
def test_spawned_processes_keep_the_given_order_or_report_as_they_finish():
    work = [(0.6, "slow"), (0.0, "quick")]
    ordered = list(pool.bounded_map(_pid_after, work, 2, ordered=True))
    assert [label for label, _ in ordered] == ["slow", "quick"]
    assert all(pid != os.getpid() for _, pid in ordered)  # read in child processes
    finished = [label for label, _ in pool.bounded_map(_pid_after, work, 2)]
    assert finished == ["quick", "slow"]


def test_items_are_taken_only_as_the_window_has_room(monkeypatch):
    taken = []

    def items():
        for n in range(50):
            taken.append(n)
            yield (0, str(n))

    results = pool.bounded_map(_pid_after, items(), 1)
    next(results)
    assert taken == [0]  # lazily: nothing hashed or looked up ahead of need


def _thread_limits() -> tuple[int, str, str]:
    import cv2

    return cv2.getNumThreads(), os.environ["OMP_NUM_THREADS"], os.environ["OPENBLAS_NUM_THREADS"]


@pytest.mark.slow
def test_each_reader_process_keeps_its_libraries_to_one_thread(monkeypatch):
    for name in pool.ONE_THREAD_EACH:
        monkeypatch.delenv(name, raising=False)
    with pool.reader_pool(1) as executor:
        assert executor.submit(_thread_limits).result() == (1, "1", "1")


def _malloc_tunables() -> str:
    return os.environ.get("GLIBC_TUNABLES", "")


@pytest.mark.slow
def test_each_reader_process_starts_with_huge_pages_for_its_large_buffers(monkeypatch):
    monkeypatch.delenv("GLIBC_TUNABLES", raising=False)
    with pool.reader_pool(1) as executor:
        assert "glibc.malloc.hugetlb=1" in executor.submit(_malloc_tunables).result()


def test_the_pool_spawns_rather_than_forks():
    with pool.reader_pool(1) as executor:
        assert executor._mp_context.get_start_method() == "spawn"


def test_auto_says_when_it_falls_back_to_tesseract(monkeypatch, caplog):
    def broken(*_args, **_kwargs):
        raise RuntimeError("model file missing")

    monkeypatch.setattr(ocr.engines.rapid, "RapidEngine", broken)
    monkeypatch.setattr(ocr.engines, "_engines", {})
    with caplog.at_level(logging.WARNING, logger="ocr.engines"):
        engine = ocr.engines.get_engine("auto")
    assert type(engine).__name__ == "TesseractEngine"
    assert "RapidOCR is unavailable (RuntimeError: model file missing)" in caplog.text
    assert "Tesseract" in caplog.text
