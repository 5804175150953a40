"""Playwright fixtures for the browser tests: Debian's Chromium, never a downloaded one.

Without /usr/bin/chromium (or without the playwright package) the browser
tests are skipped with a message saying how to get them, unless the
environment variable GEOINCIDENTS_REQUIRE_BROWSER=1 is set (CI sets it in
.ci/run): then they fail, so that CI can never pass by skipping them.
"""

from __future__ import annotations

import os
import pathlib

import pytest

CHROMIUM = pathlib.Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def _unavailable(reason: str) -> None:
    message = f"browser tests need {reason}"
    if os.environ.get("GEOINCIDENTS_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{message} (GEOINCIDENTS_REQUIRE_BROWSER=1: not skipping)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session."""
    if not CHROMIUM.exists():
        _unavailable(f"Debian's Chromium at {CHROMIUM}: sudo apt-get install chromium (or `make browser`)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package: pip install -e '.[test]'")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page; JavaScript errors on it fail the test that caused them."""
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
