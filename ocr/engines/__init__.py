"""OCR engines behind one interface; `get_engine` picks one by name."""

from __future__ import annotations

import os

from ocr.engines.base import DEFAULT_LANGUAGES, OcrEngine, normalize_languages
from ocr.errors import ConfigurationError
from ocr.memory import bound_heap

ENGINE_NAMES = ("auto", "rapidocr", "tesseract")

_engines: dict[str, OcrEngine] = {}


def get_engine(name: str | None = None) -> OcrEngine:
    """The engine called `name` ("auto", "rapidocr", "tesseract"; default from CARDNOTE_OCR_ENGINE or auto)."""
    chosen = (name or os.environ.get("CARDNOTE_OCR_ENGINE") or "auto").strip().lower()
    if chosen in {"rapid", "rapid-ocr"}:
        chosen = "rapidocr"
    if chosen not in ENGINE_NAMES:
        raise ConfigurationError(f"unknown OCR engine {name!r}; choose one of {', '.join(ENGINE_NAMES)}")
    if chosen not in _engines:
        bound_heap()
        _engines[chosen] = _create(chosen)
    return _engines[chosen]


def _create(name: str) -> OcrEngine:
    if name == "tesseract":
        from ocr.engines.tesseract import TesseractEngine

        return TesseractEngine()
    from ocr.engines.rapid import RapidEngine

    # "auto": RapidOCR reads phone photos far better than Tesseract at a similar cost (see
    # bench/ and the ocr report); Tesseract stays the fallback when RapidOCR cannot load.
    if name == "auto":
        try:
            engine = RapidEngine()
            engine.warm_up()
            return engine
        except Exception:
            from ocr.engines.tesseract import TesseractEngine

            return TesseractEngine()
    return RapidEngine()


__all__ = ["DEFAULT_LANGUAGES", "ENGINE_NAMES", "OcrEngine", "get_engine", "normalize_languages"]
