"""Hostile and broken uploads: the corpus through the reader, the API and the production server; body caps.

Every file of tests/corpus/files must be refused with a 4xx JSON answer (or an UnreadableImage from the reader)
carrying a readable message; nothing may answer 5xx or take the server down.
"""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

import pytest

from ocr.errors import UnreadableImage
from service.reading.reader import scan_image
from tests.corpus.make import FILES_DIR, corpus, expected_status
from tests.support import ROOT, cardnote
from tests.support.hardening_helpers import start_server, stop_server
from tests.support.service_helpers import add_user

CORPUS = sorted(FILES_DIR.iterdir()) if FILES_DIR.exists() else []
MB = 1024 * 1024


def _readable(message: str) -> None:
    assert isinstance(message, str) and 10 <= len(message) <= 400, message
    assert "Traceback" not in message and "File \"" not in message, message


def test_the_corpus_is_committed_current_and_large_enough():
    assert len(CORPUS) >= 50, "run .venv/bin/python -m tests.corpus.make"
    assert {p.name: p.read_bytes() for p in CORPUS} == corpus(), "tests/corpus/files is out of date"
    assert max(p.stat().st_size for p in CORPUS) <= 200_000


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_the_reader_refuses_every_corpus_file_with_a_message(path):
    with pytest.raises(UnreadableImage) as refused:
        scan_image(path.read_bytes(), path.name)
    _readable(refused.value.message)
    assert path.name in refused.value.message  # the person knows which file


def test_cardnote_scan_reports_every_corpus_file_as_an_error_line():
    proc = subprocess.run(cardnote("scan", *map(str, CORPUS)), cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode != 0 and f"{len(CORPUS)} of {len(CORPUS)} file(s)" in proc.stderr, proc.stderr
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [Path(line["source"]["file"]).name for line in lines] == [p.name for p in CORPUS]
    for line in lines:
        assert line["error"] in ("unreadable_image", "image_too_large"), line
        _readable(line["message"])


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_the_api_answers_every_corpus_file_with_4xx_json(app, client, path):
    headers = add_user(app, "ana@example.com")
    response = client.post("/api/v1/scans", headers=headers, content_type="multipart/form-data",
                           data={"image": (io.BytesIO(path.read_bytes()), path.name)})
    assert response.status_code == expected_status(path.name), response.get_json()
    body = response.get_json()
    assert set(body) >= {"error", "message"}
    _readable(body["message"])
    assert client.get("/api/v1/drafts", headers=headers).get_json()["items"] == []  # nothing half-stored


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`cardnote serve` on a fresh SQLite database (module-wide: starting it costs a few seconds)."""
    workdir = tmp_path_factory.mktemp("served")
    running = start_server({"CARDNOTE_DATA_DIR": str(workdir / "data"), "CARDNOTE_SECRET_KEY": "test-secret",
                            "CARDNOTE_DATABASE_URL": f"sqlite:///{workdir / 'cardnote.db'}"}, workdir, threads=2)
    yield running
    stop_server(running)


def test_the_production_server_survives_the_whole_corpus(server):
    for path in CORPUS:
        status, body = server.upload(path.read_bytes(), path.name, timeout=30)
        assert status == expected_status(path.name), (path.name, body)
        _readable(body["message"])
    assert server.alive(), server.log.read_text()


def test_a_21_mb_body_streamed_to_the_production_server_is_413_json(server):
    connection = server.connection(timeout=60)
    size = 21 * MB
    connection.putrequest("POST", "/api/v1/scans")
    connection.putheader("Authorization", f"Bearer {server.token}")
    connection.putheader("Content-Type", "multipart/form-data; boundary=x")
    connection.putheader("Content-Length", str(size))
    connection.endheaders()
    chunk = b"\xff" * MB
    for _ in range(size // MB):
        connection.send(chunk)
    response = connection.getresponse()
    body = json.loads(response.read())
    connection.close()
    assert response.status == 413
    assert body["error"] == "request_entity_too_large" and "20 MB" in body["message"]
    assert server.alive()


def test_a_huge_announced_body_is_refused_by_waitress_as_json_without_reading_it(server):
    connection = server.connection(timeout=30)
    connection.putrequest("POST", "/api/v1/scans")
    connection.putheader("Authorization", f"Bearer {server.token}")
    connection.putheader("Content-Type", "multipart/form-data; boundary=x")
    connection.putheader("Content-Length", str(2 * 1024 * MB))  # 2 GB announced, nothing sent
    connection.endheaders()
    response = connection.getresponse()
    body = json.loads(response.read())
    connection.close()
    assert response.status == 413 and response.getheader("Content-Type") == "application/json"
    assert body == {"error": "request_entity_too_large", "message": "The upload is larger than the 20 MB limit."}
    assert server.alive()


def test_body_over_the_cap_is_413_json_in_the_app(app, client):
    headers = add_user(app, "ana@example.com")
    response = client.post("/api/v1/scans", headers=headers, content_type="multipart/form-data",
                           data={"image": (io.BytesIO(b"\0" * (20 * MB + 1)), "big.jpg")})
    assert response.status_code == 413
    assert response.get_json()["error"] == "request_entity_too_large"
    assert "20 MB" in response.get_json()["message"]


def test_the_cap_is_a_documented_setting(make_app):
    app = make_app(CARDNOTE_MAX_UPLOAD_MB="1")
    headers = add_user(app, "ana@example.com")
    response = app.test_client().post("/api/v1/scans", headers=headers, content_type="multipart/form-data",
                                      data={"image": (io.BytesIO(b"\0" * (MB + 10)), "big.jpg")})
    assert response.status_code == 413 and "1 MB" in response.get_json()["message"]


def test_too_many_form_parts_is_413_json(app, client):
    headers = add_user(app, "ana@example.com")
    parts = {f"field{i}": "x" for i in range(app.config["MAX_FORM_PARTS"] + 5)}
    response = client.post("/api/v1/scans", headers=headers, content_type="multipart/form-data", data=parts)
    assert response.status_code == 413
    assert "parts" in response.get_json()["message"]


def test_a_text_part_above_the_form_memory_limit_is_413_json(app, client):
    headers = add_user(app, "ana@example.com")
    response = client.post("/api/v1/scans", headers=headers, content_type="multipart/form-data",
                           data={"lang": "x" * (app.config["MAX_FORM_MEMORY_SIZE"] + 1),
                                 "image": (io.BytesIO(b"\xff\xd8"), "c.jpg")})
    assert response.status_code == 413
    assert response.get_json()["error"] == "request_entity_too_large"


def test_the_web_scan_page_answers_every_corpus_file_with_4xx(app, monkeypatch):
    from tests.support.web import logged_in_client

    client = logged_in_client(app, "ana@example.com")
    for path in CORPUS:
        as_json = client.post("/scan", headers={"Accept": "application/json"}, content_type="multipart/form-data",
                              data={"images": (io.BytesIO(path.read_bytes()), path.name)})
        assert 400 <= as_json.status_code < 500, (path.name, as_json.status_code)
        _readable(as_json.get_json()["message"])
        page = client.post("/scan", content_type="multipart/form-data",
                           data={"images": (io.BytesIO(path.read_bytes()), path.name)})
        assert 400 <= page.status_code < 500 and page.mimetype == "text/html", (path.name, page.status_code)


def test_the_import_api_answers_every_corpus_file_with_4xx(app, client):
    headers = add_user(app, "ana@example.com")
    for path in CORPUS:
        response = client.post("/api/v1/imports", headers=headers, content_type="multipart/form-data",
                               data={"file": (io.BytesIO(path.read_bytes()), path.name)})
        if path.name == "image-pdf.jpg":  # a real one-page PDF: import reads PDFs, whatever the name says
            assert response.status_code in (200, 201), response.get_json()
            continue
        assert 400 <= response.status_code < 500, (path.name, response.status_code, response.get_json())
        _readable(response.get_json()["message"])


def test_waitress_own_errors_use_the_json_shape_too(server):
    import socket

    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as raw:
        raw.sendall(b"GET /openapi.json HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n")
        answer = b""
        while chunk := raw.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400"), head
    assert b"Content-Type: application/json" in head
    assert set(json.loads(body)) == {"error", "message"}
    assert server.alive()
