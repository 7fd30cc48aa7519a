"""Celery tasks: thin wrappers over the same functions the in-process code calls (`celery -A service.jobs.tasks`).

- `cardnote.read_file` → service.core.importer.read_data (bytes in, the file's cards out; no database). The
  process running `cardnote import` stores the results, exactly as with the in-process pool.
- `cardnote.scan` → service.core.drafts.draft_from_image (owner id + bytes in, draft ids out; the photo's hash and
  the unique (owner, sha256) key make it idempotent).

Both acknowledge late and are requeued/retried when their worker dies (kill -9, OOM), so a lost worker
loses nothing; running a task twice duplicates nothing. Arguments and results are JSON (bytes as base64):
no pickle from the broker. Settings: see service/jobs/queue.py; workers read them from the environment.
"""

from __future__ import annotations

import base64
import functools
from typing import Any

from celery import Celery
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from ocr.errors import CardnoteError
from service.core.drafts import draft_from_image
from service.core.importer import ReadOptions, read_data
from service.jobs.queue import (
    READ_FILE_TASK,
    SCAN_TASK,
    QueueSettings,
    celery_config,
    error_to_json,
    file_read_to_json,
)
from service.settings.config import default_instance_path, load_settings
from service.storage import audit
from service.storage.db import make_engine
from service.storage.models import User

# Configured from the environment: `celery -A service.jobs.tasks worker` and `cardnote worker` start from here.
celery_app = Celery("cardnote", set_as_current=False)
celery_app.conf.update(celery_config(QueueSettings.from_config()))

# Late acks + requeue/retry on worker loss (bounded, so an image that kills its worker every time ends as a
# failure instead of looping).
TASK_OPTIONS: dict[str, Any] = {"bind": True, "acks_late": True, "reject_on_worker_lost": True,
                                "retry_on_worker_lost": True, "max_retries": 3,
                                "default_retry_delay": 1,  # Celery's default waits 3 minutes before the retry
                                "resultrepr_maxsize": 200}  # results carry card JPEGs: keep them out of the log


@celery_app.task(name=READ_FILE_TASK, **TASK_OPTIONS)
def read_file_task(self: Any, data_b64: str, relpath: str, options: dict[str, Any]) -> dict[str, Any]:
    """Read one import file's bytes into its cards (service.core.importer.read_data); never raises for a bad file."""
    return file_read_to_json(read_data(base64.b64decode(data_b64), relpath, ReadOptions(**options)))


@celery_app.task(name=SCAN_TASK, autoretry_for=(OperationalError,), retry_backoff=True, **TASK_OPTIONS)
def scan_task(self: Any, owner_id: int, data_b64: str, filename: str, languages: list[str] | None,
              region: str | None, key: str | None = None, note: str | None = None) -> dict[str, Any]:
    """Scan a photo into drafts of `owner_id`, one per card (service.core.drafts.draft_from_image):
    {"draft_ids", "draft_id" (the first), "created"}."""
    with _sessions()() as session:
        owner = session.get(User, owner_id)
        if owner is None:
            return {"error": "not_found", "message": "the user of this scan no longer exists", "http_status": 404}
        try:
            result = draft_from_image(session, owner, base64.b64decode(data_b64), filename,
                                      languages=languages, region=region, key=key, note=note)
        except CardnoteError as exc:  # an unreadable photo: a result the web answers with, not a retry
            return error_to_json(exc)
        ids = [d.draft.id for d in result.drafts]
        return {"draft_ids": ids, "draft_id": ids[0] if ids else None, "created": result.created}


@functools.cache
def _sessions() -> sessionmaker[Session]:
    """This worker process's sessions on the configured database (`cardnote worker` migrated before forking)."""
    audit.install()  # the audit log records the drafts made here, as in the web app
    settings = load_settings(default_instance_path())
    return sessionmaker(make_engine(settings["CARDNOTE_DATABASE_URL"]), expire_on_commit=False)
