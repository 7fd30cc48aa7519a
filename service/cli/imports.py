"""`cardnote import FOLDER --user EMAIL [--notes SIDECAR.csv] [--workers N]`: bulk import with a progress bar.

Reading (OCR) runs in a process pool over a bounded window of files; the workers return small results (card
JSON + card JPEGs) and this process stores each file in its own transaction (service.core.importer.store_file).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

import click
from sqlalchemy.orm import Session
from tqdm import tqdm

from ocr.engines import ENGINE_NAMES
from service.core.accounts import get_user_by_email
from service.core.import_notes import Sidecar
from service.core.importer import (
    FileOutcome,
    FileRead,
    ReadOptions,
    already_imported,
    apply_notes_to_imported,
    file_sha256,
    read_path,
    store_file,
    walk,
)
from service.domain.context import ContextSettings
from service.http.app import create_app
from service.jobs.queue import QueueSettings, read_on_queue
from service.reading.options import parse_languages, parse_region
from service.storage.db import db
from service.storage.models import User

WINDOW_PER_WORKER = 2  # files in flight per worker: keeps every core busy without holding the whole folder


@dataclass
class ImportReport:
    """Totals and the lists a person needs: what was skipped or failed and why, which notes did not apply."""

    files: int = 0
    files_done: int = 0
    files_already: int = 0
    drafts: int = 0
    contacts: int = 0
    cards_already: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def cards(self) -> int:
        """Cards added by this run."""
        return self.drafts + self.contacts

    def add(self, outcome: FileOutcome) -> None:
        """Count one stored file."""
        self.files_done += 1
        self.files_already += outcome.file_already
        self.drafts += outcome.drafts
        self.contacts += outcome.contacts
        self.cards_already += outcome.already
        self.problems.extend(outcome.problems)

    def summary(self) -> str:
        """The closing summary, one fact per line."""
        lines = [f"Imported {self.cards} new card(s): {self.drafts} draft(s) in “Needs context”, "
                 f"{self.contacts} contact(s).",
                 f"Files: {self.files} found, {self.files_done - self.files_already} imported, "
                 f"{self.files_already} already imported before ({self.cards_already} card(s) already there), "
                 f"{len(self.skipped)} skipped, {len(self.failed)} failed."]
        lines += [f"  skipped {name}: {reason}" for name, reason in self.skipped]
        lines += [f"  FAILED {name}: {reason}" for name, reason in self.failed]
        lines += [f"  note: {problem}" for problem in self.problems]
        return "\n".join(lines)


def default_workers() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def run_import(session: Session, owner: User, folder: Path, *, options: ReadOptions, workers: int,
               notes: Sidecar | None = None, settings: ContextSettings | None = None,
               notes_path: Path | None = None, progress: bool = True,
               queue: QueueSettings | None = None) -> ImportReport:
    """Import every card under `folder` for `owner`; reading in `workers` processes (or on the queue), storing here."""
    report = ImportReport()
    entries = list(walk(folder, notes_path.resolve() if notes_path else None))  # paths only: small
    report.files = len(entries)
    bar = tqdm(total=len(entries), unit="file", disable=not progress, file=sys.stderr, dynamic_ncols=True)

    def tick() -> None:
        bar.set_postfix(cards=report.cards, already=report.cards_already, skipped=len(report.skipped),
                        failed=len(report.failed), refresh=False)
        bar.update(1)

    def finish(read: FileRead) -> None:
        if read.error:
            report.failed.append((read.relpath, read.error))
        else:
            try:
                report.add(store_file(session, owner, read, notes, settings))
            except Exception as exc:  # a database refusal on one file is reported; the others go on
                report.failed.append((read.relpath, f"could not be stored ({type(exc).__name__}: {exc})"))
        tick()

    def to_read(candidates: list[tuple[Path, str]]) -> Iterator[tuple[str, str, str]]:
        """Files still to read, hashed one by one as the workers ask for more (imported before: skipped)."""
        seen: dict[str, str] = {}
        for path, relpath in candidates:
            try:
                sha256 = file_sha256(path)
            except OSError as exc:
                report.failed.append((relpath, f"cannot read the file ({exc.strerror or exc})"))
                tick()
                continue
            if sha256 in seen:
                report.skipped.append((relpath, f"same content as {seen[sha256]}"))
                tick()
                continue
            seen[sha256] = relpath
            cards = already_imported(session, owner, sha256)
            session.rollback()
            if cards is not None:
                report.add(apply_notes_to_imported(session, owner, sha256, relpath, notes, settings) if notes
                           else FileOutcome(file_already=True, already=cards))
                tick()
                continue
            yield str(path), relpath, sha256

    try:
        candidates = []
        for path, relpath, reason in entries:
            if reason:
                report.skipped.append((relpath, reason))
                tick()
            else:
                candidates.append((path, relpath))
        # Largest files first (multi-card pages, PDFs): a big file started last would leave the other workers idle.
        candidates.sort(key=lambda item: -_size(str(item[0])))
        pending = to_read(candidates)
        if queue is not None and queue.enabled:  # a broker is set: `cardnote worker` processes do the reading
            read_on_queue(pending, options, finish, queue)
        elif workers <= 1 or len(candidates) <= 1:
            for path, relpath, _ in pending:
                finish(read_path(path, relpath, options))
        else:
            _read_in_pool(pending, options, workers, finish)
    finally:
        bar.close()
    if notes is not None:
        report.problems += [f"notes line {row.line}: no imported card matches file {row.file!r}"
                            for row in notes.unused()]
    return report


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _read_in_pool(pending: Iterator[tuple[str, str, str]], options: ReadOptions, workers: int, finish) -> None:
    """Keep at most WINDOW_PER_WORKER × workers files in flight; store each result as it arrives."""
    todo = iter(pending)  # hashed and checked lazily, as the window has room
    in_flight: set[Future] = set()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        try:
            while True:
                while len(in_flight) < workers * WINDOW_PER_WORKER:
                    item = next(todo, None)
                    if item is None:
                        break
                    in_flight.add(pool.submit(read_path, item[0], item[1], options))
                if not in_flight:
                    break
                done, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
                for future in done:
                    finish(future.result())
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


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
    """Import every card image (JPEG, PNG, WebP, TIFF, HEIC) and PDF under FOLDER; idempotent and resumable.

    A page holding several cards gives one draft per card. Without --notes every card waits in the
    “Needs context” inbox as a draft. Re-running the same command adds nothing new; after an interruption
    it finishes the job. The exit status is 1 when any file failed.
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
