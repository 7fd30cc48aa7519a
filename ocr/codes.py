"""QR codes and barcodes via zxing-cpp: raw payloads (vCard, MECARD, URLs) as printed."""

from __future__ import annotations

import numpy as np
import zxingcpp


def read_codes(*images: np.ndarray) -> list[str]:
    """Every distinct barcode/QR payload found in any of the images, in the order first seen."""
    payloads: list[str] = []
    for image in images:
        if image is None or image.size == 0:
            continue
        try:
            results = zxingcpp.read_barcodes(np.ascontiguousarray(image[:, :, ::-1] if image.ndim == 3 else image))
        except Exception:
            continue
        for result in results:
            text = result.text
            if result.valid and text and text not in payloads:
                payloads.append(text)
    return payloads
