"""`cardnote export --user EMAIL --format FORMAT [-o FILE] [--vcard-version 4.0|3.0]` (contract 2)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from service.core.accounts import get_user_by_email
from service.core.export import FORMATS, export_stream
from service.http.app import create_app
from service.storage.db import db


@click.command("export")
@click.option("--user", "email", required=True, metavar="EMAIL", help="Whose contacts to export.")
@click.option("--format", "fmt", required=True, type=click.Choice(list(FORMATS)), help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file (default: stdout). Written next to it first, then renamed.")
@click.option("--vcard-version", type=click.Choice(["4.0", "3.0"]), default="4.0", show_default=True,
              help="vCard version for --format vcard (3.0 for older address books).")
def export(email: str, fmt: str, output: Path | None, vcard_version: str) -> None:
    """Export a user's contacts (never drafts) with their meetings, notes and collaborations.

    Formats: json (cardnote's own documents), jcard (RFC 7095), vcard (4.0 or 3.0), csv (cardnote's columns),
    google-csv and outlook-csv (the columns Google Contacts and Outlook import), and import bodies for hubspot,
    salesforce (Leads), google (People API) and msgraph (Microsoft Graph contacts).
    """
    with create_app().app_context():
        owner = get_user_by_email(db.session, email)
        chunks = export_stream(db.session, owner, fmt, vcard_version)
        if output is None:
            for chunk in chunks:
                sys.stdout.write(chunk)
            sys.stdout.flush()
            return
        partial = output.with_name(f".{output.name}.partial")
        try:
            with partial.open("w", encoding="utf-8", newline="") as handle:
                for chunk in chunks:
                    handle.write(chunk)
            os.replace(partial, output)  # a reader never sees half an export
        finally:
            partial.unlink(missing_ok=True)
    click.echo(f"Exported to {output} ({fmt}).", err=True)
