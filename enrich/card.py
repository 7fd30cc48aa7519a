"""The card JSON of contract 1 (`cardnote/card@1`) as dataclasses, and its serialisation."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA = "cardnote/card@1"
PHONE_KINDS = ("work", "mobile", "fax", "other")
SOURCES = ("ocr", "qr", "user", "enrichment")


@dataclass
class TextField:
    """A single-valued field: name, title, company…"""

    value: str
    confidence: float
    source: str = "ocr"
    raw: str | None = None


@dataclass
class EmailField:
    """An email address; `valid` is false (with a warning) when it fails validation."""

    value: str
    valid: bool
    confidence: float
    source: str = "ocr"
    raw: str | None = None


@dataclass
class PhoneField:
    """A phone number: E.164 `value` when valid, else the raw digits with `valid: false`."""

    value: str
    kind: str  # one of PHONE_KINDS
    region: str | None
    valid: bool
    confidence: float
    source: str = "ocr"
    raw: str | None = None
    region_inferred: bool = False  # true when it only validates with a region we guessed


@dataclass
class WebsiteField:
    """A website, normalised to an https:// URL."""

    value: str
    confidence: float
    source: str = "ocr"
    raw: str | None = None


@dataclass
class SocialField:
    """A social profile URL and the service it belongs to."""

    service: str  # linkedin, x, instagram, facebook, github…
    value: str
    confidence: float = 0.9
    source: str = "ocr"
    raw: str | None = None


@dataclass
class AddressField:
    """A postal address: one-line `value`, the printed `lines`, a country code when known, and its parts.

    The parts come from enrich.address.parse_address: null when unknown; when the address could not be
    split, `street` holds the whole text and the other parts are null.
    """

    value: str
    lines: list[str]
    country: str | None
    confidence: float
    source: str = "ocr"
    raw: str | None = None
    street: str | None = None
    locality: str | None = None
    region: str | None = None
    postal_code: str | None = None
    po_box: str | None = None


@dataclass
class CardFields:
    """Every field the reader extracts; missing singles are None, missing lists are empty."""

    name: TextField | None = None
    given_name: TextField | None = None
    family_name: TextField | None = None
    honorific: TextField | None = None
    title: TextField | None = None
    department: TextField | None = None
    company: TextField | None = None
    emails: list[EmailField] = field(default_factory=list)
    phones: list[PhoneField] = field(default_factory=list)
    websites: list[WebsiteField] = field(default_factory=list)
    address: AddressField | None = None
    social: list[SocialField] = field(default_factory=list)


@dataclass
class Card:
    """A read card: source, fields, offline enrichment, warnings and the OCR evidence."""

    source: dict[str, Any]
    fields: CardFields
    enrichment: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    ocr: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The contract-1 dictionary, ready for json.dumps."""
        return {
            "schema": SCHEMA,
            "source": dict(self.source),
            "fields": asdict(self.fields),
            "enrichment": dict(self.enrichment),
            "warnings": list(self.warnings),
            "ocr": dict(self.ocr),
        }
