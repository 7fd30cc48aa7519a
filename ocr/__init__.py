"""ocr: image bytes to text. Knows nothing of enrich or service."""
