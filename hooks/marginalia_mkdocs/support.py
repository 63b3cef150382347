"""File-level steps after rendering: HTML fixes, search index entries, extra files.

These act on generated output (strings and files), not on MkDocs objects, so they stay testable
without MkDocs.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from marginalia.rendering.site import EditionSite

# The theme puts autocomplete="off" on its hidden checkbox toggles; the attribute is not allowed
# on checkboxes (Nu HTML Checker error on every page). Browsers ignore it there anyway.
_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle"[^>]*?type="checkbox"[^>]*?) autocomplete="off"')


_ELEMENT_ID = re.compile(r"""\sid=["']([^"']+)["']""")


def element_ids(fragment: str) -> set[str]:
    """Every id="…" in an HTML fragment (the engine writes ids double-quoted and unescaped)."""
    return set(_ELEMENT_ID.findall(fragment))


def finish_page_html(output: str) -> str:
    return _CHECKBOX_AUTOCOMPLETE.sub(r"\1", output)


def exclude_from_theme_search(meta: dict[str, Any]) -> None:
    """Keep Material's search plugin from parsing a page whose entries the engine writes itself
    (the generated pages: their HTML is several times their text, and parsing them cost about a
    seventh of the build)."""
    search = meta.get("search")
    meta["search"] = {**(search if isinstance(search, dict) else {}), "exclude": True}


def rewrite_search_index(site_dir: Path, site: EditionSite) -> None:
    """Material's index plus the engine's documents: those of the generated pages (the theme was
    told to skip them) and one per note."""
    index_path = site_dir / "search" / "search_index.json"
    if index_path.exists():
        entries = site.page_search_entries() + site.search_entries()
        index_path.write_text(extend_search_index(index_path.read_text(encoding="utf-8"), entries),
                              encoding="utf-8")


def extra_files(site: EditionSite) -> dict[str, str]:
    """Files that are not pages, by their path in the site (the engine's, shared with `prepare`).

    The adapter registers them with the generator as generated files (rather than writing them
    after the build) so that docs pages can link to them under strict link validation, and
    `mkdocs serve` serves them like any other file.
    """
    from marginalia.tools.prepare import data_files

    return data_files(site)


# The edition's own stylesheet and script, shipped minified: readers on phones pay for every
# byte, and the commented sources stay readable in docs/assets/.
OWN_ASSETS = ("assets/edition.css", "assets/edition.js", "assets/suggest.css", "assets/suggest.js")


def minify_asset(name: str, text: str) -> str:
    import rcssmin
    import rjsmin

    if name.endswith(".css"):
        return str(rcssmin.cssmin(text))
    if name.endswith(".js"):
        return str(rjsmin.jsmin(text))
    return text


def minify_assets(site_dir: Path) -> None:
    for name in OWN_ASSETS:
        path = site_dir / name
        if path.exists():
            path.write_text(minify_asset(name, path.read_text(encoding="utf-8")), encoding="utf-8")


def extend_search_index(index_json: str, entries: list[dict[str, str]]) -> str:
    index = json.loads(index_json)
    known = {doc.get("location") for doc in index.get("docs", [])}
    for entry in entries:
        if entry["location"] not in known:
            index.setdefault("docs", []).append(entry)
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
