"""Allow-list sanitizing of HTML rendered from untrusted Markdown (nh3, the binding to ammonia).

Annotation bodies arrive by pull request from people the publisher may not know, and end up in
every reader's browser. Two layers keep them harmless:

1. Before rendering, the editor's Markdown is checked (markdown_render.check_body): raw HTML, links
   whose scheme is not http(s)/mailto (however the scheme is spelled or entity-encoded) and images
   are located errors, so nothing a contributor wrote is ever dropped silently.
2. After rendering, `sanitize_html` keeps only the tags and attributes below, whatever the check
   missed: no script, style, iframe, object, embed or form elements, no event-handler attributes,
   no javascript:/data: URLs. Every link gets rel="noopener noreferrer".
"""
from __future__ import annotations

import html
import re

import nh3

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "cite", "code", "del", "dfn", "em", "i", "ins", "kbd",
    "li", "ol", "p", "q", "s", "small", "span", "strong", "sub", "sup", "ul", "time",
})
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang", "class", "data-xref"},
    "abbr": {"title"},
    "span": {"class", "lang", "dir"},
    "time": {"datetime"},
    "q": {"cite"},
    "*": {"lang", "dir"},
}
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})

# Raw HTML in a YAML body is rejected with a located error (see markdown_render); this pattern
# finds it. Markdown autolinks (<https://…>, <mailto:…>) are Markdown, not HTML.
RAW_HTML = re.compile(r"<(?!(?:https?|mailto):)(?:/?[A-Za-z][A-Za-z0-9-]*\b[^>]*>|!--|!\[CDATA\[|![A-Za-z]|\?)")
UNSAFE_URL = re.compile(r"\]\(\s*<?\s*(?:javascript|vbscript|data|file)\s*:", re.IGNORECASE)

# Attributes whose value a browser treats as a URL.
URL_ATTRIBUTES = frozenset({"href", "src", "cite", "action", "formaction", "poster", "background",
                            "srcset", "xlink:href", "data"})
# The WHATWG URL parser drops tabs and newlines anywhere and C0 controls or spaces at either end,
# so "java&#x09;script:" and " javascript:" are javascript: URLs to a browser.
_URL_IGNORED = re.compile(r"[\t\n\r]")
_C0_OR_SPACE = "".join(chr(code) for code in range(0x21))
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")


def sanitize_html(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_title_as_text,
    )


def _title_as_text(tag: str, attribute: str, value: str) -> str:
    # A Markdown link title ([x](url "title")) is a tooltip too: see tooltip_attribute.
    return html.escape(value, quote=False) if attribute == "title" else value


def tooltip_attribute(text: str) -> str:
    """The escaped value for a title="…" attribute that shows `text` exactly, as text.

    The theme's content.tooltips feature builds a tooltip from every title attribute in the page
    content with innerHTML, so a title is read as HTML: "<img src=x onerror=…>" in a source's
    title would run. The text is escaped for HTML and then for the attribute, so the tooltip
    shows it literally. (With scripts off, the browser's own tooltip shows entities for < > &,
    which the edition's data does not use.)
    """
    return html.escape(html.escape(text, quote=False), quote=True)


def url_scheme(url: str) -> str | None:
    """The scheme a browser would read from an (entity-decoded) attribute value; None if relative."""
    cleaned = _URL_IGNORED.sub("", url).strip(_C0_OR_SPACE)
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def is_safe_url(url: str) -> bool:
    scheme = url_scheme(url)
    return scheme is None or scheme in ALLOWED_SCHEMES
