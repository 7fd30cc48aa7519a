"""`cardnote serve` as a real process that a test can stop and start again on the same port and database (to
take the network away from a phone for real, not only in the browser's emulation)."""

from __future__ import annotations

import subprocess
import time
import urllib.request
from pathlib import Path

from tests.support import ROOT, cardnote


class LiveServer:
    """One `cardnote serve` on `port`, logging to `log`; start() waits until it answers."""

    def __init__(self, env: dict[str, str], port: int, log: Path) -> None:
        self.env, self.port, self.log = env, port, log
        self.base = f"http://127.0.0.1:{port}"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        """Start the server and wait for /login to answer (fails with the log when it cannot start)."""
        with self.log.open("a") as log:
            self.proc = subprocess.Popen(cardnote("serve", "--port", str(self.port), "--threads", "2"),
                                         env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        for _ in range(300):
            try:
                with urllib.request.urlopen(self.base + "/login", timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                if self.proc.poll() is not None:
                    break
                time.sleep(0.2)
        raise RuntimeError("cardnote serve did not answer: " + self.log.read_text())

    def stop(self) -> None:
        """Stop the server (the port refuses connections until start())."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(20)
        self.proc = None
