"""`cardnote worker [--concurrency N]`: a Celery worker (prefork pool) for scans and bulk-import reading."""

from __future__ import annotations

import os

import click

from ocr.errors import ConfigurationError
from service.http.app import create_app
from service.jobs.queue import QueueSettings
from service.jobs.tasks import celery_app


@click.command()
@click.option("--concurrency", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: all cores). Each reads one card at a time.")
@click.option("--loglevel", default="info", show_default=True,
              type=click.Choice(["debug", "info", "warning", "error"], case_sensitive=False))
def worker(concurrency: int | None, loglevel: str) -> None:
    """Run scan and import tasks from the queue at CARDNOTE_BROKER_URL (see the README's scale-out section).

    Needs the same CARDNOTE_DATABASE_URL as the web app (PostgreSQL for a team) and the same CARDNOTE_QUEUE.
    A worker killed mid-task loses nothing: its tasks go to another worker after
    CARDNOTE_BROKER_VISIBILITY_TIMEOUT seconds (within seconds when only a pool process dies).
    """
    settings = QueueSettings.from_config()
    if not settings.enabled:
        raise ConfigurationError("cardnote worker needs a broker: set CARDNOTE_BROKER_URL=redis://HOST:6379/0 "
                                 "(without one, scans and imports run in-process and no worker is needed)")
    app = create_app()  # upgrade the schema once, here, not in every forked worker process
    app.extensions["cardnote.db"]["engine"].dispose()  # forked children open their own connections

    argv = ["worker", "--pool=prefork", f"--queues={settings.queue}", f"--loglevel={loglevel.upper()}",
            f"--hostname=cardnote-{os.getpid()}@%h", "--without-gossip", "--without-mingle"]
    if concurrency:
        argv.append(f"--concurrency={concurrency}")
    celery_app.worker_main(argv)
