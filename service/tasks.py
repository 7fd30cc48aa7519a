"""Celery tasks: thin wrappers over the same functions the in-process code calls (`celery -A service.tasks`).

- `cardnote.read_file` → service.importer.read_data (bytes in, the file's cards out; no database). The
  process running `cardnote import` stores the results, exactly as with the in-process pool.
- `cardnote.scan` → service.drafts.draft_from_image (owner id + bytes in, draft id out; the photo's hash and
  the unique (owner, sha256) key make it idempotent).

Both acknowledge late and are requeued/retried when their worker dies (kill -9, OOM), so a lost worker
loses nothing; running a task twice duplicates nothing. Arguments and results are JSON (bytes as base64):
no pickle from the broker. Settings: see service/queue.py; workers read them from the environment.
"""

from __future__ import annotations

import base64
import functools
from typing import Any

from celery import Celery
from sqlalchemy.exc import OperationalError

from ocr.errors import CardnoteError
from service.queue import QueueSettings, error_to_json, file_read_to_json

celery_app = Celery("cardnote", set_as_current=False)
_configured: QueueSettings | None = None

# Shared by both tasks: late acks + requeue/retry on worker loss (bounded, so an image that kills its worker
# every time ends as a failure instead of looping).
TASK_OPTIONS: dict[str, Any] = {"bind": True, "acks_late": True, "reject_on_worker_lost": True,
                                "retry_on_worker_lost": True, "max_retries": 3,
                                "resultrepr_maxsize": 200}  # results carry card JPEGs: keep them out of the log


def configure(settings: QueueSettings) -> None:
    """Point the Celery app at `settings`' broker, result backend and queue (once per process)."""
    global _configured
    if _configured is not None and _celery_part(settings) == _celery_part(_configured):
        return
    if _configured is not None and _configured.enabled:
        raise CardnoteError("the work queue of this process is already configured differently "
                            f"({_configured.broker_url} / {_configured.queue})")
    celery_app.conf.update(
        broker_url=settings.broker_url,
        result_backend=settings.result_backend,
        task_default_queue=settings.queue,
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        result_accept_content=["json"],
        result_expires=24 * 3600,
        task_track_started=True,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_time_limit=settings.task_time_limit,
        task_soft_time_limit=max(1, settings.task_time_limit - 10),
        worker_prefetch_multiplier=1,  # OCR tasks are long: a worker takes one at a time per process
        worker_cancel_long_running_tasks_on_connection_loss=True,  # redelivered anyway (acks_late)
        broker_connection_retry_on_startup=True,
        broker_transport_options={"visibility_timeout": settings.visibility_timeout,
                                  # check for tasks of vanished workers often enough to honour the timeout
                                  "unacked_restore_interval": max(1, min(10, settings.visibility_timeout // 4)),
                                  "unacked_restore_throttle": 1},
    )
    _configured = settings


def _celery_part(settings: QueueSettings) -> tuple[Any, ...]:
    return (settings.broker_url, settings.result_backend, settings.queue, settings.visibility_timeout,
            settings.task_time_limit)


configure(QueueSettings.from_config())  # `celery -A service.tasks worker` and `cardnote worker` use the environment


@celery_app.task(name="cardnote.read_file", **TASK_OPTIONS)
def read_file_task(self: Any, data_b64: str, relpath: str, options: dict[str, Any]) -> dict[str, Any]:
    """Read one import file's bytes into its cards (service.importer.read_data); never raises for a bad file."""
    from service.importer import ReadOptions, read_data

    return file_read_to_json(read_data(base64.b64decode(data_b64), relpath, ReadOptions(**options)))


@celery_app.task(name="cardnote.scan", autoretry_for=(OperationalError,), retry_backoff=True, **TASK_OPTIONS)
def scan_task(self: Any, owner_id: int, data_b64: str, filename: str, languages: list[str] | None,
              region: str | None) -> dict[str, Any]:
    """Scan a photo into a draft of `owner_id` (service.drafts.draft_from_image): {"draft_id", "created"}."""
    from service.db import db
    from service.drafts import draft_from_image
    from service.models import User

    with _flask_app().app_context():
        owner = db.session.get(User, owner_id)
        if owner is None:
            return {"error": "not_found", "message": "the user of this scan no longer exists", "http_status": 404}
        try:
            result = draft_from_image(db.session, owner, base64.b64decode(data_b64), filename,
                                      languages=languages, region=region)
        except CardnoteError as exc:  # an unreadable photo: a result the web answers with, not a retry
            return error_to_json(exc)
        return {"draft_id": result.draft.id, "created": result.created}


@functools.cache
def _flask_app() -> Any:
    """This worker process's app (settings and database engine); `cardnote worker` migrated before forking."""
    from service.app import create_app

    return create_app({"CARDNOTE_AUTO_MIGRATE": False})
