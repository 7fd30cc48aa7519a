"""Alembic environment: uses the engine handed over by service.storage.db.upgrade, else CARDNOTE_DATABASE_URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from service.settings.config import Settings
from service.storage.db import make_engine
from service.storage.models import Base

config = context.config
target_metadata = Base.metadata


def _engine() -> Engine:
    engine = config.attributes.get("engine")
    if engine is not None:
        return engine
    url = config.get_main_option("sqlalchemy.url") or Settings.load().database_url
    if not url:
        raise RuntimeError("set CARDNOTE_DATABASE_URL to run migrations outside the app")
    return make_engine(url)


def run_migrations_offline() -> None:
    """Emit SQL for the configured URL without connecting."""
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata,
                      literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the migrations over a connection (batch mode, so SQLite can alter tables later)."""
    with _engine().connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
