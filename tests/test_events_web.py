"""Events and follow-ups pages through Flask's test client: event forms, today's event proposed on the save
form, win-win and next step saved from the form, the nudge on the page, the Follow-ups page and its Done
button (CSRF), scorecards best first, and isolation. The reader is a stand-in (no OCR here)."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest

from service.domain.event_rules import QUALITY_CONTACTS_PER_EVENT
from tests.support.event_helpers import contact_with_step, pin_today
from tests.support.service_helpers import (
    fake_card,
    jpeg_bytes,
)
from tests.support.web import CONTEXT, logged_in_client

TODAY = dt.datetime.now(dt.UTC).date()


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch):
    """One "today" for the test and the service (see tests/support/event_helpers.py)."""
    global TODAY
    TODAY = pin_today(monkeypatch)




def new_event(client, **form) -> int:
    """Create an event with the web form; return its id (read back from the Edit link)."""
    response = client.post("/events/new", data={"name": "Fair", "date": TODAY.isoformat(), **form})
    assert response.status_code == 302, response.text
    ids = [int(i) for i in re.findall(r"/events/(\d+)/edit", client.get("/events").text)]
    return max(ids)


def scan(client, reader, name: str) -> int:
    """Scan a card for `name`; return the draft id."""
    reader.cards = [fake_card(name=name, email=f"{name.split()[0].lower()}@example.org", phone="")]
    response = client.post("/scan", content_type="multipart/form-data",
                           data={"images": (io.BytesIO(jpeg_bytes("#%06x" % (hash(name) & 0xFFFFFF))), "c.jpg")})
    assert response.status_code == 302, response.text
    return int(response.location.rsplit("/", 1)[1])


def save_draft(client, draft_id: int, name: str, **extra):
    """Post the review form with context and `extra` inputs."""
    return client.post(f"/drafts/{draft_id}", data={
        "name": name, "emails": [f"{name.split()[0].lower()}@example.org"], **CONTEXT, **extra})


def test_anonymous_visitors_go_to_login(client):
    for path in ("/events", "/events/new", "/events/1/edit", "/followups", "/followups.ics"):
        response = client.get(path)
        assert response.status_code == 302 and response.location.startswith("/login"), path


def test_create_an_event_with_objective_and_pitch(client, logged_in):
    assert "No events yet" in client.get("/events").text
    form = client.get("/events/new").text
    assert f'value="{TODAY.isoformat()}"' in form  # dated today unless changed
    event_id = new_event(client, place="IFEMA", organizer="IFEMA", audience="3PL buyers", objective="investors",
                         pitch="Cards that remember the conversation")
    page = client.get("/events").text
    assert "Fair" in page and "Investors" in page and "Cards that remember the conversation" in page
    edit = client.get(f"/events/{event_id}/edit").text
    assert 'value="investors" selected' in edit and "3PL buyers" in edit


@pytest.mark.parametrize("form, problem", [
    ({"name": ""}, "an event needs a name"),
    ({"objective": "parties"}, "unknown objective"),
    ({"date": "31/12/2026"}, "YYYY-MM-DD"),
])
def test_bad_event_form_is_refused_and_kept(client, logged_in, form, problem):
    response = client.post("/events/new", data={"name": "Fair", "place": "Hall 7", **form})
    assert response.status_code == 422
    assert problem in response.text
    assert 'value="Hall 7"' in response.text  # what was typed stays
    assert "No events yet" in client.get("/events").text


def test_rating_and_attend_again_after_the_event(client, logged_in):
    event_id = new_event(client)
    assert client.post(f"/events/{event_id}/edit", data={"name": "Fair", "rating": "6"}).status_code == 422
    response = client.post(f"/events/{event_id}/edit", data={"name": "Fair", "rating": "4", "attend_again": "no"})
    assert response.status_code == 302
    page = client.get("/events").text
    assert "4/5" in page and "You would not go again." in page


def test_save_form_proposes_todays_event(client, logged_in, reader):
    new_event(client, name="Last year", date=(TODAY - dt.timedelta(days=365)).isoformat())
    today_id = new_event(client, name="Today's fair")
    review = client.get(f"/drafts/{scan(client, reader, 'Irene Soliz')}").text
    selected = re.search(r'<option value="(\d+)" selected>([^<]*)', review)
    assert selected and int(selected.group(1)) == today_id and "(today)" in selected.group(2)
    assert 'name="their_strengths"' in review and 'name="next_action"' in review


def test_no_event_today_means_none_preselected(client, logged_in, reader):
    new_event(client, name="Last year", date=(TODAY - dt.timedelta(days=365)).isoformat())
    review = client.get(f"/drafts/{scan(client, reader, 'Irene Soliz')}").text
    assert not re.search(r'<option value="\d+" selected>', review.split('id="event_id"')[1].split("</select>")[0])


def test_win_win_and_next_step_saved_from_the_review_form(client, logged_in, reader):
    event_id = new_event(client)
    due = (TODAY + dt.timedelta(days=2)).isoformat()
    response = save_draft(client, scan(client, reader, "Irene Soliz"), "Irene Soliz", event_id=str(event_id),
                          their_strengths="Knows every buyer in the region", my_offer="Intro to our Lisbon partner",
                          next_action="Send the pilot quote", next_due=due)
    assert response.status_code == 302, response.text
    page = client.get(response.location).text
    assert "Knows every buyer in the region" in page and "Intro to our Lisbon partner" in page
    assert "Send the pilot quote" in page and "Fair" in page


@pytest.mark.parametrize("extra, problem", [
    ({"next_action": "Send the quote"}, "a due date as YYYY-MM-DD"),
    ({"next_due": "2026-12-01"}, "say what you will do next"),
])
def test_half_a_next_step_is_refused_and_nothing_saved(client, logged_in, reader, extra, problem):
    draft_id = scan(client, reader, "Irene Soliz")
    response = save_draft(client, draft_id, "Irene Soliz", their_strengths="Negotiation", **extra)
    assert response.status_code == 422
    assert problem in response.text
    assert "Negotiation" in response.text  # what was typed stays
    assert "No contacts yet" in client.get("/contacts").text


def test_another_users_event_cannot_be_chosen(app, client, logged_in, reader):
    bea = logged_in_client(app, "bea@example.com")
    bea_event = new_event(bea, name="Secret fair of Bea")
    assert "Secret fair of Bea" not in client.get(f"/drafts/{scan(client, reader, 'Irene Soliz')}").text
    draft_id = scan(client, reader, "Olga Other")
    assert save_draft(client, draft_id, "Olga Other", event_id=str(bea_event)).status_code == 404
    for method, path in (("GET", f"/events/{bea_event}/edit"), ("POST", f"/events/{bea_event}/edit"),
                         ("POST", f"/events/{bea_event}/delete")):
        assert client.open(path, method=method, data={"name": "Mine now"}).status_code == 404
    assert "Secret fair of Bea" in bea.get("/events").text


def test_nudge_shows_on_the_page_from_the_fourth_contact(client, logged_in, reader):
    event_id = new_event(client)
    pages = []
    for n in range(QUALITY_CONTACTS_PER_EVENT + 1):
        name = f"Person{n} Example"
        response = save_draft(client, scan(client, reader, name), name, event_id=str(event_id))
        assert response.status_code == 302
        pages.append(client.get(response.location).text)
    assert all("pocket of cards" not in page for page in pages[:QUALITY_CONTACTS_PER_EVENT])
    assert "pocket of cards" in pages[-1] and "flash-nudge" in pages[-1]


def test_followups_page_buckets_and_done_button_with_csrf(app, client, ana, logged_in):
    contact_with_step(client, ana, "Olga Overdue", "Call about the pilot",
                      (TODAY - dt.timedelta(days=1)).isoformat())
    contact_with_step(client, ana, "Tomás Today", "Email the deck", TODAY.isoformat())
    later = contact_with_step(client, ana, "Carla Later", "Send the contract",
                              (TODAY + dt.timedelta(days=9)).isoformat())
    page = client.get("/followups").text
    sections = {state: page.split(f'data-testid="bucket-{state}"')[1].split("</section>")[0]
                for state in ("overdue", "today", "upcoming")}
    assert "Call about the pilot" in sections["overdue"] and "Olga Overdue" in sections["overdue"]
    assert "Email the deck" in sections["today"]
    assert "Send the contract" in sections["upcoming"]

    later_id = later["meetings"][0]["next_step"]["id"]
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert client.post(f"/followups/{later_id}/done").status_code == 400  # no token: refused
        page = client.get("/followups").text
        token = re.search(rf'action="/followups/{later_id}/done">\s*<input type="hidden" name="csrf_token" '
                          r'value="([^"]+)"', page).group(1)
        response = client.post(f"/followups/{later_id}/done", data={"csrf_token": token})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 302
    page = client.get("/followups").text
    assert 'data-testid="bucket-upcoming"' not in page
    assert "Send the contract" in page.split('data-testid="bucket-done"')[1]


def test_followups_calendar_download_and_isolation(app, client, ana, logged_in):
    made = contact_with_step(client, ana, "Olga", "Call about the pilot", TODAY.isoformat())
    response = client.get("/followups.ics")
    assert response.mimetype == "text/calendar" and b"Call about the pilot" in response.data

    bea = logged_in_client(app, "bea@example.com")
    assert bea.post(f"/followups/{made['meetings'][0]['next_step']['id']}/done").status_code == 404
    assert b"VTODO" not in bea.get("/followups.ics").data
    assert "Call about the pilot" not in bea.get("/followups").text


def test_events_page_lists_best_first_with_scorecards(app, client, ana, logged_in):
    unrated = new_event(client, name="Unrated expo")
    good = new_event(client, name="Good summit")
    client.post(f"/events/{good}/edit", data={"name": "Good summit", "rating": "5"})
    meh = new_event(client, name="Meh meetup")
    client.post(f"/events/{meh}/edit", data={"name": "Meh meetup", "rating": "2"})
    contact_with_step(client, ana, "Olga", "Call", TODAY.isoformat(), event_id=good)
    page = client.get("/events").text
    order = [int(i) for i in re.findall(r'data-testid="event-(\d+)"', page)]
    assert order == [good, meh, unrated]
    good_card = page.split(f'data-testid="event-{good}"')[1].split("</li>")[0]
    assert re.search(r'data-score="contacts">1<', good_card) and re.search(r'data-score="open">1<', good_card)


def test_event_text_is_escaped(client, logged_in):
    new_event(client, name="<script>alert(1)</script>", pitch="<b>bold</b>")
    page = client.get("/events").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page and "<b>bold</b>" not in page

