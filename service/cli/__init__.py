"""The `cardnote` command line (contract 2). Errors become one readable line and an exit code here.

Each command lives in its own module and is imported only when it runs, so `cardnote scan` never loads the
web app and `cardnote serve` never loads the OCR engines.
"""

from __future__ import annotations

import importlib
import sys

import click

from ocr.errors import CardnoteError

# Command name -> "module:attribute", in the order `cardnote --help` lists them.
COMMANDS = {
    "scan": "service.cli.scan:scan",
    "serve": "service.cli.serve:serve",
    "users": "service.cli.users:users",
    "import": "service.cli.imports:import_",
    "export": "service.cli.export:export",
    "backup": "service.cli.backup:backup",
    "restore": "service.cli.backup:restore",
    "worker": "service.cli.worker:worker",
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use (click's documented lazy-loading pattern)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """The command names, in help order."""
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Import and return the named command (None for an unknown name, which click reports)."""
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, _, attribute = target.partition(":")
        return getattr(importlib.import_module(module), attribute)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cardnote")
def cli() -> None:
    """cardnote: read business cards into contacts that carry their context."""


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
