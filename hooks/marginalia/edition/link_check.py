"""Relative links in editor Markdown must land on a page, a file or an element of the built site.

A note body or glossary definition is shown on a generated page and its links are read as the
reader's browser reads them: relative to that page's URL. A docs page's links are relative to its
.md file, as the generator resolves them. Either way the target page must exist and, with a
`#fragment`, hold an element with that id; otherwise the link is a located error, before any page
is rendered. Cross-references are links by construction and are not checked again here.
"""
from __future__ import annotations

import posixpath
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from marginalia.diagnostics import DiagnosticSink
from marginalia.edition.model import Edition
from marginalia.edition.references import Place
from marginalia.linking.targets import GLOSSARY_PAGE, SOURCES_PAGE, TIMELINE_PAGE, essay_page
from marginalia.loading import ids as element_ids
from marginalia.markup.markdown_render import Reading
from marginalia.markup.xrefs import page_url

# Files the build writes that are not pages (the W3C exports, see interop.export_w3c).
EXPORT_FILES = ("annotations.jsonld", "emendations.jsonld")


def site_anchors(edition: Edition, docs: dict[str, set[str]]) -> dict[str, set[str]]:
    """Element ids on every page of the site, by source path: generated pages from the data (the
    ids the renderers write), docs pages from their rendered Markdown."""
    anchors: dict[str, set[str]] = dict(docs)
    for text_id, essay in edition.data.essays.items():
        ids = {"title", *(element_ids.section(n) for n in essay.section_titles())}
        for note in edition.data.notes.get(text_id, []):
            ids |= {element_ids.note(note.id), element_ids.note_title(note.id)}
        for use in edition.term_uses.get(text_id, []):
            if use.anchor_id:
                ids |= {use.anchor_id, element_ids.term_tip(use.term_id)}
        ids |= {element_ids.emendation(span.emendation.id) for block in essay.blocks for span in block.emended}
        anchors[essay_page(text_id)] = ids
    anchors[GLOSSARY_PAGE] = {"glossary", *(element_ids.term(t.id) for t in edition.terms),
                              *(element_ids.letter(t.term[:1].upper()) for t in edition.terms if t.term)}
    anchors[SOURCES_PAGE] = {"bibliography", *(element_ids.source(s) for s in edition.data.sources)}
    anchors[TIMELINE_PAGE] = {"timeline"}
    return anchors


def check_relative_links(edition: Edition, places: list[Place], readings: list[Reading], sink: DiagnosticSink,
                         docs_dir: Path | None = None) -> None:
    """`readings` are the places' HTML from the reference check, in the same order."""
    parsed = [reading.facts for reading in readings]
    anchors = site_anchors(edition, {place.page: set(facts.ids) for place, facts in zip(places, parsed, strict=True)
                                     if place.trusted})
    for place, facts in zip(places, parsed, strict=True):
        # Cross-references are links by construction (xref_extension): not checked again.
        hrefs = [href for href, css_class in facts.links if "anno-xref" not in css_class]
        for href in _relative(hrefs):
            problem = _problem(href, place.page, place.trusted, anchors, docs_dir)
            if problem:
                offset = max(place.source.find(href), 0)
                sink.error(place.locate(offset), f"broken link in {place.what}: {href!r} {problem}",
                           *_hints(place.trusted))


def _relative(hrefs: Iterable[str]) -> list[str]:
    return [h for h in hrefs if not urlsplit(h).scheme and not h.startswith(("//", "/"))]


def _problem(href: str, page: str, docs_style: bool, anchors: dict[str, set[str]], docs_dir: Path | None) -> str | None:
    problem = _target_problem(href, page, docs_style, anchors, docs_dir)
    if problem and docs_style and _target_problem(href, page, False, anchors, docs_dir) is None:
        return None  # raw HTML in a docs page may link by URL, which MkDocs leaves as written
    return problem


def _target_problem(href: str, page: str, docs_style: bool, anchors: dict[str, set[str]],
                    docs_dir: Path | None) -> str | None:
    parts = urlsplit(href)
    path, fragment = unquote(parts.path), unquote(parts.fragment)
    if not path:
        target = page
    elif docs_style:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    else:
        target = _page_of(posixpath.normpath(posixpath.join(page_url(page) or ".", path)), path.endswith("/"), anchors)
    if target.startswith("../"):
        return "leaves the site"
    if target not in anchors:
        is_file = target in EXPORT_FILES or (docs_dir is not None and (docs_dir / target).is_file())
        if not target.endswith(".md") and is_file:
            return None if not fragment else "points into a file that is not a page"
        return "points to no page of the site"
    if fragment and fragment not in anchors[target]:
        return f"points to '#{fragment}', which is not an element of {target}"
    return None


def _page_of(site_path: str, directory: bool, anchors: dict[str, set[str]]) -> str:
    """The source path of the page a site path (as a browser resolves it) shows."""
    if site_path == ".":
        return "index.md"
    if directory or "." not in posixpath.basename(site_path):
        index = f"{site_path}/index.md"
        return index if index in anchors else f"{site_path}.md"
    return site_path


def _hints(docs_style: bool) -> list[str]:
    if docs_style:
        return ["hint: link to the page's .md file, relative to this page (glossary.md#term-hedging), "
                "or use a cross-reference ([[term:hedging]])"]
    return ["hint: for a note, term, source or section, write a cross-reference ([[term:hedging]]); "
            "other links are relative to the page the text is shown on (../about/#corrections)"]

