"""`cardnote scan` through its command-line contract: JSON Lines, order, per-file errors, exit status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from service.cli import cli
from service.reading.options import parse_languages, parse_region

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def test_languages_accept_iso_and_tesseract_codes():
    assert parse_languages("spa, en,por,es") == ["spa", "eng", "por"]
    assert parse_languages(None) is None


def test_unknown_language_and_region_are_one_readable_line():
    for args in (["--lang", "klingon"], ["--region", "XX"]):
        proc = subprocess.run([sys.executable, "-m", "service", "scan", *args, __file__],
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 2, proc.stderr
        assert proc.stdout == ""
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("cardnote: unknown"), proc.stderr


def test_region_is_normalised():
    assert parse_region(" es ") == "ES"


def test_unreadable_and_missing_files_yield_error_objects_in_order(tmp_path):
    text = tmp_path / "notes.jpg"
    text.write_text("not a picture at all")
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    missing = tmp_path / "gone.jpg"
    result = CliRunner().invoke(cli, ["scan", "--workers", "1", str(text), str(empty), str(missing)])
    assert result.exit_code == 1
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["source"]["file"] for o in objects] == ["notes.jpg", "empty.png", "gone.jpg"]
    for obj in objects:
        assert obj["error"] and obj["message"]
        assert "Traceback" not in obj["message"]


@pytest.mark.slow
def test_scan_prints_one_card_per_file_in_order_on_two_processes(tmp_path):
    images = sorted(SAMPLES.glob("*.jpg"))[:3]
    if len(images) < 2:
        pytest.fail("samples/ should hold committed card images")
    bad = tmp_path / "broken.jpg"
    bad.write_bytes(images[0].read_bytes()[:200])
    files = [*map(str, images), str(bad)]
    proc = subprocess.run([sys.executable, "-m", "service", "scan", "--workers", "2", *files],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 1
    objects = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [o["source"]["file"] for o in objects] == [Path(f).name for f in files]
    for obj in objects[:-1]:
        assert obj["schema"] == "cardnote/card@1"
        assert isinstance(obj["fields"]["phones"], list)
    assert objects[-1]["error"] == "unreadable_image"
