"""`cardnote import FOLDER --user EMAIL [--notes SIDECAR.csv] [--workers N]`: bulk import with a progress bar.

The work is service/jobs/bulk_import.py (run_import); this module parses the options and prints the summary.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ocr.engines import ENGINE_NAMES
from service.core.accounts import get_user_by_email
from service.core.import_notes import Sidecar
from service.core.importer import ReadOptions
from service.domain.context import ContextSettings
from service.http.app import create_app
from service.jobs.bulk_import import run_import
from service.jobs.pool import default_workers
from service.jobs.queue import QueueSettings
from service.reading.options import parse_languages, parse_region
from service.storage.db import db


@click.command("import")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--user", "email", required=True, metavar="EMAIL", help="Whose inbox and contacts receive the cards.")
@click.option("--notes", "notes_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              metavar="SIDECAR.csv", help="CSV with columns file, note, collaboration_kind, collaboration_detail "
              "(optional event, met_on): rows with real context become contacts directly.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Processes reading cards (default: all cores). With CARDNOTE_BROKER_URL set, the "
              "`cardnote worker` processes read them instead.")
@click.option("--lang", metavar="spa,eng", help="Languages printed on the cards (eng, spa, fra, deu, por).")
@click.option("--region", metavar="ES", help="Default country for phone numbers printed without +code.")
@click.option("--engine", type=click.Choice(ENGINE_NAMES), default="auto", show_default=True)
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: on a terminal).")
@click.pass_context
def import_(ctx: click.Context, folder: Path, email: str, notes_path: Path | None, workers: int | None,
            lang: str | None, region: str | None, engine: str, progress: bool | None) -> None:
    """Import every card image (JPEG, PNG, WebP, TIFF, HEIC), PDF and contacts file (.vcf, Google or Outlook
    CSV) under FOLDER; idempotent and resumable.

    A page holding several cards gives one draft per card, a contacts file one draft per person. Without
    --notes every card waits in the “Needs context” inbox as a draft. Re-running the same command adds
    nothing new; after an interruption it finishes the job. The exit status is 1 when any file failed.
    """
    notes = Sidecar.load(notes_path) if notes_path else None
    app = create_app()
    with app.app_context():
        config = app.config
        options = ReadOptions(languages=parse_languages(lang or config.get("CARDNOTE_OCR_LANGUAGES")),
                              region=parse_region(region or config.get("CARDNOTE_REGION")), engine=engine)
        owner = get_user_by_email(db.session, email)
        report = run_import(db.session, owner, folder, options=options, workers=workers or default_workers(),
                            notes=notes, settings=ContextSettings.from_config(config), notes_path=notes_path,
                            progress=sys.stderr.isatty() if progress is None else progress,
                            queue=QueueSettings.from_config(config))
    click.echo(report.summary())
    if report.failed:
        click.echo(f"cardnote: {len(report.failed)} file(s) failed; fix or remove them and run the same command "
                   "again (finished files are not read twice)", err=True)
        ctx.exit(1)
