"""axe-core finds no violation on any page, in the light and the dark scheme, on a wide screen and
on a phone, and with the essay's notes open. axe-core is vendored (tests/vendor/axe.min.js), so
the audit needs no network and no tool outside the project."""
from __future__ import annotations

import pytest
from reader_helpers import axe_violations, essay_path, site_pages

pytestmark = [pytest.mark.browser, pytest.mark.chromium_only(
    "the dark scheme comes from Playwright's prefers-color-scheme emulation, which the Firefox and WebKit "
    "drivers here cannot set per page; the audit runs in Playwright's Chromium")]

@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1440, 390])
def test_axe_finds_nothing_on_any_page(new_page, site_url, site_dir, scheme, width):
    page = new_page(width, 900, color_scheme=scheme)
    problems = {}
    for path in site_pages(site_dir):
        page.goto(site_url + path, wait_until="networkidle")
        found = axe_violations(page)
        if found:
            problems[path or "/"] = found
    assert problems == {}
    assert page.console_errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1440, 390])
def test_axe_finds_nothing_with_the_notes_open(new_page, site_url, site_dir, scheme, width):
    page = new_page(width, 900, color_scheme=scheme)
    page.goto(site_url + essay_path(site_dir), wait_until="networkidle")
    if width < 1200:
        page.evaluate("document.querySelectorAll('.anno-marker').forEach(m => m.click())")
    else:  # every folded note unfolded, every "More" opened, one citation shown
        page.evaluate("document.querySelectorAll('.anno-note.is-compact .anno-note__toggle').forEach(t => t.click())")
        page.evaluate("document.querySelectorAll('.anno-note details').forEach(d => { d.open = true })")
        page.locator('.anno-note [data-action="cite"]').first.click()
    # A term's short definition, shown as it is on hover or focus.
    if page.locator(".anno-term").count():
        page.locator(".anno-term").first.focus()
    assert axe_violations(page) == []
    assert page.console_errors == []
