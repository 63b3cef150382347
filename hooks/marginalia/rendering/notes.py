"""HTML of one margin note (the `<aside>`) and of its marker in the text."""
from __future__ import annotations

import html
from dataclasses import dataclass

from marginalia.edition.build import SOURCES_URL, Edition, PlacedNote, essay_url
from marginalia.loading import ids
from marginalia.loading.model import KIND_LABELS, Source
from marginalia.markup.sanitize import tooltip_attribute
from marginalia.markup.xrefs import relative_url


@dataclass(frozen=True)
class RenderOptions:
    """The generator settings pages need (repo_url, site_url and extra.edit_branch of mkdocs.yml), made by the
    MkDocs hook or `prepare.render_options`: they give notes their "Suggest a correction" links, the essay its
    data-repo for suggest.js, and the W3C export its absolute IRIs."""

    repo_url: str | None = None  # e.g. https://github.com/owner/repo
    edit_branch: str = "main"  # the branch those links edit
    site_url: str | None = None


def source_short(source: Source) -> str:
    who = source.author or source.publisher
    return f"{who}, {source.date[:4] or 'n.d.'}"


def render_note(edition: Edition, placed: PlacedNote, options: RenderOptions) -> str:
    note = placed.note
    from_url = essay_url(note.text_id)
    esc = html.escape
    body = edition.render_markdown(note.body, from_url, note.text_id)
    parts = [
        f'<aside class="anno-note" data-search-exclude="true" id="note-{esc(note.id)}" '
        f'data-note-kind="{esc(note.kind)}" '
        f'data-note-number="{placed.number}" role="note" aria-labelledby="{ids.note_title(note.id)}">',
        '<p class="anno-note__head">'
        f'<span class="anno-note__num" aria-hidden="true">{placed.number}</span> '
        f'<span class="anno-kind" data-kind="{esc(note.kind)}">{esc(KIND_LABELS[note.kind])}</span> '
        f'<a class="anno-note__title" id="{ids.note_title(note.id)}" href="#note-{esc(note.id)}">{esc(note.title)}</a>'
        "</p>",
        f'<div class="anno-note__body">{body}</div>',
    ]
    if note.detail:
        detail = edition.render_markdown(note.detail, from_url, note.text_id)
        parts.append(f'<details class="anno-note__detail"><summary>More</summary>{detail}</details>')
    cited = [edition.data.sources[s] for s in note.sources if s in edition.data.sources]
    if cited:
        links = "; ".join(
            f'<a class="anno-cite" href="{esc(relative_url(from_url, SOURCES_URL + "#source-" + s.id))}" '
            f'title="{tooltip_attribute(s.title)}">{esc(source_short(s))}</a>' for s in cited)
        parts.append(f'<p class="anno-note__sources">Sources: {links}</p>')
    referrers = edition.backlinks.get(("note", note.id), [])
    if referrers:
        links = ", ".join(f'<a href="{esc(relative_url(from_url, b.url))}">'
                          f"{esc(edition.backlink_label(b, note.text_id))}</a>"
                          for b in referrers)
        parts.append(f'<p class="anno-note__refs">Referenced by: {links}</p>')
    actions = [f'<a class="anno-permalink" href="#note-{esc(note.id)}">Permalink</a>']
    if options.repo_url:
        edit = f"{options.repo_url.rstrip('/')}/edit/{options.edit_branch}/{note.file}"
        actions.append(f'<a class="anno-suggest" href="{esc(edit)}" rel="noopener noreferrer">Suggest a correction</a>')
    parts.append(f'<p class="anno-note__actions">{" · ".join(actions)}</p>')
    parts.append("</aside>")
    return "".join(parts)


def render_marker(placed: PlacedNote) -> str:
    note = placed.note
    esc = html.escape
    return (f'<button type="button" class="anno-marker anno-skip" data-search-exclude="true" '
            f'data-note-marker="{esc(note.id)}" '
            f'data-note-kind="{esc(note.kind)}" aria-expanded="false" aria-controls="note-{esc(note.id)}" '
            f'aria-label="Note {placed.number}: {esc(note.title)}">{placed.number}</button>')
