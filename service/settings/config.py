"""Every setting of the service, read from the environment (contract 2) and overridable by create_app(config).

`Settings` is the one list: each `CARDNOTE_*` variable is a field below with its default, its type and its
bounds, validated once by pydantic-settings. An empty variable counts as unset. A Flask config key of the
same name (create_app(config), tests) wins over the environment.

  CARDNOTE_DATABASE_URL      SQLAlchemy URL; default sqlite file `cardnote.db` in the data folder.
                             PostgreSQL: postgresql+psycopg://user:pass@host/db
  CARDNOTE_DATA_DIR          data folder (SQLite file, persisted secret key); default the Flask instance folder.
  CARDNOTE_SECRET_KEY        session signing key; if unset one is generated once and kept in the data folder.
  CARDNOTE_MAX_UPLOAD_MB     largest request body in MB (Flask MAX_CONTENT_LENGTH).
  CARDNOTE_NOTE_MIN_LENGTH   minimum characters of a conversation note (after trimming).
  CARDNOTE_DETAIL_MIN_LENGTH minimum characters of a collaboration detail (after trimming).
  CARDNOTE_OCR_LANGUAGES     comma-separated languages for scans (`spa,eng`); default: the reader's default.
  CARDNOTE_REGION            default phone region (ISO 3166 alpha-2) for scans; default: inferred per card.
  CARDNOTE_COOKIE_SECURE     1 to mark session cookies Secure (set it behind HTTPS).
  CARDNOTE_AUTO_MIGRATE      0 to skip upgrading the database schema in create_app.
  CARDNOTE_MAX_FORM_PARTS    most parts (fields + files) in one multipart form (Flask MAX_FORM_PARTS).
  CARDNOTE_MAX_FORM_MEMORY_KB largest non-file form field kept in memory, in KB (MAX_FORM_MEMORY_SIZE).
  CARDNOTE_BEHIND_PROXY, CARDNOTE_LOGIN_RATE_LIMIT, CARDNOTE_RATELIMIT_STORAGE_URI: see service/http/security.py.
  CARDNOTE_BROKER_URL, CARDNOTE_RESULT_BACKEND, CARDNOTE_QUEUE, CARDNOTE_SCAN_WAIT_SECONDS,
  CARDNOTE_BROKER_VISIBILITY_TIMEOUT, CARDNOTE_TASK_TIME_LIMIT (Celery workers on Redis): see service/jobs/queue.py.
The context rule's default lengths live with the rule (service/domain/context.py); the reader's own variables
(CARDNOTE_OCR_ENGINE, CARDNOTE_OCR_THREADS, CARDNOTE_DETECT_SIDE) belong to `ocr/`.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask.sansio.scaffold import find_package
from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from ocr.errors import ConfigurationError
from service.domain.context import DB_DETAIL_FLOOR, DB_NOTE_FLOOR, ContextSettings

PREFIX = "CARDNOTE_"


class Settings(BaseSettings):
    """The service's settings: one field per CARDNOTE_* variable, with its default and bounds."""

    model_config = SettingsConfigDict(env_prefix=PREFIX, env_ignore_empty=True, extra="ignore", frozen=True)

    database_url: str | None = None
    data_dir: str | None = None
    secret_key: str | None = None
    max_upload_mb: int = Field(20, ge=1)
    note_min_length: int = Field(ContextSettings.note_min_length, ge=DB_NOTE_FLOOR)
    detail_min_length: int = Field(ContextSettings.detail_min_length, ge=DB_DETAIL_FLOOR)
    ocr_languages: str | None = None
    region: str | None = None
    cookie_secure: bool = False
    auto_migrate: bool = True
    max_form_parts: int = Field(200, ge=2)
    max_form_memory_kb: int = Field(1024, ge=1)
    behind_proxy: bool = False
    login_rate_limit: str = "10 per minute"
    ratelimit_storage_uri: str = "memory://"
    broker_url: str | None = None
    result_backend: str | None = None  # default: the broker
    queue: str = "cardnote"
    scan_wait_seconds: float = Field(20.0, ge=0)
    broker_visibility_timeout: int = Field(600, ge=0)
    task_time_limit: int = Field(300, ge=0)

    @classmethod
    def load(cls, overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings from the environment (or `environ`), with non-empty CARDNOTE_* `overrides` winning."""
        given = {_field(key): value for key, value in (overrides or {}).items()
                 if key.startswith(PREFIX) and value not in (None, "") and _field(key) in cls.model_fields}
        try:
            if environ is None:
                return cls(**given)  # pydantic-settings reads os.environ for the rest
            values = {_field(key): value for key, value in environ.items()
                      if key.startswith(PREFIX) and value and _field(key) in cls.model_fields}
            return cls.model_validate({**values, **given})
        except ValidationError as exc:
            raise ConfigurationError(_first_problem(exc)) from None


def _field(key: str) -> str:
    return key.removeprefix(PREFIX).lower()


def _first_problem(exc: ValidationError) -> str:
    """One readable line naming the variable, e.g. "CARDNOTE_NOTE_MIN_LENGTH must be at least 8, not 2"."""
    error = exc.errors()[0]
    name = PREFIX + str(error["loc"][0]).upper()
    value, kind, context = error.get("input"), error["type"], error.get("ctx") or {}
    if kind == "greater_than_equal":
        bound = context.get("ge")
        return f"{name} must not be negative, not {value!r}" if bound == 0 else \
            f"{name} must be at least {bound}, not {value!r}"
    if kind in ("int_parsing", "int_from_float"):
        return f"{name} must be a whole number, not {value!r}"
    if kind == "float_parsing":
        return f"{name} must be a number of seconds, not {value!r}"
    if kind == "bool_parsing":
        return f"{name} must be 1 or 0 (true or false), not {value!r}"
    return f"{name}: {error['msg']} (not {value!r})"


def default_instance_path() -> str:
    """The default data folder: Flask's instance folder of the `service` package (as `create_app` finds it)."""
    prefix, package_path = find_package("service")
    if prefix is None:  # run from a checkout or an editable install
        return os.path.join(package_path, "instance")
    return os.path.join(prefix, "var", "service-instance")


def load_settings(instance_path: str, overrides: Mapping[str, Any] | None = None,
                  environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The Flask config of an app: validated settings as CARDNOTE_* keys, plus the Flask keys they imply."""
    overrides = dict(overrides or {})
    settings = Settings.load(overrides, environ)
    data_dir = Path(settings.data_dir or instance_path)
    data_dir.mkdir(parents=True, exist_ok=True)
    config: dict[str, Any] = {key: value for key, value in overrides.items() if not key.startswith(PREFIX)}
    # The queue settings are left out: service.jobs.queue reads them at call time (a config key still wins).
    for name in Settings.model_fields:
        if name not in QUEUE_FIELDS:
            config[PREFIX + name.upper()] = getattr(settings, name)
    config["CARDNOTE_DATA_DIR"] = str(data_dir)
    config["CARDNOTE_DATABASE_URL"] = settings.database_url or f"sqlite:///{data_dir / 'cardnote.db'}"
    config.setdefault("MAX_CONTENT_LENGTH", settings.max_upload_mb * 1024 * 1024)
    config.setdefault("MAX_FORM_PARTS", settings.max_form_parts)
    config.setdefault("MAX_FORM_MEMORY_SIZE", 1024 * settings.max_form_memory_kb)
    config["SECRET_KEY"] = config.get("SECRET_KEY") or settings.secret_key or _persisted_secret(data_dir)
    config.setdefault("SESSION_COOKIE_HTTPONLY", True)
    config.setdefault("SESSION_COOKIE_SAMESITE", "Lax")
    config.setdefault("SESSION_COOKIE_SECURE", settings.cookie_secure)
    config.setdefault("REMEMBER_COOKIE_HTTPONLY", True)
    config.setdefault("REMEMBER_COOKIE_SAMESITE", "Lax")
    config.setdefault("REMEMBER_COOKIE_SECURE", settings.cookie_secure)
    for key, value in overrides.items():  # other CARDNOTE_* keys a caller set (queue settings, tests) stay as given
        if key.startswith(PREFIX) and (_field(key) not in Settings.model_fields or _field(key) in QUEUE_FIELDS):
            config[key] = value
    return config


QUEUE_FIELDS = frozenset({"broker_url", "result_backend", "queue", "scan_wait_seconds", "broker_visibility_timeout",
                          "task_time_limit"})


def _persisted_secret(data_dir: Path) -> str:
    """Read the generated secret key, creating it (mode 0600) on first start so sessions survive restarts."""
    path = data_dir / "secret_key"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        key = secrets.token_hex(32)
        handle.write(key)
    return key
