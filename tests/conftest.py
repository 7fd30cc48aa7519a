"""Shared fixtures: a service app on a fresh SQLite database, its test client and CLI runner."""

from __future__ import annotations

import pytest


@pytest.fixture
def app(tmp_path):
    """A cardnote app on an empty, migrated SQLite database in a temporary data folder."""
    from service.app import create_app

    return create_app({
        "TESTING": True,
        "CARDNOTE_DATA_DIR": str(tmp_path / "data"),
        "CARDNOTE_DATABASE_URL": f"sqlite:///{tmp_path / 'cardnote.db'}",
        "CARDNOTE_SECRET_KEY": "test-secret",
        "WTF_CSRF_ENABLED": False,
    })


@pytest.fixture
def client(app):
    """The app's test client."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A CLI runner whose commands use the app's database (through the environment, like `cardnote`)."""
    return app.test_cli_runner()
