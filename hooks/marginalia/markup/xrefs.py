"""One cross-reference syntax for notes, terms, sources and sections: [[kind:id]] or [[kind:id|label]].

Resolution is by a `Targets` table built from all data before any page renders, so references
in note bodies, glossary definitions and docs pages are checked at build time, and backlinks
("referenced by") are complete on every page.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Iterator

from marginalia.markup.sanitize import tooltip_attribute

XREF = re.compile(r"\[\[\s*(?P<kind>[a-z]+)\s*:\s*(?P<id>[^\]|]*?)\s*(?:\|(?P<label>[^\]]*))?\]\]")
KINDS = ("note", "term", "source", "section")


@dataclass(frozen=True)
class Target:
    kind: str
    id: str
    title: str
    url: str  # site-root-relative, e.g. "kim-jong-un-watchtower-diplomacy/#note-x"
    preview: str = ""  # plain text shown in the hover/focus preview


@dataclass(frozen=True)
class XrefUse:
    kind: str
    id: str
    label: str | None
    start: int  # offsets in the source text
    end: int


@dataclass
class Targets:
    by_key: dict[tuple[str, str], Target] = field(default_factory=dict)

    def add(self, target: Target) -> None:
        self.by_key[(target.kind, target.id)] = target

    def get(self, kind: str, target_id: str) -> Target | None:
        return self.by_key.get((kind, target_id))

    def ids(self, kind: str) -> list[str]:
        return [tid for (k, tid) in self.by_key if k == kind]


def find_xrefs(text: str) -> Iterator[XrefUse]:
    for match in XREF.finditer(text):
        label = match.group("label")
        yield XrefUse(match.group("kind"), match.group("id"), label.strip() if label else None,
                      match.start(), match.end())


def relative_url(from_url: str, to_url: str) -> str:
    """A link from page `from_url` to `to_url`, both site-root-relative directory URLs."""
    if to_url.startswith(("http://", "https://", "mailto:")):
        return to_url
    to_path, _, fragment = to_url.partition("#")
    from_parts = [p for p in from_url.split("/") if p]
    if from_url and not from_url.endswith("/"):
        from_parts = from_parts[:-1]
    to_parts = [p for p in to_path.split("/") if p]
    common = 0
    while common < min(len(from_parts), len(to_parts)) and from_parts[common] == to_parts[common]:
        common += 1
    steps = [".."] * (len(from_parts) - common) + to_parts[common:]
    path = "/".join(steps)
    if path and (to_path.endswith("/") or not to_parts):
        path += "/"
    if not path:
        path = "./" if not fragment else ""
    return f"{path}#{fragment}" if fragment else path


def render_xref(target: Target, label: str | None, from_url: str) -> str:
    text = label or target.title
    href = relative_url(from_url, target.url)
    return (f'<a class="anno-xref" data-xref="{target.kind}:{html.escape(target.id)}" '
            f'href="{html.escape(href)}" title="{tooltip_attribute(target.preview or target.title)}">'
            f"{html.escape(text)}</a>")
