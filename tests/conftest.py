"""Shared fixtures: a service app on a fresh SQLite database, its test client and CLI runner."""

from __future__ import annotations

import pytest
from click.testing import CliRunner


@pytest.fixture
def service_env(tmp_path):
    """Environment variables pointing `cardnote` (CLI or server) at a throw-away data folder and database."""
    return {
        "CARDNOTE_DATA_DIR": str(tmp_path / "data"),
        "CARDNOTE_DATABASE_URL": f"sqlite:///{tmp_path / 'cardnote.db'}",
        "CARDNOTE_SECRET_KEY": "test-secret",
    }


@pytest.fixture
def app(service_env):
    """A cardnote app on an empty, migrated SQLite database in a temporary data folder."""
    from service.app import create_app

    return create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, **service_env})


@pytest.fixture
def client(app):
    """The app's test client."""
    return app.test_client()


@pytest.fixture
def runner(app, service_env):
    """A click runner for `service.cli.cli` whose commands use the app's database (via the environment)."""
    return CliRunner(env=service_env)
