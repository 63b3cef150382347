"""Everything a cross-reference can point to, with its page, element id, title and preview.

Built from the loaded data alone (no anchoring, no rendering), so a generator that loads the
cross-reference extension by name can build the same table the MkDocs build uses.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from marginalia.loading import ids
from marginalia.loading.load import LoadedData
from marginalia.loading.model import KIND_LABELS, Note
from marginalia.markup.markdown_render import MarkdownRenderer
from marginalia.markup.plain_text import html_to_text, shortened
from marginalia.markup.xrefs import Target, Targets

GLOSSARY_PAGE = "glossary.md"
SOURCES_PAGE = "sources.md"
TIMELINE_PAGE = "timeline.md"
PREVIEW_LIMIT = 160


def essay_page(text_id: str) -> str:
    return f"{text_id}.md"


def edition_targets(data: LoadedData, previews: bool = True) -> Targets:
    """The table of every target. With `previews=False` note previews are left unknown (None):
    the build fills them from its own reading of the note bodies (`set_note_previews`) instead of
    converting every body a second time."""
    targets = Targets(texts=tuple(data.texts))
    for text_id, notes in data.notes.items():
        for note in notes:
            targets.add(Target("note", note.id, note.title, essay_page(text_id), ids.note(note.id),
                               None, text_id=text_id))
    for term in data.terms:
        targets.add(Target("term", term.id, term.term, GLOSSARY_PAGE, ids.term(term.id), term.short))
    for source in data.sources.values():
        who = source.author or source.publisher
        targets.add(Target("source", source.id, f"{who} ({source.date[:4] or 'n.d.'})", SOURCES_PAGE,
                           ids.source(source.id), f"{source.title}. {source.publisher}, {source.date or 'n.d.'}."))
    for text_id, essay in data.essays.items():
        for section, title in essay.section_titles().items():
            targets.add(Target("section", str(section), title, essay_page(text_id), ids.section(section),
                               f"Section {title}", text_id))
    if previews:
        # Written once every target exists; a body's text does not depend on other previews.
        renderer = MarkdownRenderer(targets)
        set_note_previews(targets, data, lambda note: html_to_text(renderer.to_html(note.body, "", note.text_id)))
    return targets


def set_note_previews(targets: Targets, data: LoadedData, body_words: Callable[[Note], str]) -> None:
    """Each note's preview: its kind, then the words of its body as rendered (`body_words`)."""
    for notes in data.notes.values():
        for note in notes:
            target = targets.by_key[("note", f"{note.text_id}/{note.id}")]
            words = shortened(body_words(note), PREVIEW_LIMIT)
            targets.add(replace(target, preview=f"{KIND_LABELS[note.kind]} note: {words}"))
