"""`cardnote scan FILE...`: one card JSON per file as JSON Lines, in the order given."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from ocr.engines import ENGINE_NAMES
from ocr.errors import CardnoteError
from service.jobs.pool import reader_pool
from service.reading.options import parse_languages, parse_region
from service.reading.reader import scan_image


def scan_one(path: str, languages: list[str] | None, region: str | None, engine: str | None) -> dict[str, Any]:
    """Read one file into its card JSON, or an error object naming the file; never raises."""
    name = Path(path).name
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return {"source": {"file": name}, "error": "unreadable_file", "message": f"{name}: {exc.strerror or exc}"}
    try:
        return scan_image(data, name, languages=languages, region=region, engine=engine).card.to_json()
    except CardnoteError as exc:
        return {"source": {"file": name}, **exc.to_dict()}


def _worker_count(files: int) -> int:
    return max(1, min(files, os.cpu_count() or 1))


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=str))
@click.option("--lang", "lang", metavar="spa,eng", help="Languages printed on the cards (eng, spa, fra, deu, por).")
@click.option("--region", metavar="ES", help="Default country for phone numbers printed without +code.")
@click.option("--engine", type=click.Choice(ENGINE_NAMES), default="auto",
              show_default=True, help="OCR engine.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Processes to use for several files (default: all cores).")
@click.pass_context
def scan(ctx: click.Context, files: tuple[str, ...], lang: str | None, region: str | None, engine: str,
         workers: int | None) -> None:
    """Read card images and print one card JSON (cardnote/card@1) per file, as JSON Lines."""
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
            emit(scan_one(path, *args))
    else:
        with reader_pool(jobs) as pool:
            # map() yields in submission order, so the output order matches the command line.
            for card in pool.map(scan_one, files, *[[a] * len(files) for a in args]):
                emit(card)
    if failed:
        click.echo(f"cardnote: {failed} of {len(files)} file(s) could not be read", err=True)
        ctx.exit(1)
