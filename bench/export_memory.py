"""Export memory: peak Python memory while exporting 1,000 and 10,000 contacts in every format.

    .venv/bin/python -m bench.export_memory [--small 1000] [--large 10000]

Contacts are read in keyset batches and written as a stream, so the peak (tracemalloc) should not grow with
the number of contacts; the output is discarded chunk by chunk, as a streaming HTTP response would send it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import sqlalchemy as sa


def _fields(index: int) -> dict:
    def text(value: str) -> dict:
        return {"value": value, "confidence": 0.9, "source": "ocr"}

    return {"name": text(f"Person {index}"), "given_name": text("Person"), "family_name": text(str(index)),
            "honorific": None, "title": text("Engineer"), "department": None, "company": text(f"Company {index % 97}"),
            "emails": [{"value": f"p{index}@example.org", "valid": True, "confidence": 0.9, "source": "ocr"}],
            "phones": [{"value": f"+3461{index:07d}", "kind": "mobile", "region": "ES", "valid": True,
                        "confidence": 0.9, "source": "ocr"}],
            "websites": [text("https://example.org")], "social": [],
            "address": {"value": "Calle Mayor 1, 28013 Madrid", "lines": ["Calle Mayor 1", "28013 Madrid"],
                        "country": "ES", "confidence": 0.6, "source": "ocr"}}


def seed(engine: sa.Engine, owner_id: int, count: int) -> None:
    """Insert `count` contacts, each with one meeting, in bulk."""
    from service.storage.models import Contact, Meeting

    now = dt.datetime(2026, 3, 4, tzinfo=dt.UTC)
    with engine.begin() as connection:
        for start in range(0, count, 1000):
            batch = range(start, min(count, start + 1000))
            ids = connection.execute(sa.insert(Contact.__table__).returning(Contact.__table__.c.id), [
                {"owner_id": owner_id, "fields": _fields(i), "name": f"Person {i}", "created_at": now,
                 "updated_at": now} for i in batch]).scalars().all()
            connection.execute(sa.insert(Meeting.__table__), [
                {"contact_id": cid, "date": dt.date(2026, 3, 4), "note": "Talked about a pilot project in spring.",
                 "collaboration_kind": "client", "collaboration_detail": "Pilot with two teams", "created_at": now}
                for cid in ids])


def measure(app, fmt: str) -> tuple[float, float, int]:
    """(peak MB, seconds, bytes written) for one export."""
    from service.core.accounts import get_user_by_email
    from service.core.export import export_stream
    from service.storage.db import db

    with app.app_context():
        owner = get_user_by_email(db.session, "bench@example.com")
        tracemalloc.start()
        start = time.perf_counter()
        size = 0
        for chunk in export_stream(db.session, owner, fmt):
            size += len(chunk)
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak / 1e6, seconds, size


def main(argv: list[str] | None = None) -> int:
    """Seed two databases and print the peak memory of each export format."""
    from service.core.accounts import create_user
    from service.core.export import FORMATS
    from service.http.app import create_app
    from service.storage.db import db

    parser = argparse.ArgumentParser(prog="python -m bench.export_memory", description=__doc__.split("\n")[0])
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=10000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cardnote-export-") as tmp:
        apps = {}
        for count in (args.small, args.large):
            data = Path(tmp) / str(count)
            app = create_app({"CARDNOTE_DATA_DIR": str(data), "CARDNOTE_SECRET_KEY": "bench",
                              "CARDNOTE_DATABASE_URL": f"sqlite:///{data / 'bench.db'}"})
            with app.app_context():
                owner = create_user(db.session, "bench@example.com", "benchmark password")
                db.session.commit()
                seed(db.engine, owner.id, count)
            apps[count] = app
        print(f"{'format':<11} {'peak MB @' + str(args.small):>14} {'peak MB @' + str(args.large):>15} "
              f"{'s @' + str(args.large):>9} {'MB out':>8}")
        for fmt in FORMATS:
            small_peak, _, _ = measure(apps[args.small], fmt)
            large_peak, seconds, size = measure(apps[args.large], fmt)
            print(f"{fmt:<11} {small_peak:>14.1f} {large_peak:>15.1f} {seconds:>9.1f} {size / 1e6:>8.1f}",
                  flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
