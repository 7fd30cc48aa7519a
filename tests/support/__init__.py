"""Support code shared by the test modules (helpers, stand-ins, generators); no tests live here."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def cardnote(*args: str) -> list[str]:
    """The `cardnote` command line run by this interpreter (`python -m service`), so no virtualenv path is assumed;
    run it with cwd=ROOT so this checkout's code is the one imported."""
    return [sys.executable, "-m", "service", *args]


def free_port() -> int:
    """A loopback TCP port nobody listens on right now (for a `cardnote serve` subprocess)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
