"""The `cardnote` command line (contract 2). Errors become one readable line and an exit code here."""

from __future__ import annotations

import sys

import click

from ocr.errors import CardnoteError
from service.cli.backup import backup, restore
from service.cli.export import export
from service.cli.imports import import_
from service.cli.scan import scan
from service.cli.serve import serve
from service.cli.users import users
from service.cli.worker import worker


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cardnote")
def cli() -> None:
    """cardnote: read business cards into contacts that carry their context."""


cli.add_command(scan)
cli.add_command(serve)
cli.add_command(users)
cli.add_command(import_)
cli.add_command(export)
cli.add_command(backup)
cli.add_command(restore)
cli.add_command(worker)


def main() -> None:
    """Console-script entry point: run the CLI, turning CardnoteError into one line on stderr."""
    try:
        status = cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except CardnoteError as exc:
        click.echo(f"cardnote: {exc.message}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    # With standalone_mode=False click returns ctx.exit()'s status instead of exiting.
    sys.exit(status if isinstance(status, int) else 0)
