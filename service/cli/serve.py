"""`cardnote serve`: the web app and API on waitress, a production WSGI server (contract 2)."""

from __future__ import annotations

import logging

import click

from service.http.app import create_app
from service.http.server import make_server


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on (0.0.0.0 for all).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="TCP port.")
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64),
              help="Worker threads answering requests.")
def serve(host: str, port: int, threads: int) -> None:
    """Serve the web app and the JSON API (SQLite in the data folder unless CARDNOTE_DATABASE_URL is set)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = create_app()  # upgrades the database schema first
    click.echo(f"cardnote: serving on http://{host}:{port} (database {app.config['CARDNOTE_DATABASE_URL']!s:.60})",
               err=True)
    make_server(app, host, port, threads).run()
