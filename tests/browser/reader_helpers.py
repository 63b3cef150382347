"""Helpers shared by the browser tests: finding the built pages and opening them ready to read."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from layout_metrics import essay_pages


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


def open_essay(page: Any, url: str) -> None:
    """Go to an essay page and wait until the reader script has prepared it."""
    page.goto(url)
    page.wait_for_selector('.anno-essay[data-anno-ready="1"]', state="attached")
    page.evaluate("document.fonts.ready.then(() => new Promise(requestAnimationFrame))")


def note_ids(page: Any, kind: str | None = None) -> list[str]:
    selector = ".anno-essay .anno-note" + (f'[data-note-kind="{kind}"]' if kind else "")
    return page.locator(selector).evaluate_all("notes => notes.map(n => n.id.replace(/^note-/, ''))")


def visible_note_ids(page: Any) -> set[str]:
    return set(page.locator(".anno-essay .anno-note").evaluate_all(
        "notes => notes.filter(n => n.checkVisibility({visibilityProperty: true}))"
        ".map(n => n.id.replace(/^note-/, ''))"))


def in_viewport(page: Any, selector: str) -> bool:
    """Whether the element's top-left corner is on screen (below the fixed header)."""
    return page.locator(selector).evaluate(
        "el => { const r = el.getBoundingClientRect(); return r.bottom > 48 && r.top < innerHeight && r.left >= 0 && r.left < innerWidth }")


def focused(page: Any) -> dict[str, str]:
    return page.evaluate("() => { const el = document.activeElement; return {id: el.id, "
                         "marker: el.getAttribute('data-note-marker') || '', cls: el.className} }")
