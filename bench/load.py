"""Load benchmark: `cardnote serve` on 127.0.0.1 under concurrent uploads of real-size photos, then mixed traffic.

    .venv/bin/python -m bench.load                       # 16 concurrent uploads, then 60 s mixed
    .venv/bin/python -m bench.load --duration 20 --burst 8

It starts the server itself (a free port, a temporary data folder, a new user and token), so it measures the
production server (waitress) with the real reader. Phase 1 sends `--burst` uploads at the same instant; phase 2
runs `--clients` client threads for `--duration` seconds, each picking a read (lists, a draft, a card image,
the OpenAPI document) or, one time in `--upload-every`, an upload of a fresh photo. Everything stops by itself
(bounded phases, request timeouts, a hard deadline). Printed: requests, failures, p50/p95 latency per kind, and
the peak memory of the server process and its children (resident set, sampled, plus the kernel's VmHWM).
The exit status is 1 when any request failed.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import io
import json
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import psutil
from PIL import Image

from samples.generate import Options, generate_card

REPO = Path(__file__).resolve().parent.parent
CARDNOTE = REPO / ".venv" / "bin" / "cardnote"
PHOTO_LONG_SIDE = 3000  # a phone photo, roughly 3000x2250
REQUEST_TIMEOUT = 300


@dataclass
class Results:
    """Latencies (seconds) per request kind, and failures with their reason."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, problem: str | None) -> None:
        """Record one request."""
        with self.lock:
            self.latencies[kind].append(seconds)
            if problem:
                self.failures.append(f"{kind}: {problem}")


def make_photos(count: int, seed: int = 4242) -> list[bytes]:
    """`count` synthetic card photos scaled to a phone camera's size (long side PHOTO_LONG_SIDE)."""
    photos = []
    for index in range(count):
        generated = generate_card(seed, index, Options(capture="photo"), quality=90)
        with Image.open(io.BytesIO(generated.jpeg)) as image:
            scale = PHOTO_LONG_SIDE / max(image.size)
            resized = image.convert("RGB").resize((round(image.width * scale), round(image.height * scale)),
                                                  Image.Resampling.LANCZOS)
        out = io.BytesIO()
        resized.save(out, format="JPEG", quality=88)
        photos.append(out.getvalue())
    return photos


class Client:
    """Minimal HTTP client for the API (one connection per request, like separate phones)."""

    def __init__(self, port: int, token: str) -> None:
        self.port, self.token = port, token

    def request(self, method: str, path: str, body: bytes | None = None,
                content_type: str | None = None) -> tuple[int, bytes]:
        """One request; (status, body)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
        headers = {"Authorization": f"Bearer {self.token}"}
        if content_type:
            headers["Content-Type"] = content_type
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def upload(self, photo: bytes, name: str) -> tuple[int, bytes]:
        """POST /api/v1/scans with the photo."""
        boundary = "cardnote-load-boundary"
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"{name}\"\r\n"
                "Content-Type: image/jpeg\r\n\r\n").encode() + photo + f"\r\n--{boundary}--\r\n".encode()
        return self.request("POST", "/api/v1/scans", body, f"multipart/form-data; boundary={boundary}")


def timed(results: Results, kind: str, call, ok: tuple[int, ...]) -> bytes | None:
    """Run one request, record its latency and whether it failed."""
    started = time.perf_counter()
    try:
        status, body = call()
    except OSError as exc:
        results.add(kind, time.perf_counter() - started, f"{type(exc).__name__}: {exc}")
        return None
    problem = None if status in ok else f"HTTP {status}: {body[:200]!r}"
    results.add(kind, time.perf_counter() - started, problem)
    return body if problem is None else None


class MemoryWatch(threading.Thread):
    """Samples the resident memory of the server process and all its children until stopped."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.process = psutil.Process(pid)
        self.interval = interval
        self.peak_total = 0
        self.peak_children = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        """Sample until stopped."""
        while not self.stopped.is_set():
            try:
                children = self.process.children(recursive=True)
                main = self.process.memory_info().rss
            except psutil.Error:
                return
            child_rss = 0
            for child in children:
                with contextlib.suppress(psutil.Error):  # a child that just ended
                    child_rss += child.memory_info().rss
            self.peak_children = max(self.peak_children, child_rss)
            self.peak_total = max(self.peak_total, main + child_rss)
            self.stopped.wait(self.interval)

    def vm_hwm(self) -> int:
        """The kernel's high-water mark of the server process's resident memory (bytes)."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
        return 0


def start_server(workdir: Path, threads: int) -> tuple[subprocess.Popen, int, str]:
    """A user and token, then `cardnote serve` on a free port; waits until it answers."""
    import socket

    env = {"PATH": "/usr/bin:/bin", "CARDNOTE_DATA_DIR": str(workdir / "data"),
           "CARDNOTE_SECRET_KEY": "bench-secret", "CARDNOTE_DATABASE_URL": f"sqlite:///{workdir / 'cardnote.db'}"}
    added = subprocess.run([str(CARDNOTE), "users", "add", "load@example.com"], input="correct horse battery",
                           text=True, capture_output=True, env=env, timeout=120, check=True)
    token = added.stdout.strip().splitlines()[-1]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = (workdir / "serve.log").open("w")
    server = subprocess.Popen([str(CARDNOTE), "serve", "--port", str(port), "--threads", str(threads)],
                              env=env, stdout=log, stderr=subprocess.STDOUT)
    client = Client(port, token)
    for _ in range(300):
        try:
            if client.request("GET", "/openapi.json")[0] == 200:
                return server, port, token
        except OSError:
            pass
        if server.poll() is not None:
            break
        time.sleep(0.2)
    server.kill()
    raise SystemExit("cardnote serve did not start: " + (workdir / "serve.log").read_text()[-2000:])


def burst(client: Client, photos: list[bytes], results: Results) -> list[int]:
    """Phase 1: every photo uploaded at the same instant; returns the new draft ids."""
    barrier = threading.Barrier(len(photos))
    ids: list[int] = []

    def one(index: int, photo: bytes) -> None:
        barrier.wait(timeout=60)
        body = timed(results, "upload", lambda: client.upload(photo, f"burst_{index}.jpg"), (200, 201))
        if body:
            ids.append(json.loads(body)["id"])

    threads = [threading.Thread(target=one, args=(i, p)) for i, p in enumerate(photos)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(REQUEST_TIMEOUT + 60)
    return ids


def mixed(client: Client, photos: list[bytes], draft_ids: list[int], results: Results, clients: int,
          duration: float, upload_every: int) -> None:
    """Phase 2: `clients` threads of reads and occasional fresh uploads for `duration` seconds."""
    stop_at = time.monotonic() + duration
    counter = iter(range(10**9))
    lock = threading.Lock()

    def fresh_photo() -> tuple[bytes, str]:
        with lock:
            n = next(counter)
        base = photos[n % len(photos)]
        # Re-encode at another quality: new bytes, so the server really reads it instead of finding it by hash.
        with Image.open(io.BytesIO(base)) as image:
            out = io.BytesIO()
            image.save(out, format="JPEG", quality=70 + n % 25)
        return out.getvalue(), f"mixed_{n}.jpg"

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        while time.monotonic() < stop_at:
            if rng.randrange(upload_every) == 0:
                data, name = fresh_photo()
                body = timed(results, "upload", lambda d=data, n=name: client.upload(d, n), (200, 201))
                if body:
                    with lock:
                        draft_ids.append(json.loads(body)["id"])
                continue
            with lock:
                draft = rng.choice(draft_ids) if draft_ids else None
            path = rng.choice(["/api/v1/contacts", "/api/v1/drafts?limit=50", "/openapi.json"]
                              + ([f"/api/v1/drafts/{draft}", f"/api/v1/drafts/{draft}/image"] if draft else []))
            timed(results, "read", lambda p=path: client.request("GET", p), (200,))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + REQUEST_TIMEOUT + 60)


def percentile(values: list[float], share: float) -> float:
    """The `share` quantile (0..1) of the values."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def report(title: str, results: Results) -> None:
    """Print counts and p50/p95 latency per request kind."""
    print(f"{title}:")
    everything = [v for values in results.latencies.values() for v in values]
    for kind, values in [*sorted(results.latencies.items()), ("all", everything)]:
        if values:
            print(f"  {kind:7s} {len(values):5d} requests  p50 {percentile(values, 0.5) * 1000:8.0f} ms  "
                  f"p95 {percentile(values, 0.95) * 1000:8.0f} ms  max {max(values) * 1000:8.0f} ms")
    print(f"  failures: {len(results.failures)}")
    for failure in results.failures[:10]:
        print(f"    {failure}")


def main(argv: list[str] | None = None) -> int:
    """Run both phases against a fresh server and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--burst", type=int, default=16, help="uploads sent at the same instant (phase 1)")
    parser.add_argument("--duration", type=float, default=60, help="seconds of mixed traffic (phase 2)")
    parser.add_argument("--clients", type=int, default=8, help="client threads in phase 2")
    parser.add_argument("--upload-every", type=int, default=6, help="one phase-2 request in N is an upload")
    parser.add_argument("--threads", type=int, default=8, help="waitress worker threads")
    args = parser.parse_args(argv)

    print(f"generating {args.burst} photos ({PHOTO_LONG_SIDE} px long side)…", flush=True)
    photos = make_photos(args.burst)
    print(f"  {statistics.mean(len(p) for p in photos) / 1e6:.1f} MB per photo on average", flush=True)
    with tempfile.TemporaryDirectory(prefix="cardnote-load-") as tmp:
        server, port, token = start_server(Path(tmp), args.threads)
        watch = MemoryWatch(server.pid)
        watch.start()
        client = Client(port, token)
        try:
            phase1 = Results()
            started = time.monotonic()
            draft_ids = burst(client, photos, phase1)
            print(f"phase 1 took {time.monotonic() - started:.1f} s", flush=True)
            report(f"phase 1: {args.burst} concurrent uploads", phase1)
            phase2 = Results()
            mixed(client, photos, draft_ids, phase2, args.clients, args.duration, args.upload_every)
            report(f"phase 2: {args.duration:.0f} s of mixed reads and uploads, {args.clients} clients", phase2)
            alive = server.poll() is None and client.request("GET", "/openapi.json")[0] == 200
        finally:
            watch.stopped.set()
            watch.join(5)
            hwm = watch.vm_hwm() if server.poll() is None else 0
            server.terminate()
            try:
                server.wait(20)
            except subprocess.TimeoutExpired:
                server.kill()
        print(f"server memory: peak {watch.peak_total / 2**20:.0f} MiB resident (server + children, sampled); "
              f"server VmHWM {hwm / 2**20:.0f} MiB; children peak {watch.peak_children / 2**20:.0f} MiB")
        failures = len(phase1.failures) + len(phase2.failures)
        print(f"server still answering: {alive}; failures: {failures}")
        return 0 if failures == 0 and alive else 1


if __name__ == "__main__":
    sys.exit(main())
