"""Drafts: scans awaiting context. Creating one is an idempotent task over (owner, image bytes).

The photo's SHA-256 decides "already done": scanning the same bytes twice returns the same draft, and the
unique constraint (owner, sha256) — not a check-then-insert — is what guarantees it under concurrency.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from typing import Any

from PIL import Image
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.core.contacts import DEFAULT_PAGE_SIZE, contact_to_json, find_existing
from service.domain.errors import NotFound
from service.domain.fields import lookup_emails, lookup_phones
from service.domain.ids import as_id
from service.storage.models import Contact, Draft, User


@dataclass
class DraftResult:
    """A draft, whether this call created it, and a known contact with the same email/phone (if any)."""

    draft: Draft
    created: bool
    existing_contact: Contact | None


def existing_contact_for(session: Session, owner: User, draft: Draft) -> Contact | None:
    """The owner's contact this scan probably is: the same photo saved before, or a shared email/phone."""
    same_photo = session.scalar(select(Contact).where(Contact.owner_id == owner.id,
                                                      Contact.source_sha256 == draft.source_sha256).limit(1))
    if same_photo is not None:
        return same_photo
    fields = (draft.card or {}).get("fields") or {}
    return find_existing(session, owner, lookup_emails(fields), lookup_phones(fields))


def draft_from_image(session: Session, owner: User, data: bytes, filename: str, *,
                     languages: list[str] | None = None, region: str | None = None) -> DraftResult:
    """Scan an image into a draft for `owner` (or return the draft of the same bytes); commits."""
    sha256 = hashlib.sha256(data).hexdigest()
    found = _by_hash(session, owner, sha256)
    if found is None:
        # Imported here so the app starts (and the API serves everything else) without loading OpenCV and the
        # OCR engines; looked up on the module so a test can stand in for the reader.
        from service.reading import reader

        scan = reader.scan_image(data, filename, languages=languages, region=region)
        draft = Draft(owner_id=owner.id, card=scan.card.to_json(), image_jpeg=without_metadata(scan.card_jpeg),
                      source_sha256=sha256, filename=filename[:255] if filename else None)
        session.add(draft)
        try:
            session.commit()
            created = True
        except IntegrityError:  # the same photo was scanned concurrently: keep the first draft
            session.rollback()
            draft, created = _by_hash(session, owner, sha256), False
            if draft is None:
                raise
    else:
        draft, created = found, False
    return DraftResult(draft, created, existing_contact_for(session, owner, draft))


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
        "created_at": draft.created_at.isoformat() if draft.created_at else None,
    }
    if with_existing:
        body["existing_contact"] = contact_to_json(existing_contact) if existing_contact else None
    return body
