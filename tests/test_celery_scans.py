"""POST /api/v1/scans through the Celery queue (real Redis, a real `cardnote worker`, real OCR): 201 with the
card while the request waits, else 202 and a status URL that becomes the draft; another user's scan is a 404.
Also the queue settings and the task payloads, which need no server."""

from __future__ import annotations

import io
import subprocess
import time
import uuid

import pytest

from ocr.errors import ConfigurationError, UnreadableImage
from service.core.importer import CardRead, FileRead, ReadOptions
from service.jobs.queue import (
    QueueSettings,
    error_from_json,
    error_to_json,
    file_read_from_json,
    file_read_to_json,
    read_options_to_json,
)
from tests.support import ROOT, cardnote
from tests.support.queue_helpers import Worker, forget_queue, generate_scans, queue_env, redis_or_skip
from tests.support.service_helpers import add_user


def test_without_a_broker_nothing_is_queued(monkeypatch):
    monkeypatch.delenv("CARDNOTE_BROKER_URL", raising=False)
    assert not QueueSettings.from_config({"CARDNOTE_BROKER_URL": ""}).enabled
    assert QueueSettings.from_config({"CARDNOTE_BROKER_URL": "redis://h:6379/0"}).enabled


def test_settings_come_from_the_config_then_the_environment(monkeypatch):
    monkeypatch.setenv("CARDNOTE_BROKER_URL", "redis://env:6379/0")
    monkeypatch.setenv("CARDNOTE_SCAN_WAIT_SECONDS", "7")
    settings = QueueSettings.from_config({"CARDNOTE_QUEUE": "q1", "CARDNOTE_SCAN_WAIT_SECONDS": 0})
    assert (settings.broker_url, settings.result_backend, settings.queue) == ("redis://env:6379/0",) * 2 + ("q1",)
    assert settings.scan_wait_seconds == 0  # an explicit 0 in the config wins over the environment
    assert QueueSettings.from_config({}).scan_wait_seconds == 7
    with pytest.raises(ConfigurationError, match="CARDNOTE_SCAN_WAIT_SECONDS"):
        QueueSettings.from_config({"CARDNOTE_SCAN_WAIT_SECONDS": "soon"})
    with pytest.raises(ConfigurationError, match="negative"):
        QueueSettings.from_config({"CARDNOTE_BROKER_VISIBILITY_TIMEOUT": "-1"})


def test_task_payloads_survive_json():
    import json

    read = FileRead("fair/page.jpg", "ab" * 32, [CardRead({"fields": {"name": None}}, b"\xff\xd8jpeg", "cd" * 32, 1),
                                                 CardRead({"fields": {}}, None, "ef" * 32, 2)])
    assert file_read_from_json(json.loads(json.dumps(file_read_to_json(read)))) == read
    broken = FileRead("x.jpg", "", error="cannot read the file")
    assert file_read_from_json(json.loads(json.dumps(file_read_to_json(broken)))) == broken
    options = ReadOptions(["spa", "eng"], "ES", "tesseract")
    assert ReadOptions(**json.loads(json.dumps(read_options_to_json(options)))) == options
    error = error_from_json(json.loads(json.dumps(error_to_json(UnreadableImage("not an image")))))
    assert (error.code, error.http_status, error.message, error.exit_code) == ("unreadable_image", 422,
                                                                               "not an image", 2)


def test_scan_status_without_a_broker_is_404(client, app):
    headers = add_user(app, "ana@example.com")
    response = client.get("/api/v1/scans/0b6c7e", headers=headers)
    assert response.status_code == 404 and response.get_json()["error"] == "not_found"


def test_a_broker_that_does_not_answer_is_a_clear_503(service_env):
    from service.http.app import create_app

    app = create_app({"TESTING": True, **service_env, "CARDNOTE_BROKER_URL": "redis://127.0.0.1:9/0"})
    headers = add_user(app, "ana@example.com")
    started = time.monotonic()
    response = app.test_client().post("/api/v1/scans", headers=headers, content_type="multipart/form-data",
                                      data={"image": (io.BytesIO(b"\xff\xd8 photo"), "card.jpg")})
    assert response.status_code == 503, response.get_json()
    assert response.get_json()["error"] == "queue_unavailable" and "127.0.0.1:9" in response.get_json()["message"]
    assert time.monotonic() - started < 30
    # A scan id is a UUID (anything else cannot exist: 404 without asking the queue).
    assert app.test_client().get(f"/api/v1/scans/{uuid.uuid4()}", headers=headers).status_code == 503


def test_worker_without_a_broker_says_what_to_set(tmp_path):
    result = subprocess.run(cardnote("worker"), capture_output=True, text=True, timeout=60, cwd=ROOT,
                            env={"PATH": "/usr/bin:/bin", "CARDNOTE_DATA_DIR": str(tmp_path)})
    assert result.returncode == 2
    assert "CARDNOTE_BROKER_URL" in result.stderr


@pytest.fixture
def queued(service_env, tmp_path):
    """An app whose scans go to the queue, and one `cardnote worker` on the same database."""
    redis_or_skip()
    from service.http.app import create_app

    env = {**service_env, **queue_env()}
    app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, **env})
    worker = Worker(env, tmp_path / "worker.log").wait_ready()
    yield app
    worker.stop()
    app.extensions["cardnote.db"]["engine"].dispose()
    forget_queue(env["CARDNOTE_QUEUE"])


def _post(app, headers, data: bytes, name: str = "card.jpg", wait: float = 60):
    app.config["CARDNOTE_SCAN_WAIT_SECONDS"] = wait
    return app.test_client().post("/api/v1/scans", headers=headers, content_type="multipart/form-data",
                                  data={"image": (io.BytesIO(data), name)})


def _poll(client, url: str, headers, timeout: float = 180):
    deadline = time.monotonic() + timeout
    while True:
        response = client.get(url, headers=headers)
        if response.status_code != 202 or time.monotonic() > deadline:
            return response
        assert response.get_json()["status"] in ("pending", "running")
        time.sleep(0.3)


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.parametrize("database", ["postgresql"], indirect=True)
def test_queued_scans_answer_201_or_202_then_the_draft(queued, database, tmp_path):
    app, client = queued, queued.test_client()
    ana, bob = add_user(app, "ana@example.com"), add_user(app, "bob@example.com")
    first, second = (path.read_bytes() for path in sorted(generate_scans(tmp_path / "cards", 2, seed=91).iterdir()))

    waited = _post(app, ana, first, "first.jpg")  # the request waits for the worker: the usual 201
    assert waited.status_code == 201, waited.get_json()
    body = waited.get_json()
    assert body["created"] is True and body["card"]["schema"] == "cardnote/card@1" and body["card"]["fields"]["name"]
    assert _post(app, ana, first).get_json()["id"] == body["id"]  # the same photo: the same draft, nothing queued

    pending = _post(app, ana, second, "second.jpg", wait=0)  # no waiting: 202 and where to look
    assert pending.status_code == 202, pending.get_json()
    scan = pending.get_json()
    assert set(scan) == {"id", "status", "status_url"} and scan["status"] in ("pending", "running")
    assert pending.headers["Location"] == scan["status_url"] == f"/api/v1/scans/{scan['id']}"
    assert client.get(scan["status_url"], headers=bob).status_code == 404  # another user's scan
    done = _poll(client, scan["status_url"], ana)
    assert done.status_code == 200, done.get_json()
    draft = done.get_json()
    assert draft["filename"] == "second.jpg" and draft["card"]["fields"]["name"]
    assert client.get(f"/api/v1/drafts/{draft['id']}", headers=ana).get_json()["card"] == draft["card"]
    assert client.get(scan["status_url"], headers=bob).status_code == 404
    assert client.get("/api/v1/scans/not-a-scan", headers=ana).status_code == 404
    assert len(client.get("/api/v1/drafts", headers=ana).get_json()["items"]) == 2

    broken = _post(app, ana, b"\xff\xd8 not really a jpeg", "broken.jpg")  # the worker's error, as in-process
    assert broken.status_code == 422 and broken.get_json()["error"] == "unreadable_image", broken.get_json()
    later = _post(app, ana, b"GIF89a not an image either", "broken.gif", wait=0)
    assert later.status_code == 202
    failed = _poll(client, later.get_json()["status_url"], ana)
    assert failed.status_code == 422 and failed.get_json()["error"] == "unreadable_image"


@pytest.mark.slow
def test_the_scan_page_sends_photos_to_the_queue_too(queued, tmp_path):
    app, client = queued, queued.test_client()
    add_user(app, "ana@example.com")
    assert client.post("/login", data={"email": "ana@example.com", "password": "correct horse battery"}
                       ).status_code == 302
    photos = sorted(generate_scans(tmp_path / "cards", 2, seed=92).iterdir())
    app.config["CARDNOTE_SCAN_WAIT_SECONDS"] = 0
    response = client.post("/scan", content_type="multipart/form-data", data={
        "images": [(io.BytesIO(path.read_bytes()), path.name) for path in photos]})
    assert response.status_code == 302 and response.location.endswith("/inbox")
    assert "still being read" in client.get("/inbox").text
    deadline = time.monotonic() + 180
    with app.app_context():
        from service.storage.db import db
        from service.storage.models import Draft

        while db.session.query(Draft).count() < 2 and time.monotonic() < deadline:
            db.session.rollback()
            time.sleep(0.3)
        assert sorted(d.filename for d in db.session.query(Draft)) == [path.name for path in photos]
