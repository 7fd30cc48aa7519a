"""Helpers for the events and follow-ups tests: one "today" for the whole test, on both sides of the API, and
contacts with a next step to follow up."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.support.service_helpers import COLLABORATION, NOTE

# Modules that ask service.core.events.today_utc() for "today" (imported by name, so each is pinned).
TODAY_USERS = ("service.core.events", "service.core.followups", "service.http.web.event_views",
               "service.http.web.followup_views")


def pin_today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    """Freeze the service's idea of today (UTC) to the real date at the start of the test, so a run that
    crosses midnight cannot see "today" move between the test's dates and the server's."""
    import importlib

    today = dt.datetime.now(dt.UTC).date()
    for name in TODAY_USERS:
        monkeypatch.setattr(importlib.import_module(name), "today_utc", lambda: today)
    return today


def contact_with_step(client, headers, name: str, action: str, due: str, event_id: int | None = None) -> dict:
    """A new contact whose first meeting sets a next step; return the contact JSON."""
    response = client.post("/api/v1/contacts", headers=headers, json={
        "fields": {"name": name}, "note": NOTE, "collaboration": COLLABORATION, "event_id": event_id,
        "next_step": {"action": action, "due": due}})
    assert response.status_code == 201, response.get_json()
    return response.get_json()
