"""Search documents for the pages the engine generates, made from the model, not read back from HTML.

In the shape both themes' indexes use ({location, title, text}, the text as escaped HTML):

- one per note, at the note's permalink, so that a hit on a note's words lands on the note;
- the essay's own text, one document per heading (the title with the byline, then each numbered
  section), without the notes, markers and controls the page also carries;
- one per glossary term and one per source, at their permalinks (a theme would index the whole
  bibliography as one document and land every hit at its top);
- the timeline as one document.

An adapter can then spare its theme from parsing these pages, whose HTML is several times their
text (for Material, about a seventh of the build).
"""
from __future__ import annotations

import html

from marginalia.edition.build import GLOSSARY_URL, SOURCES_URL, TIMELINE_URL, Edition, essay_url
from marginalia.loading.seed_text import Block
from marginalia.rendering.notes import source_short
from marginalia.rendering.pages import format_date

SearchEntry = dict[str, str]
_HEADINGS = ("title", "heading")


def _escaped(text: str) -> str:
    # The themes show titles and texts as HTML: the words are escaped like the page's text.
    return html.escape(text, quote=False)


def _paragraphs(texts: list[str]) -> str:
    return " ".join(f"<p>{_escaped(text)}</p>" for text in texts if text)


def _labels(edition: Edition, kind: str, target_id: str) -> list[str]:
    return [edition.backlink_label(link, None) for link in edition.backlinks.get((kind, target_id), [])]


def essay_entries(edition: Edition, text_id: str) -> list[SearchEntry]:
    """The essay's text by heading: the page itself, the title (with the byline under it), then
    each section with its paragraphs, in reading order. Emended text is indexed as printed."""
    url = essay_url(text_id)
    essay = edition.essay(text_id)
    entries: list[SearchEntry] = [{"location": url, "title": _escaped(edition.data.texts[text_id].title),
                                   "text": ""}]
    heading: Block | None = None
    under: list[Block] = []

    def close() -> None:
        if heading is None:  # words before the first heading belong to the page itself
            entries[0]["text"] = _paragraphs([block.text for block in under])
            return
        anchor = "title" if heading.kind == "title" else f"section-{heading.section}"
        entries.append({"location": f"{url}#{anchor}", "title": _escaped(heading.text),
                        "text": _paragraphs([block.text for block in under])})

    for block in essay.blocks:
        if block.kind in _HEADINGS:
            close()
            heading, under = block, []
        else:
            under.append(block)
    close()
    return entries


def note_entries(edition: Edition, text_id: str) -> list[SearchEntry]:
    """One document per placed note, at its permalink, with the words of its body and detail."""
    url = essay_url(text_id)
    entries: list[SearchEntry] = []
    for item in edition.placed.get(text_id, []):
        note = item.note
        # The words of the bodies the page shows (rendered once per build), as text.
        body = " ".join(edition.words(part, url, text_id) for part in (note.body, note.detail) if part)
        entries.append({"location": f"{url}#note-{note.id}", "title": _escaped(f"Note: {note.title}"),
                        "text": _escaped(body)})
    return entries


def glossary_entries(edition: Edition) -> list[SearchEntry]:
    """The glossary page, then each term with its native forms, aliases, definitions and uses."""
    entries: list[SearchEntry] = [{"location": GLOSSARY_URL, "title": "Glossary", "text": ""}]
    known = {t.id: t.term for t in edition.terms}
    for term in edition.terms:
        see_also = ", ".join(known[other] for other in term.see_also if other in known)
        used_in = "; ".join(_labels(edition, "term", term.id))
        texts = [
            "; ".join(f"{n.text} ({n.script})" if n.script else n.text for n in term.native),
            f"Romanization: {term.romanization}" if term.romanization else "",
            f"Also: {', '.join(term.aliases)}" if term.aliases else "",
            term.short,
            edition.words(term.definition, GLOSSARY_URL),
            f"See also: {see_also}" if see_also else "",
            f"Used in: {used_in}" if used_in else "",
        ]
        entries.append({"location": f"{GLOSSARY_URL}#term-{term.id}", "title": _escaped(term.term),
                        "text": _paragraphs(texts)})
    return entries


def source_entries(edition: Edition) -> list[SearchEntry]:
    """The bibliography page, then each source: its title (with the English gloss), who published
    it and when, the editors' remarks, and the notes and terms citing it with the claims it backs."""
    entries: list[SearchEntry] = [{"location": SOURCES_URL, "title": "Bibliography", "text": ""}]
    claims_of: dict[str, list[str]] = {}
    supports = [*(note.supports for notes in edition.data.notes.values() for note in notes),
                *(term.supports for term in edition.terms)]
    for source_id, claim in (pair for pairs in supports for pair in pairs):
        claims_of.setdefault(source_id, []).append(claim)
    for source in edition.data.sources.values():
        title = f"{source.title} [{source.title_en}]" if source.title_en else source.title
        claims = claims_of.get(source.id, [])
        cited_by = "; ".join(_labels(edition, "source", source.id))
        texts = [
            f"{source_short(source)}. {source.author + '. ' if source.author else ''}{source.publisher}, "
            f"{format_date(source.date)}.",
            source.note or "",
            f"Reliability: {source.reliability}" if source.reliability else "",
            f"Cited by: {cited_by}" if cited_by else "",
            *claims,
        ]
        entries.append({"location": f"{SOURCES_URL}#source-{source.id}", "title": _escaped(title),
                        "text": _paragraphs(texts)})
    return entries


def timeline_entries(edition: Edition) -> list[SearchEntry]:
    """The timeline as one document: each dated note's date and title."""
    dated = sorted((p.note.date, p.note.title) for placed in edition.placed.values() for p in placed if p.note.date)
    return [{"location": TIMELINE_URL, "title": "Timeline",
             "text": _paragraphs([f"{format_date(date)}: {title}" for date, title in dated])}]
