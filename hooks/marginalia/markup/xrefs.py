"""One cross-reference syntax for notes, terms, sources and sections: [[kind:ref]] or [[kind:ref|label]].

Notes and sections belong to a text; a reference to one is resolved within a *scope text* (the
text of the note that holds it, or the text a docs page names), and a reference into another text
names it: `[[section:<text>/2]]`. Terms and sources are shared by all texts. Resolution is by a
`Targets` table built from all data before any page renders, so every reference is checked at
build time. The Markdown side (what is a reference and what is literal text) is
`xref_extension`; this module is the syntax, the table and the links.
"""
from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

KINDS = ("note", "term", "source", "section")
SCOPED_KINDS = ("note", "section")  # kinds whose ids are per text

# The syntax, for tools that work on raw text (the benchmark's plain copy, importers). The
# Markdown extension uses the same pattern, so both agree on what a reference looks like.
XREF_BODY = r"\s*(?P<kind>[a-z]+)\s*:\s*(?P<id>[^\]|]*?)\s*(?:\|(?P<label>[^\]]*))?\]\]"
XREF = re.compile(r"\[\[" + XREF_BODY)


def page_url(src_uri: str) -> str:
    """Site-root-relative URL of a page from its source path, as generators make it with directory URLs."""
    stem = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return f"{stem}/"


@dataclass(frozen=True)
class Target:
    """Something a cross-reference can point to (a note, term, source or section), with the page and element it
    is at; made from the loaded data by linking/targets.py and looked up in Targets."""

    kind: str
    id: str  # the id within its text (note id, section number) or the shared id (term, source)
    title: str  # the link text when the reference gives no label
    page: str  # source path of the page that holds it, e.g. "glossary.md"
    fragment: str  # element id on that page, e.g. "term-hedging"
    # Plain text shown in the hover/focus preview. None while the build has not yet read the
    # note's body (see xref_extension.fill_previews).
    preview: str | None = ""
    text_id: str | None = None  # the text a note or section belongs to; None for shared kinds

    @property
    def ref(self) -> str:
        """The reference that names this target from any scope: `<text>/<id>` for notes and sections."""
        return f"{self.text_id}/{self.id}" if self.text_id else self.id

    @property
    def url(self) -> str:
        """Site-root-relative URL, e.g. "glossary/#term-hedging"."""
        return f"{page_url(self.page)}#{self.fragment}"


@dataclass(frozen=True)
class XrefUse:
    """One `[[kind:ref|label]]` as written, before it is resolved: found in raw text by `find_xrefs` or in
    Markdown by the xref extension (`Reading.references`); reference_check reports those of no known kind or
    target, and backlinks.py records the targets of the others."""

    kind: str
    id: str  # as written, possibly `<text>/<id>`
    label: str | None
    # Offsets in the source text: find_xrefs gives both; a Markdown reading (MarkdownRenderer.read)
    # gives the start and repeats it as the end; inside the extension, `start` is the reference's
    # mark number in the reading and `end` is -1.
    start: int
    end: int


@dataclass
class Targets:
    """The table of every cross-reference target of a build, made by `edition_targets` from the loaded data:
    the xref extension, the reference check and backlinks resolve references with it (an unqualified note or
    section reference within a scope text)."""

    by_key: dict[tuple[str, str], Target] = field(default_factory=dict)  # (kind, ref) -> target
    texts: tuple[str, ...] = ()  # every text of the edition, in folder order

    def add(self, target: Target) -> None:
        self.by_key[(target.kind, target.ref)] = target

    def get(self, kind: str, ref: str) -> Target | None:
        return self.by_key.get((kind, ref))

    def ids(self, kind: str) -> list[str]:
        return [ref for (k, ref) in self.by_key if k == kind]

    def scope(self, scope_text: str | None) -> str | None:
        """The text an unqualified note or section reference means: the given one, else the only one."""
        if scope_text is not None:
            return scope_text
        return self.texts[0] if len(self.texts) == 1 else None

    def resolve(self, kind: str, ref: str, scope_text: str | None) -> Target | None:
        if kind not in SCOPED_KINDS or "/" in ref:
            return self.get(kind, ref)
        text = self.scope(scope_text)
        return self.get(kind, f"{text}/{ref}") if text else None


def find_xrefs(text: str) -> Iterator[XrefUse]:
    """Every [[…]] in raw text, code or not: for tools on raw text; pages use the Markdown extension."""
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


def source_href(from_page: str, target: Target) -> str:
    """A link written the way Markdown authors write it: the target's .md file relative to the page's
    .md file, plus the fragment. Generators turn such links into URLs (and check them)."""
    if target.page == from_page:
        return f"#{target.fragment}"
    path = posixpath.relpath(target.page, posixpath.dirname(from_page) or ".")
    return f"{path}#{target.fragment}"


def href_for(target: Target, page: str, links: str) -> str:
    """The href of a reference on `page` (a source path): "url" style or "source" style."""
    if links == "source":
        return source_href(page, target)
    return relative_url(page_url(page), target.url)
