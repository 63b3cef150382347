"""The edition's notes (and emendations) as W3C Web Annotations (JSON-LD, AnnotationCollection).

Choices made once, here, so that exports stay stable and re-importable (see import_read, import_place):
- ids are IRIs: the essay page + `#note-<id>` (the public permalink); the collection is
  `<site>/annotations.jsonld`, its single page `<site>/annotations.jsonld#page-1`;
- motivation by kind, from the W3C vocabulary: context and translation notes are
  "commenting", person/event/institution notes "describing", fact-checks "assessing";
  emendations (their own collection, emendations.jsonld) are "editing";
- two bodies per note: the reading text as a TextualBody (text/html, language) holding the
  title, the body, the detail and the sources as the site shows them, and the note's kind
  as a "tagging" TextualBody (what Hypothesis shows as a tag), so no kind is lost;
- the target is the essay page with a TextQuoteSelector (exact, and at least 32 characters of
  prefix and suffix context, as Hypothesis records them) and a TextPositionSelector;
- machine-readable extras use Dublin Core terms, which the anno.jsonld context prefixes:
  dcterms:title, dcterms:references (bibliography entries), dcterms:temporal (the note's
  date), dcterms:created/modified for dates that are not full days (xsd:gYear…);
- nothing depends on the build time, so the same data always gives byte-identical files.
"""
from __future__ import annotations

import html
import json
import re
from typing import Any
from urllib.parse import urljoin

from marginalia.diagnostics import DiagnosticSink
from marginalia.edition.build import SOURCES_URL, Edition, PlacedNote, essay_url
from marginalia.loading.model import Emendation, Note
from marginalia.loading.seed_text import locate_emendations
from marginalia.rendering.notes import source_short

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
ANNOTATIONS_FILE = "annotations.jsonld"
EMENDATIONS_FILE = "emendations.jsonld"
CONTEXT_CHARS = 32  # prefix/suffix length, as the Hypothesis client records it

MOTIVATIONS: dict[str, str] = {
    "context": "commenting",
    "person": "describing",
    "event": "describing",
    "institution": "describing",
    "fact-check": "assessing",
    "translation": "commenting",
}
EDITION_CREATOR_NAME = "Editors of the annotated edition"

POSITION_NOTE = (
    "TextPositionSelector offsets count Unicode code points in the essay's reading text: its "
    "title, byline, headings and paragraphs as printed (emendations applied), joined by one line "
    "feed (U+000A), without the notes, markers or navigation of the page."
)
SEED_POSITION_NOTE = (
    "TextPositionSelector offsets count Unicode code points in the seed file (the essay as "
    "received), line feeds included."
)


def _partial_date(value: str) -> dict[str, str]:
    """A YYYY, YYYY-MM or YYYY-MM-DD date as a typed JSON-LD literal (never widened to a day)."""
    kind = {4: "xsd:gYear", 7: "xsd:gYearMonth"}.get(len(value), "xsd:date")
    return {"@value": value, "@type": kind}


def _dates(note: Note) -> dict[str, Any]:
    """`created`/`modified` must be xsd:dateTime; a full day becomes midnight UTC, a partial date
    goes to the same Dublin Core property with its own precision rather than an invented day."""
    out: dict[str, Any] = {}
    for name, value in (("created", note.created), ("modified", note.modified)):
        if not value:
            continue
        if len(value) == 10:
            out[name] = f"{value}T00:00:00Z"
        else:
            out[f"dcterms:{name}"] = _partial_date(value)
    return out


def edition_creator(site_url: str) -> dict[str, str]:
    return {"type": "Organization", "name": EDITION_CREATOR_NAME, "homepage": site_url}


def _creator(note: Note, site_url: str) -> dict[str, str]:
    return {"type": "Person", "name": note.creator} if note.creator else edition_creator(site_url)


_HREF = re.compile(r'href="([^"]*)"')


def _absolute_links(fragment: str, base: str) -> str:
    """Site links are rendered relative to the essay page; outside the site they must be absolute.
    Links that already are (the sources) stay exactly as written."""
    def absolute(match: re.Match[str]) -> str:
        href = html.unescape(match.group(1))
        if href.startswith(("https://", "http://", "mailto:")):
            return match.group(0)
        return f'href="{html.escape(urljoin(base, href))}"'

    return _HREF.sub(absolute, fragment)


def note_html(edition: Edition, note: Note, page_iri: str) -> str:
    """The note as readers see it in the margin: title, body, detail and sources (sanitized)."""
    from_url = essay_url(note.text_id)
    parts = [f'<p class="anno-note__title"><strong>{html.escape(note.title, quote=False)}</strong></p>',
             f'<div class="anno-note__body">{edition.render_markdown(note.body, from_url, note.text_id)}</div>']
    if note.detail:
        detail = edition.render_markdown(note.detail, from_url, note.text_id)
        parts.append(f'<div class="anno-note__detail">{detail}</div>')
    cited = [edition.data.sources[s] for s in note.sources if s in edition.data.sources]
    if cited:
        links = "; ".join(f'<a href="{html.escape(s.url)}" title="{html.escape(s.title)}">'
                          f"{html.escape(source_short(s), quote=False)}</a>" for s in cited)
        parts.append(f'<p class="anno-note__sources">Sources: {links}</p>')
    return _absolute_links("".join(parts), page_iri)


def quote_selector(text: str, start: int, end: int, prefix: str = "", suffix: str = "") -> dict[str, Any]:
    """TextQuoteSelector with Hypothesis-style context: 32 characters each side, or the editor's
    own prefix/suffix when that is longer, so the export never anchors less precisely."""
    before = max(CONTEXT_CHARS, len(prefix))
    after = max(CONTEXT_CHARS, len(suffix))
    return {"type": "TextQuoteSelector", "exact": text[start:end],
            "prefix": text[max(0, start - before):start], "suffix": text[end:end + after]}


def note_annotation(edition: Edition, placed: PlacedNote, site_url: str, text: str) -> dict[str, Any]:
    note = placed.note
    page_iri = urljoin(site_url, essay_url(note.text_id))
    annotation: dict[str, Any] = {
        "id": f"{page_iri}#note-{note.id}",
        "type": "Annotation",
        "motivation": MOTIVATIONS.get(note.kind, "commenting"),
        "creator": _creator(note, site_url),
        **_dates(note),
        "body": [
            {"type": "TextualBody", "purpose": MOTIVATIONS.get(note.kind, "commenting"), "format": "text/html",
             "language": "en", "value": note_html(edition, note, page_iri)},
            {"type": "TextualBody", "purpose": "tagging", "format": "text/plain", "value": note.kind},
        ],
        "target": {
            "type": "SpecificResource",
            "source": page_iri,
            "selector": [
                quote_selector(text, placed.start, placed.end, note.prefix, note.suffix),
                {"type": "TextPositionSelector", "start": placed.start, "end": placed.end},
            ],
        },
        "dcterms:title": note.title,
    }
    if note.date:
        annotation["dcterms:temporal"] = _partial_date(note.date)
    if note.sources:
        annotation["dcterms:references"] = [{"id": urljoin(site_url, f"{SOURCES_URL}#source-{s}")}
                                            for s in note.sources]
    return annotation


def _collection(collection_id: str, label: str, items: list[dict[str, Any]], site_url: str) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": label,
        "creator": edition_creator(site_url),
        "total": len(items),
        "first": {"id": f"{collection_id}#page-1", "type": "AnnotationPage", "startIndex": 0, "items": items},
        "last": f"{collection_id}#page-1",
    }


def annotation_collection(edition: Edition, site_url: str) -> dict[str, Any]:
    """Every anchored note of every text, in text order then reading order."""
    items: list[dict[str, Any]] = []
    titles: list[str] = []
    for text_id in sorted(edition.placed):
        text = edition.essay(text_id).text
        titles.append(edition.data.texts[text_id].title)
        items.extend(note_annotation(edition, placed, site_url, text) for placed in edition.placed[text_id])
    label = f"Margin notes on {', '.join(titles) or 'the edition'}. {POSITION_NOTE}"
    return _collection(urljoin(site_url, ANNOTATIONS_FILE), label, items, site_url)


def seed_iri(repo_url: str | None, branch: str, site_url: str, text_id: str) -> str:
    """The seed lives in the repository, not on the site; without a repository URL it is named
    relative to the site so the IRI is still absolute and stable."""
    if repo_url:
        return f"{repo_url.rstrip('/')}/blob/{branch}/seeds/{text_id}.txt"
    return urljoin(site_url, f"seeds/{text_id}.txt")


def emendation_annotation(text_id: str, emendation: Emendation, seed: str, position: int, source: str,
                          collection_iri: str, site_url: str) -> dict[str, Any]:
    end = position + len(emendation.original)
    return {
        # The essay page has no element per emendation, so the id names the object in this file;
        # emendation ids are unique per text only.
        "id": f"{collection_iri}#{text_id}-{emendation.id}",
        "type": "Annotation",
        "motivation": "editing",
        "creator": edition_creator(site_url),
        "body": [
            {"type": "TextualBody", "purpose": "editing", "format": "text/plain", "value": emendation.reading},
            {"type": "TextualBody", "purpose": "commenting", "format": "text/plain", "language": "en",
             "value": emendation.reason},
        ],
        "target": {
            "type": "SpecificResource",
            "source": source,
            "selector": [
                quote_selector(seed, position, end, emendation.prefix, emendation.suffix),
                {"type": "TextPositionSelector", "start": position, "end": end},
            ],
        },
    }


def emendation_collection(edition: Edition, site_url: str, repo_url: str | None = None,
                          branch: str = "main") -> dict[str, Any]:
    """Every declared emendation as an "editing" annotation on the seed text, in seed order."""
    collection_iri = urljoin(site_url, EMENDATIONS_FILE)
    items: list[dict[str, Any]] = []
    for text_id in sorted(edition.data.emendations):
        emendations = edition.data.emendations[text_id]
        seed_path = edition.data.root / "seeds" / f"{text_id}.txt"
        if not emendations or not seed_path.exists():
            continue
        seed = seed_path.read_text(encoding="utf-8")
        # The edition was built, so every emendation located; the sink only satisfies the signature.
        positions = locate_emendations(seed, emendations, seed_path.name, DiagnosticSink())
        source = seed_iri(repo_url, branch, site_url, text_id)
        located = sorted((positions[e.id], e.id, e) for e in emendations if e.id in positions)
        items.extend(emendation_annotation(text_id, e, seed, position, source, collection_iri, site_url)
                     for position, _, e in located)
    label = f"Emendations: declared changes to the seed texts as received. {SEED_POSITION_NOTE}"
    return _collection(collection_iri, label, items, site_url)


def to_json(document: dict[str, Any]) -> str:
    # Compact: the files are read by programs (JSON viewers indent them for people), and json's
    # C encoder only runs without `indent` (about 10 ms of every build with it).
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"
