"""Alembic migrations of the service database (run through service.storage.db.upgrade)."""
