"""Scanner apps' stamps are taken out of the card's lines before any field is looked for."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from enrich.pipeline import build_card, read_contacts
from enrich.watermarks import strip_watermark, strip_watermarks
from ocr.types import OcrLine, OcrResult, SourceInfo


@pytest.mark.parametrize(("line", "left"), [
    ("Scanned with CamScanner", ""),
    ("CS CamScanner", ""),
    ("CSCamScanner", ""),
    ("Cam Scanner", ""),
    ("scanned by Adobe Scan", ""),
    ("Scanned with Microsoft Lens", ""),
    ("Regency Plaza, Scanned with CamScanner Ameerpet", "Regency Plaza, Ameerpet"),
])
def test_stamps_are_removed(line: str, left: str) -> None:
    assert strip_watermark(line) == left


@pytest.mark.parametrize("line", [
    "Adobe Scan Solutions",  # without the lead-in, an app's name may be the card's own words
    "Clear Scan Imaging Ltd",
    "support@camscanner.com",
    "www.camscanner.com",
    "MyCamScanner",
    "Scanned documents archived",
])
def test_card_text_is_left_alone(line: str) -> None:
    assert strip_watermark(line) == line


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_text_without_a_stamp_is_unchanged(text: str) -> None:
    if "scanner" not in text.casefold().replace(" ", "") and "scanned" not in text.casefold():
        assert strip_watermark(text) == text


def test_leftovers_of_a_stamp_read_apart_go_with_it() -> None:
    # OCR read the stamp as the logo's letters and the lead-in, and lost the app's name
    card = ["CASIO", "B. SURENDRA PONNADA", "CS", "Scanned with", "Website : www.casio.co.in"]
    assert strip_watermarks(card) == ["CASIO", "B. SURENDRA PONNADA", "", "", "Website : www.casio.co.in"]


def test_a_logo_is_kept_on_a_card_without_a_stamp() -> None:
    assert strip_watermarks(["CS", "Computer Services Ltd"]) == ["CS", "Computer Services Ltd"]


def test_the_tagger_never_sees_the_stamp() -> None:
    rows = [("GLOBAL TRUST BANK LIMITED", 40), ("Sudarsan V Maddi", 30), ("Asst. Vice President", 22),
            ("mv.sudarsan@globaltrustbank.com", 18), ("Scanned with CamScanner", 16)]
    lines, y = [], 20
    for text, height in rows:
        lines.append(OcrLine(text, 0.95, (40, y, 12 * len(text), height)))
        y += height + 12
    result = OcrResult(SourceInfo("scan.jpg", "ab" * 32, 1280, 720), "rapidocr 3.0", ["eng"], lines)
    assert [line.text for line in read_contacts(result).tag_input.lines] == [text for text, _ in rows[:-1]]
    card = build_card(result)
    assert card.fields.title.value == "Asst. Vice President"
    assert card.ocr["lines"][-1]["text"] == "Scanned with CamScanner"  # the evidence keeps what OCR read
