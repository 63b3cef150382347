"""A Content Security Policy for every built page, in a `<meta http-equiv>` tag.

GitHub Pages cannot send headers, so the policy travels in the page. Inline scripts are allowed
by hash only: the hashes are computed from the final HTML, so they cover exactly the inline
scripts that the theme (Material or Zensical) writes, and any script injected into a note,
a search result or a template is refused by the browser.

Pure functions on strings: the MkDocs hook calls them from on_post_page/on_post_template, the
Zensical build (marginalia_zensical) on the files it wrote. No MkDocs import.
"""
from __future__ import annotations

import base64
import hashlib
import re

# Script elements the browser runs: no `src`, and no type or a JavaScript type. Data blocks
# (`type="application/json"`, Material's `__config`) are never executed, so they need no hash.
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_SRC = re.compile(r"\ssrc\s*=", re.I)
_TYPE = re.compile(r"""\stype\s*=\s*["']?([^"'\s>]+)""", re.I)
_JS_TYPES = {"", "module", "text/javascript", "application/javascript", "application/ecmascript",
             "text/ecmascript"}
_POLICY_TAG = '<meta http-equiv="Content-Security-Policy"'
_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.I)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)

# Everything else comes from the site itself. Why each source:
# - style-src 'self': the themes style through stylesheets and, from script, through the CSSOM
#   (element.style.setProperty), which CSP does not restrict; the pages carry no <style> element
#   and no style="" attribute (tests/test_csp.py checks both builds), so 'unsafe-inline' is not needed.
# - img-src data:: the themes' icons are SVG data: URLs inside their stylesheets (mask-image).
# - object-src 'none', base-uri 'self': no plugins; a <base> (the 404 page writes one) can only
#   point into the site. form-action 'self': the search form cannot be aimed elsewhere.
# frame-ancestors and report-uri are ignored in a <meta> policy, so they are not written.
_FIXED = ("default-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'",
          "connect-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'")


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script the browser would run, exactly as it stands in the page."""
    found = []
    for match in _SCRIPT.finditer(html):
        attributes, body = match.group(1), match.group(2)
        if _SRC.search(attributes):
            continue
        kind = _TYPE.search(attributes)
        if (kind.group(1).lower() if kind else "") in _JS_TYPES:
            found.append(body)
    return found


def script_hash(body: str) -> str:
    """The CSP source expression for one inline script (or style): sha256 of its UTF-8 text, base64."""
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def policy_for(html: str, style_hashes: tuple[str, ...] = ()) -> str:
    """The policy for one page. `style_hashes`: hashes of <style> elements that the theme's own
    script creates at run time (Zensical's search dialog), which no page's HTML shows."""
    hashes = sorted({script_hash(body) for body in inline_scripts(html)})
    styles = " ".join(("style-src 'self'", *sorted(set(style_hashes))))
    return "; ".join((_FIXED[0], " ".join(("script-src 'self'", *hashes)), styles, *_FIXED[2:]))


def _without_policy(html: str) -> str:
    """The page without the policy a previous pass wrote (with the line break before it). Found by
    plain search: the tag is this module's own, and a pattern starting with optional whitespace
    would be tried at every offset of a 200 KB page."""
    at = html.find(_POLICY_TAG)
    if at < 0:
        return html
    end = html.find(">", at) + 1
    start = len(html[:at].rstrip(" \t\n"))
    return html[:start] + html[end:]


def add_content_security_policy(html: str, style_hashes: tuple[str, ...] = ()) -> str:
    """The page with its policy as the first thing in <head> after the charset declaration.

    Before any script or stylesheet, since a <meta> policy applies only to what follows it.
    Idempotent: a policy already in the page is replaced (a rebuild in `mkdocs serve`).
    """
    html = _without_policy(html)
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy_for(html, style_hashes)}">'
    anchor = _CHARSET.search(html) or _HEAD.search(html)
    if anchor is None:
        return html  # not an HTML document (a fragment or a non-page template): nothing to protect
    return html[:anchor.end()] + "\n    " + tag + html[anchor.end():]
