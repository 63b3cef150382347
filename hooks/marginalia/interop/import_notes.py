"""Imported annotations as notes: id, kind, title, body, sources and the selector that anchors the
placed passage exactly. Plain mappings, ready for import_yaml to write.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from marginalia.anchoring.context import shortest_unique_context
from marginalia.interop.import_place import Placement, place
from marginalia.interop.import_read import Incoming, parse_annotation
from marginalia.loading.model import NOTE_KINDS, Source
from marginalia.markup.plain_text import markdown_to_text

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
KIND_BY_MOTIVATION = {"assessing": "fact-check"}  # other motivations fit several kinds: "context"
SOURCE_PLACEHOLDER = "source-needed"
TITLE_WORDS = 8


def slugify(value: str, max_words: int = 6) -> str:
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words[:max_words])[:80].strip("-") or "imported-note"


def derived_title(body: str) -> str:
    words = markdown_to_text(body).split()
    if not words:
        return "Imported note"
    title = " ".join(words[:TITLE_WORDS])
    return title + ("…" if len(words) > TITLE_WORDS else "")


def _kind(incoming: Incoming) -> str:
    for tag in incoming.tags:
        if tag in NOTE_KINDS:
            return tag
    return KIND_BY_MOTIVATION.get(incoming.motivation or "", "context")


def _note_id(incoming: Incoming, title: str, taken: dict[str, str]) -> str:
    """The id the annotation names (this edition's permalink #note-<id>), else a new slug."""
    fragment = urlsplit(incoming.iri or "").fragment
    if fragment.startswith("note-") and SLUG.match(fragment[5:]):
        return fragment[5:]  # a clash is then a duplicate, not a new note
    base = slugify(title)
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


@dataclass
class ImportResult:
    """What `build_notes` made of one text's imported annotations: the new notes as YAML-ready mappings, and
    the annotations left out with the reason; import_cmd reports them, and `import_yaml.notes_yaml` writes the
    notes, then the orphans as comments."""

    notes: list[dict[str, Any]] = field(default_factory=list)
    orphans: list[tuple[Incoming, Placement]] = field(default_factory=list)
    duplicates: list[tuple[Incoming, str]] = field(default_factory=list)  # skipped: their note id is in use already
    warnings: list[str] = field(default_factory=list)  # notes to check: placed approximately, or no known source


def build_notes(annotations: list[tuple[int, dict[str, Any]]], text: str, taken: dict[str, str],
                sources: dict[str, Source], destination: str = "this import") -> ImportResult:
    """Notes (YAML-ready mappings) for the (index, annotation) pairs that anchor in `text`; the
    others are orphans. `taken` maps note ids already in use to where they are defined; the ids
    given to new notes are added to it, so several calls never reuse an id."""
    result = ImportResult()
    by_url = {s.url.rstrip("/"): s.id for s in sources.values()}
    for index, annotation in annotations:
        incoming = parse_annotation(annotation, index)
        placement = place(text, incoming)
        if not placement.ok:
            result.orphans.append((incoming, placement))
            continue
        title = incoming.title or derived_title(incoming.body)
        note_id = _note_id(incoming, title, taken)
        if note_id in taken:
            result.duplicates.append((incoming, f"note id '{note_id}' already exists ({taken[note_id]})"))
            continue
        taken[note_id] = destination
        if placement.warning:
            result.warnings.append(f"{incoming.label}: {placement.warning}; check note '{note_id}'")
        selector = shortest_unique_context(text, placement.start, placement.end)
        note: dict[str, Any] = {"id": note_id, "quote": selector.exact}
        if selector.prefix:
            note["prefix"] = selector.prefix
        if selector.suffix:
            note["suffix"] = selector.suffix
        note["kind"] = _kind(incoming)
        note["title"] = title[:120]
        note["body"] = (incoming.body or "(no text)") + "\n"
        if incoming.detail:
            note["detail"] = incoming.detail + "\n"
        if incoming.date:
            note["date"] = incoming.date
        cited = list(dict.fromkeys(incoming.reference_ids + [by_url[u.rstrip("/")] for u in incoming.links
                                                               if u.rstrip("/") in by_url]))
        if not cited:
            cited = [SOURCE_PLACEHOLDER]
            result.warnings.append(f"{incoming.label}: no known source; wrote sources: [{SOURCE_PLACEHOLDER}] "
                                   f"in note '{note_id}' (replace it with ids from annotations/sources/)")
        note["sources"] = cited
        for key in ("created", "modified", "creator"):
            value = getattr(incoming, key)
            if value:
                note[key] = value
        result.notes.append(note)
    return result
