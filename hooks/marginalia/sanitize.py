"""Allow-list sanitizing of HTML rendered from untrusted Markdown (nh3, the binding to ammonia).

Annotation bodies arrive by pull request from people the publisher may not know, and end up in
every reader's browser. Only the tags and attributes below survive; URLs must be http(s), mailto
or relative; every link gets rel="noopener noreferrer".
"""
from __future__ import annotations

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


def sanitize_html(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
