"""The site-generator-neutral face of the engine: which pages exist and what they contain.

A generator adapter (today hooks/edition_hook.py for MkDocs) asks this object for generated
pages, rendered content, expanded cross-references and extra files. Moving to another
generator means writing another thin adapter, not touching the engine.
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from marginalia.edition.build import GLOSSARY_URL, SOURCES_URL, TIMELINE_URL, Edition, build_edition, essay_url, page_url
from marginalia.rendering.essay import render_essay
from marginalia.rendering.notes import RenderOptions
from marginalia.rendering.pages import render_glossary, render_sources, render_timeline
from marginalia.markup.xrefs import find_xrefs, relative_url, render_xref


@dataclass(frozen=True)
class GeneratedPage:
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
                lambda t=text_id: render_essay(self.edition, t, options), hide_toc=True, is_essay=True)
        self.pages["glossary.md"] = GeneratedPage("glossary.md", "Glossary",
                                                  "Terms the essay uses, with native forms, definitions, sources and backlinks.",
                                                  lambda: render_glossary(self.edition))
        self.pages["sources.md"] = GeneratedPage("sources.md", "Bibliography",
                                                 "Every publication cited by the notes and the glossary.",
                                                 lambda: render_sources(self.edition))
        self.pages["timeline.md"] = GeneratedPage("timeline.md", "Timeline",
                                                  "Dated events from the notes, each linked to its note.",
                                                  lambda: render_timeline(self.edition))

    @property
    def warnings(self) -> list:
        return self.edition.warnings

    def stub_markdown(self, page: GeneratedPage) -> str:
        """Front matter only: the content is rendered by the engine after Markdown."""
        hide = "hide:\n  - toc\n" if page.hide_toc else ""
        # The theme prints front-matter title and description unescaped (into <title>, the nav and a
        # content="…" attribute); they come from text.yml, so they are escaped here, once.
        title = json.dumps(html.escape(page.title), ensure_ascii=False)
        description = json.dumps(html.escape(page.description), ensure_ascii=False)
        essay = "anno_essay: true\n" if page.is_essay else ""
        return f"---\ntitle: {title}\ndescription: {description}\n{hide}{essay}---\n"

    def render_page(self, src_uri: str) -> str | None:
        page = self.pages.get(src_uri)
        return page.render() if page else None

    def expand_xrefs(self, markdown_text: str, src_uri: str) -> str:
        """Replace [[kind:id]] in a docs page by links (already validated when the edition was built)."""
        from_url = page_url(src_uri)
        pieces: list[str] = []
        cursor = 0
        for use in find_xrefs(markdown_text):
            target = self.edition.targets.get(use.kind, use.id)
            pieces.append(markdown_text[cursor:use.start])
            pieces.append(render_xref(target, use.label, from_url) if target else (use.label or use.id))
            cursor = use.end
        pieces.append(markdown_text[cursor:])
        return "".join(pieces)

    def search_entries(self) -> list[dict[str, str]]:
        """Extra search documents so that a hit on a note lands on the note's permalink."""
        entries: list[dict[str, str]] = []
        for text_id, placed in self.edition.placed.items():
            for item in placed:
                note = item.note
                body = html.unescape(_strip_markup(f"{note.body} {note.detail or ''}"))
                # The theme shows search titles and texts as HTML: they are escaped like page text.
                entries.append({"location": f"{essay_url(text_id)}#note-{note.id}",
                                "title": html.escape(f"Note: {note.title}", quote=False),
                                "text": html.escape(body, quote=False)})
        return entries


def _strip_markup(text: str) -> str:
    text = re.sub(r"\[\[[a-z]+:([^\]|]*)(?:\|([^\]]*))?\]\]", lambda m: m.group(2) or m.group(1), text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return " ".join(re.sub(r"[*_`>#]", "", text).split())
