"""Backlinks ("referenced by", "used in", "cited by") for every note, term and source."""
from __future__ import annotations

from marginalia.edition.model import GLOSSARY_URL, Backlink, Edition, TermUse, essay_url
from marginalia.edition.references import Place
from marginalia.linking.glossary import find_terms, term_pattern
from marginalia.markup.xrefs import XrefUse


def record_backlinks(edition: Edition, places: list[Place], uses: list[list[XrefUse]]) -> None:
    """In reading order: each note's references and sources, each term's, term occurrences, docs pages."""
    by_node: dict[tuple[str, str] | None, list[tuple[Place, list[XrefUse]]]] = {}
    for place, found in zip(places, uses, strict=True):
        by_node.setdefault(place.exclude, []).append((place, found))
    for placed in edition.placed.values():
        for item in placed:
            note = item.note
            _record_references(edition, by_node.get(("note", note.id), []))
            for source_id in note.sources:
                edition.add_backlink("source", source_id, _note_origin(note.text_id, note.id, note.title))
    for term in edition.data.terms:
        _record_references(edition, by_node.get(("term", term.id), []))
        for source_id in term.sources:
            edition.add_backlink("source", source_id, Backlink(f"Glossary: {term.term}", f"{GLOSSARY_URL}#term-{term.id}"))
    _term_use_backlinks(edition)
    _record_references(edition, by_node.get(None, []))


def _record_references(edition: Edition, found: list[tuple[Place, list[XrefUse]]]) -> None:
    for place, uses in found:
        for use in uses:
            target = edition.targets.resolve(use.kind, use.id, place.scope)
            # Sections are the essay itself; their backlinks would be noise.
            if target is None or target.kind == "section" or (target.kind, target.id) == place.exclude:
                continue
            edition.add_backlink(target.kind, target.id, place.origin)


def _note_origin(text_id: str, note_id: str, title: str) -> Backlink:
    return Backlink(f"Note: {title}", f"{essay_url(text_id)}#note-{note_id}", text_id=text_id)


def _term_use_backlinks(edition: Edition) -> None:
    """Term occurrences in each text (one backlink per section) and in note text."""
    data = edition.data
    for text_id, uses in edition.term_uses.items():
        titles = data.essays[text_id].section_titles()
        per_section: dict[tuple[str, int], list[TermUse]] = {}
        for use in uses:
            per_section.setdefault((use.term_id, use.section), []).append(use)
        for (term_id, section), section_uses in per_section.items():
            first_linked = next((u for u in section_uses if u.anchor_id), None)
            fragment = first_linked.anchor_id if first_linked else f"section-{section}"
            count = f" ({len(section_uses)}×)" if len(section_uses) > 1 else ""
            label = f"Essay, {titles.get(section, 'opening')}{count}"
            edition.add_backlink("term", term_id, Backlink(label, f"{essay_url(text_id)}#{fragment}", text_id=text_id))
    pattern = term_pattern(data.terms)
    for text_id, placed in edition.placed.items():
        for item in placed:
            note = item.note
            for hit in find_terms(f"{note.title}\n{note.body}\n{note.detail or ''}", data.terms, pattern):
                edition.add_backlink("term", hit.term_id, _note_origin(text_id, note.id, note.title))
