"""The reader never runs more OCR at once than there are cores, however many server threads ask."""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from service.reading import reader


def test_concurrent_scans_are_bounded_by_the_core_count(monkeypatch):
    running, peak = 0, 0
    lock = threading.Lock()

    def slow_read(data, filename, **_options):
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.05)
        with lock:
            running -= 1
        return filename

    monkeypatch.setattr(reader, "read_card", slow_read)
    monkeypatch.setattr(reader, "_to_scan", lambda result, region: result)
    cores = max(1, os.cpu_count() or 1)
    with ThreadPoolExecutor(max_workers=cores * 4) as pool:
        names = list(pool.map(lambda i: reader.scan_image(b"", f"card{i}.jpg"), range(cores * 8)))
    assert names == [f"card{i}.jpg" for i in range(cores * 8)]
    assert peak == cores
