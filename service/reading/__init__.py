"""The reader over ocr and enrich, and its options (languages, region)."""
