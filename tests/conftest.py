"""Shared fixtures: a service app on a fresh database (SQLite, and PostgreSQL too for tests marked `postgres`), its
test client and CLI runner, more apps on the same database (`make_app`), two users (Ana, who owns what a test makes,
and Bea, who must not see it), Ana logged in on the web client, the stand-in reader, and headless Chromium with a
served app for the browser tests.

PostgreSQL: one throw-away database per test session (so per pytest-xdist worker), created from the
maintenance database at CARDNOTE_TEST_POSTGRES_URL (default: the local server, database `test`) and dropped at
the end; every test gets its own empty schema in it (via `search_path` in the URL), dropped afterwards.
When no server answers, the PostgreSQL half is skipped with the reason — unless CARDNOTE_REQUIRE_POSTGRES=1
(CI), where that is a failure.
"""

from __future__ import annotations

import os
import subprocess
import time
import urllib.request
import uuid
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from tests.support import ROOT, cardnote, free_port
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, PHONE
from tests.support.browser import EMAIL as BROWSER_EMAIL
from tests.support.browser import PASSWORD as BROWSER_PASSWORD
from tests.support.service_helpers import FakeReader, add_user, fake_card, use_fake_reader
from tests.support.web import login

POSTGRES_ADMIN_URL = os.environ.get("CARDNOTE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run the database tests marked `postgres` once per engine (ids end in [sqlite] / [postgresql]), unless the
    test chooses its engines itself (the Celery tests: PostgreSQL only)."""
    if "database" not in metafunc.fixturenames or not metafunc.definition.get_closest_marker("postgres"):
        return
    for marker in metafunc.definition.iter_markers("parametrize"):
        names = marker.args[0]
        if "database" in ([n.strip() for n in names.split(",")] if isinstance(names, str) else names):
            return
    metafunc.parametrize("database", ["sqlite", "postgresql"], indirect=True)


def _postgres_unavailable(exc: Exception) -> None:
    """Skip with the reason, or fail when CARDNOTE_REQUIRE_POSTGRES=1 (CI, where a skip would hide a broken run)."""
    reason = f"no PostgreSQL server answers at {POSTGRES_ADMIN_URL}: {str(exc).splitlines()[0]}"
    if os.environ.get("CARDNOTE_REQUIRE_POSTGRES") == "1":
        pytest.fail(reason + " (CARDNOTE_REQUIRE_POSTGRES=1)")
    pytest.skip(reason + " — set CARDNOTE_TEST_POSTGRES_URL to a maintenance database")


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
        _postgres_unavailable(exc)
    yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as connection:
        connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.dispose()


@pytest.fixture
def postgres_url(postgres_database) -> str:
    """URL of a whole PostgreSQL database of its own for one test (for tests that create schemas or run several
    processes on it); dropped afterwards. Skips or fails like postgres_database."""
    name = f"cardnote_one_{uuid.uuid4().hex[:10]}"
    admin = _admin_engine(POSTGRES_ADMIN_URL)
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {name}")
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
    """A cardnote app on an empty, migrated database (SQLite, or PostgreSQL too for tests marked `postgres`)."""
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


@pytest.fixture
def make_app(service_env):
    """make_app(**config): another app on the same database and data folder as `app`, with config overrides
    (CARDNOTE_* settings, MAX_CONTENT_LENGTH, CSRF on...); each is disposed after the test."""
    from service.http.app import create_app

    made = []

    def make(**config):
        made.append(create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, **service_env, **config}))
        return made[-1]

    yield make
    for each in made:
        each.extensions["cardnote.db"]["engine"].dispose()


@pytest.fixture
def ana(app) -> dict[str, str]:
    """Ana (ana@example.com), the owner of what a test creates: her API Authorization headers."""
    return add_user(app, "ana@example.com")


@pytest.fixture
def bea(app) -> dict[str, str]:
    """Bea (bea@example.com), another user, who must not see Ana's things: her API Authorization headers."""
    return add_user(app, "bea@example.com")


@pytest.fixture
def logged_in(client, ana):
    """`client`, logged in as Ana through the login form (for the web pages); the same client object."""
    response = login(client, "ana@example.com")
    assert response.status_code == 302, response.status_code
    return client


@pytest.fixture
def reader(monkeypatch) -> FakeReader:
    """The stand-in reader in place of OCR: Irene Soliz's card unless a test sets `reader.cards` (or `.image`,
    `.per_photo`); `reader.calls` counts the reads."""
    fake = FakeReader(fake_card())
    use_fake_reader(monkeypatch, fake)
    return fake


@pytest.fixture
def browser():
    """Debian's headless Chromium (skips only when it is not installed)."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def phone(browser):
    """A 390×844 phone-sized browser context (a new one is a different phone)."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def page(phone):
    """A page on that phone."""
    return phone.new_page()


@pytest.fixture
def server(service_env, tmp_path):
    """`cardnote serve` on a free loopback port with a fresh database and one user (tests.support.browser's EMAIL
    and PASSWORD); yields its base URL."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), **service_env}
    subprocess.run(cardnote("users", "add", BROWSER_EMAIL), input=f"{BROWSER_PASSWORD}\n", text=True, env=env,
                   cwd=ROOT, check=True, capture_output=True, timeout=120)
    port = free_port()
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen(cardnote("serve", "--port", str(port), "--threads", "2"), env=env, cwd=ROOT,
                                stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(150):
                try:
                    with urllib.request.urlopen(base + "/login", timeout=5) as response:
                        if response.status == 200:
                            break
                except OSError:
                    if proc.poll() is not None:
                        pytest.fail("cardnote serve exited: " + log_path.read_text())
                    time.sleep(0.2)
            else:
                pytest.fail("cardnote serve did not answer: " + log_path.read_text())
            yield base
        finally:
            proc.terminate()
            proc.wait(20)
