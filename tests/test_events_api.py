"""Events through the API: objective and pitch, event_id on contacts and meetings, the quality nudge,
win-win fields, rating, scorecards, and isolation between users."""

from __future__ import annotations

import datetime as dt

import pytest

from service.domain.event_rules import EVENT_OBJECTIVES, QUALITY_CONTACTS_PER_EVENT, QUALITY_NUDGE_CODE
from tests.support.event_helpers import pin_today
from tests.support.service_helpers import COLLABORATION, NOTE

pytestmark = pytest.mark.postgres  # the database tests here run on SQLite and on PostgreSQL

TODAY = dt.datetime.now(dt.UTC).date()


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch):
    """One "today" for the test and the service (see tests/support/event_helpers.py)."""
    global TODAY
    TODAY = pin_today(monkeypatch)


FAIR = {"name": "Logistics Fair", "date": TODAY.isoformat(), "place": "IFEMA, Madrid", "organizer": "IFEMA",
        "audience": "Warehouse managers and 3PL buyers", "objective": "clients",
        "pitch": "We read business cards so your team remembers the conversation."}


def new_event(client, headers, **overrides) -> dict:
    """Create an event; return its JSON."""
    response = client.post("/api/v1/events", headers=headers, json={**FAIR, **overrides})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def new_contact(client, headers, name: str, **extra):
    """POST a contact with valid context and `extra` meeting attributes; return the response."""
    return client.post("/api/v1/contacts", headers=headers, json={
        "fields": {"name": name}, "note": NOTE, "collaboration": COLLABORATION, **extra})


def test_create_read_list_update_delete_an_event(client, ana):
    created = new_event(client, ana)
    assert created["id"] and {k: created[k] for k in FAIR} == FAIR
    assert created["rating"] is None and created["attend_again"] is None
    assert client.get(f"/api/v1/events/{created['id']}", headers=ana).get_json() == created
    listed = client.get("/api/v1/events", headers=ana).get_json()
    assert [e["id"] for e in listed["items"]] == [created["id"]] and listed["total"] == 1

    patched = client.patch(f"/api/v1/events/{created['id']}", headers=ana,
                           json={"rating": 4, "attend_again": False, "place": "Hall 7"})
    assert patched.status_code == 200
    body = patched.get_json()
    assert (body["rating"], body["attend_again"], body["place"], body["name"]) == (4, False, "Hall 7", FAIR["name"])

    assert client.delete(f"/api/v1/events/{created['id']}", headers=ana).status_code == 204
    assert client.get(f"/api/v1/events/{created['id']}", headers=ana).status_code == 404


def test_events_list_most_recent_first(client, ana):
    old = new_event(client, ana, name="Old", date="2025-01-10")
    undated = new_event(client, ana, name="Someday", date=None)
    recent = new_event(client, ana, name="Recent", date="2026-06-01")
    items = client.get("/api/v1/events", headers=ana).get_json()["items"]
    assert [e["id"] for e in items] == [recent["id"], old["id"], undated["id"]]


@pytest.mark.parametrize("objective", EVENT_OBJECTIVES)
def test_every_documented_objective_is_accepted(client, ana, objective):
    assert new_event(client, ana, objective=objective)["objective"] == objective


@pytest.mark.parametrize("body, field", [
    ({"objective": "networking"}, "objective"),
    ({"objective": 3}, "objective"),
    ({"name": "  "}, "name"),
    ({"name": None}, "name"),
    ({"date": "26/11/2026"}, "date"),
    ({"date": "2026-02-30"}, "date"),
    ({"rating": 0}, "rating"),
    ({"rating": 6}, "rating"),
    ({"rating": 4.5}, "rating"),
    ({"rating": True}, "rating"),
    ({"attend_again": "yes"}, "attend_again"),
    ({"place": "x" * 201}, "place"),
    ({"budget": 100}, "budget"),
])
def test_bad_event_attributes_are_422_and_store_nothing(client, ana, body, field):
    response = client.post("/api/v1/events", headers=ana, json={**FAIR, **body})
    assert response.status_code == 422
    assert response.get_json()["error"] == "validation_error"
    assert field in response.get_json()["fields"]
    assert client.get("/api/v1/events", headers=ana).get_json()["items"] == []


def test_event_without_name_is_422(client, ana):
    response = client.post("/api/v1/events", headers=ana, json={"objective": "learning"})
    assert response.status_code == 422 and "name" in response.get_json()["fields"]


def test_patch_with_bad_rating_changes_nothing(client, ana):
    event = new_event(client, ana, rating=3)
    response = client.patch(f"/api/v1/events/{event['id']}", headers=ana, json={"rating": 9, "place": "Elsewhere"})
    assert response.status_code == 422 and "rating" in response.get_json()["fields"]
    assert client.get(f"/api/v1/events/{event['id']}", headers=ana).get_json() == event


def test_unknown_objective_is_refused_by_the_database_too(app, ana):
    from sqlalchemy.exc import IntegrityError

    from service.storage.db import db
    from service.storage.models import Event

    with app.app_context():
        db.session.add(Event(owner_id=1, name="Sneaky", objective="parties"))
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()
        db.session.add(Event(owner_id=1, name="Sneaky", rating=7))
        with pytest.raises(IntegrityError):
            db.session.flush()


def test_contacts_and_meetings_accept_event_and_win_win_fields(client, ana):
    event = new_event(client, ana)
    created = new_contact(client, ana, "Irene Soliz", event_id=event["id"], their_strengths="Knows every 3PL in Spain",
                          my_offer="An intro to our Lisbon distributor")
    assert created.status_code == 201, created.get_json()
    contact = created.get_json()
    first = contact["meetings"][0]
    assert first["event"]["id"] == event["id"] and first["date"] == FAIR["date"]
    assert first["their_strengths"] == "Knows every 3PL in Spain"
    assert first["my_offer"] == "An intro to our Lisbon distributor"
    assert first["next_step"] is None

    second = client.post(f"/api/v1/contacts/{contact['id']}/meetings", headers=ana, json={
        "note": NOTE, "collaboration": COLLABORATION, "event_id": event["id"], "my_offer": "  Feedback on their deck ",
        "next_step": {"action": "Send the pilot quote", "due": (TODAY + dt.timedelta(days=3)).isoformat()}})
    assert second.status_code == 201, second.get_json()
    read = client.get(f"/api/v1/contacts/{contact['id']}", headers=ana).get_json()
    later = read["meetings"][1]
    assert later["my_offer"] == "Feedback on their deck" and later["their_strengths"] is None
    assert later["next_step"]["action"] == "Send the pilot quote" and later["next_step"]["done"] is False


@pytest.mark.parametrize("extra, field", [
    ({"their_strengths": 42}, "their_strengths"),
    ({"my_offer": "x" * 2001}, "my_offer"),
    ({"next_step": {"action": "", "due": "2026-12-01"}}, "next_step.action"),
    ({"next_step": {"action": "Call", "due": "next week"}}, "next_step.due"),
    ({"next_step": {"action": "Call", "due": "2026-13-01"}}, "next_step.due"),
    ({"next_step": {"action": "Call"}}, "next_step.due"),
    ({"next_step": "call them"}, "next_step"),
])
def test_bad_meeting_extras_are_422_and_store_nothing(client, ana, extra, field):
    response = new_contact(client, ana, "Irene Soliz", **extra)
    assert response.status_code == 422
    assert field in response.get_json()["fields"]
    assert client.get("/api/v1/contacts", headers=ana).get_json()["items"] == []


def test_quality_nudge_from_the_fourth_contact_at_one_event(client, ana):
    event = new_event(client, ana)
    other = new_event(client, ana, name="Other fair")
    nudges = []
    for n in range(QUALITY_CONTACTS_PER_EVENT + 2):
        response = new_contact(client, ana, f"Person {n}", event_id=event["id"])
        assert response.status_code == 201  # the nudge never blocks the save
        nudges.append(response.get_json()["nudges"])
    assert nudges[:QUALITY_CONTACTS_PER_EVENT] == [[]] * QUALITY_CONTACTS_PER_EVENT
    for later in nudges[QUALITY_CONTACTS_PER_EVENT:]:
        assert [n["code"] for n in later] == [QUALITY_NUDGE_CODE]
        assert "conversations" in later[0]["message"]
    # Another event and no event start from zero.
    assert new_contact(client, ana, "Elsewhere", event_id=other["id"]).get_json()["nudges"] == []
    assert new_contact(client, ana, "Nowhere").get_json()["nudges"] == []


def test_nudge_on_meetings_only_for_a_new_person_at_the_event(client, ana):
    event = new_event(client, ana)
    ids = [new_contact(client, ana, f"Person {n}", event_id=event["id"]).get_json()["id"] for n in range(3)]
    fourth = new_contact(client, ana, "Fourth").get_json()["id"]  # met elsewhere first

    def meet(contact_id):
        return client.post(f"/api/v1/contacts/{contact_id}/meetings", headers=ana, json={
            "note": NOTE, "collaboration": COLLABORATION, "event_id": event["id"]}).get_json()["nudges"]

    assert meet(ids[0]) == []  # a second talk with someone already met there is not one more card
    assert [n["code"] for n in meet(fourth)] == [QUALITY_NUDGE_CODE]


def test_another_users_event_cannot_be_used_or_seen(client, ana, bea):
    event = new_event(client, ana)
    assert new_contact(client, bea, "Bea's friend", event_id=event["id"]).status_code == 404
    bea_contact = new_contact(client, bea, "Bea's friend").get_json()["id"]
    meeting = client.post(f"/api/v1/contacts/{bea_contact}/meetings", headers=bea, json={
        "note": NOTE, "collaboration": COLLABORATION, "event_id": event["id"]})
    assert meeting.status_code == 404 and meeting.get_json()["error"] == "not_found"
    for method, path in [("GET", ""), ("PATCH", ""), ("DELETE", ""), ("GET", "/scorecard")]:
        response = client.open(f"/api/v1/events/{event['id']}{path}", method=method, headers=bea,
                               json={"rating": 1} if method == "PATCH" else None)
        assert response.status_code == 404, (method, path)
    assert client.get(f"/api/v1/events/{event['id']}", headers=ana).get_json()["rating"] is None
    assert client.get("/api/v1/events", headers=bea).get_json()["items"] == []


def test_scorecard_counts_what_the_event_led_to(client, ana):
    event = new_event(client, ana)
    yesterday, soon = (TODAY - dt.timedelta(days=1)).isoformat(), (TODAY + dt.timedelta(days=5)).isoformat()
    first = new_contact(client, ana, "Ana One", event_id=event["id"],
                        next_step={"action": "Send deck", "due": yesterday}).get_json()
    new_contact(client, ana, "Ben Two", event_id=event["id"], collaboration={"kind": "supplier",
                                                                                   "detail": "Quote for pallets"},
                next_step={"action": "Ask for a quote", "due": soon})
    client.post(f"/api/v1/contacts/{first['id']}/meetings", headers=ana, json={
        "note": NOTE, "collaboration": COLLABORATION, "event_id": event["id"]})
    new_contact(client, ana, "Not there", next_step={"action": "Unrelated", "due": yesterday})

    card = client.get(f"/api/v1/events/{event['id']}/scorecard", headers=ana).get_json()
    assert card["contacts"] == 2 and card["meetings"] == 3
    assert card["followups"] == {"open": 2, "done": 0, "overdue": 1}
    assert card["collaborations"] == {COLLABORATION["kind"]: 2, "supplier": 1}
    assert card["rating"] is None and card["attend_again"] is None

    followup_id = first["meetings"][0]["next_step"]["id"]
    assert client.patch(f"/api/v1/followups/{followup_id}", headers=ana, json={"done": True}).status_code == 200
    client.patch(f"/api/v1/events/{event['id']}", headers=ana, json={"rating": 5, "attend_again": True})
    card = client.get(f"/api/v1/events/{event['id']}/scorecard", headers=ana).get_json()
    assert card["followups"] == {"open": 1, "done": 1, "overdue": 0}
    assert (card["rating"], card["attend_again"]) == (5, True)


def test_empty_scorecard(client, ana):
    event = new_event(client, ana)
    card = client.get(f"/api/v1/events/{event['id']}/scorecard", headers=ana).get_json()
    assert card == {"event_id": event["id"], "contacts": 0, "meetings": 0,
                    "followups": {"open": 0, "done": 0, "overdue": 0}, "collaborations": {}, "rating": None,
                    "attend_again": None}


def test_deleting_an_event_keeps_its_meetings(client, ana):
    event = new_event(client, ana)
    contact = new_contact(client, ana, "Irene", event_id=event["id"]).get_json()
    assert client.delete(f"/api/v1/events/{event['id']}", headers=ana).status_code == 204
    meetings = client.get(f"/api/v1/contacts/{contact['id']}", headers=ana).get_json()["meetings"]
    assert len(meetings) == 1 and meetings[0]["event"] is None


def test_responses_match_the_openapi_schemas(client, ana):
    import jsonschema

    spec = client.get("/openapi.json").get_json()

    def validate(name, body):
        schema = {"$ref": f"#/components/schemas/{name}", "components": spec["components"]}
        jsonschema.Draft202012Validator(schema).validate(body)

    event = new_event(client, ana)
    validate("EventDetail", event)
    validate("EventInput", FAIR)
    contact = new_contact(client, ana, "Irene", event_id=event["id"], their_strengths="Negotiation",
                          next_step={"action": "Call", "due": TODAY.isoformat()}).get_json()
    validate("ContactCreated", contact)
    validate("Scorecard", client.get(f"/api/v1/events/{event['id']}/scorecard", headers=ana).get_json())
    validate("Followup", client.get("/api/v1/followups", headers=ana).get_json()["items"][0])


def test_patch_without_a_json_object_is_400_for_any_event_and_another_users_event_is_404(client, ana, bea):
    event = new_event(client, ana)
    # The body is checked first, the same way for every id, so a refusal says nothing about whose event it is.
    assert client.patch(f"/api/v1/events/{event['id']}", headers=ana, data="rating=5").status_code == 400
    assert client.patch(f"/api/v1/events/{event['id']}", headers=bea, data="rating=5").status_code == 400
    assert client.patch(f"/api/v1/events/{event['id']}", headers=bea, json={"rating": 5}).status_code == 404
