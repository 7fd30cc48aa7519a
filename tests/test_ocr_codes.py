"""QR codes: payloads come back verbatim from the photo and from the flattened card."""

from __future__ import annotations

import cv2
import numpy as np
import zxingcpp

from ocr.codes import read_codes
from ocr.pipeline import read_card
from tests.support.ocr_images import card, jpeg, photograph

MECARD = "MECARD:N:Lind,Mara;TEL:+4681234567;EMAIL:mara.lind@quantivo.com;;"


def _qr(text: str, scale: int = 5) -> np.ndarray:
    image = np.asarray(zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode).to_image(scale=scale))
    return cv2.cvtColor(np.pad(image, 4 * scale, constant_values=255), cv2.COLOR_GRAY2BGR)


def test_qr_payload_is_returned_verbatim():
    assert read_codes(_qr(MECARD)) == [MECARD]


def test_no_code_gives_an_empty_list():
    assert read_codes(np.full((200, 300, 3), 255, np.uint8)) == []


def test_same_payload_in_two_images_is_listed_once():
    assert read_codes(_qr(MECARD), _qr(MECARD, scale=3)) == [MECARD]


def test_qr_on_a_photographed_card_is_read_by_the_pipeline(monkeypatch):
    with_qr = card()
    code = cv2.resize(_qr(MECARD, scale=4), (230, 230), interpolation=cv2.INTER_NEAREST)
    with_qr[330:560, 780:1010] = code
    # Only the code matters here: skip the OCR engine to keep this test fast.
    from ocr import pipeline

    class NoText:
        name, version = "none", "0"

        def read(self, image, languages):
            return []

        def detect_rotation(self, image):
            return 0

    monkeypatch.setattr(pipeline, "get_engine", lambda name=None: NoText())
    result = read_card(jpeg(photograph(with_qr, angle=12)), "qr.jpg")
    assert result.codes == [MECARD]
    assert "no text was found on the card" in result.warnings


def test_a_large_screened_code_that_fails_its_checksum_is_read_on_a_smaller_copy():
    # Printed through a dot screen (white grid lines every 5 px), a code photographed large has holes in
    # every module: zxing finds it and fails its checksum. An area-averaged smaller copy closes the holes.
    code = cv2.cvtColor(_qr(MECARD, scale=20), cv2.COLOR_BGR2GRAY)
    rows, columns = np.mgrid[: code.shape[0], : code.shape[1]]
    code[(rows % 5 == 0) | (columns % 5 == 0)] = 255
    seen = zxingcpp.read_barcodes(code, return_errors=True)
    assert seen and not any(result.valid for result in seen)  # the case this is about
    assert read_codes(code) == [MECARD]
