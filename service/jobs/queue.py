"""The work queue seen from the web app and `cardnote import`: settings, scans through Celery, import fan-out.

Without CARDNOTE_BROKER_URL nothing here touches Celery: scans run in the request and imports in the
in-process pool, as before. With it, the same task functions (service.core.drafts.draft_from_image and
service.core.importer.read_data) run on `cardnote worker` processes (service/jobs/tasks.py).

Settings (environment variable = Flask config key; a Flask config value wins over the environment):
  CARDNOTE_BROKER_URL                 redis://host:6379/0 — turns the queue on; unset: everything in-process.
  CARDNOTE_RESULT_BACKEND             where task results wait (Redis); default: the broker URL.
  CARDNOTE_QUEUE                      queue name; default `cardnote` (workers and senders must agree).
  CARDNOTE_SCAN_WAIT_SECONDS          how long POST /api/v1/scans waits for its task before answering 202
                                      with a status URL; default 20.
  CARDNOTE_BROKER_VISIBILITY_TIMEOUT  seconds after which a task taken by a worker that vanished (kill -9,
                                      lost machine) is handed to another worker; default 600. Keep it above
                                      the longest task (a task is never lost, at worst run twice: idempotent).
  CARDNOTE_TASK_TIME_LIMIT            seconds a single task may run before its worker process is replaced;
                                      default 300.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import functools
import hashlib
import json
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ocr.errors import CardnoteError
from service.core.drafts import ScanResult, draft_from_image, drafts_by_ids, drafts_of_photo, scan_result
from service.core.importer import CardRead, FileRead, ReadOptions
from service.domain.errors import NotFound
from service.settings.config import Settings
from service.storage.models import ScanKey, User

if TYPE_CHECKING:  # Celery is imported only when a broker is configured
    from celery import Celery

QUEUE_WINDOW = 32  # import files in flight on the queue: every worker busy, Redis never holding a whole folder
POLL_SECONDS = 0.1
SCAN_RECORD_SECONDS = 24 * 3600  # a 202's status URL answers this long (the task results are kept as long)


@dataclass(frozen=True)
class QueueSettings:
    """Where the Celery broker and results live and how long a scan request waits for its task."""

    broker_url: str | None
    result_backend: str | None
    queue: str
    scan_wait_seconds: float
    visibility_timeout: int
    task_time_limit: int

    @property
    def enabled(self) -> bool:
        """True when a broker is configured (work goes to `cardnote worker` processes)."""
        return bool(self.broker_url)

    @classmethod
    def from_config(cls, config: Mapping[str, Any] | None = None) -> QueueSettings:
        """Read the settings from a Flask config (or any mapping), falling back to the environment."""
        settings = Settings.load(config)
        return cls(broker_url=settings.broker_url, result_backend=settings.result_backend or settings.broker_url,
                   queue=settings.queue, scan_wait_seconds=settings.scan_wait_seconds,
                   visibility_timeout=settings.broker_visibility_timeout, task_time_limit=settings.task_time_limit)


class QueuedTaskError(CardnoteError):
    """An error a worker reported for a task (its code and HTTP status travel with it through Redis)."""

    def __init__(self, code: str, message: str, http_status: int = 500, exit_code: int = 1) -> None:
        super().__init__(message)
        self.code, self.http_status, self.exit_code = code, http_status, exit_code


def error_to_json(exc: CardnoteError) -> dict[str, Any]:
    """A CardnoteError as a task result: {"error", "message", "http_status", "exit_code"}."""
    return {**exc.to_dict(), "http_status": exc.http_status, "exit_code": exc.exit_code}


def error_from_json(body: Mapping[str, Any]) -> QueuedTaskError:
    """The exception a task result with "error" stands for."""
    return QueuedTaskError(str(body.get("error", "error")), str(body.get("message", "the task failed")),
                           int(body.get("http_status", 500)), int(body.get("exit_code", 1)))


@contextlib.contextmanager
def queue_errors(settings: QueueSettings) -> Iterator[None]:
    """Turn "the broker / result store does not answer" into one clear 503 error (exit status 3 on the CLI)."""
    from kombu.exceptions import OperationalError
    from redis.exceptions import RedisError

    try:
        yield
    except (OperationalError, RedisError, ConnectionError) as exc:
        raise QueuedTaskError("queue_unavailable", f"The work queue at {_safe_url(settings.broker_url)} does not "
                              f"answer ({type(exc).__name__}); try again shortly, or check Redis.", 503, 3) from exc


def _safe_url(url: str | None) -> str:
    from kombu.utils.url import maybe_sanitize_url

    return maybe_sanitize_url(url or "")


READ_FILE_TASK = "cardnote.read_file"
SCAN_TASK = "cardnote.scan"


def celery_config(settings: QueueSettings) -> dict[str, Any]:
    """Celery settings shared by the senders (web, importer) and the workers (service/jobs/tasks.py)."""
    return {
        "broker_url": settings.broker_url,
        "result_backend": settings.result_backend,
        "task_default_queue": settings.queue,
        "task_serializer": "json",
        "result_serializer": "json",
        "accept_content": ["json"],  # never unpickle what comes out of Redis
        "result_accept_content": ["json"],
        "result_expires": SCAN_RECORD_SECONDS,
        "task_track_started": True,
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "task_time_limit": settings.task_time_limit,
        "task_soft_time_limit": max(1, settings.task_time_limit - 10),
        "worker_prefetch_multiplier": 1,  # OCR tasks are long: each worker process takes one at a time
        "worker_cancel_long_running_tasks_on_connection_loss": True,  # they are redelivered anyway (acks_late)
        "broker_connection_retry_on_startup": True,
        "broker_transport_options": {
            "visibility_timeout": settings.visibility_timeout,
            # look for tasks of vanished workers often enough to honour a short timeout
            "unacked_restore_interval": max(1, min(10, settings.visibility_timeout // 4)),
            "unacked_restore_throttle": 1},
    }


def celery_app(settings: QueueSettings) -> Celery:
    """A Celery client for `settings` (tasks are sent by name: the workers hold their code, service/jobs/tasks.py)."""
    return _client(dataclasses.replace(settings, scan_wait_seconds=0))  # one client per broker set-up


@functools.lru_cache(maxsize=8)
def _client(settings: QueueSettings) -> Celery:
    from celery import Celery

    app = Celery("cardnote-client", set_as_current=False)
    app.conf.update(celery_config(settings))
    return app


# Import: files fan out to the workers, results come back to the one process that stores them.


def read_options_to_json(options: ReadOptions) -> dict[str, Any]:
    """ReadOptions as task arguments."""
    return dataclasses.asdict(options)


def file_read_to_json(read: FileRead) -> dict[str, Any]:
    """A FileRead as a JSON task result (card JPEGs in base64)."""
    return {"relpath": read.relpath, "sha256": read.sha256, "error": read.error,
            "cards": [{"card": c.card, "sha256": c.sha256, "position": c.position,
                       "jpeg": base64.b64encode(c.jpeg).decode("ascii") if c.jpeg else None} for c in read.cards]}


def file_read_from_json(body: Mapping[str, Any]) -> FileRead:
    """The FileRead a read task returned."""
    cards = [CardRead(card=c["card"], jpeg=base64.b64decode(c["jpeg"]) if c.get("jpeg") else None,
                      sha256=c["sha256"], position=int(c["position"])) for c in body.get("cards") or []]
    return FileRead(body["relpath"], body["sha256"], cards, body.get("error"))


def read_on_queue(pending: list[tuple[str, str, str]], options: ReadOptions, finish: Callable[[FileRead], None],
                  settings: QueueSettings) -> None:
    """Send each (path, relpath, sha256) to the workers as bytes; hand every result to `finish` as it arrives."""
    app = celery_app(settings)
    in_flight: dict[str, tuple[Any, str, str]] = {}
    try:
        with queue_errors(settings):
            _fan_out(iter(pending), in_flight, read_options_to_json(options), finish, settings)
    except BaseException:
        if in_flight:  # interrupted: nobody will store these, so spare the workers (a re-run sends them again)
            with contextlib.suppress(Exception):
                app.control.revoke(list(in_flight))
        raise


def _fan_out(todo: Iterator[tuple[str, str, str]], in_flight: dict[str, tuple[Any, str, str]],
             arguments: dict[str, Any], finish: Callable[[FileRead], None], settings: QueueSettings) -> None:
    """Keep up to QUEUE_WINDOW files on the queue; `in_flight` maps task ids to (result, relpath, sha256)."""
    app = celery_app(settings)
    while True:
        while len(in_flight) < QUEUE_WINDOW:
            item = next(todo, None)
            if item is None:
                break
            path, relpath, sha256 = item
            try:
                data = Path(path).read_bytes()
            except OSError as exc:
                finish(FileRead(relpath, "", error=f"cannot read the file ({exc.strerror or exc})"))
                continue
            result = app.send_task(READ_FILE_TASK, (base64.b64encode(data).decode("ascii"), relpath, arguments),
                                   queue=settings.queue)
            in_flight[result.id] = (result, relpath, sha256)
        if not in_flight:
            return
        done = [task_id for task_id, (result, _, _) in in_flight.items() if result.ready()]
        if not done:
            time.sleep(POLL_SECONDS)
            continue
        for task_id in done:
            result, relpath, sha256 = in_flight.pop(task_id)
            finish(_file_result(result, relpath, sha256))


def _file_result(result: Any, relpath: str, sha256: str) -> FileRead:
    try:
        body = result.get(timeout=10, propagate=True)
    except Exception as exc:  # the task itself failed (time limit, retries exhausted): report this file only
        return FileRead(relpath, sha256, error=f"the worker failed on it ({type(exc).__name__}: {exc})")
    finally:
        result.forget()
    return file_read_from_json(body)


# Scans: POST /api/v1/scans waits for its task a while, then hands out a status URL.


@dataclass
class PendingScan:
    """A scan still on the queue when the request stopped waiting."""

    id: str
    status: str  # pending (queued) | running

    def to_json(self, status_url: str) -> dict[str, Any]:
        """The 202 body: {"id", "status", "status_url"}."""
        return {"id": self.id, "status": self.status, "status_url": status_url}


def scan_upload(session: Session, owner: User, data: bytes, filename: str, *, languages: list[str] | None,
                region: str | None, config: Mapping[str, Any], key: str | None = None,
                note: str | None = None) -> ScanResult | PendingScan:
    """Scan an upload into its drafts (one per card): in this process, or on a worker when a broker is set
    (PendingScan on timeout). `key` is the client's upload key (a retry answers with the first upload's drafts)."""
    settings = QueueSettings.from_config(config)
    if not settings.enabled:
        return draft_from_image(session, owner, data, filename, languages=languages, region=region, key=key,
                                note=note)
    sha256 = hashlib.sha256(data).hexdigest()
    known = _known_scan(session, owner, sha256, key)
    if known is not None:  # the same photo (or upload) again: no need to queue anything
        return known
    app, scan_id, owner_id = celery_app(settings), str(uuid.uuid4()), owner.id
    session.rollback()  # no transaction held open while waiting; afterwards it sees the worker's commit
    with queue_errors(settings):
        # The record first: the status URL must answer (and check the owner) as soon as the task exists.
        app.backend.client.set(_record_key(settings, scan_id), json.dumps({"owner_id": owner_id, "sha256": sha256}),
                               ex=SCAN_RECORD_SECONDS)
        result = app.send_task(SCAN_TASK, (owner_id, base64.b64encode(data).decode("ascii"), filename, languages,
                                           region, key, note), queue=settings.queue, task_id=scan_id)
        if settings.scan_wait_seconds <= 0:  # no waiting asked for: always the 202, even for a task done already
            return PendingScan(scan_id, _status(result.state))
        deadline = time.monotonic() + settings.scan_wait_seconds
        while not result.ready():
            if time.monotonic() >= deadline:
                return PendingScan(scan_id, _status(result.state))
            time.sleep(POLL_SECONDS)
        body = _scan_result(result)
    return _drafts_result(session, owner, body, bool(body.get("created")))


def _known_scan(session: Session, owner: User, sha256: str, key: str | None) -> ScanResult | None:
    """The drafts of an upload key or of the same photo bytes, when there are any."""
    if key is not None:
        known = session.scalar(select(ScanKey).where(ScanKey.owner_id == owner.id, ScanKey.key == key))
        if known is not None:
            return scan_result(session, owner, drafts_by_ids(session, owner, known.draft_ids), created=False)
    drafts = drafts_of_photo(session, owner, sha256)
    return scan_result(session, owner, drafts, created=False) if drafts else None


def _drafts_result(session: Session, owner: User, body: Mapping[str, Any], created: bool) -> ScanResult:
    """The drafts a finished scan task reported ({"draft_ids"}, or {"draft_id"} from an older worker)."""
    drafts = drafts_by_ids(session, owner, list(body.get("draft_ids") or [body["draft_id"]]))
    if not drafts:
        raise NotFound("the drafts of this scan were deleted since")
    return scan_result(session, owner, drafts, created=created)


def scan_status(session: Session, owner: User, scan_id: str, config: Mapping[str, Any]) -> ScanResult | PendingScan:
    """What became of a queued scan: its drafts, still pending, or the error; NotFound for another user's id."""
    settings = QueueSettings.from_config(config)
    if not settings.enabled:
        raise NotFound("no such scan")
    app = celery_app(settings)
    with queue_errors(settings):
        raw = app.backend.client.get(_record_key(settings, scan_id))
    record = json.loads(raw) if raw else None
    if record is None or record.get("owner_id") != owner.id:
        raise NotFound("no such scan")
    known = _known_scan(session, owner, record["sha256"], None)
    if known is not None:
        return known
    with queue_errors(settings):
        result = app.AsyncResult(scan_id)
        if not result.ready():
            return PendingScan(scan_id, _status(result.state))
        body = _scan_result(result)
    return _drafts_result(session, owner, body, False)  # deleted since: NotFound


def _scan_result(result: Any) -> dict[str, Any]:
    """The scan task's result, raising the CardnoteError it reported (or a 500 for a crashed task)."""
    try:
        body = result.get(timeout=10, propagate=True)
    except Exception as exc:
        raise QueuedTaskError("scan_failed", f"The scan could not be finished by a worker ({type(exc).__name__}).",
                              500) from exc
    if body.get("error"):
        raise error_from_json(body)
    return body


def _status(state: str) -> str:
    return "running" if state in ("STARTED", "RETRY") else "pending"


def _record_key(settings: QueueSettings, scan_id: str) -> str:
    return f"cardnote:{settings.queue}:scan:{scan_id}"
