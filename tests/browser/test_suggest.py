"""Suggest from the page (docs/assets/suggest.js): a reader selects words of the essay, follows
"Suggest a note", and the prefilled issue, rendered as GitHub renders the form and converted by
`from-issue --write`, passes the check and marks exactly the words selected. With the mouse on a
wide screen, by touch at 390 px, and by keyboard; the selector the page computes anchors with the
engine for hundreds of random selections."""
from __future__ import annotations

import random
import re
import sys
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from reader_helpers import axe_violations, essay_path, open_essay

TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS))

from issueform import write_issue  # noqa: E402
from project import ROOT, build_strict, copy_project, run_cli  # noqa: E402

from marginalia.anchoring.exact import Selector, anchor_one  # noqa: E402
from marginalia.diagnostics import DiagnosticSink  # noqa: E402
from marginalia.edition.build import build_edition  # noqa: E402
from marginalia.loading.load import load_edition  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.chromium_only(
    "the opened GitHub URL is caught with Playwright's request routing, and phones are emulated with its "
    "touch events; the Firefox and WebKit drivers here can do neither")]

TEXT_ID = "kim-jong-un-watchtower-diplomacy"
READER = {"kind": "context", "title": "A reader’s note", "body": "What a student should know here.",
          "sources": "hansun-chosun-2022"}

# The test's own reading of a block element (not suggest.js's): its text nodes, note markers and
# print references left out, <br> as a line break; then a DOM selection of [a, b) in the block.
SELECT = """({block, a, b}) => {
  const el = document.querySelector(`.anno-essay [data-offset="${block}"]`);
  const nodes = []; let pos = 0;
  (function walk(n) {
    for (const c of n.childNodes) {
      if (c.nodeType === 3) { nodes.push([c, pos]); pos += c.data.length; }
      else if (c.tagName === "BR") pos += 1;
      else if (c.nodeType === 1 && !c.matches(".anno-marker, .anno-ref")) walk(c);
    }
  })(el);
  const point = (off, end) => {
    for (const [n, p] of nodes) {
      if (end ? off > p && off <= p + n.data.length : off >= p && off < p + n.data.length) return [n, off - p];
    }
    throw new Error("no text at " + off);
  };
  const [sn, so] = point(a, false), [en, eo] = point(b, true);
  getSelection().setBaseAndExtent(sn, so, en, eo);
}"""
# Essay offset of an element's first character: its block's offset plus the text before it.
OFFSET_OF = """(el) => { const block = el.closest('[data-offset]'); const r = document.createRange();
  r.selectNodeContents(block); r.setEndBefore(el); const c = r.cloneContents();
  c.querySelectorAll('.anno-marker, .anno-ref').forEach(m => m.remove());
  c.querySelectorAll('br').forEach(b => b.replaceWith('\\n'));
  return +block.getAttribute('data-offset') + c.textContent.length; }"""
WAIT_BOX = """(before) => { const a = document.querySelector('.anno-sg-box__suggest');
  const box = document.querySelector('.anno-sg-box');
  return box && !box.hidden && a && a.href && a.href !== before; }"""


@pytest.fixture(scope="module")
def essay() -> Any:
    return load_edition(ROOT, DiagnosticSink()).essays[TEXT_ID]


def own_block(essay: Any, offset: int) -> Any:
    """The block holding `offset`, for blocks that have an element of their own (not byline lines)."""
    block = essay.block_at(offset)
    assert block.kind != "byline"
    return block


def select(page: Any, essay: Any, start: int, end: int) -> dict[str, str]:
    """Select essay[start:end] on the page; the fields of the "Suggest a note" link it then offers."""
    block = own_block(essay, start)
    before = page.evaluate("() => (document.querySelector('.anno-sg-box__suggest') || {}).href || ''")
    page.evaluate(SELECT, {"block": block.offset, "a": start - block.offset, "b": end - block.offset})
    page.wait_for_function(WAIT_BOX, arg=before, timeout=3000)
    return fields(page.locator(".anno-sg-box__suggest").get_attribute("href"))


def fields(url: str) -> dict[str, str]:
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == "https://github.com"
    assert parts.path == "/hansun-editions/watchtower-diplomacy/issues/new"
    return {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}


def stub_github(page: Any) -> list[str]:
    """GitHub answered by a stub page; the list collects every request that left the site."""
    left: list[str] = []
    page.route("https://github.com/**", lambda route: route.fulfill(status=200, content_type="text/html",
                                                                   body="<title>New issue</title>"))
    page.on("request", lambda r: None if r.url.startswith("http://127.0.0.1") else left.append(r.url))
    return left


def convert_and_check(project: Path, tmp_path: Path, params: dict[str, str], name: str) -> tuple[int, int]:
    """The issue GitHub would make from the prefilled form plus what the reader types, through
    `from-issue --write` (which runs the check); where the new note is placed in the essay."""
    assert params["template"] == "suggest-note.yml"
    values = {**READER, **{k: v for k, v in params.items() if k != "template"}, "kind": params.get("kind") or "context"}
    before = {n.id for notes in load_edition(project, DiagnosticSink()).notes.values() for n in notes}
    issue = write_issue(tmp_path, values, name)
    result = run_cli(project, "from-issue", str(issue), "--write")
    assert result.returncode == 0, result.stdout + result.stderr
    edition = build_edition(project, project / "docs")
    [new] = [p for p in edition.placed[TEXT_ID] if p.note.id not in before]
    return new.start, new.end


def first(essay_text: str, pattern: str, nth: int = 0) -> int:
    return [m.start() for m in re.finditer(re.escape(pattern), essay_text)][nth]


def test_mouse_selections_become_notes_on_exactly_the_selected_words(new_page, site_url, site_dir, essay, tmp_path):
    page = new_page(1440, 900)
    open_essay(page, site_url + essay_path(site_dir))
    left = stub_github(page)
    text = essay.text
    project = copy_project(tmp_path / "project")
    cases: dict[str, tuple[int, int]] = {}
    # Inside a glossary link: the first linked term without its first and last letters.
    term = page.locator(".anno-essay p .anno-term").first
    term_text = term.evaluate("a => a.textContent")
    at = page.evaluate(OFFSET_OF, term.element_handle())
    assert text[at:at + len(term_text)] == term_text
    cases["inside a glossary link"] = (at + 1, at + len(term_text) - 1)
    # Across an emendation: from the word before the restored dash to the word after it.
    emend = page.locator(".anno-essay p .anno-emend").first
    emend_offset = page.evaluate(OFFSET_OF, emend.element_handle())
    assert text[emend_offset] in "–—"
    cases["across an emendation"] = (text.rfind(" ", 0, emend_offset - 2) + 1, text.find(" ", emend_offset + 3))
    # Inside an existing note's passage: a few words inside a highlighted passage of a paragraph.
    hl = page.locator(".anno-essay p .anno-hl").nth(3)
    note_id = hl.get_attribute("data-note")
    hl_text = hl.evaluate("h => h.textContent")
    placed = next(p for p in build_edition(ROOT, ROOT / "docs").placed[TEXT_ID] if p.note.id == note_id)
    assert text[placed.start:placed.end].startswith(hl_text[:10])
    inner_end = text.rfind(" ", placed.start, placed.end - 1)
    cases["inside a note's passage"] = (placed.start, inner_end if inner_end > placed.start else placed.end)
    # A repeated phrase: its third occurrence.
    cases["repeated phrase"] = (first(text, "North Korea", 2), first(text, "North Korea", 2) + len("North Korea"))

    for name, (start, end) in cases.items():
        params = select(page, essay, start, end)
        inside = page.evaluate("() => getSelection().getRangeAt(0).commonAncestorContainer.parentElement"
                               ".closest('.anno-term, .anno-hl') ? 1 : 0")
        if name == "inside a glossary link":
            assert inside, "the selection lies inside the link"
        assert params["quote"] == text[start:end], name
        if name == "inside a note's passage":
            assert params["note"].endswith(f"#note-{note_id}")
        assert left == [], f"requests left the page before a click: {left}"
        got = convert_and_check(project, tmp_path, params, f"{name.replace(' ', '-')}.md")
        assert got == (start, end), f"{name}: marks {text[got[0]:got[1]]!r}, selected {text[start:end]!r}"
    # "Report a problem" carries the same passage to the other form.
    report = fields(page.locator(".anno-sg-box__report").get_attribute("href"))
    assert report["template"] == "report-problem.yml" and report["quote"] == "North Korea" and "kind" not in report
    # Following the link opens GitHub's form with these fields.
    page.locator(".anno-sg-box__suggest").click()
    page.wait_for_url("https://github.com/**")
    assert fields(page.url)["quote"] == "North Korea"
    assert run_cli(project, "check").returncode == 0
    assert page.console_errors == []


def test_touch_at_390px(new_page, site_url, site_dir, essay, tmp_path):
    page = new_page(390, 844, touch=True)
    open_essay(page, site_url + essay_path(site_dir))
    left = stub_github(page)
    text = essay.text
    start = first(text, "the United States", 1)
    end = start + len("the United States")
    params = select(page, essay, start, end)
    box = page.locator(".anno-sg-box").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390 and box["y"] + box["height"] <= 844, box
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    link = page.locator(".anno-sg-box__suggest").bounding_box()
    assert link["height"] >= 24, "a target a finger can hit"
    assert left == []
    page.locator(".anno-sg-box__suggest").tap()
    page.wait_for_url("https://github.com/**")
    assert fields(page.url) == params
    project = copy_project(tmp_path / "project")
    assert convert_and_check(project, tmp_path, params, "touch.md") == (start, end)


def test_keyboard_reaches_the_box_and_the_paragraph_fallback(new_page, site_url, site_dir, essay, tmp_path):
    page = new_page(1440, 900)
    open_essay(page, site_url + essay_path(site_dir))
    stub_github(page)
    text = essay.text
    start = first(text, "Kim Jong-il never appeared on a multilateral stage")
    end = start + len("Kim Jong-il never appeared")
    select(page, essay, start, end)  # as a screen reader's or caret browsing's selection would be
    assert "Press Tab" in page.locator(".anno-sg[role=status]").text_content()
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('.anno-sg-box')")
    page.keyboard.press("ArrowDown")  # the kind: first real kind after "not sure"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('anno-sg-box__suggest')")
    page.keyboard.press("Enter")
    page.wait_for_url("https://github.com/**")
    params = fields(page.url)
    assert params["kind"] == "context" and params["quote"] == text[start:end]
    project = copy_project(tmp_path / "project")
    assert convert_and_check(project, tmp_path, params, "keyboard.md") == (start, end)

    # Without a selection: Tab through the page reaches "Suggest a note on a paragraph".
    open_essay(page, site_url + essay_path(site_dir))
    for _ in range(400):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('.anno-sg-para')"):
            break
    else:
        pytest.fail("Tab never reached a 'Suggest a note on a paragraph' control")
    fallback = page.locator(".anno-sg-para:focus-within")
    assert fallback.bounding_box()["width"] > 100, "visible once it has focus"
    page.keyboard.press("ArrowDown")  # the second paragraph of the section
    page.keyboard.press("Tab")
    href = page.evaluate("document.activeElement.href")
    params = fields(href)
    anchor = anchor_one(text, Selector(params["quote"], params.get("prefix", ""), params.get("suffix", "")))
    assert anchor.ok and essay.block_at(anchor.start).text == params["quote"]
    assert page.locator(".anno-sg-para").count() == len({b.section for b in essay.blocks if b.kind == "paragraph"})
    assert page.console_errors == []


def test_every_selector_the_page_computes_anchors_exactly_the_selection(new_page, site_url, site_dir, essay):
    """Property test over 240 random selections of the real essay, half of them at word edges."""
    page = new_page(1440, 900)
    open_essay(page, site_url + essay_path(site_dir))
    text = essay.text
    rng = random.Random(20261202)
    blocks = [b for b in essay.blocks if b.kind != "byline" and len(b.text.strip()) > 3]
    failures = []
    for index in range(240):
        block = rng.choice(blocks)
        a = rng.randrange(0, len(block.text) - 1)
        b = rng.randint(a + 1, min(len(block.text), a + rng.choice((3, 12, 40, 160))))
        if index % 2:  # snapped to whole words, as readers mostly select
            a = block.text.rfind(" ", 0, a) + 1
            space = block.text.find(" ", b)
            b = len(block.text) if space == -1 else space
        start, end = block.offset + a, block.offset + b
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end <= start:
            continue
        params = select(page, essay, block.offset + a, block.offset + b)
        anchor = anchor_one(text, Selector(params["quote"], params.get("prefix", ""), params.get("suffix", "")))
        if not (anchor.ok and (anchor.start, anchor.end) == (start, end)):
            failures.append(f"{text[start:end]!r} at {start}: {anchor.status} {anchor.start}-{anchor.end} {params}")
    assert failures == []
    assert page.console_errors == []


def test_a_selection_across_paragraphs_is_explained_not_sent(new_page, site_url, site_dir, essay):
    page = new_page(1440, 900)
    open_essay(page, site_url + essay_path(site_dir))
    paragraphs = [b for b in essay.blocks if b.kind == "paragraph"]
    first_p, second_p = paragraphs[2], paragraphs[3]
    page.evaluate(SELECT.replace("const [sn, so] = point(a, false), [en, eo] = point(b, true);",
                                 "const [sn, so] = point(a, false); const other = document.querySelector("
                                 "`.anno-essay [data-offset=\"${b}\"]`); const en = other.firstChild, eo = 5;"),
                  {"block": first_p.offset, "a": 3, "b": second_p.offset})
    page.wait_for_selector(".anno-sg-box:not([hidden])")
    assert "within one paragraph" in page.locator(".anno-sg-box").inner_text()
    assert not page.locator(".anno-sg-box__suggest").is_visible()
    assert not page.locator(".anno-sg-box__report").is_visible()


def test_no_repo_url_no_control_and_no_script_no_change(new_page, site_url, site_dir, tmp_path, serve_directory):
    page = new_page(1440, 900, javascript=False)
    page.goto(site_url + essay_path(site_dir))
    assert page.locator(".anno-sg").count() == 0
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(re.sub(r"(?m)^(repo_url|repo_name|edit_uri):.*\n", "", config.read_text(encoding="utf-8")),
                      encoding="utf-8")
    url = serve_directory(build_strict(project))
    page = new_page(1440, 900)
    open_essay(page, url + essay_path(project / "site"))
    assert page.locator(".anno-essay[data-repo]").count() == 0
    page.evaluate("() => getSelection().selectAllChildren(document.querySelector('.anno-essay p[data-offset]'))")
    page.wait_for_timeout(400)
    assert page.locator(".anno-sg").count() == 0
    assert page.console_errors == []


@pytest.mark.parametrize("width", [1440, 390])
def test_axe_finds_nothing_with_the_box_and_the_fallback_shown(new_page, site_url, site_dir, essay, width):
    page = new_page(width, 900, touch=width < 1200)
    open_essay(page, site_url + essay_path(site_dir))
    start = first(essay.text, "North Korea", 4)
    select(page, essay, start, start + len("North Korea"))
    page.locator(".anno-sg-para select").first.focus()
    assert axe_violations(page) == []
