"""Markdown of untrusted bodies to safe HTML, with cross-references as Markdown and located errors.

Order matters: raw HTML and unsafe URLs are rejected first (a located error tells the editor
what to write instead); Markdown renders, cross-references included (the xref extension, so a
reference inside code stays literal); finally the allow-list sanitizer runs on everything, as a
second line of defence.

A `MarkdownRenderer` belongs to one build (it holds that build's targets); nothing is kept at
module level, so `mkdocs serve` rebuilds start clean.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import markdown

from marginalia.diagnostics import DiagnosticSink, Location
from marginalia.markup.html_facts import HtmlFacts, read_html
from marginalia.markup.reference_check import check_references
from marginalia.markup.sanitize import RAW_HTML, UNSAFE_URL, sanitize_html
from marginalia.markup.xref_extension import MARK_CLOSE, MARK_OPEN, XrefExtension
from marginalia.markup.xrefs import XREF, Targets, XrefUse

Locate = Callable[[int], Location]  # offset in the body -> file location
BODY_EXTENSIONS = ("sane_lists",)
_MARKS = re.compile(MARK_OPEN + r"\d+" + MARK_CLOSE)
# Docs pages are read with the extensions mkdocs.yml gives them that change what is code or text.
DOCS_EXTENSIONS = ("pymdownx.superfences", "pymdownx.tabbed", "attr_list", "md_in_html", "admonition", "toc")


def page_of_url(from_url: str) -> str:
    """The source path of a page from its directory URL ("" -> index.md, "glossary/" -> glossary.md)."""
    stem = from_url.strip("/")
    return f"{stem}.md" if stem else "index.md"


class MarkdownRenderer:
    """One Markdown converter with the cross-reference extension, reused for every body of a build
    (building a converter costs about four times as much as converting a short body)."""

    def __init__(self, targets: Targets, extensions: tuple[str, ...] = BODY_EXTENSIONS) -> None:
        self.targets = targets
        self.xrefs = XrefExtension(targets, links="url")
        self.converter = markdown.Markdown(extensions=[*extensions, self.xrefs], output_format="html")

    def to_html(self, source: str, page: str = "", scope: str | None = None) -> str:
        """Unsanitized HTML of `source` on `page` (a source path); references resolve in `scope`."""
        self.xrefs.set_page(page, scope)
        self.xrefs.reset()
        return self.converter.reset().convert(source)

    def read(self, source: str, page: str = "", scope: str | None = None) -> Reading:
        """One conversion that yields both the HTML and the references the parser found (not those in
        code), with their offsets in `source`."""
        starts: list[int] = []

        def numbered(match: re.Match[str]) -> str:
            starts.append(match.start())
            return f"[[{MARK_OPEN}{len(starts) - 1}{MARK_CLOSE}{match.group(0)[2:]}"

        rendered = self.to_html(XREF.sub(numbered, source), page, scope)
        found: list[XrefUse] = []
        for use in self.xrefs.seen:
            start = starts[use.start] if 0 <= use.start < len(starts) else 0
            found.append(XrefUse(use.kind, use.id, use.label, start, start))
        # Marks survive only where the parser kept "[[" as text (code): removing them restores it.
        return Reading(_MARKS.sub("", rendered), found)

    def references(self, source: str, scope: str | None = None) -> list[XrefUse]:
        return self.read(source, "", scope).references


@dataclass(frozen=True)
class Reading:
    """One conversion of a body or docs page: its HTML and the cross-references the parser found, made by
    `MarkdownRenderer.read`; check_places keeps one per place for the link check and backlinks, and the build
    reuses a body's HTML when it renders the page."""

    html: str  # unsanitized
    references: list[XrefUse]

    @cached_property
    def facts(self) -> HtmlFacts:
        """The HTML's words, links, ids and unsafe parts, read once for every step that needs them."""
        return read_html(self.html)


def check_body(body: str, locate: Locate, what: str, sink: DiagnosticSink, targets: Targets,
               scope: str | None = None, renderer: MarkdownRenderer | None = None, page: str = "") -> Reading:
    """Report raw HTML, unsafe links and unresolved cross-references in one body; return its reading.

    With the `page` the body is shown on, the reading's HTML is the body as rendered there (before
    sanitizing), so the build converts each body once for both the check and the page."""
    renderer = renderer or MarkdownRenderer(targets)
    reading = renderer.read(body, page, scope)
    before = len(sink.items)
    for match in RAW_HTML.finditer(body):
        sink.error(locate(match.start()),
                   f"raw HTML is not allowed in {what}: {match.group(0)[:40]!r}",
                   "hint: write Markdown (*emphasis*, [text](https://…)); HTML from annotations never reaches readers")
    for match in UNSAFE_URL.finditer(body):
        sink.error(locate(match.start() + 2), f"unsafe link in {what}: only http(s), mailto and site links are allowed")
    if len(sink.items) == before:
        # What the patterns cannot see (reference-style links, entity-encoded schemes, images) shows
        # in the rendered HTML; the sanitizer would drop it silently, so it is reported instead.
        for problem, value in reading.facts.problems:
            offset = max(body.find(value), 0) if value else 0
            if problem == "image":
                sink.error(locate(offset), f"images are not allowed in {what}: {value[:60]!r}",
                           "hint: link to the picture instead: [description](https://…)")
            else:
                sink.error(locate(offset), f"unsafe link in {what}: {value[:60]!r}",
                           "only http(s), mailto and site links are allowed")
    check_references(reading.references, locate, what, sink, targets, scope)
    return reading


def render_body(body: str, targets: Targets, from_url: str, scope: str | None = None,
                renderer: MarkdownRenderer | None = None) -> str:
    """Render a (checked) body for the page at `from_url`; unresolved references degrade to their label text."""
    renderer = renderer or MarkdownRenderer(targets)
    return sanitize_html(renderer.to_html(body, page_of_url(from_url), scope))
