"""The validated edition as data: placed notes, term uses, reference targets, backlinks."""
from __future__ import annotations

from dataclasses import dataclass, field

from marginalia.diagnostics import Diagnostic
from marginalia.linking.targets import GLOSSARY_PAGE, SOURCES_PAGE, TIMELINE_PAGE, essay_page
from marginalia.loading.load import LoadedData
from marginalia.loading.model import Note, Term
from marginalia.loading.seed_text import EssayText
from marginalia.markup.html_facts import read_html
from marginalia.markup.markdown_render import MarkdownRenderer, Reading, page_of_url
from marginalia.markup.markdown_render import render_body as _render_body
from marginalia.markup.sanitize import sanitize_html
from marginalia.markup.xref_extension import fill_previews
from marginalia.markup.xrefs import Targets, page_url

GLOSSARY_URL = page_url(GLOSSARY_PAGE)
SOURCES_URL = page_url(SOURCES_PAGE)
TIMELINE_URL = page_url(TIMELINE_PAGE)


def essay_url(text_id: str) -> str:
    return page_url(essay_page(text_id))


@dataclass(frozen=True)
class PlacedNote:
    """A note anchored in its text, made by build.py from anchor_notes' result: the essay page highlights,
    numbers and places it, and search entries, the timeline and the W3C export list it."""

    note: Note
    start: int  # offsets in the essay text
    end: int
    number: int  # reading order, 1-based
    block_index: int  # index in EssayText.blocks of the block holding `start`
    status: str = "ok"  # "ok" or "drifted" (re-anchored by fuzzy matching, reported as a warning)


@dataclass(frozen=True)
class TermUse:
    """One occurrence of a glossary term in a paragraph of a text, a link or not by the text's autolink rule;
    made by term_uses.find_term_uses, linked on the essay page and counted per section in the term's backlinks."""

    term_id: str
    text_id: str
    block_index: int  # index in EssayText.blocks
    start: int  # offsets in the block's text
    end: int
    section: int
    linked: bool
    anchor_id: str | None  # id of the link element, for backlinks


@dataclass(frozen=True)
class Backlink:
    """One place that refers to a note, term or source, listed under it as "Referenced by", "Used in" or
    "Cited by"; made by backlinks.py, or by references.py as a Markdown place's `origin`, and kept in
    Edition.backlinks by (kind, id)."""

    label: str
    url: str  # site-root-relative
    text_id: str | None = None  # the text the referring place belongs to (None: a shared page)


@dataclass
class Edition:
    """The whole validated edition of one build: the loaded data, where notes and terms sit, the reference
    targets, backlinks, warnings and a cache of rendered Markdown. Made by `build_edition`; every page, search
    entry and the W3C export are rendered from it."""

    data: LoadedData
    placed: dict[str, list[PlacedNote]] = field(default_factory=dict)
    term_uses: dict[str, list[TermUse]] = field(default_factory=dict)
    targets: Targets = field(default_factory=Targets)
    backlinks: dict[tuple[str, str], list[Backlink]] = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)
    docs_titles: dict[str, str] = field(default_factory=dict)
    _renderer: MarkdownRenderer | None = field(default=None, repr=False)
    _rendered: dict[tuple[str, str, str | None], str] = field(default_factory=dict, repr=False)
    # Unsanitized HTML of the bodies the build's check already converted, by (text, page, scope):
    # rendering reuses that conversion instead of parsing the same Markdown again.
    _checked: dict[tuple[str, str, str | None], Reading] = field(default_factory=dict, repr=False)

    @property
    def terms(self) -> list[Term]:
        return self.data.terms

    @property
    def renderer(self) -> MarkdownRenderer:
        if self._renderer is None or self._renderer.targets is not self.targets:
            self._renderer = MarkdownRenderer(self.targets)
        return self._renderer

    def term(self, term_id: str) -> Term:
        return next(t for t in self.data.terms if t.id == term_id)

    def essay(self, text_id: str) -> EssayText:
        return self.data.essays[text_id]

    def text_title(self, text_id: str) -> str:
        return self.data.texts[text_id].title

    def several_texts(self) -> bool:
        return len(self.data.texts) > 1

    def render_markdown(self, text: str, from_url: str, scope: str | None = None) -> str:
        """A body rendered for a page, once per build: the essay page, the search entries and the
        W3C export all need the same note bodies. `scope` is the text the body belongs to."""
        key = (text, from_url, scope)
        if key not in self._rendered:
            checked = self._checked.get((text, page_of_url(from_url), scope))
            self._rendered[key] = sanitize_html(fill_previews(checked.html, self.targets)) if checked is not None else \
                _render_body(text, self.targets, from_url, scope, self.renderer)
        return self._rendered[key]

    def words(self, text: str, from_url: str, scope: str | None = None) -> str:
        """The words of a body as shown on the page at `from_url`, from the check's reading of it
        when there is one (the same words: the sanitizer only drops what the check reports)."""
        checked = self._checked.get((text, page_of_url(from_url), scope))
        if checked is not None:
            return checked.facts.text
        return read_html(self.render_markdown(text, from_url, scope)).text

    def note_words(self, note: Note) -> str:
        return self.words(note.body, page_url(essay_page(note.text_id)), note.text_id)

    def keep_checked(self, text: str, page: str, scope: str | None, reading: Reading) -> None:
        """Remember the check's conversion of `text` on `page` (by `self.renderer`, with this build's
        targets): its HTML is what `render_markdown` would produce before sanitizing."""
        self._checked[(text, page, scope)] = reading

    def add_backlink(self, kind: str, target_id: str, link: Backlink) -> None:
        links = self.backlinks.setdefault((kind, target_id), [])
        if link not in links:
            links.append(link)

    def backlink_label(self, link: Backlink, page_text: str | None) -> str:
        """A backlink's label on a page of `page_text` (None: a shared page such as the glossary):
        it names the referring text when the reader could not otherwise tell which text it is."""
        if link.text_id is None or not self.several_texts() or link.text_id == page_text:
            return link.label
        return f"{link.label} ({self.text_title(link.text_id)})"


__all__ = ["GLOSSARY_URL", "SOURCES_URL", "TIMELINE_URL", "Backlink", "Edition", "PlacedNote", "TermUse",
           "essay_url", "page_of_url", "page_url"]
