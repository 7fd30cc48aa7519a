"""Data safety: SQLite WAL and busy timeout on live connections, backup and restore, the audit log."""

from __future__ import annotations

import datetime as dt
import io
import sqlite3
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import text

from service.cli import cli
from service.cli.backup import integrity_problems, table_counts
from tests.support import ROOT, cardnote
from tests.support.service_helpers import (
    COLLABORATION,
    NOTE,
    FakeReader,
    add_user,
    fake_card,
    jpeg_bytes,
    use_fake_reader,
)


def test_sqlite_connections_use_wal_a_busy_timeout_and_foreign_keys(app):
    from service.storage.db import SQLITE_BUSY_TIMEOUT_MS, db

    with app.app_context():
        connection = db.session.connection()
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == SQLITE_BUSY_TIMEOUT_MS >= 5000
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        db.session.rollback()
    # every pooled connection gets them, not only the first one
    engine = app.extensions["cardnote.db"]["engine"]
    with engine.connect() as first, engine.connect() as second:
        for connection in (first, second):
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == SQLITE_BUSY_TIMEOUT_MS


@pytest.fixture
def filled(app, client, monkeypatch):
    """Two users with drafts (with images), contacts with meetings and follow-ups, an event and tokens."""
    use_fake_reader(monkeypatch, FakeReader(fake_card(), fake_card(name="Other Person")))
    headers = [add_user(app, "ana@example.com"), add_user(app, "bea@example.com")]
    for user, owner in enumerate(headers):
        event = client.post("/api/v1/events", headers=owner, json={"name": f"Fair {user}"}).get_json()["id"]
        for index in range(3):
            draft = client.post("/api/v1/scans", headers=owner, content_type="multipart/form-data", data={
                "image": (io.BytesIO(jpeg_bytes(f"#{user}{index}{user}{index}{user}{index}")), "c.jpg")}).get_json()
            created = client.post("/api/v1/contacts", headers=owner, json={
                "draft_id": draft["id"], "note": NOTE, "collaboration": COLLABORATION, "event_id": event,
                "fields": {"name": f"Person {user}-{index}", "emails": [f"p{user}{index}@example.com"]},
                "next_step": {"action": "Send the deck", "due": "2026-12-01"}})
            assert created.status_code == 201, created.get_json()
        client.post("/api/v1/scans", headers=owner, content_type="multipart/form-data",
                    data={"image": (io.BytesIO(jpeg_bytes(f"#9{user}9{user}9{user}")), "waiting.jpg")})
    return headers


def _database(app) -> Path:
    return Path(app.config["CARDNOTE_DATABASE_URL"].removeprefix("sqlite:///"))


def test_backup_then_restore_gives_back_every_row(app, client, runner, filled, tmp_path):
    database = _database(app)
    original = table_counts(database)
    assert original["contacts"] == 6 and original["drafts"] == 2 and original["followups"] == 6
    copy = tmp_path / "backup.db"
    result = runner.invoke(cli, ["backup", str(copy)])
    assert result.exit_code == 0, result.output
    assert integrity_problems(copy) == []
    assert table_counts(copy) == original
    assert not Path(f"{copy}-wal").exists()  # one self-contained file

    # Life goes on: a contact is deleted, another user appears.
    ana = filled[0]
    first = client.get("/api/v1/contacts", headers=ana).get_json()["items"][0]["id"]
    assert client.delete(f"/api/v1/contacts/{first}", headers=ana).status_code == 204
    add_user(app, "cid@example.com")
    assert table_counts(database) != original

    result = runner.invoke(cli, ["restore", str(copy), "--yes"])
    assert result.exit_code == 0, result.output
    assert integrity_problems(database) == []
    restored = table_counts(database)
    assert {t: n for t, n in restored.items() if t != "audit_log"} == \
        {t: n for t, n in original.items() if t != "audit_log"}
    assert restored["audit_log"] == original["audit_log"]
    # the running app reads the restored data
    assert client.get(f"/api/v1/contacts/{first}", headers=ana).status_code == 200


def test_backup_refuses_to_overwrite_and_restore_refuses_a_non_cardnote_file(app, runner, filled, tmp_path):
    existing = tmp_path / "exists.db"
    existing.write_bytes(b"keep me")
    result = runner.invoke(cli, ["backup", str(existing)])
    assert result.exit_code != 0 and existing.read_bytes() == b"keep me"
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE notes (x)")
    before = table_counts(_database(app))
    for bad in (other, existing, tmp_path / "missing.db"):
        result = runner.invoke(cli, ["restore", str(bad), "--yes"])
        assert result.exit_code != 0, bad
    assert table_counts(_database(app)) == before


def test_backup_runs_through_the_installed_command_while_a_server_could_write(service_env, tmp_path):
    env = {"PATH": "/usr/bin:/bin", **service_env}
    subprocess.run(cardnote("users", "add", "eve@example.com"), input="correct horse battery", text=True,
                   env=env, cwd=ROOT, capture_output=True, check=True, timeout=120)
    proc = subprocess.run(cardnote("backup", str(tmp_path / "b.db")), env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "integrity check ok" in proc.stderr and "1 users" in proc.stderr
    assert table_counts(tmp_path / "b.db")["users"] == 1


def test_postgresql_gets_a_clear_pointer_to_pg_dump(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "CARDNOTE_DATA_DIR": str(tmp_path),
           "CARDNOTE_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"}
    for command in (["backup", str(tmp_path / "x.db")], ["restore", str(tmp_path / "x.db"), "--yes"]):
        proc = subprocess.run(cardnote(*command), env=env, cwd=ROOT, capture_output=True, text=True,
                              timeout=120)
        assert proc.returncode == 2, proc.stderr
        assert "pg_dump" in proc.stderr and "Traceback" not in proc.stderr


# Audit log


def _audit(app):
    from service.storage.audit import entries
    from service.storage.db import db

    with app.app_context():
        return [(e.user_id, e.action, e.object_type, e.object_id, e.detail, e.at) for e in entries(db.session)]


def _user_id(app, email):
    from service.core.accounts import get_user_by_email
    from service.storage.db import db

    with app.app_context():
        return get_user_by_email(db.session, email).id


def test_create_edit_delete_and_export_are_logged_with_user_and_utc_time(app, client, reader):
    started = dt.datetime.now(dt.UTC)
    ana = add_user(app, "ana@example.com")
    ana_id = _user_id(app, "ana@example.com")
    draft = client.post("/api/v1/scans", headers=ana, content_type="multipart/form-data",
                        data={"image": (io.BytesIO(jpeg_bytes()), "c.jpg")}).get_json()["id"]
    contact = client.post("/api/v1/contacts", headers=ana, json={
        "draft_id": draft, "note": NOTE, "collaboration": COLLABORATION}).get_json()["id"]
    assert client.patch(f"/api/v1/contacts/{contact}", headers=ana,
                        json={"fields": {"title": "Director"}}).status_code == 200
    assert client.get("/api/v1/export?format=csv", headers=ana).status_code == 200
    assert client.delete(f"/api/v1/contacts/{contact}", headers=ana).status_code == 204
    log = _audit(app)
    mine = [(action, kind, object_id) for user, action, kind, object_id, _d, _at in log if user == ana_id]
    for expected in [("create", "user", ana_id), ("create", "draft", draft), ("create", "contact", contact),
                     ("create", "meeting", None), ("delete", "draft", draft), ("edit", "contact", contact),
                     ("export", "contacts", None), ("delete", "contact", contact)]:
        assert any(a == expected[0] and k == expected[1] and (expected[2] is None or i == expected[2])
                   for a, k, i in mine), (expected, mine)
    order = [(a, k) for a, k, _ in mine]
    assert order.index(("create", "contact")) < order.index(("edit", "contact")) < order.index(
        ("export", "contacts")) < order.index(("delete", "contact"))
    edit = next(d for _u, a, k, _i, d, _at in log if (a, k) == ("edit", "contact"))
    assert "fields" in edit["changed"] and "Director" not in str(edit)  # names of changes, never values
    export = next(d for _u, a, _k, _i, d, _at in log if a == "export")
    assert export == {"format": "csv"}
    for *_rest, at in log:
        assert at.tzinfo is not None and at.utcoffset() == dt.timedelta(0)
        assert started - dt.timedelta(seconds=5) <= at <= dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5)


def test_a_refused_change_leaves_no_audit_row(app, client):
    ana = add_user(app, "ana@example.com")
    before = len(_audit(app))
    refused = client.post("/api/v1/contacts", headers=ana, json={"fields": {"name": "X"}, "note": "n/a",
                                                                "collaboration": COLLABORATION})
    assert refused.status_code == 422
    assert len(_audit(app)) == before


def test_cli_export_is_logged(app, runner, client, monkeypatch):
    add_user(app, "ana@example.com")
    result = runner.invoke(cli, ["export", "--user", "ana@example.com", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [a for _u, a, *_ in _audit(app)].count("export") == 1
