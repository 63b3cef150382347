"""What a reader of the essay page notices, on Chromium, Firefox and WebKit alike: notes in the
margin on wide screens, markers that open notes on phones, permalinks, filters and show/hide kept
in the URL, the glossary toggletip, dark mode, instant navigation, no console error and nothing
that scrolls sideways. Each test runs once per engine (the `engine` parameter, conftest.py).

What only Playwright's Chromium can check (print, clipboard, touch, requests, layout shifts,
no scripts) is in test_reader_chromium.py.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from layout_metrics import measure
from pagedriver import png_size
from reader_helpers import (
    PHONE,
    WIDE,
    attribute,
    classes,
    count_visible,
    essay_path,
    focused,
    in_viewport,
    marker,
    note_ids,
    open_essay,
    scroll_width,
    site_pages,
    visible,
    visible_note_ids,
    wait_until_ready,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def essay(site_dir: Path) -> str:
    return essay_path(site_dir)


# ---------------------------------------------------------------- wide screens: the margin

def test_notes_sit_in_the_margin_beside_their_passage_at_1440(reader_page, essay, report_figures):
    page = reader_page(*WIDE)
    open_essay(page, page.site + essay)
    report = measure(page)
    report_figures(f"{essay} at 1440x900: {report.summary()}")
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
    assert report.scroll_width <= WIDE[0]
    assert page.console_errors == []


def folded_notes(page) -> list[str]:
    return page.evaluate("() => [...document.querySelectorAll('.anno-note.is-compact')].map(n => n.id)")


def test_a_folded_note_opens_and_closes_in_the_margin(open_page, crowded_site_dir):
    # The crowded fixture puts eight long notes on one short paragraph: some must be folded.
    page = open_page(crowded_site_dir, *WIDE)
    open_essay(page, page.site + essay_path(crowded_site_dir))
    folded = folded_notes(page)
    assert folded, "crowded notes are folded to their heading"
    assert len(folded) < len(note_ids(page)), "not every note is folded"
    assert measure(page).note_overlaps == ()
    note_id = folded[0]
    toggle = f"#{note_id} .anno-note__toggle"
    assert attribute(page, toggle, "aria-expanded") == "false"
    assert not visible(page, f"#{note_id} .anno-note__body")
    page.click(toggle)
    assert attribute(page, toggle, "aria-expanded") == "true"
    assert visible(page, f"#{note_id} .anno-note__body")
    report = measure(page)
    assert report.note_overlaps == () and report.text_overlaps == ()
    page.focus(toggle)
    page.press("Escape")
    assert "is-compact" in classes(page, f"#{note_id}")
    assert focused(page)["marker"] == note_id.removeprefix("note-"), "Esc returns to the note's marker"
    assert page.console_errors == []


def test_the_title_of_a_folded_note_is_its_permalink_and_opens_it(open_page, crowded_site_dir):
    page = open_page(crowded_site_dir, *WIDE)
    open_essay(page, page.site + essay_path(crowded_site_dir))
    folded = folded_notes(page)
    assert folded, "crowded notes are folded to their heading"
    note_id = folded[len(folded) // 2]
    page.click(f"#{note_id} .anno-note__title")
    page.wait_for("(id) => location.hash === '#' + id", note_id)
    # The pointer over the note already marks it active; the hashchange that unfolds it follows.
    page.wait_for("(id) => !document.getElementById(id).classList.contains('is-compact')", note_id)
    assert visible(page, f"#{note_id} .anno-note__body")
    assert "is-active" in classes(page, f"#{note_id}")
    assert in_viewport(page, f"#{note_id}")
    assert measure(page).note_overlaps == ()
    assert page.console_errors == []


def test_a_marker_on_a_wide_screen_takes_the_reader_to_its_note(reader_page, essay):
    page = reader_page(*WIDE)
    open_essay(page, page.site + essay)
    ids = note_ids(page)
    target = ids[len(ids) * 2 // 3]
    page.click(marker(target))
    assert "is-active" in classes(page, f"#note-{target}")
    assert visible(page, f"#note-{target} .anno-note__body")
    assert focused(page)["id"] == f"note-{target}"
    assert in_viewport(page, f"#note-{target}")
    assert measure(page).note_overlaps == ()
    assert page.console_errors == []


def test_layout_follows_the_width_of_the_window(reader_page, essay):
    page = reader_page(*WIDE)
    open_essay(page, page.site + essay)
    for width in (1200, 1280, 1920):
        page.set_viewport(width, 900)
        page.next_frame()
        report = measure(page)
        assert len(report.placements) == len(note_ids(page)), width
        assert report.note_overlaps == () and report.text_overlaps == (), width
        assert report.scroll_width <= width, width
    page.set_viewport(1199, 900)
    page.next_frame()
    assert visible_note_ids(page) == set(), "below 1200 px the margin gives way to markers"
    assert page.console_errors == []


# ---------------------------------------------------------------- phones: markers

def test_on_a_phone_notes_open_and_close_with_the_keyboard(reader_page, essay):
    page = reader_page(*PHONE)
    open_essay(page, page.site + essay)
    assert visible_note_ids(page) == set()
    first, second = note_ids(page)[:2]
    page.focus(marker(first))
    page.tab()
    note_id = focused(page)["marker"]
    assert note_id == second, "Tab goes from one marker to the next"
    assert attribute(page, marker(note_id), "aria-expanded") == "false"
    page.press("Enter")
    assert visible(page, f"#note-{note_id}")
    assert attribute(page, marker(note_id), "aria-expanded") == "true"
    assert focused(page)["marker"] == note_id
    page.press("Escape")
    assert not visible(page, f"#note-{note_id}")
    assert attribute(page, marker(note_id), "aria-expanded") == "false"
    assert focused(page)["marker"] == note_id
    page.press(" ")
    assert visible(page, f"#note-{note_id}")
    assert scroll_width(page) <= PHONE[0]
    assert page.console_errors == []


@pytest.mark.engine_limits(webkit="WebKitGTK's Tab, like Safari's by default, skips links, and here it cycles between "
                                  "the header's two form fields (palette, search) without reaching the text; Tab "
                                  "from one marker to the next is tested on WebKit too")
def test_on_a_phone_tab_from_the_top_of_the_page_reaches_a_marker(reader_page, essay):
    page = reader_page(*PHONE)
    open_essay(page, page.site + essay)
    for _ in range(60):
        page.tab()
        if focused(page)["marker"]:
            break
    assert focused(page)["marker"] == note_ids(page)[0], "the first marker is reachable with Tab"
    assert page.console_errors == []


def test_on_a_phone_a_marker_opens_its_note_and_the_note_closes_by_its_button(reader_page, essay):
    page = reader_page(*PHONE)
    open_essay(page, page.site + essay)
    target = note_ids(page)[3]
    page.click(marker(target))
    assert visible(page, f"#note-{target}")
    assert attribute(page, marker(target), "aria-expanded") == "true"
    assert scroll_width(page) <= PHONE[0], "the open note fits the phone"
    close = f"#note-{target} .anno-note__toggle"
    assert (attribute(page, close, "aria-label") or "").startswith("Close note")
    page.click(close)
    assert not visible(page, f"#note-{target}")
    assert attribute(page, marker(target), "aria-expanded") == "false"
    assert focused(page)["marker"] == target
    page.click(marker(target))  # a marker opens its note again, and closes it
    assert visible(page, f"#note-{target}")
    page.click(marker(target))
    assert not visible(page, f"#note-{target}")
    assert page.console_errors == []


@pytest.mark.parametrize("width", [390, 320])
def test_nothing_scrolls_sideways_on_a_phone(reader_page, site_dir, width):
    page = reader_page(width, 844)
    assert png_size(page.screenshot())[0] == width, "the viewport really is a phone's"
    for path in site_pages(site_dir):
        page.goto(page.site + path)
        if path == essay_path(site_dir):
            wait_until_ready(page)
            page.evaluate("document.querySelectorAll('.anno-marker').forEach(m => m.click())")
            assert len(visible_note_ids(page)) == len(note_ids(page)), "all notes opened"
        overflow = scroll_width(page)
        assert overflow <= width, f"{path or '/'} is {overflow}px wide at {width}px"
    assert page.console_errors == []


# ---------------------------------------------------------------- the glossary toggletip

@pytest.mark.parametrize("size", [WIDE, PHONE], ids=["wide", "phone"])
def test_a_term_shows_its_definition_on_focus_and_hides_it_on_escape(reader_page, essay, size):
    page = reader_page(*size)
    open_essay(page, page.site + essay)
    term = ".anno-essay .anno-term"
    term_id = attribute(page, term, "data-term")
    page.focus(term)
    assert visible(page, ".anno-tooltip")
    definition = page.evaluate("(id) => document.querySelector('#tip-' + id + ' strong').textContent", term_id)
    assert definition in page.evaluate("document.querySelector('.anno-tooltip').textContent")
    tip = page.evaluate("() => { const r = document.querySelector('.anno-tooltip').getBoundingClientRect(); "
                        "return [r.left, r.right] }")
    assert tip[0] >= 0 and tip[1] <= size[0], "the definition stays inside the window"
    assert scroll_width(page) <= size[0]
    page.press("Escape")
    assert page.evaluate("document.querySelectorAll('.anno-tooltip').length") == 0
    assert page.console_errors == []


# ---------------------------------------------------------------- permalinks

@pytest.mark.parametrize("size", [WIDE, PHONE], ids=["wide", "phone"])
def test_a_permalink_scrolls_to_highlights_and_opens_its_note(reader_page, essay, size):
    page = reader_page(*size)
    open_essay(page, page.site + essay)
    ids = note_ids(page)
    target = ids[len(ids) // 2]
    open_essay(page, page.site + essay + f"#note-{target}")
    page.wait_for("(id) => document.getElementById('note-' + id).classList.contains('is-active')", target)
    assert visible(page, f"#note-{target}")
    assert visible(page, f"#note-{target} .anno-note__body")
    assert "is-active" in classes(page, f'.anno-hl[data-note="{target}"]')
    assert in_viewport(page, f"#note-{target}")
    if size == PHONE:
        assert attribute(page, marker(target), "aria-expanded") == "true"
    assert page.console_errors == []


def test_a_permalink_shows_its_note_even_when_its_kind_is_hidden(reader_page, essay):
    page = reader_page(*WIDE)
    open_essay(page, page.site + essay)
    target = note_ids(page)[-1]
    kind = attribute(page, f"#note-{target}", "data-note-kind")
    open_essay(page, page.site + essay + f"?kinds=none#note-{target}")
    assert visible(page, f"#note-{target}")
    assert page.evaluate("(k) => document.querySelector(`.anno-controls input[value=\"${k}\"]`).checked", kind)
    assert page.console_errors == []


# ---------------------------------------------------------------- reading controls

def test_a_kind_filter_hides_exactly_that_kind_and_is_kept_in_the_url(reader_page, essay):
    page = reader_page(*WIDE)
    open_essay(page, page.site + essay)
    every = set(note_ids(page))
    kinds = page.evaluate("[...document.querySelectorAll('.anno-controls input[name=\"kind\"]')].map(b => b.value)")
    kind = max(kinds, key=lambda k: len(note_ids(page, k)))
    of_kind = set(note_ids(page, kind))
    label = f'.anno-controls label[data-kind="{kind}"]'
    assert re.search(r"\w", page.evaluate("(s) => document.querySelector(s).textContent", label)), \
        "a written label, not colour alone"
    page.click(label)
    box = f'.anno-controls input[value="{kind}"]'
    assert not page.evaluate("(s) => document.querySelector(s).checked", box)
    assert visible_note_ids(page) == every - of_kind
    assert count_visible(page, f'.anno-marker[data-note-kind="{kind}"]') == 0
    assert measure(page).note_overlaps == ()
    url = page.url
    assert "kinds=" in url and kind not in url.split("kinds=")[1], url
    page.goto(url)  # the state is in the URL: a reload or a shared link shows the same notes
    wait_until_ready(page)
    assert not page.evaluate("(s) => document.querySelector(s).checked", box)
    assert visible_note_ids(page) == every - of_kind
    open_essay(page, page.site + essay)  # and is remembered without the URL too (local storage)
    assert visible_note_ids(page) == every - of_kind
    page.click(label)
    assert visible_note_ids(page) == every
    assert "kinds=" not in page.url
    assert page.console_errors == []


def test_hiding_all_notes_leaves_the_clean_text_and_is_kept_in_the_url(reader_page, essay):
    page = reader_page(*WIDE)
    open_essay(page, page.site + essay)
    page.click(".anno-controls .anno-toggle")
    assert visible_note_ids(page) == set()
    assert count_visible(page, ".anno-marker") == 0
    assert page.evaluate("[...document.querySelectorAll('.anno-controls input[name=\"kind\"]')].every(b => b.disabled)")
    background = page.evaluate("getComputedStyle(document.querySelector('.anno-hl')).backgroundColor")
    assert background in ("rgba(0, 0, 0, 0)", "transparent")
    assert "notes=off" in page.url
    page.goto(page.url)
    wait_until_ready(page)
    assert visible_note_ids(page) == set()
    page.click(".anno-controls .anno-toggle")
    assert len(visible_note_ids(page)) == len(note_ids(page))
    assert "notes=off" not in page.url
    assert page.console_errors == []


# ---------------------------------------------------------------- dark mode

def _contrast(page, selector: str) -> float:
    """Contrast ratio of an element's text colour against the background it is drawn on."""
    return float(page.evaluate("""(s) => {
        const rgb = c => c.match(/[\\d.]+/g).map(Number);
        const lum = ([r, g, b]) => { const f = v => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
                                     return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
        const el = document.querySelector(s);
        let bg = null;
        for (let node = el; node && !bg; node = node.parentElement) {
            const c = getComputedStyle(node).backgroundColor, v = rgb(c);
            if (v.length === 3 || v[3] > 0.9) bg = v.slice(0, 3);
        }
        const a = lum(rgb(getComputedStyle(el).color).slice(0, 3)), b = lum(bg || [255, 255, 255]);
        return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    }""", selector))


def test_the_palette_toggle_switches_to_dark_and_back(reader_page, essay):
    page = reader_page(*WIDE)
    open_essay(page, page.site + essay)
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    toggle = 'form[data-md-component="palette"] label:not([hidden])'
    assert page.evaluate(scheme) == "default"
    note = ".anno-essay .anno-note:not(.is-compact) .anno-note__body p"
    light = page.evaluate(f"getComputedStyle(document.querySelector('{note}')).color")
    page.click(toggle)
    assert page.evaluate(scheme) == "slate"
    page.next_frame()
    assert page.evaluate(f"getComputedStyle(document.querySelector('{note}')).color") != light
    assert _contrast(page, note) >= 4.5, "note text stays readable in the dark scheme"
    assert _contrast(page, ".anno-essay p") >= 4.5
    report = measure(page)
    assert report.note_overlaps == () and report.text_overlaps == ()
    page.click(toggle)
    assert page.evaluate(scheme) == "default"
    assert page.console_errors == []


# ---------------------------------------------------------------- instant navigation

def test_notes_keep_working_after_instant_navigation(reader_page, essay):
    page = reader_page(*WIDE)
    open_essay(page, page.site + essay)
    page.evaluate("window.__samePage = true")  # survives only if pages are swapped, not reloaded
    # Links in the text, not the sidebar: under Xvfb, WebKitGTK's hit testing misses the links of
    # Material's sticky sidebar (see the closing note of issue 15); a reader's click is the same.
    page.click(".anno-essay a.anno-term")
    page.wait_for("location.pathname.endsWith('/glossary/') && !document.querySelector('.anno-essay')")
    back = page.evaluate("document.querySelector('article a[href*=\"#note-\"]').getAttribute('href')")
    target = back.split("#note-")[1]
    page.click(f'article a[href="{back}"]')
    page.wait_for("(e) => location.pathname.endsWith(e)", essay)
    wait_until_ready(page)
    assert page.evaluate("window.__samePage === true"), "navigation was instant (no reload)"
    page.wait_for("(id) => document.getElementById('note-' + id).classList.contains('is-active')", target)
    assert in_viewport(page, f"#note-{target}"), "the permalink followed by instant navigation shows its note"

    notes = len(note_ids(page))
    counts = page.evaluate("['.anno-controls', '.anno-note__tools', '.anno-note__toggle', '.anno-ref', '.anno-marker']"
                           ".map(s => document.querySelectorAll(s).length)")
    assert counts == [1, notes, notes, counts[4], counts[4]]
    assert len(measure(page).placements) == notes
    target = note_ids(page)[5]
    page.click(marker(target))
    assert focused(page)["id"] == f"note-{target}"
    page.set_viewport(*PHONE)
    page.next_frame()
    other = note_ids(page)[6]
    page.click(marker(other))
    assert attribute(page, marker(other), "aria-expanded") == "true"
    assert visible(page, f"#note-{other}")
    page.click(marker(other))  # one click listener, not two: a second click closes the note again
    assert attribute(page, marker(other), "aria-expanded") == "false"
    assert page.console_errors == []


def test_initialising_twice_on_the_same_page_changes_nothing(reader_page, essay):
    page = reader_page(*PHONE)
    open_essay(page, page.site + essay)
    counts = ("['.anno-controls', '.anno-note__tools', '.anno-note__toggle', '.anno-endnotes', '.anno-ref', "
              "'.anno-live'].map(s => document.querySelectorAll(s).length)")
    before = page.evaluate(counts)
    page.evaluate("() => { document$.next(document); document$.next(document) }")  # what Material does on a swap
    assert page.evaluate(counts) == before
    target = note_ids(page)[2]
    page.click(marker(target))
    assert attribute(page, marker(target), "aria-expanded") == "true"
    page.click(marker(target))
    assert attribute(page, marker(target), "aria-expanded") == "false"
    assert page.console_errors == []
