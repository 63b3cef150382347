"""What the build reads back from HTML rendered from Markdown, in one pass of `html.parser`.

Four steps need to look inside a rendered body: the body check (images and unsafe links, which the
sanitizer would silently drop, are reported instead), the relative-link check (links and ids),
the note previews and the search documents (the words as a reader sees them). One reading serves
them all; a body's HTML used to be parsed up to four times.
"""
from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

from marginalia.markup.sanitize import URL_ATTRIBUTES, is_safe_url

# Elements after which words do not run on: a space keeps "…end.</p><p>Next" as two words.
_BREAKS = frozenset({"p", "li", "br", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th"})


@dataclass(frozen=True)
class HtmlFacts:
    """A fragment's words, links, ids and unsafe parts, as `read_html` found them."""

    text: str  # the words, whitespace collapsed
    links: tuple[tuple[str, str], ...]  # (href, class) of every <a> with an href
    ids: frozenset[str]
    problems: tuple[tuple[str, str], ...]  # ("image" | "link", the value as written): what sanitizing drops


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[tuple[str, str]] = []
        self.ids: set[str] = set()
        self.problems: list[tuple[str, str]] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BREAKS:
            self.parts.append(" ")
        if tag == "img":
            self.problems.append(("image", next((value or "" for name, value in attrs if name == "src"), "")))
        href = css_class = ""
        for name, value in attrs:
            if value is None:
                continue
            if name in URL_ATTRIBUTES and not is_safe_url(value):
                self.problems.append(("link", value))
            if name == "id" and value:
                self.ids.add(value)
            elif name == "href":
                href = value
            elif name == "class":
                css_class = value
        if tag == "a" and href:
            self.links.append((href, css_class))


def read_html(fragment: str) -> HtmlFacts:
    reader = _Reader()
    reader.feed(fragment)
    reader.close()
    return HtmlFacts(" ".join("".join(reader.parts).split()), tuple(reader.links), frozenset(reader.ids),
                     tuple(reader.problems))
