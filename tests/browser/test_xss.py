"""XSS payloads in the annotation data stay text in a real Chromium.

The site is the pathological fixture (tests/fixtures/adversarial + stress-overlay, built by
tests/fixturesite.py): OWASP filter-evasion payloads in the essay's title and author, note titles,
note bodies (as entities and quote-breaking labels), source fields, glossary terms, aliases, short
definitions, native forms, romanizations and emendation reasons. Every payload, if it ever ran,
would open a dialog and set `window.__xss`.

A reader loads every page, hovers and focuses everything that shows a tooltip or preview, opens
every note on a phone, searches for the payloads and follows the navigation. Nothing may open a
dialog, set `window.__xss` or log a console error, and the payloads must be visible as text.
"""
from __future__ import annotations

import pytest
from fixturesite import make_stress_project
from playwright.sync_api import expect
from project import build_strict

pytestmark = [pytest.mark.browser, pytest.mark.chromium_only(
    "a payload that ran is caught by Playwright's dialog events, which the Firefox and WebKit drivers here "
    "do not report")]

PAGES = ("", "stress-essay/", "glossary/", "sources/", "timeline/")
WIDE, PHONE = (1440, 900), (390, 844)
# Everything whose title, tooltip or preview a script might turn into markup.
INTERACTIVE = ("a, button, [title], [aria-label], [data-term], [data-note], [data-emendation], summary, "
               "input, .anno-tip")


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory, serve_directory) -> str:
    project = make_stress_project(tmp_path_factory.mktemp("xss") / "project")
    return serve_directory(build_strict(project))


def watched(new_page, size: tuple[int, int] = WIDE):
    page = new_page(*size)
    page.dialogs = []  # type: ignore[attr-defined]

    def on_dialog(dialog) -> None:
        page.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return page


def assert_inert(page) -> None:
    assert page.dialogs == [], "a payload opened a dialog"
    assert page.evaluate("typeof window.__xss") == "undefined", f"a payload ran: __xss={page.evaluate('window.__xss')}"
    assert page.console_errors == []


def poke_everything(page) -> int:
    """Hover, focus and leave every interactive element (by events, so hidden ones count too)."""
    return page.evaluate("""(selector) => {
        const elements = [...document.querySelectorAll(selector)];
        for (const el of elements) {
            for (const type of ['pointerover', 'mouseover', 'mouseenter', 'pointerenter']) {
                el.dispatchEvent(new MouseEvent(type, {bubbles: type.endsWith('over')}));
            }
            if (typeof el.focus === 'function') el.focus();
            el.dispatchEvent(new FocusEvent('focusin', {bubbles: true}));
            for (const type of ['mouseout', 'mouseleave', 'pointerout', 'pointerleave']) {
                el.dispatchEvent(new MouseEvent(type, {bubbles: type.endsWith('out')}));
            }
            el.blur && el.blur();
        }
        return elements.length;
    }""", INTERACTIVE)


@pytest.mark.parametrize("path", PAGES)
def test_payloads_do_not_run_when_reading_and_hovering(new_page, hostile_url, path):
    page = watched(new_page)
    page.goto(hostile_url + path, wait_until="networkidle")
    assert poke_everything(page) > 10
    for link in page.locator("article a.anno-term, article a.anno-xref, article .anno-emend").all()[:12]:
        if link.is_visible():
            link.hover()
    page.wait_for_timeout(300)  # let tooltips and previews render
    assert_inert(page)


def test_payloads_are_shown_as_text(new_page, hostile_url):
    page = watched(new_page)
    page.goto(hostile_url + "stress-essay/", wait_until="networkidle")
    titles = page.locator(".anno-note__title").all_text_contents()
    assert '"><img src=x onerror="alert(1);window.__xss=1">' in titles
    assert "</aside></div><script>alert(24);window.__xss=24</script>" in titles
    assert page.title().startswith('Stress &lt;img src=x onerror=alert(7);window.__xss=7&gt; "Essay" & co')
    page.goto(hostile_url + "glossary/", wait_until="networkidle")
    assert page.get_by_text("<svg><script>alert(20);window.__xss=20</script></svg> term").count() >= 1
    assert_inert(page)


def test_opening_every_note_on_a_phone(new_page, hostile_url):
    page = watched(new_page, PHONE)
    page.goto(hostile_url + "stress-essay/", wait_until="networkidle")
    markers = page.locator("button.anno-marker")
    count = markers.count()
    assert count >= 30
    for index in range(count):
        marker = markers.nth(index)
        marker.scroll_into_view_if_needed()
        marker.click()
        page.keyboard.press("Escape")
    assert_inert(page)


@pytest.mark.parametrize("query", ["onerror", "script", "Stress", "hostile", "Essay", "options"])
def test_search_results_for_the_payloads(new_page, hostile_url, query):
    page = watched(new_page)
    page.goto(hostile_url, wait_until="networkidle")
    search = page.locator("input.md-search__input")
    search.click()
    page.keyboard.type(query)
    expect(page.locator(".md-search-result__item")).not_to_have_count(0, timeout=10_000)
    poke_everything(page)
    assert_inert(page)


def test_instant_navigation_through_every_page(new_page, hostile_url):
    page = watched(new_page)
    page.goto(hostile_url, wait_until="networkidle")
    for path in PAGES[1:]:
        page.locator(f"nav.md-nav--primary a.md-nav__link[href$='{path}']").first.click()
        page.wait_for_url(f"**/{path}")
        page.wait_for_load_state("networkidle")
        poke_everything(page)
    assert_inert(page)
