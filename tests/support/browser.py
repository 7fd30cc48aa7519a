"""Support for the browser tests: Debian's Chromium at phone size, the user the served app starts with, and what
every page must pass (no sideways scroll) or leave behind (screenshots in tests/artifacts/, git-ignored)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.support import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
ARTIFACTS = ROOT / "tests" / "artifacts"
EMAIL, PASSWORD = "ana@example.com", "a long enough password"
PHONE = {"width": 390, "height": 844}


def log_in(page, base: str) -> None:
    """Log the server's user in from the home page (an anonymous visitor is sent to /login first)."""
    page.goto(base + "/")
    assert "/login" in page.url  # anonymous visitors are sent to log in
    page.fill("#email", EMAIL)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Log in')")
    page.wait_for_url(re.compile(r"/scan$"))


def no_horizontal_scroll(page) -> None:
    """Fail when the page is wider than the phone (it would scroll sideways)."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways: {width}px wide"


def screenshots(page, name: str) -> None:
    """What the phone shows (`name`-phone.png) and the whole page (`name`.png, tab bar left in place)."""
    page.screenshot(path=str(ARTIFACTS / f"{name}-phone.png"))
    # The fixed tab bar would float mid-page in a full-page shot; a script's style change is allowed by the CSP
    # where an injected stylesheet is not.
    page.evaluate("document.querySelector('.tabs').style.position = 'static'")
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    page.evaluate("document.querySelector('.tabs').style.position = ''")
