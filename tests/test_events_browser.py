"""Events and follow-ups in real headless Chromium (Debian's /usr/bin/chromium via Playwright, never a downloaded
browser): create today's event, save two contacts at it with next steps (the form proposes the event), mark one
follow-up done, and see the event's scorecard change. Screenshots land in tests/artifacts/."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.support.browser import ARTIFACTS, log_in, no_horizontal_scroll, screenshots

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _save_contact_at_todays_event(page, base: str, event_name: str, name: str, action: str, due: dt.date) -> None:
    page.goto(base + "/contacts/new")
    chosen = page.locator("#event_id option:checked").inner_text()
    assert event_name in chosen and "(today)" in chosen  # the save form proposes today's event
    page.fill("#f-name", name)
    page.fill("#note", f"Talked with {name} about reading cards at their trade-fair stand.")
    page.select_option("#collaboration_kind", "client")
    page.fill("#collaboration_detail", "Send a quote for the kiosk pilot")
    page.fill("#next_action", action)
    page.fill("#next_due", due.isoformat())
    no_horizontal_scroll(page)
    screenshots(page, "contact-at-event")
    page.click("button:has-text('Save contact')")
    page.wait_for_url(re.compile(r"/contacts/\d+(#[\w-]+)?$"))
    timeline = page.locator(".timeline").inner_text()
    assert action in timeline and event_name in timeline


def _score(page, event_id: str, name: str) -> str:
    return page.locator(f"[data-testid='event-{event_id}'] [data-score='{name}']").inner_text().strip()


def test_event_two_contacts_follow_up_done_scorecard_changes(server, page):
    ARTIFACTS.mkdir(exist_ok=True)
    today = dt.datetime.now(dt.UTC).date()
    log_in(page, server)

    page.click("nav.tabs >> text=Events")
    page.wait_for_url(re.compile(r"/events$"))
    page.click("a:has-text('New event')")
    page.fill("#ev-name", "Barcelona Fintech Fair")
    page.fill("#ev-place", "Fira Gran Via")
    page.select_option("#ev-objective", "clients")
    page.fill("#ev-pitch", "Cards that remember the conversation.")
    assert page.input_value("#ev-date") == today.isoformat()
    no_horizontal_scroll(page)
    page.click("button:has-text('Save event')")
    page.wait_for_url(re.compile(r"/events$"))
    event_id = page.locator("[data-testid^='event-']").first.get_attribute("data-testid").split("-", 1)[1]
    assert _score(page, event_id, "contacts") == "0"

    _save_contact_at_todays_event(page, server, "Barcelona Fintech Fair", "Irene Soliz", "Send the pilot quote",
                                  today + dt.timedelta(days=3))
    _save_contact_at_todays_event(page, server, "Barcelona Fintech Fair", "Tomás Ruiz", "Book a demo",
                                  today + dt.timedelta(days=7))

    page.click("nav.tabs >> text=Events")
    page.wait_for_url(re.compile(r"/events$"))
    assert (_score(page, event_id, "contacts"), _score(page, event_id, "open"), _score(page, event_id, "done")) == \
        ("2", "2", "0")

    page.click("nav.tabs >> text=Follow-ups")
    page.wait_for_url(re.compile(r"/followups$"))
    upcoming = page.locator("[data-testid='bucket-upcoming']")
    assert "Send the pilot quote" in upcoming.inner_text() and "Book a demo" in upcoming.inner_text()
    no_horizontal_scroll(page)
    screenshots(page, "followups")
    page.click("button[aria-label='Mark “Send the pilot quote” done']")
    page.wait_for_url(re.compile(r"/followups$"))
    assert "Send the pilot quote" not in page.locator("[data-testid='bucket-upcoming']").inner_text()
    assert "Done: Send the pilot quote" in page.locator(".flash").inner_text()

    page.click("nav.tabs >> text=Events")
    page.wait_for_url(re.compile(r"/events$"))
    assert (_score(page, event_id, "contacts"), _score(page, event_id, "open"), _score(page, event_id, "done")) == \
        ("2", "1", "1")
    no_horizontal_scroll(page)
    screenshots(page, "events")
