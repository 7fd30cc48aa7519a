"""Schemathesis with all its checks against a served cardnote: `cardnote serve` on a free port, a throw-away
data folder, one user with a token and a few objects, then `st run --checks all` on /openapi.json.

    .venv/bin/python -m bench.api_fuzz [--max-examples 30] [--seed 1]

Prints Schemathesis's summary and the number of failing operations; exit status 1 when any check failed.
Uploads carry Schemathesis's own bytes, which are no image: the reader answers 422 at once, so no OCR runs.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTE = "Talked about the trade fair and a joint pilot in spring."
COLLABORATION = {"kind": "partner", "detail": "Run a pilot together"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _cardnote(*args: str, env: dict[str, str], stdin: str | None = None) -> str:
    done = subprocess.run([sys.executable, "-m", "service", *args], input=stdin, capture_output=True, text=True,
                          env=env, check=True, timeout=120)
    return done.stdout


def _call(base: str, method: str, path: str, token: str, body: dict | None = None) -> dict:
    request = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body else None,
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read() or b"{}")


# `st` is a console script of Schemathesis; calling its entry point needs no script on PATH.
ST = [sys.executable, "-c", "import sys; from schemathesis.cli import schemathesis; sys.exit(schemathesis())"]


def main(argv: list[str] | None = None) -> int:
    """Serve, seed, fuzz; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    data = Path(tempfile.mkdtemp(prefix="cardnote-fuzz-"))
    env = {**os.environ, "CARDNOTE_DATA_DIR": str(data), "CARDNOTE_SECRET_KEY": "fuzz",
           "CARDNOTE_LOGIN_RATE_LIMIT": "100000 per minute"}
    env.pop("CARDNOTE_DATABASE_URL", None)
    env.pop("CARDNOTE_BROKER_URL", None)
    token = _cardnote("users", "add", "fuzz@example.com", env=env, stdin="fuzz-password\n").splitlines()[-1]
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "service", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/openapi.json", timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        event = _call(base, "POST", "/api/v1/events", token, {"name": "Fair", "date": "2026-03-03"})
        _call(base, "POST", "/api/v1/contacts", token, {
            "fields": {"name": "Irene Soliz", "emails": ["irene@example.com"]}, "note": NOTE,
            "collaboration": COLLABORATION, "event_id": event["id"],
            "next_step": {"action": "Call", "due": "2026-12-01"}})
        started = time.monotonic()
        run = subprocess.run([*ST, "run", base + "/openapi.json", "--checks", "all", "-H",
                              f"Authorization: Bearer {token}", "--max-examples", str(args.max_examples),
                              "--seed", str(args.seed), "--workers", "1", "--no-color",
                              "--suppress-health-check", "all"], capture_output=True, text=True, cwd=ROOT)
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(data, ignore_errors=True)
    summary = run.stdout[run.stdout.find("FAILURES"):] if "FAILURES" in run.stdout else run.stdout[-3000:]
    print(summary[-20000:])
    failing = run.stdout.count("\n_____") if "FAILURES" in run.stdout else 0
    print(f"schemathesis --checks all: exit {run.returncode}, {failing} failing operation(s), {elapsed:.0f} s")
    return 0 if run.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
