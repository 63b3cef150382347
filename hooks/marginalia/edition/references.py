"""Every piece of editor Markdown in the edition, and the check of its cross-references.

Note bodies and details, glossary definitions and docs pages are "places": Markdown with a file
location, the text its references mean, and the node that refers (for backlinks). YAML bodies
come from pull requests and get the full body check (raw HTML, unsafe links); docs pages are the
project's own, and only their references are checked. Both use the one reference checker.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from marginalia.diagnostics import DiagnosticSink, Location
from marginalia.edition.docs_pages import FRONT_MATTER, DocsPage
from marginalia.edition.model import GLOSSARY_URL, Backlink, Edition, essay_url, page_url
from marginalia.loading import ids
from marginalia.loading.yaml_source import YamlDocument
from marginalia.markup.markdown_render import DOCS_EXTENSIONS, MarkdownRenderer, Reading, check_body
from marginalia.markup.reference_check import check_references


@dataclass(frozen=True)
class Place:
    """One piece of editor Markdown (a note's body or detail, a term's definition, a docs page) with what
    checking it needs; made by `markdown_places`, checked by `check_places`, and the origin of the references
    that the link check and the backlinks use."""

    source: str
    locate: Callable[[int], Location]  # offset in `source` -> where it was typed
    what: str  # for messages: "note 'x' (body)"
    scope: str | None  # the text unqualified note/section references mean
    origin: Backlink  # how the place is listed among a target's backlinks
    exclude: tuple[str, str] | None  # the place's own node: referring to itself is no backlink
    page: str  # source path of the page the place is shown on
    trusted: bool = False  # docs pages are the project's own; YAML bodies come from pull requests


def markdown_places(edition: Edition, pages: list[DocsPage]) -> list[Place]:
    data = edition.data
    places: list[Place] = []
    for text_id, notes in data.notes.items():
        for note in notes:
            document = data.documents[note.file]
            index = next(i for i, n in enumerate(document.data["notes"]) if n.get("id") == note.id)
            origin = Backlink(f"Note: {note.title}", f"{essay_url(text_id)}#{ids.note(note.id)}", text_id=text_id)
            for field_name in ("body", "detail"):
                value = getattr(note, field_name)
                if value:
                    path = ("notes", index, field_name)
                    places.append(Place(value, _in_yaml(document, path),
                                        f"note '{note.id}' ({field_name})", text_id, origin, ("note", note.id),
                                        f"{text_id}.md"))
    glossary = data.documents.get("annotations/glossary.yml")
    for term in data.terms:
        origin = Backlink(f"Glossary: {term.term}", f"{GLOSSARY_URL}#{ids.term(term.id)}")
        if glossary is None:
            locate: Callable[[int], Location] = _at(term.location)
        else:
            position = next(i for i, t in enumerate(glossary.data["terms"]) if t.get("id") == term.id)
            locate = _in_yaml(glossary, ("terms", position, "definition"))
        places.append(Place(term.definition, locate, f"term '{term.id}' (definition)", None, origin,
                            ("term", term.id), "glossary.md"))
    for docs_page in pages:
        places.append(Place(docs_page.source, docs_page.locate, f"page {docs_page.src_uri}", docs_page.text_id,
                            Backlink(docs_page.title, page_url(docs_page.src_uri)), None, docs_page.src_uri,
                            trusted=True))
    return places


def _in_yaml(document: YamlDocument, path: tuple[str | int, ...]) -> Callable[[int], Location]:
    """Offset in a YAML string value -> its file location."""
    def locate(offset: int) -> Location:
        return document.where_in_text(path, offset)
    return locate


def _at(location: Location) -> Callable[[int], Location]:
    return lambda offset: location


def check_places(edition: Edition, places: list[Place], sink: DiagnosticSink) -> list[Reading]:
    """Check every place; return each one's reading (HTML and references), for links and backlinks."""
    docs_renderer = MarkdownRenderer(edition.targets, DOCS_EXTENSIONS)
    readings: list[Reading] = []
    for place in places:
        if place.trusted:
            reading = docs_renderer.read(_without_front_matter(place.source), place.page, place.scope)
            check_references(reading.references, place.locate, place.what, sink, edition.targets, place.scope)
        else:
            reading = check_body(place.source, place.locate, place.what, sink, edition.targets, place.scope,
                                 edition.renderer, place.page)
            edition.keep_checked(place.source, place.page, place.scope, reading)
        readings.append(reading)
    return readings


def _without_front_matter(source: str) -> str:
    """The page's Markdown with its front matter blanked (blank lines), so offsets stay those of the file."""
    match = FRONT_MATTER.match(source)
    return re.sub(r"[^\n]", " ", source[:match.end()]) + source[match.end():] if match else source
