"""The one way Markdown becomes plain text: render it with the Markdown converter, keep the text.

Search entries, reference previews, tooltips and the W3C export's plain-text bodies all need the
words of a note without its markup. Rendering with the same parser (cross-references included)
and reading the text of the HTML gets emphasis, links, code, escapes and entities right, where
stripping characters by pattern could not.
"""
from __future__ import annotations

from marginalia.markup.html_facts import read_html
from marginalia.markup.markdown_render import MarkdownRenderer
from marginalia.markup.xrefs import Targets


def html_to_text(fragment: str) -> str:
    return read_html(fragment).text


def markdown_to_text(source: str, renderer: MarkdownRenderer | None = None, limit: int | None = None,
                     scope: str | None = None) -> str:
    """The words of `source` as a reader sees them; references become their label or target title.
    With `limit`, cut at a word boundary and end with "…"."""
    renderer = renderer or MarkdownRenderer(Targets())
    text = html_to_text(renderer.to_html(source, "", scope))
    return text if limit is None else shortened(text, limit)


def shortened(text: str, limit: int) -> str:
    """`text` cut at a word boundary to at most `limit` characters, ending with "…" when cut."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"
