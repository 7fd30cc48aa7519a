"""The process pool that reads cards on every core, shared by `scan` and `import`."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor


def reader_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of `workers` processes started with spawn, each loading the OCR engine once.

    Spawn rather than fork: OpenCV and onnxruntime keep thread pools and locks that a forked child
    inherits in an unknown state, and a child that then touches them can hang forever.
    """
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
