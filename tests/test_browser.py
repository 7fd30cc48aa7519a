"""The phone flow in real headless Chromium (Debian's /usr/bin/chromium driven by Playwright, never a downloaded
browser): log in, photograph a sample card, be stopped without context, save with it, find the contact.

Screenshots land in tests/artifacts/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.support import ROOT
from tests.support.browser import (
    ARTIFACTS,
    PHONE,
    log_in,
    no_horizontal_scroll,
    screenshots,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SAMPLE = ROOT / "samples" / "es_es_scan.jpg"


def test_phone_flow_scan_review_refuse_save_find(server, page):
    expected = json.loads(SAMPLE.with_suffix(".expected.json").read_text())
    ARTIFACTS.mkdir(exist_ok=True)

    log_in(page, server)
    no_horizontal_scroll(page)
    screenshots(page, "scan")

    page.set_input_files("#camera", str(SAMPLE))  # the script posts the photo as soon as it is chosen
    page.wait_for_url(re.compile(r"/drafts/\d+$"), timeout=180_000)

    # The fields the card printed are on the page, ready to edit.
    emails = [v.lower() for v in page.eval_on_selector_all("input[name='emails']", "els => els.map(e => e.value)")]
    assert set(emails) & {e.lower() for e in expected["emails"]}, emails
    assert page.input_value("#f-company"), "the company printed on the card is not shown"
    assert page.locator("[data-testid='warnings']").is_visible()  # the sample's phone needs a guessed region
    page.wait_for_function("() => document.querySelector('img[alt=\"The scanned card\"]').naturalWidth > 0")
    no_horizontal_scroll(page)
    screenshots(page, "review")

    # Without a note and collaboration, Save stays disabled and says why.
    save = page.locator("button:has-text('Save contact')")
    assert save.is_disabled()
    assert page.locator("[data-gate-hint]").is_visible()

    # Filler that is long enough stays refused: the page applies the server's own rule (placeholders, words).
    page.fill("#note", "...............")
    page.select_option("#collaboration_kind", "client")
    page.fill("#collaboration_detail", "........")
    assert save.is_disabled()
    # A note the page cannot judge (the server's minimum is the last word) is refused by the server, which
    # keeps what was typed and stores nothing.
    page.evaluate("document.querySelector('#note').setAttribute('data-min', '1')")
    page.fill("#note", "Kiosk talk.")
    page.fill("#collaboration_detail", "Send a quote for the kiosk")
    assert save.is_enabled()
    save.click()
    page.wait_for_load_state()
    assert re.search(r"/drafts/\d+#conversation$", page.url)
    message = page.locator("[data-testid='save-error']")
    assert message.is_visible()
    box = message.bounding_box()
    assert 0 <= box["y"] < PHONE["height"]  # the phone lands on the refusal (boxes are viewport-relative)
    assert "Not saved" in message.inner_text()
    assert "too short" in page.locator("#note-error").inner_text()
    assert page.input_value("#collaboration_detail") == "Send a quote for the kiosk"  # what was typed is kept
    no_horizontal_scroll(page)
    screenshots(page, "review-refused")

    page.fill("#note", "Met at the Barcelona fintech fair; they need a card-reading kiosk for 40 branches.")
    page.select_option("#collaboration_kind", "client")
    page.fill("#collaboration_detail", "Send a quote for the kiosk pilot by Friday")
    page.click("button:has-text('Save contact')")
    page.wait_for_url(re.compile(r"/contacts/\d+(#\w+)?$"))
    name = page.locator("h1").inner_text()
    assert name.strip()
    assert "card-reading kiosk" in page.locator(".timeline").inner_text()
    no_horizontal_scroll(page)
    screenshots(page, "contact")

    page.click("nav.tabs >> text=Contacts")
    page.wait_for_url(re.compile(r"/contacts$"))
    assert page.locator(".cards-list li").count() == 1
    page.fill("#q", name.split()[0])
    page.press("#q", "Enter")
    page.wait_for_url(re.compile(r"/contacts\?q="))
    assert name in page.locator(".cards-list").inner_text()
    assert page.locator("[data-testid='drafts-count']").inner_text().strip() == "0"  # the draft became the contact
    no_horizontal_scroll(page)
    screenshots(page, "contacts")


def test_many_files_show_progress_per_file(server, page, tmp_path):
    not_an_image = tmp_path / "notes.jpg"
    not_an_image.write_text("these are meeting notes, not a photo")
    log_in(page, server)

    page.set_input_files("#files", [str(SAMPLE), str(not_an_image)])
    page.click("button:has-text('Read the chosen cards')")
    rows = page.locator("[data-progress] li")
    rows.nth(2).wait_for(timeout=180_000)  # the summary line comes after both files were answered
    assert page.url.endswith("/scan")  # the script kept the page; each file got its own answer
    done, failed = rows.nth(0), rows.nth(1)
    assert "done" in done.get_attribute("class")
    assert "review" in done.inner_text()
    assert "failed" in failed.get_attribute("class") and failed.inner_text().strip() != "notes.jpg"
    assert "Read 1 of 2" in rows.nth(2).inner_text()
    assert page.locator("[data-testid='drafts-count']").inner_text().strip() == "1"
    no_horizontal_scroll(page)
    screenshots(page, "scan-many")
    review_url = done.locator("a").get_attribute("href")
    assert re.fullmatch(r"/drafts/\d+", review_url)
    page.click("nav.tabs >> text=To review")
    page.wait_for_url(re.compile(r"/inbox$"))
    assert page.locator(".cards-list li").count() == 1
    no_horizontal_scroll(page)
    screenshots(page, "inbox")
    page.click(f".cards-list a[href='{review_url}']")  # the inbox links to the same review page
    page.wait_for_url(re.compile(review_url + "$"))
    page.set_viewport_size({"width": 1280, "height": 900})  # the same review on a laptop: card beside the rest
    figure, talk = page.locator(".card-figure").bounding_box(), page.locator("section.context").bounding_box()
    fields = page.locator("section.fields").bounding_box()
    assert figure["x"] + figure["width"] <= talk["x"] and abs(figure["y"] - talk["y"]) < 5
    assert talk["y"] + talk["height"] <= fields["y"]  # the conversation first, then the fields
    screenshots(page, "review-desktop")

    page.once("dialog", lambda dialog: dialog.dismiss())  # "Discard this scan?" — no
    page.click("button:has-text('Discard scan')")
    assert page.url.endswith(review_url)
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('Discard scan')")
    page.wait_for_url(re.compile(r"/inbox$"))
    assert page.locator("[data-testid='drafts-count']").inner_text().strip() == "0"


def test_without_javascript_plain_form_posts_still_work(server, browser):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        log_in(page, server)
        read = page.locator("button:has-text('Read this card')")
        assert read.is_visible()  # shown only when no script posts the photo by itself
        page.set_input_files("#camera", str(SAMPLE))
        read.click()
        page.wait_for_url(re.compile(r"/drafts/\d+$"), timeout=180_000)
        save = page.locator("button:has-text('Save contact')")
        assert save.is_enabled()  # nothing disables it without script: the server is the judge
        save.click()
        page.wait_for_url(re.compile(r"/drafts/\d+#conversation$"))
        assert "Not saved" in page.locator("[data-testid='save-error']").inner_text()
        assert "Write the conversation note" in page.locator("#note-error").inner_text()
        page.fill("#note", "Talked about translating their catalogue into French and German.")
        page.select_option("#collaboration_kind", "supplier")
        page.fill("#collaboration_detail", "Ask for a sample translation")
        page.locator("button:has-text('Save contact')").click()
        page.wait_for_url(re.compile(r"/contacts/\d+(#\w+)?$"))
        assert "sample translation" in page.locator(".timeline").inner_text()
    finally:
        context.close()


def test_a_vcf_picked_on_the_scan_page_gives_a_draft_per_person(server, page, tmp_path):
    from tests.support.contact_files import TWO_PEOPLE_VCF

    contacts = tmp_path / "people.vcf"
    contacts.write_text(TWO_PEOPLE_VCF, encoding="utf-8", newline="")
    log_in(page, server)
    page.set_input_files("#files", [str(contacts)])
    page.click("button:has-text('Read the chosen cards')")
    rows = page.locator("[data-progress] li")
    rows.nth(1).wait_for(timeout=60_000)  # the summary line comes after the file was answered
    assert "done" in rows.nth(0).get_attribute("class")
    assert rows.nth(0).locator("a").count() == 2  # one review link per person
    page.click("nav.tabs >> text=To review")
    page.wait_for_url(re.compile(r"/inbox$"))
    assert page.locator(".cards-list li").count() == 2
