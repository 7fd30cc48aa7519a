"""Shared fixtures: a service app on a fresh database (SQLite, and PostgreSQL for the modules listed in
BOTH_DATABASES), its test client and CLI runner.

PostgreSQL: one throw-away database per test session (so per pytest-xdist worker), created from the
maintenance database at CARDNOTE_TEST_POSTGRES_URL (default: the local server, database `test`) and dropped at
the end; every test gets its own empty schema in it (via `search_path` in the URL), dropped afterwards.
When no server answers, the PostgreSQL half is skipped with the reason — unless CARDNOTE_REQUIRE_POSTGRES=1
(CI), where that is a failure.
"""

from __future__ import annotations

import os
import uuid
from urllib.parse import quote

import pytest
from click.testing import CliRunner

POSTGRES_ADMIN_URL = os.environ.get("CARDNOTE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
# Test modules whose `app` / `service_env` / `database` tests run on both engines (ids end in [sqlite] / [postgresql]).
BOTH_DATABASES = frozenset({
    "test_service_storage",
    "test_service_domain",
    "test_service_api",
    "test_service_isolation",
    "test_service_users",
    "test_import",
    "test_pg_service",
    "test_events_api",
    "test_followups_api",
    "test_event_api",
    "test_import_contacts",
})


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run the listed modules' database tests once per engine."""
    module = metafunc.module.__name__.rsplit(".", 1)[-1]
    if "database" in metafunc.fixturenames and module in BOTH_DATABASES:
        metafunc.parametrize("database", ["sqlite", "postgresql"], indirect=True)


def _admin_engine(url: str):
    import sqlalchemy as sa

    return sa.create_engine(url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5})


@pytest.fixture(scope="session")
def postgres_database() -> str:
    """URL of a PostgreSQL database of this test session (skipped, with the reason, when no server answers)."""
    import sqlalchemy as sa

    admin = _admin_engine(POSTGRES_ADMIN_URL)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"cardnote_test_{worker}_{uuid.uuid4().hex[:8]}"
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"CREATE DATABASE {name}")
    except sa.exc.OperationalError as exc:
        admin.dispose()
        reason = f"no PostgreSQL server answers at {POSTGRES_ADMIN_URL}: {str(exc).splitlines()[0]}"
        if os.environ.get("CARDNOTE_REQUIRE_POSTGRES") == "1":
            pytest.fail(reason + " (CARDNOTE_REQUIRE_POSTGRES=1)")
        pytest.skip(reason + " — set CARDNOTE_TEST_POSTGRES_URL to a maintenance database")
    yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as connection:
        connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.dispose()


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path) -> str:
    """URL of an empty database for one test: a SQLite file, or (param "postgresql") a fresh PostgreSQL schema."""
    if getattr(request, "param", "sqlite") == "sqlite":
        yield f"sqlite:///{tmp_path / 'cardnote.db'}"
        return
    base = request.getfixturevalue("postgres_database")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = _admin_engine(base)
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    # application_name tags every connection the test opens (app, CLI, subprocesses) so teardown can end them.
    yield f"{base}?application_name={schema}&options={quote(f'-csearch_path={schema}')}"
    with admin.connect() as connection:
        connection.exec_driver_sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                   f"WHERE application_name = '{schema}' AND pid <> pg_backend_pid()")
        connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
    admin.dispose()


@pytest.fixture
def service_env(tmp_path, database):
    """Environment variables pointing `cardnote` (CLI or server) at a throw-away data folder and database."""
    return {
        "CARDNOTE_DATA_DIR": str(tmp_path / "data"),
        "CARDNOTE_DATABASE_URL": database,
        "CARDNOTE_SECRET_KEY": "test-secret",
    }


@pytest.fixture
def app(service_env):
    """A cardnote app on an empty, migrated database (SQLite, or PostgreSQL too in BOTH_DATABASES modules)."""
    from service.http.app import create_app

    app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, **service_env})
    yield app
    app.extensions["cardnote.db"]["engine"].dispose()


@pytest.fixture
def client(app):
    """The app's test client."""
    return app.test_client()


@pytest.fixture
def runner(app, service_env):
    """A click runner for `service.cli.cli` whose commands use the app's database (via the environment)."""
    return CliRunner(env=service_env)
