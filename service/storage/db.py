"""The database extension: one engine per app, a session per app context, Alembic upgrades.

Bound with `db.init_app(app)`; views and domain code use `db.session` (closed at the end of the app
context). SQLite connections get WAL, foreign keys and a busy timeout; PostgreSQL goes through psycopg 3.
"""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig
from flask import Flask, current_app, g
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 10_000
MIGRATION_LOCK_ID = 0x63617264  # "card": the advisory lock serialising schema upgrades


def make_engine(url: str) -> Engine:
    """Create an engine for `url`, with the SQLite pragmas the service relies on."""
    parsed = make_url(url)
    if parsed.drivername in ("postgres", "postgresql"):
        # psycopg 3 is what we install; SQLAlchemy's bare `postgresql://` would look for psycopg2.
        parsed = parsed.set(drivername="postgresql+psycopg")
        url = parsed.render_as_string(hide_password=False)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    # WAL lets the web server read while an import writes; in-memory databases cannot use it.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def alembic_config(engine: Engine | None = None) -> AlembicConfig:
    """An Alembic config pointing at service/migrations; env.py reuses `engine` when given."""
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        config.attributes["engine"] = engine
        config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema of `engine`'s database up to `revision` (idempotent; one upgrader at a time on PostgreSQL)."""
    if engine.dialect.name != "postgresql":
        with _sqlite_upgrade_lock(engine):
            command.upgrade(alembic_config(engine), revision)
        return
    # The web server, workers and replicas all upgrade when they start; two upgrades of a fresh database at
    # once collide on CREATE TABLE. A session-level advisory lock (held on its own connection) queues them.
    with engine.connect() as lock:
        lock.exec_driver_sql(f"SELECT pg_advisory_lock({MIGRATION_LOCK_ID})")
        try:
            command.upgrade(alembic_config(engine), revision)
        finally:
            lock.exec_driver_sql(f"SELECT pg_advisory_unlock({MIGRATION_LOCK_ID})")


@contextlib.contextmanager
def _sqlite_upgrade_lock(engine: Engine) -> Iterator[None]:
    """Hold an exclusive lock file beside the SQLite database while it is upgraded.

    pysqlite commits DDL as it goes and switching a fresh file to WAL needs an exclusive lock that
    busy_timeout does not wait for, so two processes upgrading one fresh file at once fail
    ("table already exists", "database is locked"); a lock file queues them as PostgreSQL's advisory lock does.
    """
    path = engine.url.database
    if not path or path == ":memory:" or path.startswith("file:"):
        yield
        return
    with open(f"{path}.upgrade-lock", "a") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


class Database:
    """Flask extension holding the engine and session factory of each app."""

    def init_app(self, app: Flask) -> None:
        """Create the app's engine from CARDNOTE_DATABASE_URL and close sessions on teardown."""
        engine = make_engine(app.config["CARDNOTE_DATABASE_URL"])
        app.extensions["cardnote.db"] = {"engine": engine,
                                         "sessionmaker": sessionmaker(engine, expire_on_commit=False)}
        app.teardown_appcontext(self._close_session)

    @property
    def engine(self) -> Engine:
        """The current app's engine."""
        return current_app.extensions["cardnote.db"]["engine"]

    @property
    def session(self) -> Session:
        """The session of the current app context (created on first use)."""
        if "cardnote_session" not in g:
            g.cardnote_session = current_app.extensions["cardnote.db"]["sessionmaker"]()
        return g.cardnote_session

    @staticmethod
    def _close_session(_exc: BaseException | None) -> None:
        session = g.pop("cardnote_session", None)
        if session is not None:
            session.close()


db = Database()
