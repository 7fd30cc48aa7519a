"""Bulk import as plain, idempotent tasks over bytes and ids, so the in-process pool and Celery run the same code.

- `read_file(data, name)` → the cards in a file (no database): every card of every page (multi-card flatbed
  scans, multi-page TIFF, each page of a PDF), each with its card JSON, its card JPEG and the SHA-256 of it;
  or every person of a contacts file (.vcf, Google/Outlook CSV), identified by their name, emails and phones.
- `store_file(session, owner, file_read, …)` → one transaction per file. The file's SHA-256 (imported_files)
  and each card crop's SHA-256 (imported_cards) are unique per user: they are inserted with
  INSERT … ON CONFLICT DO NOTHING, never check-then-insert, so a re-run or a second importer running at the
  same time adds nothing, and a killed import leaves either the whole file or none of it.

Without notes every card becomes a draft (the "Needs context" inbox). With a sidecar row whose context passes
domain.validate_context, the draft becomes a contact with its first meeting (contacts.create_contact).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import Table, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ocr.errors import CardnoteError, UnreadableImage
from service.core.contact_files import CONTACT_SUFFIXES, is_contact_file, person_sha256, read_contact_file
from service.core.contacts import create_contact
from service.core.drafts import existing_contact_for, without_metadata
from service.core.events import create_event
from service.core.import_notes import NoteRow, Sidecar
from service.domain.context import ContextSettings, context_message, validate_context
from service.domain.dates import parse_iso_date
from service.reading.pdf_pages import render_pages
from service.storage.models import Draft, Event, ImportedCard, ImportedFile, User, utcnow

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".jpe", ".png", ".webp", ".tif", ".tiff", ".heic", ".heif"})
PDF_SUFFIXES = frozenset({".pdf"})


@dataclass(frozen=True)
class ReadOptions:
    """How to read the cards: Tesseract languages, default phone region, OCR engine (None: defaults)."""

    languages: list[str] | None = None
    region: str | None = None
    engine: str | None = None


@dataclass
class CardRead:
    """One card found in a file: card JSON (contract 1), flattened card JPEG, crop hash and place in the file."""

    card: dict[str, Any]
    jpeg: bytes | None
    sha256: str
    position: int  # 1-based, in reading order over all pages of the file


@dataclass
class FileRead:
    """What a worker returns for one file: small (card JSON + card JPEGs), or a readable error."""

    relpath: str
    sha256: str
    cards: list[CardRead] = field(default_factory=list)
    error: str | None = None


@dataclass
class FileOutcome:
    """What storing one file did."""

    drafts: int = 0
    contacts: int = 0
    already: int = 0  # cards imported before (by this or another importer)
    file_already: bool = False
    problems: list[str] = field(default_factory=list)  # sidecar rows left as drafts, with the reason
    draft_ids: list[int] = field(default_factory=list)  # drafts holding this file's cards (new or earlier)
    contact_ids: list[int] = field(default_factory=list)  # contacts made from them now


def walk(folder: Path, ignore: Path | None = None) -> Iterator[tuple[Path, str, str | None]]:
    """Every file under `folder`, sorted: (path, relative path, None) to import or (…, reason) to skip."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root) / name
            relpath = path.relative_to(folder).as_posix()
            suffix = path.suffix.lower()
            if ignore is not None and path.resolve() == ignore:
                yield path, relpath, "the notes sidecar"
            elif name.startswith("."):
                yield path, relpath, "hidden file"
            elif path.is_symlink():
                yield path, relpath, "symbolic link (not followed)"
            elif suffix not in IMAGE_SUFFIXES | PDF_SUFFIXES | CONTACT_SUFFIXES:
                kind = f"{suffix} files" if suffix else "files without an extension"
                yield path, relpath, f"not a card image, PDF or contacts file ({kind} are not imported)"
            else:
                yield path, relpath, None


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, read in chunks."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def read_file(data: bytes, name: str, options: ReadOptions | None = None) -> list[CardRead]:
    """Every card in an image or PDF (several per page when a page holds several), or every person in a contacts
    file (.vcf, Google or Outlook CSV: contact_files.py); raises CardnoteError."""
    # Imported at call time: the web app and the storing process never load OpenCV and the OCR engines.
    from service.reading import reader

    options = options or ReadOptions()
    # people typed into an address book: one card per person, no image
    if is_contact_file(data, name, IMAGE_SUFFIXES | PDF_SUFFIXES):
        people = read_contact_file(data, name, options.region)
        return [CardRead(card=card, jpeg=None, sha256=person_sha256(card), position=position)
                for position, card in enumerate(people, start=1)]
    sha256 = hashlib.sha256(data).hexdigest()
    if Path(name).suffix.lower() in PDF_SUFFIXES or data.startswith(b"%PDF-"):
        pages: Iterator[tuple[int | None, bytes]] = ((i + 1, page) for i, page in enumerate(render_pages(data, name)))
    else:
        pages = iter([(None, data)])
    scans = []
    for page, page_bytes in pages:
        page_name = f"{name}#page{page}" if page else name
        for scan in reader.scan_page(page_bytes, page_name, languages=options.languages, region=options.region,
                                     engine=options.engine):
            card = scan.card.to_json()
            card["source"].update(file=name, sha256=sha256)  # a PDF page's scan names the rendered page
            if page:
                card["source"]["page"] = page
            scans.append((card, scan.card_jpeg))
    if not scans:
        raise UnreadableImage(f"{name}: no card was found in the file")
    reads = []
    for position, (card, jpeg) in enumerate(scans, start=1):
        if len(scans) > 1:
            card["source"]["card"] = position
        reads.append(CardRead(card=card, jpeg=jpeg, sha256=card_sha256(card, jpeg), position=position))
    return reads


def card_sha256(card: dict[str, Any], jpeg: bytes | None) -> str:
    """The crop's identity: SHA-256 of the flattened card JPEG (of the card text when no image was kept)."""
    if jpeg:
        return hashlib.sha256(jpeg).hexdigest()
    text = "\n".join(line.get("text", "") for line in (card.get("ocr") or {}).get("lines") or [])
    return hashlib.sha256(f"{card['source'].get('sha256')}:{card['source'].get('card', 1)}:{text}".encode()
                          ).hexdigest()


def read_path(path: str, relpath: str, options: ReadOptions) -> FileRead:
    """Worker task of the in-process pool: read one file into its cards; never raises (see read_data)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return FileRead(relpath, "", error=f"cannot read the file ({exc.strerror or exc})")
    return read_data(data, relpath, options)


def read_data(data: bytes, relpath: str, options: ReadOptions) -> FileRead:
    """The per-file task (in-process pool and Celery alike): a file's bytes into its cards; never raises."""
    name = PurePosixPath(relpath).name
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        return FileRead(relpath, sha256, read_file(data, name, options))
    except CardnoteError as exc:
        return FileRead(relpath, sha256, error=_without_name(exc.message, name))
    except Exception as exc:  # a reader bug on one file must not stop the import of the others
        return FileRead(relpath, sha256, error=f"unexpected error while reading ({type(exc).__name__}: {exc})")


def _without_name(message: str, name: str) -> str:
    prefix = f"{name}: "
    return message[len(prefix):] if message.startswith(prefix) else message


def insert_ignore(session: Session, table: Table, values: dict[str, Any]) -> int | None:
    """INSERT … ON CONFLICT DO NOTHING RETURNING id: the new row's id, or None when a unique key already exists."""
    dialect = session.get_bind().dialect.name
    if dialect in ("sqlite", "postgresql"):
        if dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert
        else:
            from sqlalchemy.dialects.postgresql import insert
        statement = insert(table).values(**values).on_conflict_do_nothing().returning(table.c.id)
        return session.execute(statement).scalar()
    try:  # other databases: a savepoint keeps the outer transaction usable after the conflict
        with session.begin_nested():
            return session.execute(table.insert().values(**values).returning(table.c.id)).scalar()
    except IntegrityError:
        return None


def store_file(session: Session, owner: User, read: FileRead, notes: Sidecar | None = None,
               settings: ContextSettings | None = None) -> FileOutcome:
    """Store one read file for `owner` in ONE transaction (commits); a file or card seen before adds nothing."""
    settings = settings or ContextSettings()
    outcome = FileOutcome()
    try:
        gate = insert_ignore(session, ImportedFile.__table__, {
            "owner_id": owner.id, "sha256": read.sha256, "filename": read.relpath[:1024], "cards": len(read.cards),
            "created_at": utcnow()})
        if gate is None:  # finished before, or by another importer that got there first
            session.rollback()
            outcome.file_already, outcome.already = True, len(read.cards)
            return outcome
        for card in read.cards:
            _store_card(session, owner, read, card, notes, settings, outcome)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return outcome


def _store_card(session: Session, owner: User, read: FileRead, card: CardRead, notes: Sidecar | None,
                settings: ContextSettings, outcome: FileOutcome) -> None:
    imported_id = insert_ignore(session, ImportedCard.__table__, {
        "owner_id": owner.id, "sha256": card.sha256, "file_sha256": read.sha256, "position": str(card.position),
        "created_at": utcnow()})
    if imported_id is None:  # the same card crop came in another file before
        outcome.already += 1
        return
    # A single-card file's draft carries the file's hash, like a scan of the same photo on the web.
    draft_sha = read.sha256 if len(read.cards) == 1 else card.sha256
    draft_id = insert_ignore(session, Draft.__table__, {
        "owner_id": owner.id, "card": card.card, "image_jpeg": without_metadata(card.jpeg), "source_sha256": draft_sha,
        "filename": Path(read.relpath).name[:255], "created_at": utcnow()})
    created = draft_id is not None
    if not created:  # this photo was scanned on the web already: its draft stands for the card
        draft_id = session.scalar(select(Draft.id).where(Draft.owner_id == owner.id, Draft.source_sha256 == draft_sha))
        outcome.already += 1
    else:
        outcome.drafts += 1
    session.execute(update(ImportedCard).where(ImportedCard.id == imported_id).values(draft_id=draft_id))
    row = notes.for_card(read.relpath, card.position) if notes else None
    converted = False
    if row is not None and draft_id is not None:
        converted = _apply_context(session, owner, imported_id, draft_id, f"{read.relpath}{_card_label(read, card)}",
                                   row, settings, outcome)
        if converted and created:
            outcome.drafts -= 1
    if draft_id is not None and not converted:
        outcome.draft_ids.append(draft_id)


def _card_label(read: FileRead, card: CardRead) -> str:
    return f" (card {card.position})" if len(read.cards) > 1 else ""


def apply_notes_to_imported(session: Session, owner: User, sha256: str, relpath: str, notes: Sidecar | None,
                            settings: ContextSettings | None = None) -> FileOutcome:
    """A file imported before: its drafts still waiting, made contacts where the sidecar (if any) gives context."""
    settings = settings or ContextSettings()
    outcome = FileOutcome(file_already=True)
    try:
        rows = session.execute(select(ImportedCard.id, ImportedCard.draft_id, ImportedCard.position,
                                      ImportedCard.contact_id)
                               .where(ImportedCard.owner_id == owner.id, ImportedCard.file_sha256 == sha256)
                               .order_by(ImportedCard.id)).all()
        several = len(rows) > 1
        for imported_id, draft_id, position, _contact_id in rows:
            outcome.already += 1
            row = notes.for_card(relpath, int(position)) if notes is not None else None
            label = f"{relpath} (card {position})" if several else relpath
            if draft_id is not None and not (row is not None and _apply_context(
                    session, owner, imported_id, draft_id, label, row, settings, outcome)):
                outcome.draft_ids.append(draft_id)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return outcome


def _apply_context(session: Session, owner: User, imported_id: int, draft_id: int, label: str, row: NoteRow,
                   settings: ContextSettings, outcome: FileOutcome) -> bool:
    """Make the draft a contact with its first meeting if the row's context passes the rule; else report why not."""
    errors = validate_context(row.note, row.collaboration_kind, row.collaboration_detail, settings)
    if errors:
        outcome.problems.append(f"{label}: left as a draft (notes line {row.line}). {context_message(errors)}")
        return False
    met_on = parse_iso_date(row.met_on) if row.met_on else None
    if row.met_on and met_on is None:
        outcome.problems.append(f"{label}: left as a draft (notes line {row.line}): met_on {row.met_on!r} is not a "
                                "date (YYYY-MM-DD)")
        return False
    draft = session.get(Draft, draft_id)
    if draft is None:
        return False
    known = existing_contact_for(session, owner, draft)
    if known is not None:  # someone already known: the inbox offers to add a meeting there, not a duplicate
        outcome.problems.append(f"{label}: left as a draft (notes line {row.line}): it matches your contact "
                                f"{known.name or known.company or known.email!r} (#{known.id}); add the meeting there")
        return False
    event_id = _event_id(session, owner, row.event, met_on) if row.event else None
    contact = create_contact(session, owner, fields=None, draft_id=draft_id, note=row.note, event_id=event_id,
                             collaboration={"kind": row.collaboration_kind, "detail": row.collaboration_detail},
                             date=met_on, settings=settings)
    session.execute(update(ImportedCard).where(ImportedCard.id == imported_id)
                    .values(draft_id=None, contact_id=contact.id))
    outcome.contacts += 1
    outcome.contact_ids.append(contact.id)
    return True


def _event_id(session: Session, owner: User, name: str, met_on: dt.date | None) -> int:
    # Events carry no unique name (issue 5 owns that table), so this is a plain look-up: two importers
    # creating the same new event at the same instant could make it twice; cards and contacts cannot.
    event = session.scalar(select(Event).where(Event.owner_id == owner.id,
                                               func.lower(Event.name) == name.strip().lower()).order_by(Event.id))
    return (event or create_event(session, owner, {"name": name, "date": met_on})).id


def already_imported(session: Session, owner: User, sha256: str) -> int | None:
    """How many cards `owner` imported from a file with these bytes; None when it was never imported."""
    return session.scalar(select(ImportedFile.cards).where(ImportedFile.owner_id == owner.id,
                                                           ImportedFile.sha256 == sha256))


def import_bytes(session: Session, owner: User, data: bytes, name: str, options: ReadOptions | None = None,
                 notes: Sidecar | None = None, settings: ContextSettings | None = None) -> FileOutcome:
    """The whole task for one file's bytes (what a Celery worker or the web upload calls): read, then store."""
    sha256 = hashlib.sha256(data).hexdigest()
    cards = already_imported(session, owner, sha256)
    session.rollback()
    if cards is not None:
        outcome = apply_notes_to_imported(session, owner, sha256, name, notes, settings)
        outcome.already = cards
        return outcome
    return store_file(session, owner, FileRead(name, sha256, read_file(data, name, options)), notes, settings)

