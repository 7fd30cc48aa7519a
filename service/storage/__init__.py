"""Storage: SQLAlchemy models, the database extension, Alembic migrations and the audit log."""
