"""`cardnote export --user EMAIL --format FORMAT [-o FILE]` (in progress)."""

from __future__ import annotations

import click


@click.command("export")
def export() -> None:
    """Export your contacts (being built)."""
    raise click.ClickException("export is not ready yet")
