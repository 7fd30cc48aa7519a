"""The load benchmark itself runs end to end (a tiny configuration; the figures come from `python -m bench.load`)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_bench_load_runs_against_a_real_server_and_reports_latency_and_memory():
    proc = subprocess.run([sys.executable, "-m", "bench.load", "--burst", "2", "--duration", "3", "--clients", "2",
                           "--upload-every", "4", "--threads", "2"], cwd=REPO, capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    figures = r"phase 1: 2 concurrent uploads:\n  upload\s+2 requests\s+p50\s+\d+ ms\s+p95\s+\d+ ms"
    assert re.search(figures, proc.stdout), proc.stdout
    assert "phase 2: 3 s of mixed reads and uploads" in proc.stdout
    peak = re.search(r"server memory: peak (\d+) MiB", proc.stdout)
    assert peak and int(peak.group(1)) > 50, proc.stdout
    assert "failures: 0" in proc.stdout and "server still answering: True" in proc.stdout
