"""File-level steps after rendering: HTML fixes, search index entries, extra files.

These act on generated output (strings and files), not on MkDocs objects, so they stay testable
without MkDocs.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .site import EditionSite

# The theme puts autocomplete="off" on its hidden checkbox toggles; the attribute is not allowed
# on checkboxes (Nu HTML Checker error on every page). Browsers ignore it there anyway.
_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle"[^>]*?type="checkbox"[^>]*?) autocomplete="off"')


def finish_page_html(output: str) -> str:
    return _CHECKBOX_AUTOCOMPLETE.sub(r"\1", output)


def rewrite_search_index(site_dir: Path, site: "EditionSite") -> None:
    from .site import extend_search_index

    index_path = site_dir / "search" / "search_index.json"
    if index_path.exists():
        index_path.write_text(extend_search_index(index_path.read_text(encoding="utf-8"), site.search_entries()),
                              encoding="utf-8")


def write_extra_files(site_dir: Path, site: "EditionSite") -> None:
    """Files that are not pages (the W3C export is added here)."""
    return None
