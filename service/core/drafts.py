"""Drafts: scans awaiting context. Creating them is an idempotent task over (owner, image bytes).

A photo becomes one draft per card on it. The photo's SHA-256 decides "already done": scanning the same bytes
twice returns the same drafts, and the unique constraint (owner, sha256) — not a check-then-insert — is what
guarantees it under concurrency. A client may also send an upload key (the phone's offline queue does): the
unique (owner, key) row makes a retried upload answer with the drafts of the first one.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, field
from typing import Any

from PIL import Image
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ocr.errors import UnreadableImage
from service.core.contacts import DEFAULT_PAGE_SIZE, contact_to_json, find_existing
from service.domain.card_sides import merge_back
from service.domain.errors import Conflict, InvalidRequest, NotFound, ValidationFailed
from service.domain.fields import lookup_emails, lookup_phones
from service.domain.ids import as_id
from service.storage.models import Contact, Draft, ScanKey, User

UPLOAD_KEY = re.compile(r"[A-Za-z0-9_-]{8,64}")


@dataclass
class DraftResult:
    """A draft, whether this call created it, and a known contact with the same email/phone (if any)."""

    draft: Draft
    created: bool
    existing_contact: Contact | None


@dataclass
class ScanResult:
    """The drafts one photo became (one per card, in reading order); `draft`/`created` are the first's."""

    drafts: list[DraftResult] = field(default_factory=list)

    @property
    def draft(self) -> Draft | None:
        """The first card's draft (None when a retried upload's drafts were all saved or discarded since)."""
        return self.drafts[0].draft if self.drafts else None

    @property
    def created(self) -> bool:
        """True when this call read the photo and stored new drafts."""
        return any(d.created for d in self.drafts)

    @property
    def existing_contact(self) -> Contact | None:
        """A known contact the first card probably is."""
        return self.drafts[0].existing_contact if self.drafts else None


def existing_contact_for(session: Session, owner: User, draft: Draft) -> Contact | None:
    """The owner's contact this scan probably is: the same photo saved before, or a shared email/phone."""
    same_photo = session.scalar(select(Contact).where(Contact.owner_id == owner.id,
                                                      Contact.source_sha256 == draft.source_sha256).limit(1))
    if same_photo is not None:
        return same_photo
    fields = (draft.card or {}).get("fields") or {}
    return find_existing(session, owner, lookup_emails(fields), lookup_phones(fields))


def upload_key(raw: Any) -> str | None:
    """A client's upload key (form field `key` or `Idempotency-Key` header): None when absent; InvalidRequest
    unless it is 8–64 letters, digits, `-` or `_` (a UUID fits)."""
    if raw in (None, ""):
        return None
    if not isinstance(raw, str) or not UPLOAD_KEY.fullmatch(raw):
        raise InvalidRequest("the upload key must be 8–64 letters, digits, '-' or '_' (e.g. a UUID)",
                             {"key": "expected a UUID"})
    return raw


def card_hash(photo_sha256: str, index: int) -> str:
    """The `source_sha256` of the index-th card (0-based) of a photo: the photo's own hash for the first card (so a
    one-card photo is found by its hash, as before), a hash derived from it for the others."""
    return photo_sha256 if index == 0 else hashlib.sha256(f"{photo_sha256}#{index + 1}".encode()).hexdigest()


def draft_from_image(session: Session, owner: User, data: bytes, filename: str, *,
                     languages: list[str] | None = None, region: str | None = None, key: str | None = None,
                     note: str | None = None) -> ScanResult:
    """Scan a photo into one draft per card for `owner` (or return the drafts of the same bytes, or of the same
    upload `key`); commits. Idempotent over (owner, bytes) and (owner, key): unique keys decide, not a check."""
    sha256 = hashlib.sha256(data).hexdigest()
    if key is not None:
        known = _by_key(session, owner, key)
        if known is not None:  # a retry of an upload that got through: what it made, nothing new
            return scan_result(session, owner, drafts_by_ids(session, owner, known.draft_ids), created=False)
    drafts = drafts_of_photo(session, owner, sha256)
    if drafts:
        if key is not None:  # remember the key too (a concurrent request with it may have been first: fine)
            session.add(ScanKey(owner_id=owner.id, key=key, sha256=sha256, draft_ids=[d.id for d in drafts]))
            try:
                session.commit()
            except IntegrityError:
                session.rollback()
        return scan_result(session, owner, drafts, created=False)
    # Imported here so the app starts (and the API serves everything else) without loading OpenCV and the OCR
    # engines; looked up on the module so a test can stand in for the reader.
    from service.reading import reader

    scans = reader.scan_page(data, filename, languages=languages, region=region)
    if not scans:
        raise UnreadableImage(f"{filename}: no card was found in the photo")
    note = note.strip() if isinstance(note, str) and note.strip() else None
    drafts = []
    for index, scan in enumerate(scans):
        card = scan.card.to_json()
        if len(scans) > 1:
            card.setdefault("source", {}).setdefault("card", index + 1)  # numbered as bulk import numbers them
        drafts.append(Draft(owner_id=owner.id, card=card, image_jpeg=without_metadata(scan.card_jpeg),
                            source_sha256=card_hash(sha256, index), filename=filename[:255] if filename else None,
                            note=note))
    session.add_all(drafts)
    try:  # all cards of the photo and its key in one transaction
        session.flush()
        if key is not None:
            session.add(ScanKey(owner_id=owner.id, key=key, sha256=sha256, draft_ids=[d.id for d in drafts]))
        session.commit()
    except IntegrityError:  # the same photo or upload key was stored concurrently: keep the first one's drafts
        session.rollback()
        known = _by_key(session, owner, key) if key is not None else None
        drafts = drafts_by_ids(session, owner, known.draft_ids) if known else drafts_of_photo(session, owner, sha256)
        if not drafts:
            raise
        return scan_result(session, owner, drafts, created=False)
    return scan_result(session, owner, drafts, created=True)


def _by_key(session: Session, owner: User, key: str) -> ScanKey | None:
    return session.scalar(select(ScanKey).where(ScanKey.owner_id == owner.id, ScanKey.key == key))


def scan_result(session: Session, owner: User, drafts: list[Draft], *, created: bool) -> ScanResult:
    """A ScanResult over `drafts`, each with the known contact it probably is."""
    return ScanResult([DraftResult(d, created, existing_contact_for(session, owner, d)) for d in drafts])


def drafts_by_ids(session: Session, owner: User, draft_ids: list[int]) -> list[Draft]:
    """The owner's drafts of these ids that still exist, in the order given."""
    found = {d.id: d for d in session.scalars(select(Draft).where(Draft.owner_id == owner.id,
                                                                  Draft.id.in_(draft_ids)))}
    return [found[i] for i in draft_ids if i in found]


def drafts_of_photo(session: Session, owner: User, sha256: str) -> list[Draft]:
    """The drafts a photo made, in card order: the first by the photo's hash, the others by their derived ones."""
    first = _by_hash(session, owner, sha256)
    if first is None:
        return []
    drafts = [first]
    while True:  # a few cards per photo at most: one small indexed query each
        following = _by_hash(session, owner, card_hash(sha256, len(drafts)))
        if following is None:
            return drafts
        drafts.append(following)


def add_back(session: Session, owner: User, draft_id: Any, data: bytes, filename: str, *,
             languages: list[str] | None = None, region: str | None = None) -> Draft:
    """Read the back of a draft's card and merge it in (card_sides.merge_back), keeping its image; commits.

    Sending the same back again returns the draft unchanged; a different back once one is stored is a Conflict."""
    draft = get_draft(session, owner, draft_id)
    sha256 = hashlib.sha256(data).hexdigest()
    if draft.back_sha256 is not None:
        if draft.back_sha256 == sha256:
            return draft
        raise Conflict("This card already has its back; discard the scan and photograph both sides again to "
                       "replace it.")
    if sha256 == draft.source_sha256:
        raise ValidationFailed("This is the same photo as the front; photograph the other side of the card.",
                               {"image": "the same photo as the front"})
    from service.reading import reader

    scan = reader.scan_image(data, filename, languages=languages, region=region)
    # Claim the draft's back first: of two uploads at once only one merges (the row's state decides, atomically).
    claimed = session.execute(update(Draft).where(Draft.id == draft.id, Draft.back_sha256.is_(None))
                              .values(back_sha256=sha256)).rowcount
    if not claimed:
        session.rollback()
        session.refresh(draft)
        if draft.back_sha256 == sha256:
            return draft
        raise Conflict("Another photo of the back was added at the same time; reload the draft.")
    draft.card = merge_back(draft.card or {}, scan.card.to_json())  # through the ORM: the audit log sees it
    draft.back_jpeg = without_metadata(scan.card_jpeg)
    session.commit()
    return draft


def without_metadata(jpeg: bytes | None) -> bytes | None:
    """The JPEG without EXIF/GPS, XMP, IPTC, ICC or comments (re-encoded only when it carries any; the reader's
    output normally does not)."""
    if jpeg is None:
        return None
    with Image.open(io.BytesIO(jpeg)) as image:
        # Every APPn segment but APP0 (the JFIF header) and every COM segment is metadata.
        segments = [name for name, _data in getattr(image, "applist", [])]
        if all(name == "APP0" for name in segments) and not image.getexif():
            return jpeg
        pixels = image.convert("RGB")
        pixels.info.clear()  # Pillow would otherwise write the comment (and more) back
        clean = io.BytesIO()
        pixels.save(clean, format="JPEG", quality=88)
    return clean.getvalue()


def _by_hash(session: Session, owner: User, sha256: str) -> Draft | None:
    return session.scalar(select(Draft).where(Draft.owner_id == owner.id, Draft.source_sha256 == sha256))


def get_draft(session: Session, owner: User, draft_id: Any) -> Draft:
    """The owner's draft; NotFound for an unknown id or another user's draft."""
    draft = session.scalar(select(Draft).where(Draft.id == as_id(draft_id), Draft.owner_id == owner.id))
    if draft is None:
        raise NotFound("no such draft")
    return draft


def list_drafts(session: Session, owner: User, limit: int = DEFAULT_PAGE_SIZE, offset: int = 0) -> list[Draft]:
    """The owner's drafts (the "Needs context" inbox), newest first."""
    return list(session.scalars(select(Draft).where(Draft.owner_id == owner.id)
                                .order_by(Draft.created_at.desc(), Draft.id.desc()).limit(limit).offset(offset)))


def delete_draft(session: Session, owner: User, draft_id: Any) -> None:
    """Discard one of the owner's drafts."""
    session.delete(get_draft(session, owner, draft_id))
    session.flush()


def draft_to_json(draft: Draft, existing_contact: Contact | None = None, *, with_existing: bool = True
                  ) -> dict[str, Any]:
    """A draft as JSON: id, card (contract 1), whether an image is stored, and a known contact if any."""
    body: dict[str, Any] = {
        "id": draft.id,
        "card": draft.card,
        "filename": draft.filename,
        "source_sha256": draft.source_sha256,
        "has_image": bool(draft.has_image),
        "has_back": bool(draft.has_back),
        "note": draft.note,
        "created_at": draft.created_at.isoformat() if draft.created_at else None,
    }
    if with_existing:
        body["existing_contact"] = contact_to_json(existing_contact) if existing_contact else None
    return body
