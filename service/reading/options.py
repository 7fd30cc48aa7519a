"""The reader's options as people type them: languages (`spa,eng`) and the default phone region (`ES`).

Every way in (the `scan` and `import` commands, the API, the web pages, the settings) parses them here.
"""

from __future__ import annotations

import phonenumbers

from ocr.errors import ConfigurationError

# Tesseract's three-letter codes are what the card JSON reports; two-letter ISO 639-1 codes are accepted too.
LANGUAGE_CODES = {"eng": "eng", "en": "eng", "spa": "spa", "es": "spa", "fra": "fra", "fre": "fra",
                  "fr": "fra", "deu": "deu", "ger": "deu", "de": "deu", "por": "por", "pt": "por"}


def parse_languages(value: str | None) -> list[str] | None:
    """Turn `spa,eng` into tesseract language codes, refusing unknown ones with a readable message."""
    if not value:
        return None
    codes = []
    for part in value.split(","):
        key = part.strip().lower()
        if not key:
            continue
        if key not in LANGUAGE_CODES:
            supported = ", ".join(sorted({*LANGUAGE_CODES.values()}))
            raise ConfigurationError(f"unknown language {part.strip()!r}; supported: {supported}")
        if LANGUAGE_CODES[key] not in codes:
            codes.append(LANGUAGE_CODES[key])
    return codes or None


def parse_region(value: str | None) -> str | None:
    """Validate a two-letter region code such as `ES` against phonenumbers' list of regions."""
    if not value:
        return None
    region = value.strip().upper()
    if region not in phonenumbers.SUPPORTED_REGIONS:
        raise ConfigurationError(f"unknown region {value!r}; use a two-letter country code such as ES, MX or BR")
    return region
