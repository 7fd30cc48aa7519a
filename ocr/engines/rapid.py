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
from typing import Any

import cv2
import numpy as np

from ocr.errors import OcrEngineError
from ocr.flatten import downscale, turn_upright
from ocr.lines import add_boldness
from ocr.types import OcrLine

_lock = threading.Lock()
_instance = None
DETECT_SIDE = int(os.environ.get("CARDNOTE_DETECT_SIDE", "800"))  # long side of the detector input
SMALL_LINE = 36  # lines lower than this (detector pixels) are cut from the full-resolution image
_MIN_SCORE = 0.5  # rapidocr's own default text_score: below it a line is mostly noise
SECOND_PASS_BELOW = float(os.environ.get("CARDNOTE_SECOND_PASS_BELOW", "0.95"))  # below: read again, better crop
SECOND_PASS_MAX_LINES = 24  # at most this many per card, so a noisy photo cannot double the time
# A card on which the detector found fewer lines than this is checked for faint print (pale or blurred ink the
# detector's threshold misses): detection again on a copy whose ink is stretched to full contrast. Most cards
# have more lines, so they pay nothing (2 of 44 real cards and 4 of 40 generated ones are checked); the check
# costs one more detection at detector size, 0.1-0.2 s of CPU.
FAINT_CHECK_BELOW = 6
# The stretch: the darkest ink outside the lines found (its 99.5th percentile) becomes FAINT_INK grey levels
# darker than the paper, by a gain between FAINT_GAIN and FAINT_MAX_GAIN (so a blank card's noise is not
# blown up into lines).
FAINT_INK = 150.0
FAINT_GAIN, FAINT_MAX_GAIN = 3.0, 8.0
FAINT_MIN_SCORE = 0.7  # a faint line's reading must be surer than a plain one's: blur also reads as noise
FAINT_OVERLAP = 0.3  # a faint box sharing more than this share of its area with a found line is that line
# … unless it is that line's whole: blur lets the detector see only part of a line ("83810615" of
# "Off.: 4683810615"), and the stretched copy the rest. A faint box at least this many times the area of the
# found boxes it holds, and no taller than FRAGMENT_HEIGHT of them (one line, not a block), is read too; its
# reading replaces theirs when it is sure (FAINT_MIN_SCORE) and holds more letters and digits.
FRAGMENT_GROWTH = 1.4
FRAGMENT_HEIGHT = 1.6
PAPER_KERNEL = 21  # median size (quarter-size pixels) that sees past letters to the paper around them
REC_HEIGHT = 48  # the recogniser's input height: smaller line crops are scaled up to it first
# Lines are recognised one at a time. rapidocr's default batch of 6 pads every line to the widest of its
# batch, and the recogniser's attention sees that padding: the same line then reads differently with
# different neighbours, and a quarter of the recogniser's work is spent on empty columns.
REC_BATCH = 1

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
    # ONNX Runtime's memory arena lets the tensors of one run reuse each other's memory; without it every
    # tensor is a fresh allocation whose pages the kernel must fault in (a third of the reading time went to
    # the system). The arena gives its memory back after each run (_ShrinkingSession), so a worker's peak
    # stays what one run needs, not the sum of every image shape it has seen.
    params["EngineConfig.onnxruntime.enable_cpu_mem_arena"] = True
    # Detect on at most DETECT_SIDE pixels: the default ("at least 736 px short side")
    # would detect on every pixel of a large card, the most expensive step by far.
    params["Det.limit_type"] = "max"
    params["Det.limit_side_len"] = DETECT_SIDE
    params["Rec.rec_batch_num"] = REC_BATCH
    # Never call cv2.setNumThreads here: in a worker forked from a parent that had used OpenCV
    # it waits forever on the inherited thread pool's lock (seen with ProcessPoolExecutor).
    logging.getLogger("RapidOCR").setLevel(logging.WARNING)
    try:
        ocr = RapidOCR(params=params)
    except Exception as exc:
        raise OcrEngineError(f"RapidOCR could not start: {exc}") from exc
    for load in (ocr._load_det_model, ocr._load_cls_model, ocr._load_rec_model):
        model = load().session  # rapidocr's wrapper; its .session is the onnxruntime InferenceSession
        model.session = _ShrinkingSession(model.session)
    return ocr


class _ShrinkingSession:
    """An onnxruntime InferenceSession whose every run hands the arena's free memory back afterwards.

    rapidocr calls `session.run(names, feed)` itself, so the run option is added here rather than there.
    """

    def __init__(self, session: Any) -> None:
        import onnxruntime

        self._session = session
        self._options = onnxruntime.RunOptions()
        self._options.add_run_config_entry("memory.enable_memory_arena_shrinkage", "cpu:0")

    def run(self, output_names: list[str] | None, input_feed: dict[str, Any], run_options: Any = None) -> list[Any]:
        """InferenceSession.run with the arena shrunk once the run is over."""
        return self._session.run(output_names, input_feed, run_options or self._options)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._session, name)


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
        """Load the models now rather than on the first card (creating the instance loads all three)."""
        _get_ocr()

    def read(self, image_bgr: np.ndarray, languages: list[str]) -> list[OcrLine]:
        """Read the text lines of an image (its recogniser covers Latin scripts whatever `languages` says)."""
        ocr = _get_ocr()
        try:
            output = ocr(_card_shaped(image_bgr))
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
            lines.append(OcrLine(text=text, confidence=round(float(score), 3), box=box,
                                 letter_height=_letter_height(np.asarray(quad), text)))
        return add_boldness(image_bgr, lines)

    def detect_boxes(self, image_bgr: np.ndarray, side: int = DETECT_SIDE) -> np.ndarray:
        """Text-line quads (N x 4 x 2, image pixels) found by the detector alone on a `side`-pixel copy."""
        small, scale = downscale(image_bgr, side)
        try:
            detection = _get_ocr()._load_det_model()(np.ascontiguousarray(small))
        except Exception as exc:
            raise OcrEngineError(f"RapidOCR failed: {exc}") from exc
        if detection.boxes is None or not len(detection.boxes):
            return np.zeros((0, 4, 2), np.float32)
        return np.asarray(detection.boxes, np.float32) / scale

    def detect_rotation(self, image_bgr: np.ndarray) -> int | None:
        """Clockwise rotation of the content (0, 90, 180, 270); costs a full read, prefer read_oriented."""
        rotation, _ = self.read_oriented(image_bgr, [])
        return rotation

    def read_oriented(self, image_bgr: np.ndarray, languages: list[str]) -> tuple[int, list[OcrLine]]:
        """Read in one pass whatever the card's 90° orientation; boxes are in the upright image.

        Returns the clockwise rotation the content had and the lines of the image turned
        upright. The detector finds lines in any direction; their shape says whether the card
        lies on its side and the angle classifier, voting over all lines, says which way up.
        """
        from rapidocr.ch_ppocr_rec import TextRecInput
        from rapidocr.utils.process_img import get_rotate_crop_image, map_boxes_to_original

        ocr = _get_ocr()
        height, width = image_bgr.shape[:2]
        padded = _card_shaped(image_bgr)
        # Detect on a copy of detector size; recognise small lines from the full-resolution
        # image, where their letters still have detail.
        small = downscale(padded, DETECT_SIDE)[0]
        try:
            resized, record = ocr.preprocess_img(small)
            crops, detection = ocr.detect_and_crop(resized, record)
            quads = map_boxes_to_original(np.array(detection.boxes, dtype=np.float32), record, *small.shape[:2])
        except Exception:  # rapidocr raises when it detects nothing: faint print may still be there
            crops, quads = [], np.zeros((0, 4, 2), np.float32)
        ratio = padded.shape[1] / small.shape[1]
        crops = [
            get_rotate_crop_image(padded, (quad * ratio).astype(np.float32))
            if ratio > 1.2 and _line_height(quad) < SMALL_LINE
            else crop
            for quad, crop in zip(quads, crops, strict=True)
        ]
        plain = len(crops)
        faint, replacing = (_faint_lines(small, quads) if plain < FAINT_CHECK_BELOW
                            else (np.zeros((0, 4, 2), np.float32), []))
        if len(faint):
            quads = np.concatenate([quads, faint]).astype(np.float32)
            crops += [get_rotate_crop_image(padded, (quad * ratio).astype(np.float32)) for quad in faint]
        if not crops:
            return 0, []
        quads = quads * ratio
        quads[..., 0] = np.clip(quads[..., 0], 0, width)
        quads[..., 1] = np.clip(quads[..., 1], 0, height)
        sizes = [(np.linalg.norm(q[0] - q[1]), np.linalg.norm(q[1] - q[2])) for q in quads]
        # rapidocr turns crops at least 1.5x taller than wide by 90° counter-clockwise.
        tall = [h >= 1.5 * w for w, h in sizes]
        # Faint lines take part in the orientation only when nothing else was found: their crops are full-size
        # (wider than detector-size ones, so they would outweigh them) and often blurred.
        voters = plain or len(crops)
        tall_area = sum(w * h for (w, h), t in zip(sizes[:voters], tall, strict=False) if t)
        wide_area = sum(w * h for (w, h), t in zip(sizes[:voters], tall, strict=False) if not t and w > 1.5 * h)
        vertical = tall_area > wide_area
        try:
            classified = [result for part in (crops[:plain], crops[plain:]) if part
                          for result in ocr._load_cls_model()(part).cls_res]
        except Exception as exc:
            raise OcrEngineError(f"RapidOCR failed: {exc}") from exc
        flipped = upright = 0.0
        for crop, is_tall, (label, score) in zip(crops[:voters], tall, classified, strict=False):
            if is_tall == vertical:
                weight = float(score) * crop.shape[1]
                if "180" in str(label):
                    flipped += weight
                else:
                    upright += weight
        card_flipped = flipped > upright
        oriented = []
        for crop, is_tall, (label, score) in zip(crops, tall, classified, strict=True):
            # Lines running the card's way follow the card-wide vote; odd ones their own label.
            turn = card_flipped if is_tall == vertical else ("180" in str(label) and float(score) > 0.9)
            oriented.append(np.ascontiguousarray(np.rot90(crop, 2)) if turn else crop)
        turned = [o is not c for o, c in zip(oriented, crops, strict=True)]
        # Faint lines are recognised in batches of their own: the recogniser pads a batch to its widest crop,
        # so mixing them in would shift the readings of the lines found without them.
        texts, scores = [], []
        for part in (slice(0, plain), slice(plain, len(crops))):
            if part.start == part.stop:
                continue
            try:
                recognised = ocr._load_rec_model()(TextRecInput(img=oriented[part]))
            except Exception as exc:
                raise OcrEngineError(f"RapidOCR failed: {exc}") from exc
            part_texts, part_scores = list(recognised.txts or ()), [float(s) for s in recognised.scores or ()]
            _second_pass(ocr, padded, quads[part], turned[part], part_texts, part_scores)
            texts += part_texts
            scores += part_scores
        minimum = [_MIN_SCORE] * plain + [FAINT_MIN_SCORE] * (len(crops) - plain)
        rotations = {(False, False): 0, (True, False): 90, (False, True): 180, (True, True): 270}
        rotation = rotations[(vertical, card_flipped)]
        upright_image = turn_upright(image_bgr, rotation)
        dropped = _read_whole(texts, scores, plain, replacing)
        lines = []
        for index, (quad, text, score, least) in enumerate(zip(quads, texts, scores, minimum, strict=False)):
            text = text.strip()
            if not text or float(score) < least or index in dropped:
                continue
            points = np.array([_upright_point(x, y, width, height, rotation) for x, y in quad])
            left, top = points.min(axis=0)
            right, bottom = points.max(axis=0)
            box = (int(left), int(top), max(int(np.ceil(right - left)), 1), max(int(np.ceil(bottom - top)), 1))
            lines.append(OcrLine(text=text, confidence=round(float(score), 3), box=box,
                                 letter_height=_letter_height(quad, text)))
        return rotation, add_boldness(upright_image, lines)


def _second_pass(ocr, image: np.ndarray, quads: np.ndarray, turned: list[bool], texts: list[str],
                 scores: list[float]) -> None:
    """Read unsure lines again from a roomier, better-scaled crop; keep whichever reading scores higher.

    The detector's box can shave the first or last letter, a small line reaches the recogniser
    blurred by its resize, and light print on a dark patch reads worse than the same print inverted.
    The new crop adds a margin of part of a line height, is scaled so the letters are about as tall
    as the recogniser's input, and is inverted when its ink is lighter than its paper. The score kept
    is the recogniser's own for the reading kept, so the confidence stays what the model said.
    """
    from rapidocr.ch_ppocr_rec import TextRecInput
    from rapidocr.utils.process_img import get_rotate_crop_image

    unsure = [i for i, score in enumerate(scores) if score < SECOND_PASS_BELOW][:SECOND_PASS_MAX_LINES]
    if not unsure:
        return
    crops = []
    for i in unsure:
        quad = quads[i]
        height = _line_height(quad)
        centre = quad.mean(axis=0)
        across = (quad[1] - quad[0]) / max(np.linalg.norm(quad[1] - quad[0]), 1.0)
        down = (quad[3] - quad[0]) / max(np.linalg.norm(quad[3] - quad[0]), 1.0)
        grown = np.array([corner + across * np.sign(np.dot(corner - centre, across)) * 0.35 * height
                          + down * np.sign(np.dot(corner - centre, down)) * 0.15 * height for corner in quad])
        grown[:, 0] = np.clip(grown[:, 0], 0, image.shape[1] - 1)
        grown[:, 1] = np.clip(grown[:, 1], 0, image.shape[0] - 1)
        crop = get_rotate_crop_image(image, grown.astype(np.float32))
        if crop.shape[0] < REC_HEIGHT:
            factor = REC_HEIGHT / crop.shape[0]
            crop = cv2.resize(crop, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
        if _light_on_dark(crop):
            crop = 255 - crop
        crops.append(np.ascontiguousarray(np.rot90(crop, 2)) if turned[i] else crop)
    try:
        again = ocr._load_rec_model()(TextRecInput(img=crops))
    except Exception as exc:
        raise OcrEngineError(f"RapidOCR failed: {exc}") from exc
    for i, text, score in zip(unsure, again.txts or (), again.scores or (), strict=False):
        if text.strip() and float(score) > scores[i]:
            texts[i], scores[i] = text, float(score)


def _ink_darkness(image_bgr: np.ndarray) -> np.ndarray:
    """How much darker than the paper around it each pixel is (grey levels, float32).

    The paper is a median over a neighbourhood wider than a letter, so shading and glare across the card
    are paper too, and print only a few grey levels darker than its surroundings still counts as ink."""
    grey = cv2.GaussianBlur(cv2.cvtColor(image_bgr, cv2.COLOR_BGR2GRAY), (3, 3), 0)
    height, width = grey.shape
    quarter = cv2.resize(grey, (max(1, width // 4), max(1, height // 4)), interpolation=cv2.INTER_AREA)
    paper = cv2.resize(cv2.medianBlur(quarter, PAPER_KERNEL), (width, height), interpolation=cv2.INTER_LINEAR)
    return np.maximum(paper.astype(np.float32) - grey.astype(np.float32), 0)


def _read_whole(texts: list[str], scores: list[float], plain: int, replacing: list[tuple[int, ...]]) -> set[int]:
    """The readings to leave out: the fragments a faint line read whole, or else that faint line."""
    def letters(index: int) -> int:
        return sum(c.isalnum() for c in texts[index])

    dropped: set[int] = set()
    for offset, fragments in enumerate(replacing):
        whole = plain + offset
        if not fragments:
            continue
        if scores[whole] >= FAINT_MIN_SCORE and letters(whole) > sum(letters(i) for i in fragments):
            dropped |= set(fragments)
        else:
            dropped.add(whole)
    return dropped


def _mask(shape: tuple[int, ...], quad: np.ndarray) -> np.ndarray:
    mask = np.zeros(shape[:2], np.uint8)
    cv2.fillPoly(mask, [np.round(quad).astype(np.int32)], 1)
    return mask


def _faint_lines(small: np.ndarray, quads: np.ndarray) -> tuple[np.ndarray, list[tuple[int, ...]]]:
    """Lines (quads in `small`'s pixels) the detector missed because their print is faint, found on a copy
    whose ink is stretched to full contrast; lines already in `quads` are left out, except where the faint
    box is a found line's whole (see FRAGMENT_GROWTH). Returns the quads and, for each, the indices of the
    found lines it would replace (empty for a new line)."""
    ink = _ink_darkness(small)
    masks = [_mask(small.shape, quad) for quad in quads]
    covered = np.zeros(small.shape[:2], np.uint8)
    for mask in masks:
        covered |= mask
    strongest = float(np.percentile(ink[covered == 0], 99.5)) if np.any(covered == 0) else 0.0
    gain = min(max(FAINT_INK / max(strongest, 1.0), FAINT_GAIN), FAINT_MAX_GAIN)
    stretched = np.clip(255 - ink * gain, 0, 255).astype(np.uint8)
    try:
        found = _get_ocr()._load_det_model()(cv2.cvtColor(stretched, cv2.COLOR_GRAY2BGR))
    except Exception as exc:
        raise OcrEngineError(f"RapidOCR failed: {exc}") from exc
    if found.boxes is None or not len(found.boxes):
        return np.zeros((0, 4, 2), np.float32), []
    kept, replacing = [], []
    for quad in np.asarray(found.boxes, np.float32):
        own = _mask(small.shape, quad)
        area = max(int(own.sum()), 1)
        if np.count_nonzero(own & covered) < FAINT_OVERLAP * area:
            kept.append(quad)
            replacing.append(())
            continue
        # the found lines lying mostly inside this box: fragments of it when it is much larger and one line high
        inside = tuple(i for i, mask in enumerate(masks)
                       if np.count_nonzero(own & mask) >= 0.5 * max(int(mask.sum()), 1))
        if inside and area >= FRAGMENT_GROWTH * sum(int(masks[i].sum()) for i in inside) and \
                _line_height(quad) <= FRAGMENT_HEIGHT * max(_line_height(quads[i]) for i in inside):
            kept.append(quad)
            replacing.append(inside)
    return np.array(kept, np.float32).reshape(-1, 4, 2), replacing


def _light_on_dark(crop: np.ndarray) -> bool:
    """Whether the ink of a line crop (the minority side of an Otsu split) is lighter than its paper."""
    grey = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY) if crop.ndim == 3 else crop
    _, bright = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return bool(np.count_nonzero(bright) < 0.5 * bright.size)


def _upright_point(x: float, y: float, width: int, height: int, rotation: int) -> tuple[float, float]:
    """Where a point of the original image lands once the image is turned upright."""
    if rotation == 90:  # turned 90° counter-clockwise
        return y, width - 1 - x
    if rotation == 180:
        return width - 1 - x, height - 1 - y
    if rotation == 270:  # turned 90° clockwise
        return height - 1 - y, x
    return x, y


def _line_height(quad: np.ndarray) -> float:
    return float(min(np.linalg.norm(quad[0] - quad[1]), np.linalg.norm(quad[1] - quad[2])))


MIN_LETTERS_FOR_SLANT = 3  # a line this long is longer than high, so its quad's short side is its letters' height


def _letter_height(quad: np.ndarray, text: str) -> int:
    """The letters' height across the detector's slanted quad (0 for a line too short to tell its direction)."""
    if len(text.replace(" ", "")) < MIN_LETTERS_FOR_SLANT:
        return 0
    return max(round(_line_height(quad)), 1)


def _card_shaped(image: np.ndarray, max_aspect: float = 2.2) -> np.ndarray:
    """Pad a long thin image (at the right or bottom, so coordinates stay) to a card-like shape.

    The detector scales the short side up to ~736 px; a 1300x170 strip would become
    5600 px wide, slow to detect and split into words.
    """
    height, width = image.shape[:2]
    border = np.concatenate([image[0], image[-1], image[:, 0], image[:, -1]]).reshape(-1, image.shape[2])
    colour = [int(c) for c in np.median(border, axis=0)]
    if width > max_aspect * height:
        image = cv2.copyMakeBorder(
            image, 0, round(width / max_aspect) - height, 0, 0, cv2.BORDER_CONSTANT, value=colour
        )
    elif height > max_aspect * width:
        image = cv2.copyMakeBorder(
            image, 0, 0, 0, round(height / max_aspect) - width, cv2.BORDER_CONSTANT, value=colour
        )
    return np.ascontiguousarray(image)

