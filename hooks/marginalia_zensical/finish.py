"""After `zensical build`: the same page fixes, Content Security Policy and minifying as MkDocs gets.

The MkDocs hook applies these to each page as it is written (on_post_page); Zensical offers no
such moment, so they run over the files it wrote. The functions are the MkDocs adapter's own
(pure functions on strings and files), so both builds get exactly the same treatment.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from marginalia_mkdocs.csp import add_content_security_policy, script_hash
from marginalia_mkdocs.support import finish_page_html, minify_assets

# Zensical's search dialog lives in a shadow root, styled by a <style> element that its bundle
# creates from a constant string: `….appendChild(C("style",{},Tc.toString()))` with `Tc='…'`.
# The string is found in the bundle the build shipped, and hashed, so the policy allows exactly
# that stylesheet. If a Zensical release changes the shape, nothing is found and the browser test
# (tests/browser/test_csp.py) reports the refused style: the pin (requirements-zensical.in) moves
# only with that test passing.
_RUNTIME_STYLE = re.compile(r"""\(\s*"style"\s*,\s*\{\}\s*,\s*([A-Za-z_$][\w$]*)\.toString\(\)\s*\)""")


def runtime_style_hashes(bundle: str) -> tuple[str, ...]:
    hashes = []
    for use in _RUNTIME_STYLE.finditer(bundle):
        literal = re.search(r"(?<![\w$.])" + re.escape(use.group(1)) + r"""='((?:[^'\\]|\\.)*)'""", bundle)
        if literal and "\\" not in literal.group(1):  # escapes would need a JS parser: not hashed
            hashes.append(script_hash(literal.group(1)))
    return tuple(hashes)


def extend_search_index(index_json: str, entries: list[dict[str, str]]) -> str:
    """Zensical's search.json ({"config", "items": [{location, level, title, text}]}) with the
    engine's extra entries (one per note, at its permalink), as the MkDocs hook adds them to
    Material's index: a search hit on a note's words lands on the note."""
    index = json.loads(index_json)
    items = index.setdefault("items", [])
    known = {item.get("location") for item in items}
    # Level 2: a part of its page, as Zensical ranks the page's own sections.
    items.extend({**entry, "level": 2} for entry in entries if entry["location"] not in known)
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))


def add_search_entries(root: Path, site_dir: Path) -> None:
    from marginalia.rendering.site import EditionSite
    from marginalia.tools.prepare import read_site_config, render_options

    index_path = site_dir / "search.json"
    if not index_path.exists():
        return
    config = read_site_config(root)
    site = EditionSite(root, root / str(config.get("docs_dir") or "docs"), render_options(config))
    index_path.write_text(extend_search_index(index_path.read_text(encoding="utf-8"), site.search_entries()),
                          encoding="utf-8")


# Zensical's theme hides the drawer's overlay label from assistive technology with aria-hidden,
# which HTML does not allow on a label tied to a form control (Nu HTML Checker error on every
# page). Material writes the same label without it, so the two builds now agree.
_OVERLAY_ARIA_HIDDEN = re.compile(r'(<label class="md-overlay" for="__drawer") aria-hidden="true"')


def finish_zensical_html(html: str) -> str:
    return _OVERLAY_ARIA_HIDDEN.sub(r"\1", finish_page_html(html))


def relative_404_links(html: str, site_path: str) -> str:
    """The 404 page's links under site_url's path made relative to its <base>.

    overrides/404.html sets a <base> (site_url's path, or "/" where the site is served elsewhere,
    as in a local preview) and makes its links relative to it. Zensical writes the navigation's
    links on this page as absolute paths all the same, which only work where the site is
    deployed; relative to the <base>, they work everywhere, as in the MkDocs build."""
    if not site_path.startswith("/") or site_path == "/":
        return html
    return re.sub(r'(\s(?:href|src)=")' + re.escape(site_path), lambda m: m.group(1) + "./", html)


def finish_site(site_dir: Path, site_url: str | None = None) -> int:
    styles = tuple(h for bundle in sorted((site_dir / "assets" / "javascripts").glob("bundle.*.js"))
                   for h in runtime_style_hashes(bundle.read_text(encoding="utf-8")))
    pages = 0
    for path in sorted(site_dir.rglob("*.html")):
        if path.relative_to(site_dir).parts[0] == "assets":
            continue  # the theme's own HTML fragments (none today), never pages
        html = path.read_text(encoding="utf-8")
        if path == site_dir / "404.html":
            html = relative_404_links(html, urlsplit(site_url or "/").path or "/")
        path.write_text(add_content_security_policy(finish_zensical_html(html), styles), encoding="utf-8")
        pages += 1
    minify_assets(site_dir)
    return pages
