"""Bulk import of a folder: every file read in spawned processes (or on the Celery queue), stored here.

The readers return small results (card JSON + card JPEGs, service.core.importer.read_path) and this process
stores each file in its own transaction (service.core.importer.store_file), so a crash loses or duplicates
nothing and a re-run only finishes the job. `cardnote import` and bench/import_speed.py call run_import.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session
from tqdm import tqdm

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
from service.jobs.pool import bounded_map
from service.jobs.queue import QueueSettings, read_on_queue
from service.storage.models import User


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
        else:  # spawned reader processes, a bounded window of files in flight, each stored as it finishes
            work = ((path, relpath, options) for path, relpath, _ in pending)
            for read in bounded_map(read_path, work, workers if len(candidates) > 1 else 1):
                finish(read)
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
