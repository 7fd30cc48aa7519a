"""OCR engines behind one interface; `get_engine` picks one by name."""

from __future__ import annotations

import logging
import os

from ocr.engines.base import DEFAULT_LANGUAGES, OcrEngine, normalize_languages
from ocr.errors import ConfigurationError
from ocr.memory import bound_heap

log = logging.getLogger(__name__)
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
        except Exception as exc:
            from ocr.engines.tesseract import TesseractEngine

            # Visible, not silent: Tesseract reads phone photos far less accurately (README, measured accuracy).
            log.warning("OCR engine auto: RapidOCR is unavailable (%s: %s); reading with Tesseract instead, "
                        "which is less accurate on photos", type(exc).__name__, exc)
            return TesseractEngine()
    return RapidEngine()


__all__ = ["DEFAULT_LANGUAGES", "ENGINE_NAMES", "OcrEngine", "get_engine", "normalize_languages"]
