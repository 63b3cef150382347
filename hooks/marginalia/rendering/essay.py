"""The essay page: the seed's blocks with emendations marked, terms linked, passages highlighted
and notes placed after the block that holds their passage."""
from __future__ import annotations

import html
from collections import defaultdict

from marginalia.edition.build import GLOSSARY_URL, Edition, PlacedNote, TermUse, essay_url
from marginalia.loading.model import KIND_LABELS
from marginalia.loading.seed_text import Block, EssayText
from marginalia.markup.sanitize import tooltip_attribute
from marginalia.markup.xrefs import relative_url
from marginalia.rendering.htmlmark import Insertion, Wrap, mark
from marginalia.rendering.notes import RenderOptions, render_marker, render_note

ABOUT_EMENDATIONS_URL = "about/#emendations"
# Material's search skips elements with this attribute (and strips it from the page). Notes get
# search entries of their own at their permalinks; indexed again inside the essay's sections
# they would give every note hit twice, the second landing on the section, not the note.
# The theme's parser compares elements by tag name, so an excluded element must not contain
# an element with its own tag (a <div> inside an excluded <div> ends the exclusion early).
SEARCH_EXCLUDE = 'data-search-exclude="true"'


def _emendation_html(block: Block, start: int, end: int, from_url: str) -> str:
    """Escaped block text in [start, end) with emended characters wrapped."""
    out: list[str] = []
    cursor = start
    for span in block.emended:
        if span.end <= start or span.start >= end:
            continue
        out.append(html.escape(block.text[cursor:span.start], quote=False))
        emendation = span.emendation
        label = f"Emendation {emendation.id}: the source has “{emendation.original}”. {emendation.reason}"
        out.append(f'<span class="anno-emend" data-emendation="{html.escape(emendation.id)}" '
                   f'title="{tooltip_attribute(label)}">'
                   f"{html.escape(block.text[span.start:span.end], quote=False)}</span>")
        cursor = span.end
    out.append(html.escape(block.text[cursor:end], quote=False))
    return "".join(out)


def block_inner_html(block: Block, uses: list[TermUse], from_url: str) -> str:
    """The block's text with emendations marked and linked term occurrences as links."""
    out: list[str] = []
    cursor = 0
    for use in sorted((u for u in uses if u.linked), key=lambda u: u.start):
        out.append(_emendation_html(block, cursor, use.start, from_url))
        href = relative_url(from_url, f"{GLOSSARY_URL}#term-{use.term_id}")
        out.append(f'<a class="anno-term" data-term="{html.escape(use.term_id)}" id="{use.anchor_id}" '
                   f'href="{html.escape(href)}" aria-describedby="tip-{html.escape(use.term_id)}">'
                   f"{_emendation_html(block, use.start, use.end, from_url)}</a>")
        cursor = use.end
    out.append(_emendation_html(block, cursor, len(block.text), from_url))
    return "".join(out)


def render_essay(edition: Edition, text_id: str, options: RenderOptions) -> str:
    essay = edition.essay(text_id)
    meta = edition.data.texts[text_id]
    from_url = essay_url(text_id)
    placed_by_block: dict[int, list[PlacedNote]] = defaultdict(list)
    for placed in edition.placed.get(text_id, []):
        placed_by_block[placed.block_index].append(placed)
    uses_by_block: dict[int, list[TermUse]] = defaultdict(list)
    for use in edition.term_uses.get(text_id, []):
        uses_by_block[use.block_index].append(use)

    # data-repo lets suggest.js link a selection to the repository's issue forms; without a
    # repo_url there is nowhere to send a suggestion, so the page offers none.
    repo = f' data-repo="{html.escape(options.repo_url.rstrip("/"))}"' if options.repo_url else ""
    out: list[str] = [f'<div class="anno-essay" data-text="{html.escape(text_id)}"{repo} '
                      f'lang="{html.escape(meta.language)}">']
    byline: list[str] = []
    byline_at = ""
    closing: list[str] = []
    for index, block in enumerate(essay.blocks):
        inner = block_inner_html(block, uses_by_block[index], from_url)
        # Where the block starts in the essay text, and its section: suggest.js maps a selection
        # to essay-text offsets (and checks its own reading of the page) with these.
        at = f' data-offset="{block.offset}" data-section="{block.section}"'
        notes_here = placed_by_block[index]
        if notes_here:
            wraps = [Wrap(p.start - block.offset, p.end - block.offset,
                          f'<span class="anno-hl" data-note="{html.escape(p.note.id)}" '
                          f'data-note-kind="{html.escape(p.note.kind)}">',
                          "</span>", (p.number,)) for p in notes_here]
            insertions = [Insertion(p.end - block.offset, render_marker(p), p.number) for p in notes_here]
            inner = mark(inner, wraps, insertions)
        if block.kind == "title":
            element = f'<h1 id="title"{at}>{inner}</h1>'
        elif block.kind == "heading":
            element = f'<h2 id="section-{block.section}"{at}>{inner}</h2>'
        elif block.kind == "byline":
            byline.append(inner)
            byline_at = byline_at or at
            element = ""
        elif block.kind == "closing":
            closing.append(f"<p{at}>{inner}</p>")
            element = ""
        else:
            element = f"<p{at}>{inner}</p>"
        asides = "".join(render_note(edition, p, options) for p in notes_here)
        if block.kind == "byline":
            if index + 1 < len(essay.blocks) and essay.blocks[index + 1].kind == "byline":
                continue
            element = f'<p class="anno-byline"{byline_at}>' + "<br>".join(byline) + "</p>"
            # Notes on byline lines sit after the whole byline.
            asides = "".join(render_note(edition, p, options)
                             for i in range(index - len(byline) + 1, index + 1) for p in placed_by_block[i])
        if block.kind == "closing":
            if index + 1 < len(essay.blocks):
                continue
            element = '<footer class="anno-closing">' + "".join(closing) + "</footer>"
            asides = "".join(render_note(edition, p, options)
                             for i in range(index - len(closing) + 1, index + 1) for p in placed_by_block[i])
        if block.kind == "title":
            out.append(element)
            out.append(_controls(edition, text_id))
            if asides:
                out.append(f'<div class="anno-block"><div class="anno-notes">{asides}</div></div>')
            continue
        if asides:
            out.append(f'<div class="anno-block">{element}<div class="anno-notes">{asides}</div></div>')
        else:
            out.append(element)
    out.append(_tooltips(edition, text_id))
    out.append("</div>")
    out.append(_emendation_list(essay))
    return "\n".join(out)


def _emendation_list(essay: EssayText) -> str:
    """Every emendation with its context and reason, after the essay: the dotted underline's
    hover title is not reachable by keyboard, touch or screen reader, this list is."""
    items = []
    for block in essay.blocks:
        for span in block.emended:
            emendation = span.emendation
            before = block.text[max(0, span.start - 30):span.start]
            after = block.text[span.end:span.end + 30]
            items.append(
                f'<li id="emendation-{html.escape(emendation.id)}"><span class="anno-emendation__context">…'
                f'{html.escape(before, quote=False)}<mark>{html.escape(emendation.reading, quote=False)}</mark>'
                f'{html.escape(after, quote=False)}…</span> — '
                f'source: “{html.escape(emendation.original, quote=False)}”. '
                f"{html.escape(emendation.reason, quote=False)}</li>")
    if not items:
        return ""
    return (f'<details class="anno-emendation-list" {SEARCH_EXCLUDE}>'
            f'<summary>Emendations: {len(items)} characters restored '
            f"in this text</summary><ol>{''.join(items)}</ol></details>")


def _controls(edition: Edition, text_id: str) -> str:
    """Reading controls; plain HTML so they are visible and labelled before scripts run."""
    kinds = sorted({p.note.kind for p in edition.placed.get(text_id, [])}, key=list(KIND_LABELS).index)
    counts = {k: sum(1 for p in edition.placed.get(text_id, []) if p.note.kind == k) for k in kinds}
    boxes = "".join(
        f'<label class="anno-filter" data-kind="{k}"><input type="checkbox" name="kind" value="{k}" checked> '
        f'<span class="anno-kind" data-kind="{k}">{KIND_LABELS[k]}</span> '
        f'<span class="anno-count">({counts[k]})</span></label>'
        for k in kinds)
    total = len(edition.placed.get(text_id, []))
    return (
        f'<form class="anno-controls" aria-label="Reading controls" {SEARCH_EXCLUDE} hidden>'
        f'<fieldset><legend>Notes ({total})</legend>'
        f'<label class="anno-toggle"><input type="checkbox" name="show-notes" checked> Show notes</label>'
        f"{boxes}</fieldset></form>"
    )


def _tooltips(edition: Edition, text_id: str) -> str:
    """One hidden short definition per linked term: the target of aria-describedby and the
    content of the toggletip, kept out of the reading text."""
    used = sorted({u.term_id for u in edition.term_uses.get(text_id, []) if u.linked})
    if not used:
        return ""
    items = []
    for term_id in used:
        term = edition.term(term_id)
        native = " ".join(f'<span lang="{html.escape(n.lang)}">{html.escape(n.text)}</span>' for n in term.native)
        native_html = f' <span class="anno-tip__native">{native}</span>' if native else ""
        items.append(f'<span class="anno-tip" id="tip-{html.escape(term_id)}" data-term-tip="{html.escape(term_id)}">'
                     f'<strong>{html.escape(term.term)}</strong>{native_html}: {html.escape(term.short)}</span>')
    return f'<div class="anno-tips" {SEARCH_EXCLUDE} hidden>{"".join(items)}</div>'
