"""QR codes and barcodes via zxing-cpp: raw payloads (vCard, MECARD, URLs) as printed."""

from __future__ import annotations

import cv2
import numpy as np
import zxingcpp

# A 2-D code that zxing finds but cannot decode is read again on smaller copies of the image. On a phone
# photo the card is kept large for the OCR, and a large code's modules then carry the blur, the JPEG blocks
# and the moiré of the print, which a smaller copy averages away: a dev trade-fair card's vCard fails its
# checksum at 2000 px and reads at every size from 1600 to 1000 px. Only images where a code was seen pay.
RETRY_SCALES = (0.7, 0.5)
_Format = zxingcpp.BarcodeFormat
TWO_D = {_Format.QRCode, _Format.MicroQRCode, _Format.RMQRCode, _Format.DataMatrix, _Format.Aztec, _Format.MaxiCode}


def read_codes(*images: np.ndarray) -> list[str]:
    """Every distinct barcode/QR payload found in any of the images, in the order first seen.

    The first image (the flattened card) is searched for every symbology; the others (the
    whole photo) only for 2-D codes, which is what cards carry and is several times faster.
    """
    payloads: list[str] = []
    for index, image in enumerate(images):
        if image is None or image.size == 0:
            continue
        grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
        formats = zxingcpp.BarcodeFormat.All if index == 0 else zxingcpp.BarcodeFormat.AllMatrix
        for text in _payloads(grey, formats):
            if text not in payloads:
                payloads.append(text)
    return payloads


def _payloads(grey: np.ndarray, formats: zxingcpp.BarcodeFormat) -> list[str]:
    """The valid payloads in one image, read again smaller while a 2-D code stays unread."""
    found: list[str] = []
    for scale in (1.0, *RETRY_SCALES):
        image = grey if scale == 1.0 else cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        try:
            results = zxingcpp.read_barcodes(np.ascontiguousarray(image), formats=formats, return_errors=True)
        except Exception:
            return found
        found += [result.text for result in results if result.valid and result.text and result.text not in found]
        if not any(not result.valid and result.format in TWO_D for result in results):
            return found
    return found
