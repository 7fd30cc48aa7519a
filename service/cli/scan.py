"""`cardnote scan FILE...`: one card JSON per card found as JSON Lines, in the order given."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from ocr.engines import ENGINE_NAMES
from service.jobs.pool import bounded_map, default_workers
from service.reading.files import read_card_file
from service.reading.options import parse_languages, parse_region


def _worker_count(files: int) -> int:
    return max(1, min(files, default_workers()))


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

    # In the order given (ordered=True), each file read in a spawned process when there are several.
    work = ((path, languages, region_code, engine) for path in files)
    for cards in bounded_map(read_card_file, work, jobs if len(files) > 1 else 1, ordered=True):
        for card in cards:
            emit(card)
    if failed:
        click.echo(f"cardnote: {failed} of {len(files)} file(s) could not be read", err=True)
        ctx.exit(1)
