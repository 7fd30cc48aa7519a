"""`cardnote backup FILE` and `cardnote restore FILE`: a consistent copy of the SQLite database, and back.

The copy uses SQLite's online backup API (sqlite3.Connection.backup), so it may run while `cardnote serve` or
an import is writing: it copies a consistent snapshot, page by page, and a copy is checked with
`PRAGMA integrity_check` before it is kept. PostgreSQL has its own tools: pg_dump / pg_restore.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import click
from sqlalchemy.engine import make_url

from ocr.errors import ConfigurationError
from service.http.app import create_app
from service.settings.config import default_instance_path, load_settings
from service.storage.db import SQLITE_BUSY_TIMEOUT_MS

PAGES_PER_STEP = 1024  # copy in steps so writers are not held up for the whole copy


def sqlite_path(database_url: str) -> Path:
    """The file of a SQLite database URL; ConfigurationError (pointing to pg_dump) for anything else."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        raise ConfigurationError(
            f"cardnote backup/restore work on the built-in SQLite database; this one is {url.get_backend_name()}. "
            "Use PostgreSQL's own tools: `pg_dump --format=custom --file=FILE DATABASE` to back up and "
            "`pg_restore --clean --dbname=DATABASE FILE` to restore.")
    if not url.database or url.database == ":memory:":
        raise ConfigurationError("an in-memory SQLite database cannot be backed up")
    return Path(url.database)


def integrity_problems(path: Path) -> list[str]:
    """What PRAGMA integrity_check reports for the database file (empty when it is sound)."""
    with _connect(path, read_only=True) as connection:
        rows = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    return [] if rows == ["ok"] else rows


def table_counts(path: Path) -> dict[str, int]:
    """Row count of every table of a SQLite database file."""
    with _connect(path, read_only=True) as connection:
        tables = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}


def backup_database(database: Path, target: Path) -> dict[str, int]:
    """Copy `database` into a new file `target` with the online backup API; returns the copied row counts."""
    if not database.exists():
        raise ConfigurationError(f"there is no database at {database} yet")
    if target.exists():
        raise ConfigurationError(f"{target} already exists; choose a new file name")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    with _connect(database, read_only=True) as source, _connect(partial) as copy:
        source.backup(copy, pages=PAGES_PER_STEP)
        copy.execute("PRAGMA journal_mode=DELETE")  # a self-contained single file, no -wal beside it
    problems = integrity_problems(partial)
    if problems:
        partial.unlink()
        raise ConfigurationError(f"the copy failed its integrity check: {'; '.join(problems[:3])}")
    os.replace(partial, target)
    return table_counts(target)


def restore_database(backup: Path, database: Path) -> dict[str, int]:
    """Replace the content of `database` with the backup file's (checked first); returns the restored counts."""
    if not backup.is_file():
        raise ConfigurationError(f"no backup file at {backup}")
    try:
        problems = integrity_problems(backup)
        counts = table_counts(backup)
    except sqlite3.DatabaseError as exc:
        raise ConfigurationError(f"{backup} is not a SQLite database ({exc})") from None
    if problems:
        raise ConfigurationError(f"{backup} is damaged: {'; '.join(problems[:3])}")
    if "alembic_version" not in counts or "contacts" not in counts:
        raise ConfigurationError(f"{backup} is not a cardnote database")
    database.parent.mkdir(parents=True, exist_ok=True)
    # The backup API copies under the destination's write lock: readers see the old or the new database, never
    # half of each, and a running server's next query sees the restored data.
    with _connect(backup, read_only=True) as source, _connect(database) as live:
        source.backup(live, pages=PAGES_PER_STEP)
    return table_counts(database)


def _connect(path: Path, read_only: bool = False) -> sqlite3.Connection:
    uri = f"file:{path}?mode=ro" if read_only else f"file:{path}"
    connection = sqlite3.connect(uri, uri=True, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
    connection.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    return connection


def _database_url() -> str:
    """The configured database URL, read without connecting (so PostgreSQL users get the pg_dump hint at once)."""
    return load_settings(default_instance_path())["CARDNOTE_DATABASE_URL"]


def _summary(counts: dict[str, int]) -> str:
    shown = ("users", "contacts", "meetings", "drafts", "events")
    return ", ".join(f"{counts[t]} {t}" for t in shown if t in counts)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def backup(file: Path) -> None:
    """Copy the SQLite database to FILE (safe while the server runs); PostgreSQL: use pg_dump."""
    database = sqlite_path(_database_url())
    counts = backup_database(database, file)
    click.echo(f"cardnote: backed up {database} to {file} ({_summary(counts)}); integrity check ok", err=True)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask before replacing the current database.")
def restore(file: Path, yes: bool) -> None:
    """Replace the SQLite database with a backup FILE (checked first); PostgreSQL: use pg_restore."""
    database = sqlite_path(_database_url())
    if not yes:
        click.confirm(f"Replace everything in {database} with {file}?", abort=True, err=True)
    counts = restore_database(file, database)
    create_app()  # brings an older backup's schema up to date
    click.echo(f"cardnote: restored {database} from {file} ({_summary(counts)})", err=True)
