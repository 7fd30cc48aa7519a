"""Exports of a user's contacts (never drafts), streamed: cardnote's JSON, jCard, vCard, three CSV
layouts (cardnote, Google Contacts, Outlook) and four CRMs.

`export_stream(session, owner, fmt)` yields text chunks; `FORMATS` says each format's media type and file
extension. Field mappings for the CRMs are data tables in mappings.py; one writer module per format family.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from service.core.export import csv_writer, json_writers, vcard_writer
from service.core.export.source import contact_document, flat, iter_contacts
from service.domain.errors import InvalidRequest
from service.storage.audit import record_export
from service.storage.models import User


@dataclass(frozen=True)
class ExportFormat:
    """One export format: how to write it, its media type, file extension and a one-line description."""

    name: str
    media_type: str
    extension: str
    description: str
    write: Callable[..., Iterator[str]]


FORMATS: dict[str, ExportFormat] = {f.name: f for f in (
    ExportFormat("json", "application/json", "json", "cardnote's own contact documents (contact.schema.json)",
                 json_writers.write_json),
    ExportFormat("jcard", "application/vcard+json", "jcard.json", "jCard, RFC 7095 (an array of jCards)",
                 json_writers.write_jcard),
    ExportFormat("vcard", "text/vcard", "vcf", "vCard 4.0 (RFC 6350), or 3.0 on request", vcard_writer.write_vcard),
    ExportFormat("csv", "text/csv", "csv", "one row per contact, cardnote's documented header", csv_writer.write_csv),
    ExportFormat("google-csv", "text/csv", "google.csv", "Google Contacts import CSV (UTF-8)",
                 csv_writer.write_google_csv),
    ExportFormat("outlook-csv", "text/csv", "outlook.csv", "Outlook import CSV (UTF-8 with BOM)",
                 csv_writer.write_outlook_csv),
    ExportFormat("hubspot", "application/json", "hubspot.json", "HubSpot CRM v3 batch contact inputs",
                 json_writers.write_hubspot),
    ExportFormat("salesforce", "application/json", "salesforce.json", "Salesforce Lead records (sObject Collections)",
                 json_writers.write_salesforce),
    ExportFormat("google", "application/json", "google.json", "Google People API Person resources",
                 json_writers.write_google),
    ExportFormat("msgraph", "application/json", "msgraph.json", "Microsoft Graph contact resources",
                 json_writers.write_msgraph),
)}


def get_format(name: str | None) -> ExportFormat:
    """The named format; InvalidRequest (400) listing the known ones otherwise."""
    if not name or name.strip().lower() not in FORMATS:
        known = ", ".join(FORMATS)
        raise InvalidRequest(f"unknown export format {name!r}; choose one of {known}",
                             {"format": f"one of {known}"})
    return FORMATS[name.strip().lower()]


def check_vcard_version(version: str | None) -> str:
    """'4.0' (default) or '3.0'; InvalidRequest for anything else."""
    version = (version or "4.0").strip()
    if version not in vcard_writer.VERSIONS:
        raise InvalidRequest(f"vCard version {version!r} is not supported; use 4.0 or 3.0",
                             {"vcard_version": "4.0 or 3.0"})
    return version


def rows(session: Session, owner: User, with_flat: bool = True) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(contact document, flat view) for each of the owner's contacts, read in batches (the `json` format needs
    no flat view, whose address split is the costly part)."""
    for contact in iter_contacts(session, owner):
        document = contact_document(contact)
        yield document, flat(document) if with_flat else {}


def export_stream(session: Session, owner: User, fmt: str, vcard_version: str | None = None) -> Iterator[str]:
    """Text chunks of the owner's contacts in format `fmt` (validated before the first chunk is produced)."""
    spec = get_format(fmt)
    version = check_vcard_version(vcard_version) if spec.name == "vcard" else None
    record_export(session, owner, spec.name)  # the audit log (service/storage/audit.py)
    contacts = rows(session, owner, with_flat=spec.name != "json")
    if version is not None:
        return spec.write(contacts, version)
    return spec.write(contacts)
