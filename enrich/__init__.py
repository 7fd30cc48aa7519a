"""enrich: OCR text to a validated card. Pure functions, no I/O."""
