"""Settings of the service, read from the environment (contract 2) and overridable by create_app(config).

Documented settings (environment variable = Flask config key):
  CARDNOTE_DATABASE_URL      SQLAlchemy URL; default sqlite file `cardnote.db` in the data folder.
                             PostgreSQL: postgresql+psycopg://user:pass@host/db
  CARDNOTE_DATA_DIR          data folder (SQLite file, persisted secret key); default the Flask instance folder.
  CARDNOTE_SECRET_KEY        session signing key; if unset one is generated once and kept in the data folder.
  CARDNOTE_MAX_UPLOAD_MB     largest request body in MB (Flask MAX_CONTENT_LENGTH); default 20.
  CARDNOTE_NOTE_MIN_LENGTH   minimum characters of a conversation note (after trimming); default 15.
  CARDNOTE_DETAIL_MIN_LENGTH minimum characters of a collaboration detail (after trimming); default 8.
  CARDNOTE_OCR_LANGUAGES     comma-separated Tesseract languages for scans; default: the reader's default.
  CARDNOTE_REGION            default phone region (ISO 3166 alpha-2) for scans; default: inferred per card.
  CARDNOTE_COOKIE_SECURE     1 to mark session cookies Secure (set it behind HTTPS); default 0.
  CARDNOTE_AUTO_MIGRATE      0 to skip upgrading the database schema in create_app; default 1.
  CARDNOTE_MAX_FORM_PARTS    most parts (fields + files) in one multipart form (Flask MAX_FORM_PARTS); default 200.
  CARDNOTE_MAX_FORM_MEMORY_KB largest non-file form field kept in memory, in KB (MAX_FORM_MEMORY_SIZE); default 1024.
  CARDNOTE_BEHIND_PROXY, CARDNOTE_LOGIN_RATE_LIMIT, CARDNOTE_RATELIMIT_STORAGE_URI: see service/http/security.py.
  CARDNOTE_BROKER_URL, CARDNOTE_RESULT_BACKEND, CARDNOTE_QUEUE, CARDNOTE_SCAN_WAIT_SECONDS,
  CARDNOTE_BROKER_VISIBILITY_TIMEOUT, CARDNOTE_TASK_TIME_LIMIT (Celery workers on Redis): see service/jobs/queue.py.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask.sansio.scaffold import find_package

from ocr.errors import ConfigurationError

# The database refuses notes/details shorter than these (CHECK constraints in models.py and migration 0001);
# the configurable minimums may be raised freely but never lowered below them.
DB_NOTE_FLOOR = 8
DB_DETAIL_FLOOR = 4

DEFAULTS: dict[str, Any] = {
    "CARDNOTE_NOTE_MIN_LENGTH": 15,
    "CARDNOTE_DETAIL_MIN_LENGTH": 8,
    "CARDNOTE_MAX_UPLOAD_MB": 20,
    "CARDNOTE_AUTO_MIGRATE": True,
    "CARDNOTE_COOKIE_SECURE": False,
    "CARDNOTE_MAX_FORM_PARTS": 200,
    "CARDNOTE_MAX_FORM_MEMORY_KB": 1024,
    "CARDNOTE_BEHIND_PROXY": False,
    "CARDNOTE_LOGIN_RATE_LIMIT": "10 per minute",
    "CARDNOTE_RATELIMIT_STORAGE_URI": "memory://",
}
_ENV_KEYS = (
    "CARDNOTE_DATABASE_URL",
    "CARDNOTE_DATA_DIR",
    "CARDNOTE_SECRET_KEY",
    "CARDNOTE_MAX_UPLOAD_MB",
    "CARDNOTE_NOTE_MIN_LENGTH",
    "CARDNOTE_DETAIL_MIN_LENGTH",
    "CARDNOTE_OCR_LANGUAGES",
    "CARDNOTE_REGION",
    "CARDNOTE_COOKIE_SECURE",
    "CARDNOTE_AUTO_MIGRATE",
    "CARDNOTE_MAX_FORM_PARTS",
    "CARDNOTE_MAX_FORM_MEMORY_KB",
    "CARDNOTE_BEHIND_PROXY",
    "CARDNOTE_LOGIN_RATE_LIMIT",
    "CARDNOTE_RATELIMIT_STORAGE_URI",
)


def _as_int(key: str, value: Any, minimum: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ConfigurationError(f"{key} must be a whole number, not {value!r}") from None
    if number < minimum:
        raise ConfigurationError(f"{key} must be at least {minimum}, not {number}")
    return number


def _as_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def default_instance_path() -> str:
    """The default data folder: Flask's instance folder of the `service` package (as `create_app` finds it)."""
    prefix, package_path = find_package("service")
    if prefix is None:  # run from a checkout or an editable install
        return os.path.join(package_path, "instance")
    return os.path.join(prefix, "var", "service-instance")


def load_settings(instance_path: str, overrides: Mapping[str, Any] | None = None,
                  environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Merge defaults, environment and explicit overrides into validated Flask config keys."""
    environ = os.environ if environ is None else environ
    settings: dict[str, Any] = dict(DEFAULTS)
    settings.update({k: environ[k] for k in _ENV_KEYS if environ.get(k)})
    settings.update(overrides or {})

    data_dir = Path(settings.get("CARDNOTE_DATA_DIR") or instance_path)
    data_dir.mkdir(parents=True, exist_ok=True)
    settings["CARDNOTE_DATA_DIR"] = str(data_dir)
    if not settings.get("CARDNOTE_DATABASE_URL"):
        settings["CARDNOTE_DATABASE_URL"] = f"sqlite:///{data_dir / 'cardnote.db'}"
    settings["CARDNOTE_NOTE_MIN_LENGTH"] = _as_int("CARDNOTE_NOTE_MIN_LENGTH", settings["CARDNOTE_NOTE_MIN_LENGTH"],
                                                   DB_NOTE_FLOOR)
    settings["CARDNOTE_DETAIL_MIN_LENGTH"] = _as_int("CARDNOTE_DETAIL_MIN_LENGTH",
                                                     settings["CARDNOTE_DETAIL_MIN_LENGTH"], DB_DETAIL_FLOOR)
    upload_mb = _as_int("CARDNOTE_MAX_UPLOAD_MB", settings["CARDNOTE_MAX_UPLOAD_MB"], 1)
    settings.setdefault("MAX_CONTENT_LENGTH", upload_mb * 1024 * 1024)
    settings.setdefault("MAX_FORM_PARTS", _as_int("CARDNOTE_MAX_FORM_PARTS", settings["CARDNOTE_MAX_FORM_PARTS"], 2))
    settings.setdefault("MAX_FORM_MEMORY_SIZE", 1024 * _as_int("CARDNOTE_MAX_FORM_MEMORY_KB",
                                                               settings["CARDNOTE_MAX_FORM_MEMORY_KB"], 1))
    settings["CARDNOTE_BEHIND_PROXY"] = _as_bool(settings["CARDNOTE_BEHIND_PROXY"])
    settings["CARDNOTE_AUTO_MIGRATE"] = _as_bool(settings["CARDNOTE_AUTO_MIGRATE"])
    settings["CARDNOTE_COOKIE_SECURE"] = _as_bool(settings["CARDNOTE_COOKIE_SECURE"])
    settings["SECRET_KEY"] = settings.get("SECRET_KEY") or settings.get("CARDNOTE_SECRET_KEY") or _persisted_secret(
        data_dir)
    settings.setdefault("SESSION_COOKIE_HTTPONLY", True)
    settings.setdefault("SESSION_COOKIE_SAMESITE", "Lax")
    settings.setdefault("SESSION_COOKIE_SECURE", settings["CARDNOTE_COOKIE_SECURE"])
    settings.setdefault("REMEMBER_COOKIE_HTTPONLY", True)
    settings.setdefault("REMEMBER_COOKIE_SAMESITE", "Lax")
    settings.setdefault("REMEMBER_COOKIE_SECURE", settings["CARDNOTE_COOKIE_SECURE"])
    return settings


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
