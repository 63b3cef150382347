"""The whole edition as one validated web: anchored notes, term uses, cross-references, backlinks.

`build_edition` is the engine's front door. It only orchestrates: load the data, anchor every
note, find every term occurrence, build the table of reference targets, check every piece of
editor Markdown (notes, glossary, docs pages) and record backlinks. It raises DataError with every
located problem, or returns an Edition from which pages are rendered. Nothing here knows about
MkDocs; each step lives in a module of its own.
"""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from marginalia.diagnostics import DiagnosticSink
from marginalia.edition.anchor_notes import anchor_notes
from marginalia.edition.backlinks import record_backlinks
from marginalia.edition.docs_pages import read_docs_pages
from marginalia.edition.link_check import check_relative_links
from marginalia.edition.model import (
    GLOSSARY_URL,
    SOURCES_URL,
    TIMELINE_URL,
    Backlink,
    Edition,
    PlacedNote,
    TermUse,
    essay_url,
    page_url,
)
from marginalia.edition.references import check_places, markdown_places
from marginalia.edition.term_uses import find_term_uses
from marginalia.linking.targets import edition_targets, set_note_previews
from marginalia.loading import source_policy
from marginalia.loading.load import load_edition
from marginalia.loading.seed_text import EssayText

__all__ = ["GLOSSARY_URL", "SOURCES_URL", "TIMELINE_URL", "Backlink", "Edition", "PlacedNote", "TermUse",
           "build_edition", "essay_url", "page_url"]


@contextmanager
def _cycle_collection_paused() -> Iterator[None]:
    """Python's cycle collector off while the edition is built, as Mercurial's `util.nogc` does.

    The build allocates some hundred thousand objects that nearly all outlive it. Allocations are
    what start the collector, and each pass walks every object alive in the process (MkDocs's and
    the theme's too) and frees almost nothing: about a tenth of a build's CPU time, measured with
    `make bench`. Reference counting still frees everything at once; the few cycles made meanwhile
    wait for the first pass after. The collector's earlier state is restored, on error too."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build_edition(root: Path, docs_dir: Path | None = None, fuzzy: bool = True) -> Edition:
    with _cycle_collection_paused():
        return _build(root, docs_dir, fuzzy)


def _build(root: Path, docs_dir: Path | None, fuzzy: bool) -> Edition:
    sink = DiagnosticSink()
    data = load_edition(root, sink)
    source_policy.check_edition(data, sink)
    edition = Edition(data)
    _anchor_notes(edition, sink, fuzzy)
    find_term_uses(edition)
    # Note previews are the text of the note bodies, which the check below reads anyway.
    edition.targets = edition_targets(data, previews=False)
    pages = read_docs_pages(root, docs_dir, edition.targets.texts, sink)
    edition.docs_titles = {page.src_uri: page.title for page in pages}
    places = markdown_places(edition, pages)
    readings = check_places(edition, places, sink)
    set_note_previews(edition.targets, data, edition.note_words)
    check_relative_links(edition, places, readings, sink, docs_dir)
    record_backlinks(edition, places, readings)
    sink.raise_if_errors()
    edition.warnings = [d for d in sink.items if d.severity == "warning"]
    return edition


def _anchor_notes(edition: Edition, sink: DiagnosticSink, fuzzy: bool) -> None:
    for text_id, notes in edition.data.notes.items():
        essay = edition.data.essays.get(text_id)
        if essay is None:
            continue
        placed = anchor_notes(essay.text, notes, sink, fuzzy)
        edition.placed[text_id] = [
            PlacedNote(note, start, end, number, _block_index(essay, start), status)
            for number, (start, end, note, status) in enumerate(placed, start=1)
        ]


def _block_index(essay: EssayText, offset: int) -> int:
    for index, block in enumerate(essay.blocks):
        if block.offset <= offset < block.end + 1:
            return index
    return len(essay.blocks) - 1
