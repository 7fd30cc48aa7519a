"""Helpers for the service tests: users with tokens, a stand-in reader, valid context."""

from __future__ import annotations

import io

from PIL import Image

from enrich.card import Card, CardFields, EmailField, PhoneField, TextField
from service.core.accounts import create_user, issue_token
from service.reading.reader import Scan
from service.storage.db import db

NOTE = "Talked about their research group and how our tools could help their lab."
COLLABORATION = {"kind": "partner", "detail": "Run a joint workshop for their research team"}


def add_user(app, email: str, password: str = "correct horse battery") -> dict[str, str]:
    """Create a user in the app's database; return Authorization headers for a fresh token."""
    with app.app_context():
        user = create_user(db.session, email, password)
        _, secret = issue_token(db.session, user, "test")
        db.session.commit()
    return {"Authorization": f"Bearer {secret}"}


def jpeg_bytes(colour: str = "white", size: tuple[int, int] = (60, 40), exif: bool = False) -> bytes:
    """A small JPEG; with `exif`, it carries an EXIF block with a GPS tag."""
    out = io.BytesIO()
    image = Image.new("RGB", size, colour)
    if exif:
        tags = Image.Exif()
        tags[0x010F] = "PhoneMaker"  # Make
        tags[0x8825] = {2: (40.0, 25.0, 0.0)}  # GPSInfo: latitude
        image.save(out, format="JPEG", exif=tags.tobytes())
    else:
        image.save(out, format="JPEG")
    return out.getvalue()


def fake_card(name: str = "Irene Soliz", email: str = "isoliz@merino.example", phone: str = "+34612345678",
              filename: str = "card.jpg") -> Card:
    """A read card as the reader would return it, without running OCR."""
    fields = CardFields(
        name=TextField(name, 0.94, "ocr", name),
        company=TextField("Merino Soluciones", 0.7, "ocr"),
        emails=[EmailField(email, True, 0.97, "ocr", f"Correo: {email}")] if email else [],
        phones=[PhoneField(phone, "mobile", "ES", True, 0.95, "ocr", phone)] if phone else [],
    )
    return Card(source={"file": filename, "sha256": "x", "width": 60, "height": 40}, fields=fields,
                enrichment={"country": "ES"}, warnings=[], ocr={"engine": "fake", "lines": []})


class FakeReader:
    """Stands in for service.reading.reader.scan_image (and, `per_photo` cards at a time, scan_page): returns queued
    cards and counts calls."""

    def __init__(self, *cards: Card, image: bytes | None = None, per_photo: int = 1) -> None:
        self.cards = list(cards)
        self.image = image if image is not None else jpeg_bytes("grey")
        self.calls = 0
        self.per_photo = per_photo

    def page(self, data: bytes, filename: str, **options: object) -> list[Scan]:
        """Like scan_page: `per_photo` cards read from one photo."""
        return [self(data, filename, **options) for _ in range(self.per_photo)]

    def __call__(self, data: bytes, filename: str, **_options: object) -> Scan:
        """Return the next queued card (the last one repeats)."""
        self.calls += 1
        card = self.cards.pop(0) if len(self.cards) > 1 else self.cards[0]
        return Scan(card=card, card_jpeg=self.image)


def use_fake_reader(monkeypatch, reader) -> None:
    """Replace the reader's scan_image (the back of a card) and scan_page (a photo's cards) with `reader`."""
    import service.reading.reader

    page = reader.page if isinstance(reader, FakeReader) else (
        lambda data, filename, **options: [reader(data, filename, **options)])
    monkeypatch.setattr(service.reading.reader, "scan_image", reader)
    monkeypatch.setattr(service.reading.reader, "scan_page", page)
