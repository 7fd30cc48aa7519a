"""`cardnote scan FILE...`: one card JSON per file as JSON Lines, in the order given."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click
import phonenumbers

from ocr.errors import CardnoteError, ConfigurationError
from service.pool import reader_pool

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


def scan_one(path: str, languages: list[str] | None, region: str | None, engine: str | None) -> list[dict[str, Any]]:
    """Read one file into one card JSON per card found, or one error object naming the file; never raises."""
    from service.reader import scan_page  # imported here so worker processes load the engines themselves

    name = Path(path).name
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return [{"source": {"file": name}, "error": "unreadable_file", "message": f"{name}: {exc.strerror or exc}"}]
    try:
        return [scan.card.to_json() for scan in scan_page(data, name, languages=languages, region=region,
                                                           engine=engine)]
    except CardnoteError as exc:
        return [{"source": {"file": name}, **exc.to_dict()}]


def _worker_count(files: int) -> int:
    return max(1, min(files, os.cpu_count() or 1))


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=str))
@click.option("--lang", "lang", metavar="spa,eng", help="Languages printed on the cards (eng, spa, fra, deu, por).")
@click.option("--region", metavar="ES", help="Default country for phone numbers printed without +code.")
@click.option("--engine", type=click.Choice(["auto", "tesseract", "rapidocr"]), default="auto",
              show_default=True, help="OCR engine.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Processes to use for several files (default: all cores).")
@click.pass_context
def scan(ctx: click.Context, files: tuple[str, ...], lang: str | None, region: str | None, engine: str,
         workers: int | None) -> None:
    """Read card images and print one card JSON (cardnote/card@1) per card found, as JSON Lines."""
    languages = parse_languages(lang)
    region_code = parse_region(region)
    jobs = workers or _worker_count(len(files))
    failed = 0

    def emit(card: dict[str, Any]) -> None:
        nonlocal failed
        failed += "error" in card
        sys.stdout.write(json.dumps(card, ensure_ascii=False) + "\n")
        sys.stdout.flush()

    args = (languages, region_code, engine)
    if jobs == 1 or len(files) == 1:
        for path in files:
            for card in scan_one(path, *args):
                emit(card)
    else:
        with reader_pool(jobs) as pool:
            # map() yields in submission order, so the output order matches the command line.
            for cards in pool.map(scan_one, files, *[[a] * len(files) for a in args]):
                for card in cards:
                    emit(card)
    if failed:
        click.echo(f"cardnote: {failed} of {len(files)} file(s) could not be read", err=True)
        ctx.exit(1)
