"""What a reader of the essay page notices, in a real Chromium: notes in the margin on wide
screens, markers that open notes on phones, permalinks, filters, instant navigation, reading
without scripts, print, copy and cite, and a page that does not jump or reach other sites."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from layout_metrics import measure
from playwright.sync_api import expect
from reader_helpers import (
    essay_path,
    focused,
    in_viewport,
    note_ids,
    open_essay,
    search,
    search_documents,
    search_result,
    site_pages,
    visible_note_ids,
)

pytestmark = pytest.mark.browser

WIDE, PHONE = (1440, 900), (390, 844)


@pytest.fixture(scope="module")
def essay(site_dir: Path) -> str:
    return essay_path(site_dir)


# ---------------------------------------------------------------- wide screens: the margin

def test_notes_sit_in_the_margin_beside_their_passage_at_1440(new_page, site_url, essay):
    page = new_page(*WIDE)
    open_essay(page, site_url + essay)
    report = measure(page)
    assert len(report.placements) == len(note_ids(page)), "every note is shown in the margin"
    assert report.note_overlaps == ()
    assert report.text_overlaps == ()
    assert report.footer_overlaps == ()
    text_right = page.evaluate("Math.max(...[...document.querySelectorAll('.anno-essay p, .anno-essay h2')]"
                               ".filter(el => !el.closest('.anno-note')).map(el => el.getBoundingClientRect().right))")
    assert all(p.box.left >= text_right for p in report.placements), "notes are right of the text column"
    assert all(p.box.right <= WIDE[0] for p in report.placements)
    # The targets of the edition (issue 4): a note's top is near its passage's top.
    assert report.median <= 40, report.summary()
    assert report.maximum <= 400, report.summary()
    line = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.anno-essay p')).lineHeight)")
    assert report.largest_upward <= line + 1, "no note starts more than a line above its passage"
    assert page.console_errors == []


def test_a_folded_note_opens_and_closes_in_the_margin(new_page, site_url, essay):
    page = new_page(*WIDE)
    open_essay(page, site_url + essay)
    folded = page.locator(".anno-note.is-compact")
    if folded.count() == 0:
        pytest.skip("every note fits in the margin in full: nothing is folded")
    note_id = folded.first.get_attribute("id")
    note = page.locator(f"#{note_id}")
    toggle = note.locator(".anno-note__toggle")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(note.locator(".anno-note__body")).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(note.locator(".anno-note__body")).to_be_visible()
    report = measure(page)
    assert report.note_overlaps == () and report.text_overlaps == ()
    toggle.focus()
    page.keyboard.press("Escape")
    expect(page.locator(f"#{note_id}")).to_have_class(re.compile(r"\bis-compact\b"))
    assert focused(page)["marker"] == note_id.removeprefix("note-"), "Esc returns to the note's marker"
    assert page.console_errors == []


def test_the_title_of_a_folded_note_is_its_permalink_and_opens_it(new_page, site_url, essay):
    page = new_page(*WIDE)
    open_essay(page, site_url + essay)
    folded = page.locator(".anno-note.is-compact")
    if folded.count() == 0:
        pytest.skip("every note fits in the margin in full: nothing is folded")
    note_id = folded.nth(folded.count() // 2).get_attribute("id")
    note = page.locator(f"#{note_id}")
    note.locator(".anno-note__title").click()
    page.wait_for_url(re.compile(f"#{note_id}$"))
    expect(note.locator(".anno-note__body")).to_be_visible()
    expect(note).to_have_class(re.compile(r"\bis-active\b"))
    assert in_viewport(page, f"#{note_id}")
    assert measure(page).note_overlaps == ()
    assert page.console_errors == []


def test_a_marker_on_a_wide_screen_takes_the_reader_to_its_note(new_page, site_url, essay):
    page = new_page(*WIDE)
    open_essay(page, site_url + essay)
    ids = note_ids(page)
    target = ids[len(ids) * 2 // 3]
    marker = page.locator(f'.anno-marker[data-note-marker="{target}"]')
    marker.scroll_into_view_if_needed()
    marker.click()
    note = page.locator(f"#note-{target}")
    expect(note).to_have_class(re.compile(r"\bis-active\b"))
    expect(note.locator(".anno-note__body")).to_be_visible()
    assert focused(page)["id"] == f"note-{target}"
    assert in_viewport(page, f"#note-{target}")
    assert measure(page).note_overlaps == ()
    assert page.console_errors == []


def test_layout_follows_the_width_of_the_window(new_page, site_url, essay):
    page = new_page(*WIDE)
    open_essay(page, site_url + essay)
    for width in (1200, 1280, 1920):
        page.set_viewport_size({"width": width, "height": 900})
        page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        report = measure(page)
        assert len(report.placements) == len(note_ids(page)), width
        assert report.note_overlaps == () and report.text_overlaps == (), width
        assert report.scroll_width <= width, width
    page.set_viewport_size({"width": 1199, "height": 900})
    expect(page.locator(".anno-essay .anno-note").first).to_be_hidden()
    assert page.console_errors == []


# ---------------------------------------------------------------- phones: markers

def test_on_a_phone_notes_are_closed_and_open_with_the_keyboard(new_page, site_url, essay):
    page = new_page(*PHONE)
    open_essay(page, site_url + essay)
    assert visible_note_ids(page) == set()
    for _ in range(60):  # Tab from the top of the page to the first marker
        page.keyboard.press("Tab")
        if focused(page)["marker"]:
            break
    note_id = focused(page)["marker"]
    assert note_id, "a note marker is reachable with Tab"
    marker = page.locator(f'.anno-marker[data-note-marker="{note_id}"]')
    expect(marker).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Enter")
    expect(page.locator(f"#note-{note_id}")).to_be_visible()
    expect(marker).to_have_attribute("aria-expanded", "true")
    assert focused(page)["marker"] == note_id
    page.keyboard.press("Escape")
    expect(page.locator(f"#note-{note_id}")).to_be_hidden()
    expect(marker).to_have_attribute("aria-expanded", "false")
    assert focused(page)["marker"] == note_id
    page.keyboard.press(" ")
    expect(page.locator(f"#note-{note_id}")).to_be_visible()
    assert page.console_errors == []


def test_an_open_note_on_a_phone_has_its_own_close_button(new_page, site_url, essay):
    page = new_page(*PHONE)
    open_essay(page, site_url + essay)
    target = note_ids(page)[3]
    marker = page.locator(f'.anno-marker[data-note-marker="{target}"]')
    marker.click()
    note = page.locator(f"#note-{target}")
    expect(note).to_be_visible()
    note.get_by_role("button", name=re.compile(r"^Close note")).click()
    expect(note).to_be_hidden()
    expect(marker).to_have_attribute("aria-expanded", "false")
    assert focused(page)["marker"] == target
    assert page.console_errors == []


@pytest.mark.parametrize("width", [390, 320])
def test_nothing_scrolls_sideways_on_a_phone(new_page, site_url, site_dir, width):
    page = new_page(width, 844)
    for path in site_pages(site_dir):
        page.goto(site_url + path)
        if path == essay_path(site_dir):
            page.wait_for_selector('.anno-essay[data-anno-ready="1"]', state="attached")
            page.evaluate("document.querySelectorAll('.anno-marker').forEach(m => m.click())")
            assert len(visible_note_ids(page)) == len(note_ids(page)), "all notes opened"
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= width, f"{path or '/'} is {overflow}px wide at {width}px"
    assert page.console_errors == []


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


# ---------------------------------------------------------------- permalinks

@pytest.mark.parametrize("size", [WIDE, PHONE], ids=["wide", "phone"])
def test_a_permalink_scrolls_to_highlights_and_opens_its_note(new_page, site_url, essay, size):
    page = new_page(*size)
    open_essay(page, site_url + essay)
    ids = note_ids(page)
    target = ids[len(ids) // 2]
    open_essay(page, site_url + essay + f"#note-{target}")
    note = page.locator(f"#note-{target}")
    expect(note).to_be_visible()
    expect(note.locator(".anno-note__body")).to_be_visible()
    expect(note).to_have_class(re.compile(r"\bis-active\b"))
    expect(page.locator(f'.anno-hl[data-note="{target}"]').first).to_have_class(re.compile(r"\bis-active\b"))
    assert in_viewport(page, f"#note-{target}")
    if size == PHONE:
        expect(page.locator(f'.anno-marker[data-note-marker="{target}"]')).to_have_attribute("aria-expanded", "true")
    assert page.console_errors == []


def test_a_permalink_shows_its_note_even_when_its_kind_is_hidden(new_page, site_url, essay):
    page = new_page(*WIDE)
    open_essay(page, site_url + essay)
    target = note_ids(page)[-1]
    kind = page.locator(f"#note-{target}").get_attribute("data-note-kind")
    open_essay(page, site_url + essay + f"?kinds=none#note-{target}")
    expect(page.locator(f"#note-{target}")).to_be_visible()
    expect(page.locator(f'.anno-controls input[value="{kind}"]')).to_be_checked()
    assert page.console_errors == []


# ---------------------------------------------------------------- reading controls

def test_a_kind_filter_hides_exactly_that_kind_and_survives_a_reload(new_page, site_url, essay):
    page = new_page(*WIDE)
    open_essay(page, site_url + essay)
    every = set(note_ids(page))
    kinds = page.locator('.anno-controls input[name="kind"]').evaluate_all("boxes => boxes.map(b => b.value)")
    kind = max(kinds, key=lambda k: len(note_ids(page, k)))
    of_kind = set(note_ids(page, kind))
    label = page.locator(f'.anno-controls label[data-kind="{kind}"]')
    expect(label).to_contain_text(re.compile(r"\w"))  # a written label, not colour alone
    label.click()
    expect(page.locator(f'.anno-controls input[value="{kind}"]')).not_to_be_checked()
    assert visible_note_ids(page) == every - of_kind
    assert page.locator(f'.anno-marker[data-note-kind="{kind}"]:visible').count() == 0
    assert page.locator('.anno-marker:visible').count() == len(every - of_kind)
    assert measure(page).note_overlaps == ()
    assert kind in page.url or "kinds=" in page.url
    page.reload()
    page.wait_for_selector('.anno-essay[data-anno-ready="1"]', state="attached")
    expect(page.locator(f'.anno-controls input[value="{kind}"]')).not_to_be_checked()
    assert visible_note_ids(page) == every - of_kind
    # The choice is remembered without the URL too (local storage).
    open_essay(page, site_url + essay)
    assert visible_note_ids(page) == every - of_kind
    page.locator(f'.anno-controls label[data-kind="{kind}"]').click()
    assert visible_note_ids(page) == every
    assert page.console_errors == []


def test_hiding_all_notes_leaves_the_clean_text(new_page, site_url, essay):
    page = new_page(*WIDE)
    open_essay(page, site_url + essay)
    page.locator(".anno-controls .anno-toggle").click()
    assert visible_note_ids(page) == set()
    assert page.locator(".anno-marker:visible").count() == 0
    assert page.locator('.anno-controls input[name="kind"]').evaluate_all("bs => bs.every(b => b.disabled)")
    background = page.locator(".anno-hl").first.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background in ("rgba(0, 0, 0, 0)", "transparent")
    page.reload()
    page.wait_for_selector('.anno-essay[data-anno-ready="1"]', state="attached")
    assert visible_note_ids(page) == set()
    page.locator(".anno-controls .anno-toggle").click()
    assert len(visible_note_ids(page)) == len(note_ids(page))
    assert page.console_errors == []


# ---------------------------------------------------------------- instant navigation

def test_notes_keep_working_after_instant_navigation(new_page, site_url, essay):
    page = new_page(*WIDE)
    open_essay(page, site_url + essay)
    page.evaluate("window.__samePage = true")  # survives only if pages are swapped, not reloaded
    page.locator(".md-sidebar--primary a.md-nav__link[href$='glossary/']").click()
    page.wait_for_url(re.compile(r"/glossary/$"))
    expect(page.locator(".anno-essay")).to_have_count(0)
    page.locator(f".md-sidebar--primary a.md-nav__link[href$='{essay}']").click()
    page.wait_for_url(re.compile(re.escape(essay) + "$"))
    page.wait_for_selector('.anno-essay[data-anno-ready="1"]', state="attached")
    assert page.evaluate("window.__samePage === true"), "navigation was instant (no reload)"

    notes = len(note_ids(page))
    assert page.locator(".anno-controls").count() == 1
    assert page.locator(".anno-note__tools").count() == notes
    assert page.locator(".anno-note__toggle").count() == notes
    assert page.locator(".anno-ref").count() == page.locator(".anno-marker").count()
    assert len(measure(page).placements) == notes

    target = note_ids(page)[5]
    page.locator(f'.anno-marker[data-note-marker="{target}"]').click()
    assert focused(page)["id"] == f"note-{target}"
    page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})
    other = note_ids(page)[6]
    marker = page.locator(f'.anno-marker[data-note-marker="{other}"]')
    marker.click()
    expect(marker).to_have_attribute("aria-expanded", "true")
    expect(page.locator(f"#note-{other}")).to_be_visible()
    # One click listener, not two: a second click closes the note again.
    marker.click()
    expect(marker).to_have_attribute("aria-expanded", "false")
    assert page.console_errors == []


def test_initialising_twice_on_the_same_page_changes_nothing(new_page, site_url, essay):
    page = new_page(*PHONE)
    open_essay(page, site_url + essay)
    counts = "['.anno-controls', '.anno-note__tools', '.anno-note__toggle', '.anno-endnotes', '.anno-ref', '.anno-live']" \
             ".map(s => document.querySelectorAll(s).length)"
    before = page.evaluate(counts)
    page.evaluate("document$.next(document)")  # what Material does on every page swap
    page.evaluate("document$.next(document)")
    assert page.evaluate(counts) == before
    marker = page.locator(".anno-marker").nth(2)
    marker.click()
    expect(marker).to_have_attribute("aria-expanded", "true")
    marker.click()
    expect(marker).to_have_attribute("aria-expanded", "false")
    assert page.console_errors == []


# ---------------------------------------------------------------- without scripts

@pytest.mark.parametrize("size", [WIDE, PHONE], ids=["wide", "phone"])
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

def test_search_finds_a_note_and_lands_on_its_permalink(new_page, site_url, site_dir):
    docs = search_documents(site_dir)
    notes = [d for d in docs if "#note-" in d["location"]]
    assert notes, "notes are in the search index"

    def word_only_in(doc: dict[str, str]) -> str | None:
        for word in sorted(set(re.findall(r"[A-Za-z]{7,}", doc["text"])), key=len, reverse=True):
            hits = [d for d in docs if re.search(rf"\b{word}\b", d["text"] + d["title"], re.IGNORECASE)]
            if all(d["location"].split("#")[0] == doc["location"].split("#")[0] for d in hits):
                if len([d for d in hits if "#note-" in d["location"]]) == 1:
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


def test_no_request_leaves_the_site(new_page, site_url, site_dir):
    page = new_page(*WIDE)
    outside: list[str] = []
    page.on("request", lambda request: None if request.url.startswith((site_url, "data:", "blob:"))
            else outside.append(request.url))
    for path in ("", essay_path(site_dir), "glossary/"):
        page.goto(site_url + path, wait_until="networkidle")
    assert outside == []


def test_the_palette_toggle_switches_to_dark_and_back(new_page, site_url, essay):
    page = new_page(*WIDE)
    open_essay(page, site_url + essay)
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    assert page.evaluate(scheme) == "default"
    toggle = page.locator('form[data-md-component="palette"] label:visible')
    expect(toggle).to_have_count(1)
    toggle.click()
    assert page.evaluate(scheme) == "slate"
    assert measure(page).note_overlaps == ()
    toggle.click()
    assert page.evaluate(scheme) == "default"
    assert page.console_errors == []
