"""The installed `cardnote` commands end to end on one database — users, serve (waitress), import, export —
run once on SQLite and once on PostgreSQL (tests/conftest.py BOTH_DATABASES), the same Alembic migrations."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.support import ROOT, cardnote, free_port
from tests.support.import_helpers import make_folder
from tests.support.service_helpers import COLLABORATION, NOTE

pytestmark = pytest.mark.postgres  # the database tests here run on SQLite and on PostgreSQL


def _cardnote(env: dict[str, str], *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(cardnote(*args), input=stdin, capture_output=True, text=True, timeout=120,
                          cwd=ROOT, env={**os.environ, **env})


def _request(url: str, token: str, body: dict | None = None) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers={"Authorization": f"Bearer {token}",
                                                              "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


@pytest.fixture
def served(service_env, tmp_path):
    """`cardnote serve` on a free port and the database of service_env (which it migrates)."""
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(cardnote("serve", "--port", str(port), "--threads", "2"), cwd=ROOT,
                            env={**os.environ, **service_env}, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                with urllib.request.urlopen(f"{base}/openapi.json", timeout=5):
                    break
            except OSError:
                assert proc.poll() is None, (tmp_path / "serve.log").read_text()
                time.sleep(0.2)
        else:
            pytest.fail("cardnote serve did not answer: " + (tmp_path / "serve.log").read_text())
        yield base
    finally:
        proc.terminate()
        proc.wait(15)
        log.close()


def test_users_serve_import_export_on_one_database(served, service_env, tmp_path):
    added = _cardnote(service_env, "users", "add", "bulk@example.com", stdin="correct horse battery\n")
    assert added.returncode == 0, added.stderr
    token = added.stdout.strip().splitlines()[-1]

    status, body = _request(f"{served}/api/v1/contacts", token, {"fields": {"name": "Pat García"}, "note": "n/a",
                                                                 "collaboration": COLLABORATION})
    assert status == 422 and body["error"] == "context_required"  # the rule holds through the real server
    status, contact = _request(f"{served}/api/v1/contacts", token, {
        "fields": {"name": "Pat García", "emails": ["pat@example.org"]}, "note": NOTE,
        "collaboration": COLLABORATION})
    assert status == 201, contact

    folder = make_folder(tmp_path, singles=2, page=False)
    imported = subprocess.run([sys.executable, "-m", "tests.support.import_helpers", "import", str(folder), "--user",
                               "bulk@example.com", "--no-progress", "--workers", "2"], cwd=ROOT, capture_output=True,
                              text=True, timeout=180, env={**os.environ, **service_env})
    assert "Imported 2 new card(s)" in imported.stdout, imported.stdout + imported.stderr
    status, drafts = _request(f"{served}/api/v1/drafts", token)  # the server sees what the importer stored
    assert status == 200 and sorted(d["filename"] for d in drafts["items"]) == ["card_0.jpg", "card_1.jpg"]

    exported = _cardnote(service_env, "export", "--user", "bulk@example.com", "--format", "json")
    assert exported.returncode == 0, exported.stderr
    assert "Pat García" in exported.stdout and "pat@example.org" in exported.stdout
    assert "card_0.jpg" not in exported.stdout  # drafts are never exported
    vcard = _cardnote(service_env, "export", "--user", "bulk@example.com", "--format", "vcard")
    assert vcard.returncode == 0 and vcard.stdout.count("BEGIN:VCARD") == 1, vcard.stderr


def _upgrade_in_a_process(url: str) -> str:
    from service.storage.db import make_engine, upgrade

    engine = make_engine(url)
    try:
        upgrade(engine)
        return "ok"
    except Exception as exc:  # reported to the test, which shows it
        return repr(exc)
    finally:
        engine.dispose()


def test_servers_and_workers_starting_together_upgrade_a_fresh_database_once(database):
    import multiprocessing

    from alembic.script import ScriptDirectory

    from service.storage.db import alembic_config, make_engine

    with multiprocessing.get_context("spawn").Pool(3) as pool:
        assert pool.map(_upgrade_in_a_process, [database] * 3) == ["ok"] * 3
    engine = make_engine(database)
    try:
        with engine.connect() as connection:
            versions = connection.exec_driver_sql("select version_num from alembic_version").scalars().all()
    finally:
        engine.dispose()
    assert versions == [ScriptDirectory.from_config(alembic_config()).get_current_head()]
