"""At the event, in real headless Chromium at 390 × 844 (Debian's /usr/bin/chromium through Playwright) against a
real `cardnote serve` with the real reader: the conversation first, the back of a card, two cards in one photo,
no network at the venue, and an accessibility scan (axe-core from node_modules) of every page.

The cards are generated (samples/scenes.py, from samples.generate); nothing here stubs the reader.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import urllib.request

import pytest

from bench.scoring import normalise
from samples.scenes import back_of_card, card_photo, two_card_photo
from tests.support import ROOT, cardnote, free_port
from tests.support.browser import ARTIFACTS, EMAIL, PASSWORD, PHONE
from tests.support.live_server import LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
NOTE = "Met at the stand: they want to read the cards of their 40 branch desks."
DETAIL = "Send a quote for the kiosk pilot by Friday"
READ_TIMEOUT = 180_000  # ms: a real read on 2 shared cores


@pytest.fixture
def live(service_env, tmp_path):
    """A stoppable `cardnote serve` with one user; `.token` is that user's API token."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), **service_env}
    added = subprocess.run(cardnote("users", "add", EMAIL), input=f"{PASSWORD}\n", text=True, env=env, cwd=ROOT,
                           check=True, capture_output=True, timeout=120)
    server = LiveServer(env, free_port(), tmp_path / "serve.log")
    server.token = added.stdout.strip().splitlines()[-1]
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _log_in(page, base: str) -> None:
    page.goto(base + "/login")
    page.fill("#email", EMAIL)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Log in')")
    page.wait_for_url(re.compile(r"/scan$"))


def _api(live, method: str, path: str, body: dict | None = None) -> dict:
    request = urllib.request.Request(live.base + path, method=method, data=json.dumps(body).encode() if body else None,
                                     headers={"Authorization": f"Bearer {live.token}",
                                              "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read() or b"{}")


def _photo(tmp_path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def _top(page, selector: str) -> float:
    return page.locator(selector).first.bounding_box()["y"]


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_the_conversation_comes_first_and_the_back_of_the_card_is_merged(live, phone, tmp_path):
    # a card the reader reads with a name and other sure fields: what the page does with them is tested here,
    # how well cards are read is the bench's job (seed 11's decorative capital "U mberto" splits its name)
    front = card_photo(seed=13)
    page = phone.new_page()
    _log_in(page, live.base)
    page.set_input_files("#camera", _photo(tmp_path, "front.jpg", front.jpeg))
    page.wait_for_url(re.compile(r"/drafts/\d+$"), timeout=READ_TIMEOUT)
    draft_id = int(page.url.rsplit("/", 1)[1])

    # Note, collaboration and event sit right under the card image, above the first field of the card.
    first_field = _top(page, "[data-field]")
    image_bottom = page.locator(".card-figure img").first.bounding_box()
    assert image_bottom["y"] + image_bottom["height"] <= _top(page, "#note")
    for selector in ("#note", "#collaboration_kind", "#collaboration_detail", "#event_id"):
        assert _top(page, selector) < first_field, selector
    # the page shows what the reader read (how well it reads is the bench's and tests/test_samples.py's job)
    read_name = _api(live, "GET", f"/api/v1/drafts/{draft_id}")["card"]["fields"]["name"]["value"]
    assert read_name and page.input_value("#f-name") == read_name
    # What the reader is sure of is one compact row; unsure values open with their flag.
    assert page.locator(".field.sure").count() >= 2
    sure = page.locator(".field.sure").first.bounding_box()["height"]
    assert sure < 60, sure

    save = page.locator("button:has-text('Save contact')")
    assert save.is_disabled()
    page.fill("#note", "   n/a   ")  # the page knows the server's placeholders: still disabled
    page.select_option("#collaboration_kind", "client")
    page.fill("#collaboration_detail", DETAIL)
    assert save.is_disabled()
    page.fill("#note", "Later.........")
    assert save.is_disabled()
    _shot(page, "event-review")

    # The back: a website, an office phone and an email the front does not print.
    back = back_of_card(["www.solana-trading.es", "Oficina: +34 912 345 678", "hola@solana-trading.es"])
    page.set_input_files("#back-photo", _photo(tmp_path, "back.jpg", back))
    page.wait_for_load_state()
    page.locator(".flash-success").wait_for(timeout=READ_TIMEOUT)
    assert "Added the back" in page.locator(".flash-success").inner_text()
    page.wait_for_function("() => document.querySelector('img[alt=\"The back of the card\"]').naturalWidth > 0")
    websites = page.eval_on_selector_all("input[name='websites']", "els => els.map(e => e.value)")
    assert "https://www.solana-trading.es" in websites
    assert "hola@solana-trading.es" in page.eval_on_selector_all("input[name='emails']", "els => els.map(e => e.value)")
    assert "on the back of the card" in page.locator(".fields").inner_text()
    assert page.input_value("#f-name") == read_name  # the front's name is kept
    draft = _api(live, "GET", f"/api/v1/drafts/{draft_id}")
    assert draft["has_back"] is True
    added = [w for w in draft["card"]["fields"]["websites"] if w["value"] == "https://www.solana-trading.es"]
    assert added and added[0]["side"] == "back"
    _shot(page, "event-review-back")

    page.fill("#note", NOTE)
    assert save.is_enabled()
    save.click()
    page.wait_for_url(re.compile(r"/contacts/\d+(#\w+)?$"))
    page.wait_for_function("() => [...document.querySelectorAll('.card-figure img')].every(i => i.naturalWidth > 0)")
    assert page.locator(".card-figure img").count() == 2  # both sides stay with the contact


def test_a_photo_of_two_cards_gives_two_drafts_reviewed_one_after_the_other(live, phone, tmp_path):
    two = two_card_photo(seed=3)
    page = phone.new_page()
    _log_in(page, live.base)
    page.set_input_files("#camera", _photo(tmp_path, "two.jpg", two.jpeg))
    page.wait_for_url(re.compile(r"/drafts/\d+\?batch="), timeout=READ_TIMEOUT)
    assert page.locator("[data-testid='drafts-count']").inner_text().strip() == "2"
    assert "Card 1 of 2" in page.locator("[data-testid='batch-nav']").inner_text()
    assert normalise(page.input_value("#f-name")) == normalise(two.cards[0]["name"])
    _shot(page, "event-two-cards-1")

    page.fill("#note", NOTE)
    page.select_option("#collaboration_kind", "partner")
    page.fill("#collaboration_detail", DETAIL)
    page.click("button:has-text('Save contact')")
    page.wait_for_url(re.compile(r"/drafts/\d+\?batch="))  # saving the first opens the second
    assert "Card 2 of 2" in page.locator("[data-testid='batch-nav']").inner_text()
    assert normalise(page.input_value("#f-name")) == normalise(two.cards[1]["name"])
    assert page.locator("[data-testid='drafts-count']").inner_text().strip() == "1"
    drafts = _api(live, "GET", "/api/v1/drafts")["items"]
    assert [normalise(d["card"]["fields"]["name"]["value"]) for d in drafts] == [normalise(two.cards[1]["name"])]


def _queued(page) -> int:
    page.locator("[data-testid='upload-queue']").wait_for(state="visible", timeout=20_000)
    return int(page.locator("[data-queue-count]").inner_text())


def test_offline_the_app_opens_from_its_cache_and_a_queued_photo_goes_up_once(live, phone, tmp_path):
    front = card_photo(seed=23)
    page = phone.new_page()
    _log_in(page, live.base)
    page.goto(live.base + "/inbox")  # a page opened once is kept for offline use
    page.goto(live.base + "/scan")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=30_000)

    # The venue's Wi-Fi is gone: no server at all, and the phone knows it is offline.
    live.stop()
    phone.set_offline(True)
    page.reload()
    assert page.title().startswith("Scan")
    page.goto(live.base + "/inbox")
    assert page.locator("h1").inner_text() == "Needs context"
    page.goto(live.base + "/scan")
    page.set_input_files("#camera", _photo(tmp_path, "offline.jpg", front.jpeg))
    assert _queued(page) == 1
    assert page.locator("[data-queue-list] img").evaluate("img => img.complete && img.naturalWidth > 0")
    page.fill("[data-queue-note]", "Wrote this offline: the client wants a kiosk pilot in March.")
    page.wait_for_timeout(300)  # the note is kept on every keystroke

    page.reload()  # reloaded while queued: the photo and its note are still there, once
    assert _queued(page) == 1
    assert page.input_value("[data-queue-note]").startswith("Wrote this offline")
    _shot(page, "event-offline-queue")

    live.start()
    phone.set_offline(False)
    page.locator("[data-queue-done] a").first.wait_for(timeout=READ_TIMEOUT)
    assert page.locator("[data-queue-done] a").count() == 1
    page.locator("[data-testid='upload-queue']").wait_for(state="hidden")
    page.reload()  # nothing is sent twice after another reload
    page.wait_for_timeout(1500)
    drafts = _api(live, "GET", "/api/v1/drafts")["items"]
    assert len(drafts) == 1
    assert drafts[0]["note"].startswith("Wrote this offline")
    page.goto(live.base + f"/drafts/{drafts[0]['id']}")
    assert page.input_value("#note").startswith("Wrote this offline")  # the note travelled with the photo
    page.wait_for_function("() => document.querySelector('img[alt=\"The scanned card\"]').naturalWidth > 0")
    live.stop()  # a review page opened once opens offline too, with its card image
    phone.set_offline(True)
    page.reload()
    assert page.locator("h1").inner_text() == "Review the card"
    page.wait_for_function("() => document.querySelector('img[alt=\"The scanned card\"]').naturalWidth > 0")
    page.select_option("#collaboration_kind", "client")
    page.fill("#collaboration_detail", DETAIL)
    page.click("button:has-text('Save contact')")  # no network: the page says so and keeps what was typed
    assert "No network" in page.locator("[data-gate-hint]").inner_text()
    assert page.input_value("#collaboration_detail") == DETAIL
    live.start()
    phone.set_offline(False)

    # Log-out on a shared phone: no kept pages, no queue left for the next person. A file the server refuses
    # stays in the queue with the reason (it is not retried), so there is something to clear.
    page.goto(live.base + "/scan")
    page.set_input_files("#camera", _photo(tmp_path, "notes.jpg", b"these are meeting notes, not a photo"))
    assert _queued(page) == 1
    page.locator(".queue-state", has_text="image").wait_for(timeout=30_000)
    page.once("dialog", lambda dialog: dialog.accept())  # "1 photo has not been uploaded yet…"
    page.click("button:has-text('Log out')")
    page.wait_for_url(re.compile(r"/login$"))
    kept = page.evaluate("""async () => {
        const names = (await caches.keys()).filter(n => n.startsWith('cardnote-pages'));
        if (!(await indexedDB.databases()).some(d => d.name === 'cardnote')) return {caches: names, queued: 0};
        const db = await new Promise(r => { const q = indexedDB.open('cardnote'); q.onsuccess = () => r(q.result); });
        if (!db.objectStoreNames.contains('uploads')) return {caches: names, queued: 0};
        const items = await new Promise(r => { const q = db.transaction('uploads').objectStore('uploads').getAll();
                                               q.onsuccess = () => r(q.result); });
        return {caches: names, queued: items.length};
    }""")
    assert kept == {"caches": [], "queued": 0}


# Every page, each with what it needs to show its real content.
def _pages(live, draft_id: int, contact_id: int, event_id: int) -> dict[str, str]:
    return {
        "scan": "/scan", "inbox": "/inbox", "review": f"/drafts/{draft_id}", "contacts": "/contacts",
        "contact": f"/contacts/{contact_id}", "new-contact": "/contacts/new", "edit": f"/contacts/{contact_id}/edit",
        "delete": f"/contacts/{contact_id}/delete", "events": "/events", "new-event": "/events/new",
        "edit-event": f"/events/{event_id}/edit", "followups": "/followups", "error": "/no-such-page",
    }


SMALL_TARGETS = """() => {
  const selector = "button, .button, input:not([type=hidden]):not(.visually-hidden-input), select, textarea, " +
                   "summary, nav.tabs a, .row-main, .pager a, .check";
  return [...document.querySelectorAll(selector)].filter(el => {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height || getComputedStyle(el).visibility === "hidden") return false;
    if (el.type === "checkbox") return false;  // its label (.check) is the target
    return box.height < 44 || box.width < 44;
  }).map(el => el.outerHTML.slice(0, 120) + " " + Math.round(el.getBoundingClientRect().height) + "px");
}"""


def _axe(page) -> list[str]:
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in results["violations"] if v["impact"] in ("serious", "critical")]


def test_every_page_is_accessible_and_fits_a_phone(live, browser, tmp_path):
    assert AXE.exists(), "run `npm ci` at the repository root (axe-core from package.json)"
    today = dt.date.today().isoformat()
    event = _api(live, "POST", "/api/v1/events", {"name": "Barcelona Fintech Fair", "date": today})
    contact = _api(live, "POST", "/api/v1/contacts", {
        "fields": {"name": "Irene Soliz", "company": "Merino Soluciones", "emails": ["isoliz@merino.example"]},
        "note": NOTE, "collaboration": {"kind": "client", "detail": DETAIL}, "event_id": event["id"],
        "next_step": {"action": "Send the pilot quote", "due": today}})
    # axe is injected as a script, which the app's own policy (rightly) forbids: only this context bypasses it.
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                  bypass_csp=True)
    try:
        page = context.new_page()
        page.set_content('<!doctype html><html lang="en"><title>t</title><img src="data:,">')
        page.add_script_tag(path=str(AXE))
        assert any(found.startswith("image-alt") for found in _axe(page))  # the scan below can fail
        anonymous = {}  # pages scanned outside the loop below
        page.goto(live.base + "/login")
        page.add_script_tag(path=str(AXE))
        anonymous["login"] = _axe(page)
        _log_in(page, live.base)
        page.set_input_files("#camera", _photo(tmp_path, "card.jpg", card_photo(seed=31).jpeg))
        page.wait_for_url(re.compile(r"/drafts/\d+$"), timeout=READ_TIMEOUT)
        draft_id = int(page.url.rsplit("/", 1)[1])
        page.goto(live.base + "/scan")
        page.set_input_files("#camera", _photo(tmp_path, "notes.jpg", b"meeting notes, not a photo"))
        page.locator(".queue-state", has_text="image").wait_for(timeout=30_000)
        page.add_script_tag(path=str(AXE))
        anonymous["scan-with-queue"] = _axe(page)
        problems = {name: found for name, found in anonymous.items() if found}
        targets = {}
        for name, path in _pages(live, draft_id, contact["id"], event["id"]).items():
            response = page.goto(live.base + path)
            assert response.status == (404 if name == "error" else 200), (name, response.status)
            page.add_script_tag(path=str(AXE))
            found = _axe(page)
            if found:
                problems[name] = found
            small = page.evaluate(SMALL_TARGETS)
            if small:
                targets[name] = small
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"{name} scrolls sideways: {width}px"
        assert problems == {}, json.dumps(problems, indent=1, ensure_ascii=False)
        assert targets == {}, json.dumps(targets, indent=1, ensure_ascii=False)

        # The five tab labels fit on one line at 360 px.
        page.set_viewport_size({"width": 360, "height": 780})
        page.goto(live.base + "/scan")
        lines = page.evaluate("""() => [...document.querySelectorAll('nav.tabs a')].map(a => {
            const range = document.createRange();
            const text = [...a.childNodes].filter(n => n.nodeType === 3 && n.textContent.trim() ||
                                                       n.classList && n.classList.contains('tab-label'));
            range.selectNodeContents(text[0]);
            const rects = [...range.getClientRects()].filter(r => r.width > 0);
            return [a.textContent.trim(), new Set(rects.map(r => Math.round(r.top))).size,
                    a.scrollWidth <= a.clientWidth];
        })""")
        assert all(count == 1 and fits for _, count, fits in lines), lines
    finally:
        context.close()
