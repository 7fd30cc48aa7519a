"""`cardnote serve` runs the app on waitress (not Flask's development server), upgrading the database first;
concurrent scans of one photo still give one draft (the unique constraint decides, not a check)."""

from __future__ import annotations

import io
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from tests.support import ROOT, cardnote, free_port
from tests.support.service_helpers import FakeReader, add_user, fake_card, jpeg_bytes, use_fake_reader


def test_serve_answers_on_waitress_with_a_fresh_database(service_env, tmp_path):
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(cardnote("serve", "--port", str(port), "--threads", "2"), cwd=ROOT,
                            env={"PATH": "/usr/bin:/bin", **service_env}, stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/openapi.json", timeout=5) as response:
                    assert response.status == 200
                    assert response.headers["Server"] == "cardnote"  # waitress's ident, not Werkzeug
                    break
            except OSError:
                assert proc.poll() is None, (tmp_path / "serve.log").read_text()
                time.sleep(0.2)
        else:
            pytest.fail("cardnote serve did not answer: " + (tmp_path / "serve.log").read_text())
        assert Path(service_env["CARDNOTE_DATABASE_URL"].removeprefix("sqlite:///")).exists()
    finally:
        proc.terminate()
        proc.wait(15)
        log.close()


def test_concurrent_scans_of_one_photo_make_one_draft(app, monkeypatch):
    headers = add_user(app, "ana@example.com")
    reader = FakeReader(fake_card())
    barrier = threading.Barrier(3)

    def slow_reader(data, filename, **options):
        barrier.wait(timeout=10)  # all three requests have passed the "already scanned?" look-up
        return reader(data, filename, **options)

    use_fake_reader(monkeypatch, slow_reader)
    data, answers = jpeg_bytes("teal"), []

    def post():
        response = app.test_client().post("/api/v1/scans", headers=headers, content_type="multipart/form-data",
                                          data={"image": (io.BytesIO(data), "c.jpg")})
        answers.append((response.status_code, response.get_json()["id"]))

    threads = [threading.Thread(target=post) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert reader.calls == 3
    assert sorted(code for code, _ in answers) == [200, 200, 201]
    assert len({draft_id for _, draft_id in answers}) == 1
    drafts = app.test_client().get("/api/v1/drafts", headers=headers).get_json()["items"]
    assert len(drafts) == 1
