"""Real `cardnote import` processes: two at once on the same folder create each card once (SQLite and
PostgreSQL), and a kill -9 mid-run followed by a re-run ends exactly like an uninterrupted run.

The subprocesses run the real CLI with the OCR step replaced by tests.support.import_helpers.fake_scan_page.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from service.storage.db import make_engine
from tests.support import ROOT
from tests.support.import_helpers import DELAY_ENV, make_folder
from tests.support.queue_helpers import count
from tests.support.service_helpers import add_user

EMAIL = "bulk@example.com"


def _start(folder: Path, env: dict[str, str], *extra: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "tests.support.import_helpers", "import", str(folder), "--user", EMAIL,
               "--no-progress", *extra]
    return subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


def _cards(url: str) -> list[tuple[str, str]]:
    """(file name, card name) of every draft, sorted; duplicates would show twice."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(sa.text("select filename, card from drafts")).all()
    finally:
        engine.dispose()
    import json

    return sorted((name, (card if isinstance(card, dict) else json.loads(card))["fields"]["name"]["value"])
                  for name, card in rows)


def _setup(tmp_path: Path, url: str, name: str) -> dict[str, str]:
    from service.http.app import create_app

    env = {"CARDNOTE_DATA_DIR": str(tmp_path / f"data_{name}"), "CARDNOTE_DATABASE_URL": url,
           "CARDNOTE_SECRET_KEY": "test"}
    app = create_app({"TESTING": True, **env})
    add_user(app, EMAIL)
    with app.app_context():
        from service.storage.db import db

        db.engine.dispose()
    return env


def _two_at_once(tmp_path: Path, url: str) -> None:
    folder = make_folder(tmp_path, singles=4)
    env = {**_setup(tmp_path, url, "shared"), DELAY_ENV: "0.05"}
    first, second = _start(folder, env, "--workers", "1"), _start(folder, env, "--workers", "2")
    outputs = [p.communicate(timeout=240) for p in (first, second)]
    assert first.returncode == second.returncode == 1, outputs  # broken.jpg fails in both
    cards = _cards(url)
    assert len(cards) == 8 and len(set(cards)) == 8, cards  # 4 single cards + the page's 4, each once
    assert count(url, "imported_cards") == 8 and count(url, "imported_files") == 5
    added = [int(out.split("Imported ")[1].split(" ")[0]) for out, _ in outputs]
    assert sum(added) == 8, outputs  # between them they report each card once


def test_two_importers_at_once_on_sqlite(tmp_path):
    _two_at_once(tmp_path, f"sqlite:///{tmp_path / 'shared.db'}")


@pytest.mark.postgres
def test_two_importers_at_once_on_postgresql(tmp_path, postgres_url):
    _two_at_once(tmp_path, postgres_url)


@pytest.mark.slow
def test_kill_9_then_re_run_gives_the_cards_of_an_uninterrupted_run(tmp_path):
    folder = make_folder(tmp_path, singles=6)
    reference_url = f"sqlite:///{tmp_path / 'reference.db'}"
    reference = _start(folder, _setup(tmp_path, reference_url, "reference"), "--workers", "2")
    reference.communicate(timeout=240)
    expected = _cards(reference_url)
    assert len(expected) == 10

    url = f"sqlite:///{tmp_path / 'killed.db'}"
    env = _setup(tmp_path, url, "killed")
    victim = _start(folder, {**env, DELAY_ENV: "0.4"}, "--workers", "2")
    deadline = time.monotonic() + 120
    while count(url, "drafts") < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(victim.pid, signal.SIGKILL)  # the importer and its worker processes, mid-run
    victim.communicate(timeout=30)
    interrupted = count(url, "drafts")
    assert 2 <= interrupted < len(expected), "the kill came too late to interrupt anything"

    again = _start(folder, env, "--workers", "2")
    out, _ = again.communicate(timeout=240)
    assert _cards(url) == expected
    assert f"Imported {len(expected) - interrupted} new card(s)" in out
    assert count(url, "imported_cards") == len(expected)


@pytest.mark.postgres
def test_notes_make_contacts_on_postgresql(tmp_path, postgres_url):
    folder = make_folder(tmp_path, singles=2, page=False)
    notes = tmp_path / "notes.csv"
    notes.write_text("file,note,collaboration_kind,collaboration_detail,event,met_on\n"
                     "card_1.jpg,Talked about a joint pilot for their depot robots.,partner,Pilot in two depots,"
                     "Fair,2026-03-04\n"
                     "fair/card_0.jpg,todo,client,Pilot in two depots,,\n", encoding="utf-8")
    env = _setup(tmp_path, postgres_url, "pg_notes")
    importer = _start(folder, env, "--workers", "1", "--notes", str(notes))
    out, err = importer.communicate(timeout=240)
    assert importer.returncode == 1, err  # broken.jpg
    assert "1 draft(s) in “Needs context”, 1 contact(s)" in out
    assert "fair/card_0.jpg: left as a draft (notes line 3)" in out
    assert count(postgres_url, "contacts") == 1 and count(postgres_url, "meetings") == 1
    again = _start(folder, env, "--workers", "1", "--notes", str(notes))
    out, _ = again.communicate(timeout=240)
    assert "Imported 0 new card(s)" in out and count(postgres_url, "contacts") == 1
