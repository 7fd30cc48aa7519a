"""Follow-ups through the API: listing by due date and status, marking done, the iCalendar file read back
with the `icalendar` library, and isolation between users."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest

from tests.support.event_helpers import contact_with_step, pin_today
from tests.support.service_helpers import NOTE, add_user

pytestmark = pytest.mark.postgres  # the database tests here run on SQLite and on PostgreSQL

TODAY = dt.datetime.now(dt.UTC).date()


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch):
    """One "today" for the test and the service (see tests/support/event_helpers.py)."""
    global TODAY
    TODAY = pin_today(monkeypatch)


def day(offset: int) -> str:
    """Today plus `offset` days, ISO."""
    return (TODAY + dt.timedelta(days=offset)).isoformat()


@pytest.fixture
def steps(client, ana):
    """Three open follow-ups (overdue, today, upcoming), created out of order; their ids by name."""
    fair = client.post("/api/v1/events", headers=ana, json={"name": "Fintech Fair"}).get_json()["id"]
    made = {
        "later": contact_with_step(client, ana, "Carla Later", "Send the contract", day(10), fair),
        "overdue": contact_with_step(client, ana, "Olga Overdue", "Call about the pilot", day(-2)),
        "today": contact_with_step(client, ana, "Tomás Today", "Email the deck", day(0)),
    }
    return {key: c["meetings"][0]["next_step"]["id"] for key, c in made.items()}


def test_open_followups_by_due_date(client, ana, steps):
    body = client.get("/api/v1/followups", headers=ana).get_json()
    assert [f["id"] for f in body["items"]] == [steps["overdue"], steps["today"], steps["later"]]
    assert [f["state"] for f in body["items"]] == ["overdue", "today", "upcoming"]
    assert body["total"] == 3
    first = body["items"][0]
    assert first["contact"]["name"] == "Olga Overdue" and first["action"] == "Call about the pilot"
    assert body["items"][2]["event"]["name"] == "Fintech Fair"


def test_mark_done_and_filter_by_status(client, ana, steps):
    response = client.patch(f"/api/v1/followups/{steps['today']}", headers=ana, json={"done": True})
    assert response.status_code == 200
    assert response.get_json()["done"] is True and response.get_json()["state"] == "done"
    open_ids = [f["id"] for f in client.get("/api/v1/followups", headers=ana).get_json()["items"]]
    done_ids = [f["id"] for f in client.get("/api/v1/followups?status=done", headers=ana).get_json()["items"]]
    all_ids = [f["id"] for f in client.get("/api/v1/followups?status=all", headers=ana).get_json()["items"]]
    assert open_ids == [steps["overdue"], steps["later"]]
    assert done_ids == [steps["today"]]
    assert all_ids == [steps["overdue"], steps["today"], steps["later"]]

    reopened = client.patch(f"/api/v1/followups/{steps['today']}", headers=ana, json={"done": False}).get_json()
    assert reopened["done"] is False and reopened["done_at"] is None


def test_done_shows_on_the_contact(client, ana, steps):
    client.patch(f"/api/v1/followups/{steps['overdue']}", headers=ana, json={"done": True})
    contact_id = client.get("/api/v1/followups?status=done", headers=ana).get_json()["items"][0]["contact"]["id"]
    step = client.get(f"/api/v1/contacts/{contact_id}", headers=ana).get_json()["meetings"][0]["next_step"]
    assert step["id"] == steps["overdue"] and step["done"] is True and step["done_at"]


@pytest.mark.parametrize("body", [{"done": "yes"}, {"done": 1}, {}])
def test_bad_done_is_422(client, ana, steps, body):
    response = client.patch(f"/api/v1/followups/{steps['today']}", headers=ana, json=body)
    assert response.status_code == 422
    assert client.get("/api/v1/followups", headers=ana).get_json()["total"] == 3


def test_no_json_object_is_400(client, ana, steps):
    response = client.patch(f"/api/v1/followups/{steps['today']}", headers=ana, data="done=true")
    assert response.status_code == 400 and response.get_json()["error"] == "invalid_request"
    assert client.get("/api/v1/followups", headers=ana).get_json()["total"] == 3


def test_unknown_status_is_400(client, ana, steps):
    response = client.get("/api/v1/followups?status=pending", headers=ana)
    assert response.status_code == 400 and response.get_json()["error"] == "invalid_request"


def test_icalendar_has_one_vtodo_per_open_followup(client, ana, steps):
    client.patch(f"/api/v1/followups/{steps['later']}", headers=ana, json={"done": True})
    response = client.get("/api/v1/followups.ics", headers=ana)
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(response.data)
    todos = [c for c in calendar.walk("VTODO")]
    assert len(todos) == 2
    by_summary = {str(t["SUMMARY"]): t for t in todos}
    overdue = next(t for s, t in by_summary.items() if "Olga Overdue" in s)
    assert overdue.decoded("DUE") == TODAY - dt.timedelta(days=2)
    assert "Call about the pilot" in str(overdue["SUMMARY"])
    description = str(overdue["DESCRIPTION"])
    assert "Call about the pilot" in description and NOTE in description
    assert all(t.get("UID") for t in todos)

    # The same follow-up keeps its UID from one download to the next; a new one gets a new UID.
    contact_with_step(client, ana, "Nina New", "Book a demo", day(4))
    again = icalendar.Calendar.from_ical(client.get("/api/v1/followups.ics", headers=ana).data)
    uids_before = {str(t["UID"]) for t in todos}
    uids_after = {str(t["UID"]) for t in again.walk("VTODO")}
    assert uids_before < uids_after and len(uids_after) == 3


def test_icalendar_escapes_awkward_text(client, ana):
    contact_with_step(client, ana, "Zoë; O'Brien, Jr.", "Send: price list, v2\nand samples", day(1))
    calendar = icalendar.Calendar.from_ical(client.get("/api/v1/followups.ics", headers=ana).data)
    (todo,) = calendar.walk("VTODO")
    assert "Zoë; O'Brien, Jr." in str(todo["SUMMARY"])
    assert "Send: price list, v2\nand samples" in str(todo["DESCRIPTION"])


def test_another_users_followups_are_404_and_invisible(app, client, ana, steps):
    bea = add_user(app, "bea@example.com")
    response = client.patch(f"/api/v1/followups/{steps['today']}", headers=bea, json={"done": True})
    assert response.status_code == 404 and response.get_json()["error"] == "not_found"
    assert client.get("/api/v1/followups?status=all", headers=bea).get_json()["items"] == []
    assert icalendar.Calendar.from_ical(
        client.get("/api/v1/followups.ics", headers=bea).data).walk("VTODO") == []
    assert client.get("/api/v1/followups", headers=ana).get_json()["total"] == 3  # nothing changed for Ana


def test_deleting_the_contact_deletes_its_followups(client, ana, steps):
    contact_id = next(f["contact"]["id"] for f in client.get("/api/v1/followups", headers=ana).get_json()["items"]
                      if f["id"] == steps["today"])
    assert client.delete(f"/api/v1/contacts/{contact_id}", headers=ana).status_code == 204
    assert steps["today"] not in [f["id"] for f in
                                  client.get("/api/v1/followups?status=all", headers=ana).get_json()["items"]]
