"""`cardnote import`: drafts per card, skipped and broken files, idempotent re-runs, the notes sidecar.

The OCR step is replaced by tests.support.import_helpers.fake_scan_page (real decoding and card finding); one slow
test runs the real reader on the four-card sample page.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

import service.reading.reader
from service.cli import cli
from service.core.importer import walk
from service.jobs import pool
from service.storage.db import db
from service.storage.models import Contact, Draft, Event, ImportedCard, Meeting
from tests.support.import_helpers import (
    PAGE,
    fake_scan_page,
    image_bytes,
    install_fake_reader,
    make_folder,
    multipage_tiff,
    pdf_bytes,
)
from tests.support.service_helpers import add_user

pytestmark = pytest.mark.postgres  # the database tests here run on SQLite and on PostgreSQL

EMAIL = "importer@example.com"
NOTE = "Talked about their warehouse robots and a pilot in our Madrid depot."
DETAIL = "Pilot of two robots in spring"


@pytest.fixture
def fake_reader(monkeypatch):
    """Replace OCR by the stand-in, here and in the spawned reader processes (service.jobs.pool.CHILD_SETUP)."""
    monkeypatch.setattr(service.reading.reader, "scan_page", fake_scan_page)
    monkeypatch.setattr(pool, "CHILD_SETUP", install_fake_reader)


@pytest.fixture
def user(app):
    add_user(app, EMAIL)
    return EMAIL


def _import(runner, folder, *extra):
    return runner.invoke(cli, ["import", str(folder), "--user", EMAIL, "--workers", "1", "--no-progress", *extra])


def _count(app, model, *where):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _draft_names(app):
    with app.app_context():
        return sorted(d.card["fields"]["name"]["value"] for d in db.session.scalars(select(Draft)))


def test_folder_import_makes_one_draft_per_card_and_reports_skipped_and_broken(app, runner, user, fake_reader,
                                                                               tmp_path):
    folder = make_folder(tmp_path, singles=3)
    result = _import(runner, folder)
    assert result.exit_code == 1, result.output  # the broken file fails the run, after the others
    assert "FAILED broken.jpg:" in result.output and "damaged or truncated" in result.output
    assert "skipped readme.txt: not a card image, PDF or contacts file (.txt files" in result.output
    assert "Imported 7 new card(s): 7 draft(s)" in result.output
    assert _count(app, Draft) == 7  # 3 single cards + the 4 cards of the page
    assert _count(app, Contact) == 0  # never contacts without context
    with app.app_context():
        page_cards = db.session.scalars(select(Draft).where(Draft.filename == "page.jpg")).all()
        assert sorted(d.card["source"]["card"] for d in page_cards) == [1, 2, 3, 4]
        assert len({d.source_sha256 for d in page_cards}) == 4


def test_re_run_adds_nothing_and_says_so(app, runner, user, fake_reader, tmp_path):
    folder = make_folder(tmp_path, singles=2)
    _import(runner, folder)
    before = _draft_names(app)
    again = _import(runner, folder)
    assert "Imported 0 new card(s)" in again.output
    assert "3 already imported before (6 card(s) already there)" in again.output
    assert _draft_names(app) == before


def test_the_same_card_crop_in_another_file_is_imported_once(app, runner, user, fake_reader, tmp_path):
    folder = tmp_path / "dupes"
    folder.mkdir()
    (folder / "a.png").write_bytes(image_bytes((10, 200, 30), "PNG"))
    # Same pixels, different bytes (PNG metadata): another file hash, the same card crop hash.
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "scanned again")
    Image.new("RGB", (320, 200), (10, 200, 30)).save(folder / "b.png", pnginfo=info)
    result = _import(runner, folder)
    assert result.exit_code == 0, result.output
    assert _count(app, Draft) == 1 and _count(app, ImportedCard) == 1
    assert "(1 card(s) already there)" in result.output


def test_multi_page_tiff_pdf_webp_heic_and_duplicate_files(app, runner, user, fake_reader, tmp_path):
    folder = tmp_path / "formats"
    folder.mkdir()
    (folder / "two.tiff").write_bytes(multipage_tiff([(200, 30, 30), (30, 200, 30)]))
    (folder / "three.pdf").write_bytes(pdf_bytes([(30, 30, 200), (200, 200, 30), (30, 200, 200)]))
    (folder / "one.webp").write_bytes(image_bytes((90, 90, 160), "WEBP"))
    (folder / "copy.webp").write_bytes((folder / "one.webp").read_bytes())
    (folder / "phone.heic").write_bytes(image_bytes((160, 40, 90), "HEIF"))
    (folder / ".DS_Store").write_bytes(b"\0\0")
    result = _import(runner, folder)
    assert result.exit_code == 0, result.output
    assert _count(app, Draft) == 7
    assert "skipped one.webp: same content as copy.webp" in result.output
    assert "skipped .DS_Store: hidden file" in result.output
    with app.app_context():
        pdf_pages = sorted(d.card["source"]["page"] for d in db.session.scalars(
            select(Draft).where(Draft.filename == "three.pdf")))
    assert pdf_pages == [1, 2, 3]


def test_a_broken_pdf_is_reported_by_name(app, runner, user, fake_reader, tmp_path):
    folder = tmp_path / "pdfs"
    folder.mkdir()
    (folder / "bad.pdf").write_bytes(b"%PDF-1.4 this is not really a PDF")
    (folder / "good.jpg").write_bytes(image_bytes((1, 2, 3)))
    result = _import(runner, folder)
    assert result.exit_code == 1
    assert "FAILED bad.pdf: the PDF cannot be opened" in result.output
    assert _count(app, Draft) == 1


def _sidecar(path, rows):
    lines = ["file,note,collaboration_kind,collaboration_detail,event,met_on"]
    lines += [",".join(f'"{v}"' for v in row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_sidecar_rows_with_context_become_contacts_and_the_others_stay_drafts(app, runner, user, fake_reader,
                                                                            tmp_path):
    folder = make_folder(tmp_path, singles=3)
    notes = _sidecar(tmp_path / "notes.csv", [
        ("fair/card_0.jpg", NOTE, "client", DETAIL, "Logistics Fair 2026", "2026-03-04"),
        ("card_1.jpg", "n/a", "client", DETAIL, "", ""),  # placeholder note: stays a draft
        ("page.jpg#2", NOTE, "partner", DETAIL, "Logistics Fair 2026", "2026-03-05"),
        ("card_2.jpg", NOTE, "friend", DETAIL, "", ""),  # unknown collaboration kind
        ("missing.jpg", NOTE, "client", DETAIL, "", ""),
    ])
    result = _import(runner, folder, "--notes", str(notes))
    assert "Imported 7 new card(s): 5 draft(s) in “Needs context”, 2 contact(s)." in result.output
    assert "card_1.jpg: left as a draft (notes line 3)" in result.output
    assert "card_2.jpg: left as a draft (notes line 5)" in result.output and "Unknown collaboration" in result.output
    assert "notes line 6: no imported card matches file 'missing.jpg'" in result.output
    with app.app_context():
        meetings = db.session.scalars(select(Meeting).order_by(Meeting.date)).all()
        assert [(m.date.isoformat(), m.collaboration_kind, m.event.name) for m in meetings] == [
            ("2026-03-04", "client", "Logistics Fair 2026"), ("2026-03-05", "partner", "Logistics Fair 2026")]
        assert db.session.scalar(select(func.count()).select_from(Event)) == 1
        contact = db.session.scalars(select(Contact)).first()
        assert contact.fields["name"]["source"] == "ocr"  # provenance kept from the card
        assert contact.image_jpeg
        linked = db.session.scalars(select(ImportedCard).where(ImportedCard.contact_id.isnot(None))).all()
        assert len(linked) == 2 and all(c.draft_id is None for c in linked)


def test_running_again_with_notes_turns_waiting_drafts_into_contacts(app, runner, user, fake_reader, tmp_path):
    folder = make_folder(tmp_path, singles=2, page=False)
    _import(runner, folder)
    assert _count(app, Draft) == 2
    notes = _sidecar(tmp_path / "notes.csv", [("card_1.jpg", NOTE, "mentor", DETAIL, "", "")])
    result = _import(runner, folder, "--notes", str(notes))
    assert "Imported 1 new card(s): 0 draft(s) in “Needs context”, 1 contact(s)." in result.output
    assert _count(app, Draft) == 1 and _count(app, Contact) == 1
    _import(runner, folder, "--notes", str(notes))
    assert _count(app, Contact) == 1  # and a third run changes nothing


def test_sidecar_without_required_columns_is_refused_before_reading(app, runner, user, fake_reader, tmp_path):
    folder = make_folder(tmp_path, singles=1, page=False)
    notes = tmp_path / "notes.csv"
    notes.write_text("file,note\ncard_0.jpg,hello there\n")
    result = _import(runner, folder, "--notes", str(notes))
    assert result.exit_code != 0
    assert "collaboration_kind" in str(result.exception or result.output)
    assert _count(app, Draft) == 0


def test_unknown_user_is_an_error(app, runner, fake_reader, tmp_path):
    result = _import(runner, make_folder(tmp_path, singles=1, page=False))
    assert result.exit_code != 0 and _count(app, Draft) == 0


def test_two_workers_give_the_same_cards_as_one(app, runner, user, fake_reader, tmp_path):
    folder = make_folder(tmp_path, singles=4)
    result = runner.invoke(cli, ["import", str(folder), "--user", EMAIL, "--workers", "2", "--no-progress"])
    assert "Imported 8 new card(s)" in result.output, result.output
    assert len(set(_draft_names(app))) == 8


def test_walk_lists_skips_with_reasons(tmp_path):
    folder = make_folder(tmp_path, singles=1)
    (folder / ".hidden").mkdir()
    (folder / ".hidden" / "x.jpg").write_bytes(b"x")
    (folder / "noext").write_bytes(b"x")
    listed = {rel: reason for _, rel, reason in walk(folder)}
    assert listed["fair/card_0.jpg"] is None and listed["page.jpg"] is None
    assert "files without an extension" in listed["noext"]
    assert ".hidden/x.jpg" not in listed


@pytest.mark.slow
def test_real_reader_splits_the_four_card_page(app, runner, user, tmp_path):
    folder = tmp_path / "scans"
    folder.mkdir()
    (folder / "page.jpg").write_bytes(PAGE.read_bytes())
    result = _import(runner, folder)
    assert result.exit_code == 0, result.output
    import json

    expected = json.loads(PAGE.with_suffix(".expected.json").read_text())
    names = _draft_names(app)
    assert len(names) == len(expected["cards"]) == 4
    wanted = {c["name"].lower() for c in expected["cards"]}
    assert len({n.lower() for n in names} & wanted) >= 3  # the reader's accuracy is measured in bench/
