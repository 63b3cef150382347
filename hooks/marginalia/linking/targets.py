"""Everything a cross-reference can point to, with its page, element id, title and preview.

Built from the loaded data alone (no anchoring, no rendering), so a generator that loads the
cross-reference extension by name can build the same table the MkDocs build uses.
"""
from __future__ import annotations

from dataclasses import replace

from marginalia.loading.load import LoadedData
from marginalia.loading.model import KIND_LABELS
from marginalia.markup.markdown_render import MarkdownRenderer
from marginalia.markup.plain_text import markdown_to_text
from marginalia.markup.xrefs import Target, Targets

GLOSSARY_PAGE = "glossary.md"
SOURCES_PAGE = "sources.md"
TIMELINE_PAGE = "timeline.md"
PREVIEW_LIMIT = 160


def essay_page(text_id: str) -> str:
    return f"{text_id}.md"


def edition_targets(data: LoadedData) -> Targets:
    targets = Targets(texts=tuple(data.texts))
    for text_id, notes in data.notes.items():
        for note in notes:
            targets.add(Target("note", note.id, note.title, essay_page(text_id), f"note-{note.id}", text_id=text_id))
    for term in data.terms:
        targets.add(Target("term", term.id, term.term, GLOSSARY_PAGE, f"term-{term.id}", term.short))
    for source in data.sources.values():
        who = source.author or source.publisher
        targets.add(Target("source", source.id, f"{who} ({source.date[:4] or 'n.d.'})", SOURCES_PAGE,
                           f"source-{source.id}", f"{source.title}. {source.publisher}, {source.date or 'n.d.'}."))
    for text_id, essay in data.essays.items():
        for section, title in essay.section_titles().items():
            targets.add(Target("section", str(section), title, essay_page(text_id), f"section-{section}",
                               f"Section {title}", text_id))
    # A note's preview is its body as text, references included: written once every target exists.
    renderer = MarkdownRenderer(targets)
    for notes in data.notes.values():
        for note in notes:
            target = targets.by_key[("note", f"{note.text_id}/{note.id}")]
            words = markdown_to_text(note.body, renderer, PREVIEW_LIMIT, note.text_id)
            targets.add(replace(target, preview=f"{KIND_LABELS[note.kind]} note: {words}"))
    return targets
