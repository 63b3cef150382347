"""Hand-written docs pages as the engine sees them: source path, title, the text they name, Markdown.

A docs page may name the text its note and section references mean with a front-matter key,
`text: <text-id>`; without it they mean the edition's only text (and must say which text once
there are several).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from marginalia.diagnostics import DiagnosticSink, Location

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>.*?\n)?---[ \t]*\n", re.DOTALL)
_KEY = re.compile(r"^(?P<key>title|text):[ \t]*(?P<value>.+?)[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class DocsPage:
    """A hand-written page of docs/, read by `read_docs_pages`: references.py makes it a Markdown place (its
    references checked and recorded as backlinks), and the build keeps its title in Edition.docs_titles."""

    src_uri: str  # e.g. "study-guide.md"
    display: str  # path shown in messages, e.g. "docs/study-guide.md"
    title: str
    text_id: str | None  # the page's `text:` key
    source: str  # the whole file, front matter included (offsets in messages are offsets in it)

    def locate(self, offset: int) -> Location:
        before = self.source[:offset]
        return Location(self.display, before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1)


def read_docs_pages(root: Path, docs_dir: Path | None, texts: tuple[str, ...], sink: DiagnosticSink) -> list[DocsPage]:
    if docs_dir is None or not docs_dir.exists():
        return []
    pages: list[DocsPage] = []
    for path in sorted(docs_dir.rglob("*.md")):
        source = path.read_text(encoding="utf-8")
        src_uri = path.relative_to(docs_dir).as_posix()
        display = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
        front = FRONT_MATTER.match(source)
        keys: dict[str, tuple[str, int]] = {}
        if front and front.group("body"):
            keys = {m.group("key"): (m.group("value").strip("\"'"), front.start("body") + m.start("value"))
                    for m in _KEY.finditer(front.group("body"))}
        title = keys.get("title", (src_uri, 0))[0]
        text_id, offset = keys.get("text", (None, 0))
        page = DocsPage(src_uri, display, title, text_id, source)
        if text_id is not None and text_id not in texts:
            sink.error(page.locate(offset), f"unknown text '{text_id}' in the front matter",
                       f"texts: {', '.join(texts)}")
            page = DocsPage(src_uri, display, title, None, source)
        pages.append(page)
    return pages
