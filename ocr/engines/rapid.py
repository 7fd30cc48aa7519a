"""RapidOCR (PaddleOCR models on ONNX Runtime): detection, angle classification and recognition.

The models are the ones shipped inside the rapidocr wheel, passed by explicit path so the
library never tries to download anything. One instance per process, created on first use.
"""

from __future__ import annotations

import importlib.metadata
import logging
import os
import threading
from pathlib import Path

import numpy as np

from ocr.errors import OcrEngineError
from ocr.lines import add_boldness
from ocr.types import OcrLine

_lock = threading.Lock()
_instance = None

_MODEL_FILES = {
    "Det.model_path": "PP-OCRv6_det_small.onnx",
    "Cls.model_path": "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
    "Rec.model_path": "PP-OCRv6_rec_small.onnx",
}


def _threads() -> int:
    """ONNX Runtime threads per process: CARDNOTE_OCR_THREADS, else 1 (workers run one process per core)."""
    try:
        return max(1, int(os.environ.get("CARDNOTE_OCR_THREADS", "1")))
    except ValueError:
        return 1


def _get_ocr():
    """The process-wide RapidOCR instance, created once with the wheel's bundled models."""
    global _instance
    if _instance is None:
        with _lock:
            if _instance is None:
                _instance = _create_ocr()
    return _instance


def _create_ocr():
    try:
        import rapidocr
        from rapidocr import RapidOCR
    except ImportError as exc:
        raise OcrEngineError("RapidOCR is not installed; run `pip install rapidocr onnxruntime`") from exc
    model_dir = Path(rapidocr.__file__).parent / "models"
    params: dict[str, object] = {"Global.log_level": "warning"}
    for key, file in _MODEL_FILES.items():
        path = model_dir / file
        if not path.is_file():
            raise OcrEngineError(f"RapidOCR's bundled model {file} is missing; reinstall the rapidocr wheel")
        params[key] = str(path)
    threads = _threads()
    params["EngineConfig.onnxruntime.intra_op_num_threads"] = threads
    params["EngineConfig.onnxruntime.inter_op_num_threads"] = 1
    logging.getLogger("RapidOCR").setLevel(logging.WARNING)
    try:
        return RapidOCR(params=params)
    except Exception as exc:
        raise OcrEngineError(f"RapidOCR could not start: {exc}") from exc


class RapidEngine:
    """RapidOCR engine; reads Latin scripts with accents well on real photos."""

    name = "rapidocr"

    @property
    def version(self) -> str:
        """The installed rapidocr package version."""
        try:
            return importlib.metadata.version("rapidocr")
        except importlib.metadata.PackageNotFoundError:
            return "unknown"

    def warm_up(self) -> None:
        """Load the models now rather than on the first card."""
        ocr = _get_ocr()
        ocr._load_det_model()
        ocr._load_cls_model()
        ocr._load_rec_model()

    def read(self, image_bgr: np.ndarray, languages: list[str]) -> list[OcrLine]:
        """Read the text lines of an image (its recogniser covers Latin scripts whatever `languages` says)."""
        ocr = _get_ocr()
        try:
            output = ocr(np.ascontiguousarray(image_bgr))
        except Exception as exc:
            raise OcrEngineError(f"RapidOCR failed: {exc}") from exc
        if output is None or getattr(output, "txts", None) is None:
            return []
        lines = []
        height, width = image_bgr.shape[:2]
        for quad, text, score in zip(output.boxes, output.txts, output.scores, strict=False):
            text = text.strip()
            if not text:
                continue
            xs, ys = np.asarray(quad)[:, 0], np.asarray(quad)[:, 1]
            left, top = max(int(xs.min()), 0), max(int(ys.min()), 0)
            right, bottom = min(int(np.ceil(xs.max())), width), min(int(np.ceil(ys.max())), height)
            box = (left, top, max(right - left, 1), max(bottom - top, 1))
            lines.append(OcrLine(text=text, confidence=round(float(score), 3), box=box))
        return add_boldness(image_bgr, lines)

    def detect_rotation(self, image_bgr: np.ndarray) -> int | None:
        """Clockwise rotation of the content: line shapes from the detector, 0/180 from the angle classifier."""
        from rapidocr.utils.process_img import get_rotate_crop_image

        ocr = _get_ocr()
        small = _limit_side(image_bgr, 960)
        try:
            detection = ocr._load_det_model()(small)
        except Exception:
            return None
        if detection.boxes is None or len(detection.boxes) == 0:
            return None
        quads = [np.asarray(q, dtype=np.float32) for q in detection.boxes]
        sizes = [(np.linalg.norm(q[0] - q[1]), np.linalg.norm(q[1] - q[2])) for q in quads]
        # Text lines are long and thin; a line that is much taller than wide means a 90° turn.
        tall = sum(h * w for w, h in sizes if h > 1.5 * w)
        wide = sum(h * w for w, h in sizes if w > 1.5 * h)
        if tall == wide == 0:
            return None
        vertical = tall > wide
        chosen = [
            q
            for q, (w, h) in zip(quads, sizes, strict=True)
            if (h > 1.5 * w) == vertical and max(w, h) > 1.5 * min(w, h)
        ]
        chosen.sort(key=lambda q: -float(np.linalg.norm(q[0] - q[1]) * np.linalg.norm(q[1] - q[2])))
        chosen = chosen[:12]
        crops = [get_rotate_crop_image(small, q.copy()) for q in chosen]
        try:
            classified = ocr._load_cls_model()(crops)
        except Exception:
            return 90 if vertical else 0
        flipped = upright = 0.0
        for crop, (label, score) in zip(crops, classified.cls_res, strict=False):
            weight = float(score) * crop.shape[1]
            if "180" in str(label):
                flipped += weight
            else:
                upright += weight
        is_flipped = flipped > upright
        # Tall crops are turned 90° counter-clockwise before classification, so an upright
        # result means the text ran top-to-bottom (content turned 90° clockwise).
        if vertical:
            return 270 if is_flipped else 90
        return 180 if is_flipped else 0


def _limit_side(image: np.ndarray, limit: int) -> np.ndarray:
    import cv2

    height, width = image.shape[:2]
    scale = limit / max(height, width)
    if scale >= 1:
        return image
    return cv2.resize(image, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA)
