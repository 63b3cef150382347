"""After `zensical build`: the same page fixes, Content Security Policy and minifying as MkDocs gets.

The MkDocs hook applies these to each page as it is written (on_post_page); Zensical offers no
such moment, so they run over the files it wrote. The functions are the MkDocs adapter's own
(pure functions on strings and files), so both builds get exactly the same treatment.
"""
from __future__ import annotations

from pathlib import Path

from marginalia_mkdocs.csp import add_content_security_policy
from marginalia_mkdocs.support import finish_page_html, minify_assets


def finish_site(site_dir: Path) -> int:
    pages = 0
    for path in sorted(site_dir.rglob("*.html")):
        if path.relative_to(site_dir).parts[0] == "assets":
            continue  # the theme's own HTML fragments (none today), never pages
        html = path.read_text(encoding="utf-8")
        path.write_text(add_content_security_policy(finish_page_html(html)), encoding="utf-8")
        pages += 1
    minify_assets(site_dir)
    return pages
