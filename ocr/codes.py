"""QR codes and barcodes via zxing-cpp: raw payloads (vCard, MECARD, URLs) as printed."""

from __future__ import annotations

import cv2
import numpy as np
import zxingcpp


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
        try:
            results = zxingcpp.read_barcodes(np.ascontiguousarray(grey), formats=formats)
        except Exception:
            continue
        for result in results:
            text = result.text
            if result.valid and text and text not in payloads:
                payloads.append(text)
    return payloads
