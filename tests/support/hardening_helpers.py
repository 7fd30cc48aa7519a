"""Helpers for the hardening tests: a real `cardnote serve` subprocess on a free port, with a user and token."""

from __future__ import annotations

import http.client
import json
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from tests.support import ROOT, cardnote, free_port

PASSWORD = "correct horse battery"


@dataclass
class Server:
    """A running `cardnote serve` and a bearer token of a user on it."""

    process: subprocess.Popen
    port: int
    token: str
    log: Path

    def connection(self, timeout: float = 60) -> http.client.HTTPConnection:
        """A new HTTP connection to the server."""
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None,
                timeout: float = 60) -> tuple[int, dict, bytes]:
        """One request with the user's token; (status, headers, body)."""
        connection = self.connection(timeout)
        try:
            connection.request(method, path, body=body,
                               headers={"Authorization": f"Bearer {self.token}", **(headers or {})})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def upload(self, data: bytes, filename: str, timeout: float = 60) -> tuple[int, dict]:
        """POST /api/v1/scans with `data` as the `image` part; (status, JSON body)."""
        boundary = "cardnote-test-boundary-7d41"
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"{filename}\"\r\n"
                f"Content-Type: image/jpeg\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
        status, _headers, raw = self.request("POST", "/api/v1/scans", body,
                                             {"Content-Type": f"multipart/form-data; boundary={boundary}"}, timeout)
        return status, json.loads(raw)

    def alive(self) -> bool:
        """The process runs and answers /openapi.json."""
        if self.process.poll() is not None:
            return False
        status, _headers, _body = self.request("GET", "/openapi.json", timeout=30)
        return status == 200


def start_server(env: dict[str, str], workdir: Path, threads: int = 4) -> Server:
    """Create a user with `cardnote users add`, start `cardnote serve` and wait until it answers."""
    env = {"PATH": "/usr/bin:/bin", **env}
    added = subprocess.run(cardnote("users", "add", "load@example.com"), input=PASSWORD, text=True,
                           capture_output=True, env=env, cwd=ROOT, timeout=120, check=True)
    token = added.stdout.strip().splitlines()[-1]
    port = free_port()
    log = workdir / "serve.log"
    process = subprocess.Popen(cardnote("serve", "--port", str(port), "--threads", str(threads)),
                               env=env, cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT)
    server = Server(process, port, token, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if server.alive():
                return server
        except OSError:
            pass
        if process.poll() is not None:
            break
        time.sleep(0.2)
    stop_server(server)
    raise RuntimeError("cardnote serve did not start: " + log.read_text())


def stop_server(server: Server) -> None:
    """Terminate the server process (and wait for it)."""
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(15)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(5)
