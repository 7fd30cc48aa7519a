"""OCR engines behind one interface: names, languages, errors, and (slow) reading a rendered line."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr.engines import get_engine, normalize_languages
from ocr.engines.base import OcrEngine, sort_lines
from ocr.engines.tesseract import TesseractEngine
from ocr.errors import ConfigurationError, OcrEngineError
from ocr.types import OcrLine

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
BOLD_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def _rendered(lines: list[tuple[str, str]]) -> np.ndarray:
    image = Image.new("RGB", (1300, 110 * len(lines) + 60), "white")
    draw = ImageDraw.Draw(image)
    for row, (text, font) in enumerate(lines):
        draw.text((40, 40 + 110 * row), text, font=ImageFont.truetype(font, 44), fill="black")
    return cv2.cvtColor(np.asarray(image), cv2.COLOR_RGB2BGR)


def test_language_codes_map_to_tesseract_names():
    assert normalize_languages(["en", "es", "pt-BR", "fre", "deu", "en"]) == ["eng", "spa", "por", "fra", "deu"]
    assert normalize_languages(None) == ["eng", "spa", "fra", "deu", "por"]


def test_unknown_engine_is_a_configuration_error():
    with pytest.raises(ConfigurationError, match="tesseract"):
        get_engine("cuneiform")


def test_engines_are_created_once_and_follow_the_protocol():
    assert get_engine("tesseract") is get_engine("tesseract")
    assert isinstance(get_engine("tesseract"), OcrEngine)
    assert get_engine("tesseract").version[0].isdigit()


def test_missing_language_pack_names_the_apt_package():
    with pytest.raises(OcrEngineError, match="tesseract-ocr-xyz"):
        TesseractEngine().read(_rendered([("Hello", FONT)]), ["xyz"])


def test_missing_tesseract_binary_says_what_to_install(monkeypatch):
    import pytesseract

    from ocr.engines import tesseract as module

    module._installed_languages.cache_clear()
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    try:
        with pytest.raises(OcrEngineError, match="apt-get install tesseract-ocr"):
            TesseractEngine().read(_rendered([("Hello", FONT)]), ["eng"])
    finally:
        module._installed_languages.cache_clear()


def test_lines_sort_top_to_bottom_then_left_to_right():
    lines = [
        OcrLine("right", 0.9, (500, 102, 100, 30)),
        OcrLine("bottom", 0.9, (0, 300, 100, 30)),
        OcrLine("left", 0.9, (10, 100, 100, 30)),
        OcrLine("top", 0.9, (300, 10, 100, 30)),
    ]
    assert [line.text for line in sort_lines(lines)] == ["top", "left", "right", "bottom"]


def test_slanted_lines_sort_by_their_letters_height_not_their_tall_boxes():
    # three lines 50 px apart, printed at a slant: each upright box is 150 px tall, the letters 45 px
    lines = [
        OcrLine("Mobil: +43 6599 14411 362", 0.9, (120, 880, 580, 160), letter_height=45),
        OcrLine("Tel.: +43 2169 99279 955", 0.9, (140, 830, 540, 150), letter_height=45),
        OcrLine("E-mail: lotte@bu.com", 0.9, (160, 935, 490, 150), letter_height=45),
    ]
    assert [line.text[:3] for line in sort_lines(lines)] == ["Tel", "Mob", "E-m"]
    assert [line.height for line in lines] == [45, 45, 45]
    assert OcrLine("x", 0.9, (0, 0, 10, 30)).height == 30  # unknown letter height: the box's


def _slanted(image: np.ndarray, degrees: float) -> np.ndarray:
    height, width = image.shape[:2]
    turn = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    return cv2.warpAffine(image, turn, (width, height), borderValue=(255, 255, 255))


@pytest.mark.slow
def test_rapidocr_measures_a_slanted_lines_letters_not_its_upright_box():
    image = _rendered([("Bramfelder Chaussee 324", FONT), ("Tel. 040 3705149", FONT)])
    engine = get_engine("rapidocr")
    level = sort_lines(engine.read(image, ["deu"]))
    rotation, slanted = engine.read_oriented(_slanted(image, 10), ["deu"])
    assert rotation == 0 and [line.text[-6:] for line in slanted] == [line.text[-6:] for line in level]
    for flat, tilted in zip(level, slanted, strict=True):
        assert tilted.box[3] > 1.5 * flat.box[3]  # the upright box of a line at a 10° slant is tall
        assert tilted.height == pytest.approx(flat.height, rel=0.25)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["tesseract", "rapidocr"])
def test_engine_reads_rendered_lines_with_confidence_boxes_and_boldness(name):
    image = _rendered([("Straße 12, São Paulo", FONT), ("BOLD HEADLINE", BOLD_FONT), ("ana@ejemplo.es", FONT)])
    lines = sort_lines(get_engine(name).read(image, ["deu", "por", "spa"]))
    texts = [line.text for line in lines]
    assert texts[1] == "BOLD HEADLINE"
    assert texts[2] == "ana@ejemplo.es"
    assert "Paulo" in texts[0] and "12" in texts[0]
    for line in lines:
        assert 0.5 < line.confidence <= 1.0
        x, _, w, h = line.box
        assert 0 <= x < 200 and w > 200 and 20 < h < 90
    assert lines[1].bold > lines[0].bold and lines[1].bold > lines[2].bold


@pytest.mark.slow
def test_rapidocr_reads_accents():
    lines = get_engine("rapidocr").read(_rendered([("Diseñadora Gráfica, Élodie Garçon", FONT)]), ["spa", "fra"])
    assert [line.text for line in lines] == ["Diseñadora Gráfica, Élodie Garçon"]


@pytest.mark.slow
def test_rapidocr_starts_from_the_wheel_models_without_downloading(monkeypatch):
    from rapidocr.utils import download_file

    from ocr.engines import rapid

    def refuse(*args, **kwargs):
        raise AssertionError("RapidOCR tried to download a model")

    monkeypatch.setattr(download_file.DownloadFile, "run", refuse)
    engine = rapid._create_ocr()  # a fresh instance, not the cached one
    engine._load_det_model()
    engine._load_cls_model()
    engine._load_rec_model()
    assert engine.cfg.Det.limit_side_len == rapid.DETECT_SIDE


def test_rapidocr_models_reuse_memory_within_a_run_and_give_it_back_after():
    from ocr.engines import rapid

    ocr = rapid._get_ocr()
    for model in (ocr._load_det_model(), ocr._load_cls_model(), ocr._load_rec_model()):
        session = model.session.session
        assert session.get_session_options().enable_cpu_mem_arena  # tensors of one run share the arena
        assert isinstance(session, rapid._ShrinkingSession)
        assert session._options.get_run_config_entry("memory.enable_memory_arena_shrinkage") == "cpu:0"


def test_a_shrinking_session_passes_its_run_options_and_keeps_a_callers(monkeypatch):
    from ocr.engines import rapid

    class Recorder:
        def __init__(self):
            self.calls = []

        def run(self, names, feed, options=None):
            self.calls.append(options)
            return ["out"]

        def get_inputs(self):
            return ["x"]

    inner = Recorder()
    session = rapid._ShrinkingSession(inner)
    assert session.run(None, {}) == ["out"] and inner.calls[-1] is session._options
    own = object()
    session.run(None, {}, own)
    assert inner.calls[-1] is own
    assert session.get_inputs() == ["x"]  # everything else is the wrapped session's


@pytest.mark.slow
def test_rapidocr_reads_a_line_the_same_whatever_lines_share_its_card():
    from rapidocr.ch_ppocr_rec import TextRecInput

    from ocr.engines import rapid

    def crop(text: str) -> np.ndarray:
        image = Image.new("RGB", (40 + 26 * len(text), 60), "white")
        ImageDraw.Draw(image).text((20, 8), text, font=ImageFont.truetype(FONT, 40), fill="black")
        return cv2.cvtColor(np.asarray(image), cv2.COLOR_RGB2BGR)

    recognise = rapid._get_ocr()._load_rec_model()
    short = crop("Tel. 040 3705149")
    alone = recognise(TextRecInput(img=[short]))
    # a batch would pad the short line to the long one's width, and the recogniser's attention sees the padding
    beside = recognise(TextRecInput(img=[short, crop("Bramfelder Chaussee 324, 22177 Hamburg, Germany and more")]))
    assert beside.txts[0] == alone.txts[0]
    assert beside.scores[0] == pytest.approx(alone.scores[0], abs=1e-6)
