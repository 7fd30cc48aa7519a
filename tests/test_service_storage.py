"""Storage: the migration builds exactly the models' schema (SQLite and PostgreSQL), the database enforces
the context rule itself, SQLite runs with WAL / foreign keys / busy timeout."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.exc import IntegrityError

from service.storage.db import alembic_config, make_engine, upgrade
from service.storage.models import Base

pytestmark = pytest.mark.postgres  # the database tests here run on SQLite and on PostgreSQL


def _schema_diffs(engine):
    with engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection), Base.metadata)


def _seed_contact(connection):
    users, contacts = Base.metadata.tables["users"], Base.metadata.tables["contacts"]
    now = dt.datetime.now(dt.UTC)
    user_id = connection.execute(sa.insert(users).values(email="a@example.com", password_hash="x", created_at=now)
                                 ).inserted_primary_key[0]
    return connection.execute(sa.insert(contacts).values(owner_id=user_id, fields={}, created_at=now,
                                                         updated_at=now)).inserted_primary_key[0]


def _meeting(contact_id, **overrides):
    values = {"contact_id": contact_id, "date": dt.date(2026, 1, 2), "note": "We talked about a shared pilot.",
              "collaboration_kind": "partner", "collaboration_detail": "Joint pilot in spring",
              "created_at": dt.datetime.now(dt.UTC)}
    return sa.insert(Base.metadata.tables["meetings"]).values(**{**values, **overrides})


REFUSED = [
    {"note": "   \t\n  "},
    {"note": ""},
    {"note": None},
    {"note": "  n/a  "},
    {"collaboration_detail": "  "},
    {"collaboration_detail": None},
    {"collaboration_kind": "friend"},
    {"collaboration_kind": None},
]


def _check_constraints(engine):
    with engine.connect() as connection:
        contact_id = _seed_contact(connection)
        connection.execute(_meeting(contact_id))  # a real note and collaboration are accepted
        for overrides in REFUSED:
            with pytest.raises(IntegrityError), connection.begin_nested():
                connection.execute(_meeting(contact_id, **overrides))
        with pytest.raises(IntegrityError), connection.begin_nested():  # foreign keys are on
            connection.execute(_meeting(contact_id + 999))
        connection.rollback()


def test_migration_on_an_empty_sqlite_database_matches_the_models(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    upgrade(engine)
    assert _schema_diffs(engine) == []
    upgrade(engine)  # idempotent
    with engine.connect() as connection:
        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        assert connection.exec_driver_sql("select version_num from alembic_version").scalar() == head
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000


def test_database_refuses_meetings_without_context_sqlite(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'c.db'}")
    upgrade(engine)
    _check_constraints(engine)


def test_downgrade_removes_everything(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'd.db'}")
    upgrade(engine)
    from alembic import command

    command.downgrade(alembic_config(engine), "base")
    assert set(sa.inspect(engine).get_table_names()) == {"alembic_version"}


@pytest.fixture
def postgres_engine(postgres_url):
    """An engine on a throw-away PostgreSQL database (tests/conftest.py postgres_url: skips or, in CI, fails)."""
    engine = make_engine(postgres_url)
    yield engine
    engine.dispose()


def test_migration_and_constraints_on_postgresql(postgres_engine):
    upgrade(postgres_engine)
    assert _schema_diffs(postgres_engine) == []
    _check_constraints(postgres_engine)


def test_api_flow_on_postgresql(postgres_engine, tmp_path):
    from service.http.app import create_app
    from tests.support.service_helpers import COLLABORATION, NOTE, add_user

    url = postgres_engine.url.render_as_string(hide_password=False)
    app = create_app({"TESTING": True, "CARDNOTE_DATA_DIR": str(tmp_path), "CARDNOTE_DATABASE_URL": url})
    headers = add_user(app, "pg@example.com")
    client = app.test_client()
    assert client.post("/api/v1/contacts", headers=headers, json={"fields": {"name": "P G"}, "note": "-"}
                       ).status_code == 422
    created = client.post("/api/v1/contacts", headers=headers, json={
        "fields": {"name": "Pat García", "emails": ["pat@example.org"]}, "note": NOTE, "collaboration": COLLABORATION})
    assert created.status_code == 201
    assert client.get("/api/v1/contacts?q=GARC", headers=headers).get_json()["total"] == 1
    with app.app_context():
        from service.storage.db import db

        db.engine.dispose()


def test_plain_postgresql_urls_use_psycopg_3():
    assert make_engine("postgresql://u:p@db.example/cardnote").url.drivername == "postgresql+psycopg"
    assert make_engine("postgres://u@db.example/cardnote").url.drivername == "postgresql+psycopg"
