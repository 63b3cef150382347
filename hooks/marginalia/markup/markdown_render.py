"""Markdown of untrusted bodies to safe HTML, with cross-references resolved and located errors.

Order matters: raw HTML and unsafe URLs are rejected first (a located error tells the editor
what to write instead); cross-references become placeholders so Markdown cannot mangle them;
Markdown renders; placeholders become links; finally the allow-list sanitizer runs on
everything, as a second line of defence.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Callable

import markdown

from marginalia.diagnostics import DiagnosticSink, Location
from marginalia.markup.sanitize import RAW_HTML, UNSAFE_URL, rendered_problems, sanitize_html
from marginalia.markup.xrefs import Targets, XrefUse, find_xrefs, render_xref

Locate = Callable[[int], Location]  # offset in the body -> file location

# Building a Markdown converter costs about four times as much as converting a short body, and a
# build converts every body several times (check, page, W3C export). One converter per thread is
# reused, reset before each body so that nothing (link references, stashed HTML) carries over.
_converters = threading.local()


def _to_html(source: str) -> str:
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        converter = _converters.markdown = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    return converter.reset().convert(source)


@dataclass(frozen=True)
class RenderedBody:
    html: str
    xrefs: tuple[XrefUse, ...]


def check_body(body: str, locate: Locate, what: str, sink: DiagnosticSink, targets: Targets) -> None:
    """Report raw HTML, unsafe links and unresolved cross-references in one body."""
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
        rendered = _to_html(body)
        for problem, value in rendered_problems(rendered):
            offset = max(body.find(value), 0) if value else 0
            if problem == "image":
                sink.error(locate(offset), f"images are not allowed in {what}: {value[:60]!r}",
                           "hint: link to the picture instead: [description](https://…)")
            else:
                sink.error(locate(offset), f"unsafe link in {what}: {value[:60]!r}",
                           "only http(s), mailto and site links are allowed")
    for use in find_xrefs(body):
        if use.kind not in ("note", "term", "source", "section"):
            sink.error(locate(use.start), f"unknown cross-reference kind '{use.kind}' in {what}",
                       "allowed kinds: note, term, source, section (e.g. [[term:asian-nato]])")
            continue
        if targets.get(use.kind, use.id) is None:
            from marginalia.loading.schema import closest
            suggestion = closest(use.id, targets.ids(use.kind))
            sink.error(locate(use.start), f"unresolved cross-reference [[{use.kind}:{use.id}]] in {what}",
                       f"did you mean [[{use.kind}:{suggestion}]]?" if suggestion else
                       f"no {use.kind} has the id '{use.id}'")


def render_body(body: str, targets: Targets, from_url: str, inline: bool = False) -> str:
    """Render a (checked) body; unresolved references degrade to their label text."""
    placeholders: dict[str, str] = {}

    def substitute(use: XrefUse) -> str:
        key = f"XREFPLACEHOLDER{len(placeholders)}Z"
        target = targets.get(use.kind, use.id)
        placeholders[key] = render_xref(target, use.label, from_url) if target else (use.label or use.id)
        return key

    pieces: list[str] = []
    cursor = 0
    for use in find_xrefs(body):
        pieces.append(body[cursor:use.start])
        pieces.append(substitute(use))
        cursor = use.end
    pieces.append(body[cursor:])
    source = "".join(pieces)
    rendered = _to_html(source)
    for key, value in placeholders.items():
        rendered = rendered.replace(key, value)
    if inline and rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        rendered = rendered[3:-4]
    return sanitize_html(rendered)
