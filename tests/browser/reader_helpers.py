"""The one module of helpers for the browser tests: the built pages, opening the essay ready to
read, note ids, focus, visibility and element state.

Every helper needs only `page.evaluate(expression_or_function, arg)`, which both the
engine-neutral pages (pagedriver.Page) and Playwright's pages provide, so the Chromium-only tests
and the three-engine tests share them.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from layout_metrics import essay_pages

WIDE, PHONE = (1440, 900), (390, 844)
READY = '.anno-essay[data-anno-ready="1"]'


def site_pages(site_dir: Path) -> list[str]:
    """URL paths of every page of a built site ("" is the home page)."""
    pages = []
    for path in sorted(site_dir.rglob("*.html")):
        relative = path.relative_to(site_dir).as_posix()
        if relative.startswith("assets/"):
            continue
        pages.append(relative[: -len("index.html")] if relative.endswith("index.html") else relative)
    return pages


def search_documents(site_dir: Path) -> list[dict[str, str]]:
    """The search index's documents ({location, title, text}), from MkDocs' (Material's) index or
    Zensical's search.json: the tests read whichever build they run against."""
    material = site_dir / "search" / "search_index.json"
    if material.exists():
        return json.loads(material.read_text(encoding="utf-8"))["docs"]
    return json.loads((site_dir / "search.json").read_text(encoding="utf-8"))["items"]


def search(page: Any, words: str) -> None:
    """Type into the site's search: Material's field in the header, or Zensical's search dialog."""
    field = page.locator(".md-search__input")
    if field.count():
        field.click()
    else:
        page.locator(".md-search__button").first.click()
        page.locator('dialog[aria-label="Search"] input').wait_for()
    page.keyboard.type(words)


def search_result(page: Any, anchor: str) -> Any:
    """The search results that link to #anchor, in either theme's result list."""
    return page.locator(f'.md-search-result__link[href$="#{anchor}"], '
                        f'dialog[aria-label="Search"] a[role="option"][href$="#{anchor}"]')


def essay_path(site_dir: Path) -> str:
    pages = essay_pages(site_dir)
    assert pages, f"no annotated essay page in {site_dir}"
    return pages[0]


def wait_until_ready(page: Any) -> None:
    """Wait until the reader script has prepared the essay and the fonts have laid it out."""
    page.evaluate("""(selector) => new Promise((resolve, reject) => {
        const start = performance.now();
        const check = () => document.querySelector(selector) ? resolve(true)
            : performance.now() - start > 10000 ? reject(new Error('the essay was never prepared'))
            : setTimeout(check, 20);
        check();
    }).then(() => document.fonts.ready)
      .then(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))))
      .then(() => true)""", READY)


def open_essay(page: Any, url: str) -> None:
    """Go to an essay page and wait until the reader script has prepared it."""
    page.goto(url)
    wait_until_ready(page)


def note_ids(page: Any, kind: str | None = None) -> list[str]:
    selector = ".anno-essay .anno-note" + (f'[data-note-kind="{kind}"]' if kind else "")
    return list(page.evaluate("(s) => [...document.querySelectorAll(s)].map(n => n.id.replace(/^note-/, ''))",
                              selector))


def visible(page: Any, selector: str) -> bool:
    """Whether the first element matching `selector` is rendered and not hidden."""
    return bool(page.evaluate("(s) => { const el = document.querySelector(s); return !!el && "
                              "el.checkVisibility({visibilityProperty: true}) && el.getClientRects().length > 0 }",
                              selector))


def count_visible(page: Any, selector: str) -> int:
    return int(page.evaluate("(s) => [...document.querySelectorAll(s)].filter(el => "
                             "el.checkVisibility({visibilityProperty: true}) && el.getClientRects().length > 0).length",
                             selector))


def visible_note_ids(page: Any) -> set[str]:
    return set(page.evaluate(
        "() => [...document.querySelectorAll('.anno-essay .anno-note')]"
        ".filter(n => n.checkVisibility({visibilityProperty: true}) && n.getClientRects().length > 0)"
        ".map(n => n.id.replace(/^note-/, ''))"))


def attribute(page: Any, selector: str, name: str) -> str | None:
    return page.evaluate("([s, name]) => { const el = document.querySelector(s); return el && el.getAttribute(name) }",
                         [selector, name])


def classes(page: Any, selector: str) -> set[str]:
    return set(page.evaluate("(s) => [...(document.querySelector(s)?.classList ?? [])]", selector))


def in_viewport(page: Any, selector: str) -> bool:
    """Whether the element has its top-left corner on screen, below the fixed header, within 3 s
    (the element may still be coming, or a smooth scroll still running)."""
    return bool(page.evaluate("""(s) => new Promise(resolve => {
        const start = performance.now();
        const check = () => {
            const el = document.querySelector(s);
            const r = el ? el.getBoundingClientRect() : null;
            const shown = !!r && r.bottom > 48 && r.top < innerHeight && r.left >= 0 && r.left < innerWidth;
            if (shown || performance.now() - start > 3000) resolve(shown); else setTimeout(check, 20);
        };
        check();
    })""", selector))


def focused(page: Any) -> dict[str, str]:
    return dict(page.evaluate("() => { const el = document.activeElement; return {id: el.id, "
                              "marker: el.getAttribute('data-note-marker') || '', cls: el.className} }"))


def scroll_width(page: Any) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


def marker(note_id: str) -> str:
    """The selector of a note's marker in the text."""
    return f'.anno-marker[data-note-marker="{note_id}"]'


AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe.min.js"


def axe_violations(page: Any) -> list[str]:
    """axe-core's violations on the page as it is now, one line each."""
    # Evaluated by the test driver, not added as a <script>: the page's Content Security Policy
    # rightly refuses an inline script it has no hash for.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}) x{len(v['nodes'])}: {v['help']}; e.g. {v['nodes'][0]['target']}"
            for v in result["violations"]]
