"""What a reader notices that only Playwright's Chromium can check: a first tap on a term (touch
emulation), every note readable without scripts, print as endnotes, copy and cite (clipboard),
search, a page that does not shift while loading (Layout Instability API) and no request that
leaves the site (request interception). Each test says why it runs on Chromium only; the
three-engine reader tests are in test_reader.py."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from layout_metrics import measure
from playwright.sync_api import expect
from reader_helpers import (
    PHONE,
    WIDE,
    essay_path,
    in_viewport,
    note_ids,
    open_essay,
    search,
    search_documents,
    search_result,
    visible_note_ids,
)

pytestmark = pytest.mark.browser
SEARCH = "Material's search is the theme's code, not the edition's, and it needs typed text (Playwright's keyboard)"


@pytest.fixture(scope="module")
def essay(site_dir: Path) -> str:
    return essay_path(site_dir)


# ---------------------------------------------------------------- the first tap on a term

@pytest.mark.chromium_only("touch emulation (has_touch, tap): the BiDi and WebKitGTK drivers here have none")
def test_a_term_shows_its_definition_on_focus_and_on_a_first_tap(new_page, site_url, essay):
    page = new_page(*PHONE, touch=True)
    open_essay(page, site_url + essay)
    term = page.locator(".anno-essay .anno-term").first
    term_id = term.get_attribute("data-term")
    term.focus()
    tip = page.locator(".anno-tooltip")
    expect(tip).to_be_visible()
    expect(tip).to_contain_text(page.locator(f"#tip-{term_id} strong").inner_text())
    page.keyboard.press("Escape")
    expect(tip).to_have_count(0)
    url = page.url
    term.tap()
    expect(tip).to_be_visible()
    assert page.url == url, "the first tap shows the definition and stays on the page"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
    term.tap()
    page.wait_for_url(re.compile(f"#term-{term_id}$"))
    assert page.console_errors == []


# ---------------------------------------------------------------- without scripts

@pytest.mark.parametrize("size", [WIDE, PHONE], ids=["wide", "phone"])
@pytest.mark.chromium_only("a page with scripts off needs a browser context of its own; the Firefox and WebKit "
                            "drivers here open pages with scripts on")
def test_every_note_is_readable_without_javascript(new_page, site_url, essay, size):
    page = new_page(*size, javascript=False)
    page.goto(site_url + essay)
    assert len(visible_note_ids(page)) == len(note_ids(page))
    assert page.locator(".anno-marker:visible").count() == 0, "markers need scripts, so they are not shown"
    assert page.locator(".anno-controls:visible").count() == 0
    report = measure(page)
    assert report.note_overlaps == () and report.text_overlaps == ()
    assert report.scroll_width <= size[0]


# ---------------------------------------------------------------- print

@pytest.mark.chromium_only("print media emulation and PDF output are Playwright's (Chromium DevTools protocol)")
def test_print_turns_notes_into_numbered_endnotes_without_buttons(new_page, site_url, essay):
    page = new_page(*WIDE)
    open_essay(page, site_url + essay)
    numbers = page.locator(".anno-essay .anno-note").evaluate_all("ns => ns.map(n => n.dataset.noteNumber)")
    page.emulate_media(media="print")
    printed = page.locator(".anno-endnotes li:visible")
    assert printed.evaluate_all("lis => lis.map(li => String(li.value))") == numbers
    assert page.locator(".anno-endnotes h3:visible").count() >= 1
    assert page.locator(".anno-essay .anno-note:visible").count() == 0, "the margin notes give way to endnotes"
    assert page.locator("button:visible, summary:visible, input:visible").count() == 0
    refs = page.locator(".anno-ref:visible").evaluate_all("rs => rs.map(r => r.textContent)")
    assert sorted(refs, key=int) == sorted(numbers, key=int)
    style = page.locator(".anno-hl").first.evaluate(
        "el => { const s = getComputedStyle(el); return [s.backgroundColor, s.textDecorationLine] }")
    assert style == ["rgba(0, 0, 0, 0)", "underline"]
    assert len(page.pdf()) > 10_000


# ---------------------------------------------------------------- copy link and cite

@pytest.mark.chromium_only("clipboard permissions are granted through Playwright; the Firefox and WebKit drivers "
                            "here cannot grant clipboard-read")
def test_copy_link_and_cite_give_the_permalink(new_page, site_url, essay):
    page = new_page(*WIDE)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    open_essay(page, site_url + essay)
    note_id = page.locator(".anno-note:not(.is-compact)").first.get_attribute("id")
    note = page.locator(f"#{note_id}")
    note.get_by_role("button", name="Copy link").click()
    expect(note.locator(".anno-note__status")).to_contain_text("copied")
    assert page.evaluate("navigator.clipboard.readText()") == site_url + essay + f"#{note_id}"
    cite = note.get_by_role("button", name="Cite")
    cite.click()
    expect(cite).to_have_attribute("aria-expanded", "true")
    citation = note.locator(".anno-note__citation")
    expect(citation).to_be_visible()
    text = citation.inner_text()
    assert text.endswith(")."), text
    assert f"#{note_id}" in text
    assert note.locator(".anno-note__title").inner_text() in text
    essay_title = page.locator(".anno-essay h1").evaluate(
        "h => { const c = h.cloneNode(true); c.querySelectorAll('.anno-marker, .anno-ref, .headerlink')"
        ".forEach(m => m.remove()); return c.textContent.trim() }")
    assert essay_title in text
    assert page.evaluate("navigator.clipboard.readText()") == text
    assert measure(page).note_overlaps == ()
    assert page.console_errors == []


# ---------------------------------------------------------------- search

@pytest.mark.chromium_only(SEARCH)
def test_search_finds_a_note_and_lands_on_its_permalink(new_page, site_url, site_dir):
    docs = search_documents(site_dir)
    notes = [d for d in docs if "#note-" in d["location"]]
    assert notes, "notes are in the search index"

    def word_only_in(doc: dict[str, str]) -> str | None:
        for word in sorted(set(re.findall(r"[A-Za-z]{7,}", doc["text"])), key=len, reverse=True):
            hits = [d for d in docs if re.search(rf"\b{word}\b", d["text"] + d["title"], re.IGNORECASE)]
            if (all(d["location"].split("#")[0] == doc["location"].split("#")[0] for d in hits)
                    and len([d for d in hits if "#note-" in d["location"]]) == 1):
                return word
        return None

    note, word = next((n, w) for n in notes if (w := word_only_in(n)))
    target = note["location"].split("#")[1]
    page = new_page(*WIDE)
    page.goto(site_url + "glossary/")
    search(page, word)
    search_result(page, target).first.click()
    page.wait_for_url(re.compile(f"#{target}$"))
    expect(page.locator(f"#{target}")).to_be_visible()
    expect(page.locator(f"#{target} .anno-note__body")).to_be_visible()
    expect(page.locator(f"#{target}")).to_have_class(re.compile(r"\bis-active\b"))
    assert in_viewport(page, f"#{target}")
    assert page.console_errors == []


@pytest.mark.chromium_only(SEARCH)
def test_search_finds_glossary_text(new_page, site_url, site_dir):
    terms = [d for d in search_documents(site_dir) if "#term-" in d["location"] and len(d["text"]) > 80]
    assert terms, "glossary entries are in the search index"
    term = terms[0]
    title = term["title"]
    page = new_page(*WIDE)
    page.goto(site_url)
    search(page, title)
    anchor = term["location"].split("#")[1]
    search_result(page, anchor).first.click()
    page.wait_for_url(re.compile(f"#{anchor}$"))
    assert in_viewport(page, f"#{anchor}")
    assert page.console_errors == []


# ---------------------------------------------------------------- stability and privacy

@pytest.mark.parametrize("size", [WIDE, PHONE], ids=["wide", "phone"])
@pytest.mark.chromium_only("the Layout Instability API (layout-shift entries) exists only in Chromium")
def test_the_page_does_not_shift_while_loading(new_page, site_url, essay, size):
    page = new_page(*size)
    open_essay(page, site_url + essay)
    shift = page.evaluate("""() => new Promise(resolve => {
        let total = 0;
        new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value; })
          .observe({type: "layout-shift", buffered: true});
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(total)));
    })""")
    assert shift == 0


@pytest.mark.chromium_only("request interception: only Playwright sees every request (WebKitGTK's driver has no "
                            "network events)")
def test_no_request_leaves_the_site(new_page, site_url, site_dir):
    page = new_page(*WIDE)
    outside: list[str] = []
    page.on("request", lambda request: None if request.url.startswith((site_url, "data:", "blob:"))
            else outside.append(request.url))
    for path in ("", essay_path(site_dir), "glossary/"):
        page.goto(site_url + path, wait_until="networkidle")
    assert outside == []
