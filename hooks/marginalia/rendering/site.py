"""The site-generator-neutral face of the engine: which pages exist and what they contain.

A generator adapter (today hooks/edition_hook.py for MkDocs) asks this object for generated
pages, rendered content, the cross-reference extension for docs pages and extra files. Moving to another
generator means writing another thin adapter, not touching the engine.
"""
from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from marginalia.diagnostics import Diagnostic
from marginalia.edition.build import Edition, build_edition
from marginalia.markup.xref_extension import XrefExtension
from marginalia.rendering.essay import render_essay
from marginalia.rendering.notes import RenderOptions
from marginalia.rendering.pages import render_glossary, render_sources, render_timeline
from marginalia.rendering.search_entries import (
    SearchEntry,
    essay_entries,
    glossary_entries,
    note_entries,
    source_entries,
    timeline_entries,
)


@dataclass(frozen=True)
class GeneratedPage:
    """A page the engine makes rather than docs/ (each text's essay, the glossary, bibliography and timeline),
    listed by EditionSite: the generator adapter registers a front-matter stub for it (`stub_markdown`) and
    calls `render` for its HTML."""

    src_uri: str
    title: str
    description: str
    render: Callable[[], str]
    hide_toc: bool = False
    is_essay: bool = False


class EditionSite:
    def __init__(self, root: Path, docs_dir: Path | None, options: RenderOptions) -> None:
        self.root = root
        self.options = options
        self.edition: Edition = build_edition(root, docs_dir)
        self.pages: dict[str, GeneratedPage] = {}
        for text_id, meta in self.edition.data.texts.items():
            self.pages[f"{text_id}.md"] = GeneratedPage(
                f"{text_id}.md", meta.title,
                f"{meta.title} by {meta.author} ({meta.publisher}, {meta.date}), with margin notes, "
                "fact-checks and translation notes.",
                partial(render_essay, self.edition, text_id, options), hide_toc=True, is_essay=True)
        self.pages["glossary.md"] = GeneratedPage(
            "glossary.md", "Glossary", "Terms the essay uses, with native forms, definitions, sources and backlinks.",
            lambda: render_glossary(self.edition))
        self.pages["sources.md"] = GeneratedPage(
            "sources.md", "Bibliography", "Every publication cited by the notes and the glossary.",
            lambda: render_sources(self.edition))
        self.pages["timeline.md"] = GeneratedPage(
            "timeline.md", "Timeline", "Dated events from the notes, each linked to its note.",
            lambda: render_timeline(self.edition))

    @property
    def warnings(self) -> list[Diagnostic]:
        return self.edition.warnings

    def xref_extension(self) -> XrefExtension:
        """The cross-reference extension for the generator's own Markdown (docs pages), bound to this
        build's targets. Links are written to the target's .md file: the generator turns them into
        URLs and checks them like any other link. The adapter calls `set_page` before each page."""
        return XrefExtension(self.edition.targets, links="source")

    def stub_markdown(self, page: GeneratedPage) -> str:
        """Front matter only: the content is rendered by the engine after Markdown."""
        hide = "hide:\n  - toc\n" if page.hide_toc else ""
        # The theme prints front-matter title and description unescaped (into <title>, the nav and a
        # content="…" attribute); they come from text.yml, so they are escaped here, once.
        title = json.dumps(html.escape(page.title), ensure_ascii=False)
        description = json.dumps(html.escape(page.description), ensure_ascii=False)
        essay = "anno_essay: true\n" if page.is_essay else ""
        return f"---\ntitle: {title}\ndescription: {description}\n{hide}{essay}---\n"

    def indexes_itself(self, src_uri: str) -> bool:
        """Whether `page_search_entries` covers this page: every page the engine generates."""
        return src_uri in self.pages

    def render_page(self, src_uri: str) -> str | None:
        page = self.pages.get(src_uri)
        return page.render() if page else None

    def search_entries(self) -> list[SearchEntry]:
        """Extra search documents so that a hit on a note lands on the note's permalink."""
        return [entry for text_id in self.edition.placed for entry in note_entries(self.edition, text_id)]

    def page_search_entries(self) -> list[SearchEntry]:
        """The generated pages' own search documents (essays by section, terms, sources, timeline),
        for an adapter that keeps its theme from parsing those pages (rendering/search_entries.py)."""
        essays = [entry for text_id in self.edition.data.essays for entry in essay_entries(self.edition, text_id)]
        return [*essays, *glossary_entries(self.edition), *source_entries(self.edition),
                *timeline_entries(self.edition)]
