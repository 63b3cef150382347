"""Generated pages: glossary, bibliography and timeline, each with backlinks to where things are used."""
from __future__ import annotations

import html
import re

from marginalia.edition.build import GLOSSARY_URL, SOURCES_URL, TIMELINE_URL, Backlink, Edition, essay_url
from marginalia.loading.model import KIND_LABELS, Term
from marginalia.markup.xrefs import relative_url
from marginalia.rendering.notes import source_short

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def format_date(value: str) -> str:
    """ISO partial dates in the edition's one format: 3 September 2025, September 2025, 2025."""
    if not value:
        return "n.d."
    parts = value.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return parts[0]


def _backlinks(edition: Edition, links: list[Backlink], from_url: str, label: str) -> str:
    """A shared page's backlinks; each names its text when the edition has several."""
    if not links:
        return ""
    items = "".join(f'<li><a href="{html.escape(relative_url(from_url, b.url))}">'
                    f"{html.escape(edition.backlink_label(b, None))}</a></li>" for b in links)
    return f'<div class="anno-backlinks"><p class="anno-backlinks__label">{label}</p><ul>{items}</ul></div>'


def _sort_key(value: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", value.casefold())


def _script_label(script: str | None) -> str:
    return f' <span class="anno-script">({html.escape(script)})</span>' if script else ""


def _letter_id(letter: str) -> str:
    """An id fragment for a letter heading; a term may start with a quote or a bracket."""
    return letter.lower() if letter.isalnum() else f"u{ord(letter):04x}"


def render_glossary(edition: Edition) -> str:
    from_url = GLOSSARY_URL
    esc = html.escape
    terms = sorted(edition.terms, key=lambda t: _sort_key(t.term))
    letters: dict[str, list[Term]] = {}
    for term in terms:
        letters.setdefault(term.term[:1].upper(), []).append(term)
    out = ['<h1 id="glossary">Glossary</h1>',
           f'<p class="anno-lede">{len(terms)} terms the essay uses without explaining. In the essay, the first '
           "occurrence of a term in each section links here; hover, focus or tap it for the short definition.</p>",
           '<nav class="anno-letters" aria-label="Glossary letters"><ul>' +
           "".join(f'<li><a href="#letter-{_letter_id(letter)}">{esc(letter)}</a></li>' for letter in letters) +
           "</ul></nav>"]
    for letter, group in letters.items():
        out.append(f'<h2 id="letter-{_letter_id(letter)}" class="anno-letter">{esc(letter)}</h2>')
        for term in group:
            native = "".join(
                f'<li><span lang="{esc(n.lang)}">{esc(n.text)}</span>{_script_label(n.script)}</li>'
                for n in term.native)
            native_html = f'<ul class="anno-native" aria-label="Native forms">{native}</ul>' if native else ""
            roman = (f'<p class="anno-roman">Romanization: <i>{esc(term.romanization)}</i></p>'
                     if term.romanization else "")
            aliases = (f'<p class="anno-aliases">Also: {", ".join(esc(a) for a in term.aliases)}</p>'
                       if term.aliases else "")
            see_also = ""
            if term.see_also:
                links = ", ".join(
                    f'<a href="#term-{esc(other)}" data-term="{esc(other)}">{esc(edition.term(other).term)}</a>'
                    for other in term.see_also if any(t.id == other for t in edition.terms))
                see_also = f'<p class="anno-see-also">See also: {links}</p>'
            sources = "; ".join(
                f'<a href="{esc(relative_url(from_url, SOURCES_URL + "#source-" + s))}">'
                f"{esc(source_short(edition.data.sources[s]))}</a>"
                for s in term.sources if s in edition.data.sources)
            out.append(
                f'<section class="anno-entry" aria-labelledby="term-{esc(term.id)}">'
                f'<h3 id="term-{esc(term.id)}" class="anno-entry__term">{esc(term.term)}</h3>'
                f"{native_html}{roman}{aliases}"
                f'<p class="anno-entry__short"><strong>{esc(term.short)}</strong></p>'
                f'<div class="anno-entry__definition">{edition.render_markdown(term.definition, from_url)}</div>'
                f"{see_also}"
                f'<p class="anno-entry__sources">Sources: {sources}</p>'
                f'{_backlinks(edition, edition.backlinks.get(("term", term.id), []), from_url, "Used in")}'
                "</section>")
    return "\n".join(out)


def _claims(edition: Edition) -> dict[tuple[str, str], list[str]]:
    """(source id, citing page URL) -> the claims the source backs there, from `supports:`."""
    claims: dict[tuple[str, str], list[str]] = {}
    for text_id, notes in edition.data.notes.items():
        for note in notes:
            for source_id, claim in note.supports:
                claims.setdefault((source_id, f"{essay_url(text_id)}#note-{note.id}"), []).append(claim)
    for term in edition.terms:
        for source_id, claim in term.supports:
            claims.setdefault((source_id, f"{GLOSSARY_URL}#term-{term.id}"), []).append(claim)
    return claims


def _cited_by(edition: Edition, links: list[Backlink], claims: dict[str, list[str]], from_url: str) -> str:
    """The "Cited by" list of a source, each citing note or term with the claims the source backs there."""
    if not links:
        return ""
    items = []
    for link in links:
        backed = "".join(f'<li class="anno-claim">{html.escape(claim)}</li>' for claim in claims.get(link.url, []))
        supports = f'<ul class="anno-claims" aria-label="Supports">{backed}</ul>' if backed else ""
        items.append(f'<li><a href="{html.escape(relative_url(from_url, link.url))}">'
                     f"{html.escape(edition.backlink_label(link, None))}</a>"
                     f"{supports}</li>")
    return (f'<div class="anno-backlinks"><p class="anno-backlinks__label">Cited by</p><ul>{"".join(items)}</ul>'
            "</div>")


def render_sources(edition: Edition) -> str:
    from_url = SOURCES_URL
    esc = html.escape
    sources = sorted(edition.data.sources.values(), key=lambda s: (_sort_key(s.author or s.publisher), s.date))
    claims: dict[str, dict[str, list[str]]] = {}  # source id -> citing page URL -> claims
    for (source_id, url), found in _claims(edition).items():
        claims.setdefault(source_id, {})[url] = found
    out = ['<h1 id="bibliography">Bibliography</h1>',
           f'<p class="anno-lede">{len(sources)} publications cited by the notes and the glossary. '
           "Each entry lists the notes and terms that cite it, with the claims it supports there.</p>",
           '<ol class="anno-bibliography">']
    for source in sources:
        author = f"{esc(source.author)}. " if source.author else ""
        accessed = f" Accessed {format_date(source.accessed)}." if source.accessed else ""
        remark = f' <span class="anno-source-note">{esc(source.note)}</span>' if source.note else ""
        lang = f' lang="{esc(source.language)}"' if source.language else ""
        gloss = f' [{esc(source.title_en)}]' if source.title_en else ""
        reliability = (f'<p class="anno-reliability"><strong>Reliability:</strong> {esc(source.reliability)}</p>'
                       if source.reliability else "")
        cited = claims.get(source.id, {})
        out.append(
            f'<li id="source-{esc(source.id)}" class="anno-source">'
            f'{author}“<span{lang}>{esc(source.title)}</span>.”{gloss} <i>{esc(source.publisher)}</i>, '
            f'{format_date(source.date)}. '
            f'<a href="{esc(source.url)}" rel="noopener noreferrer" class="anno-url">{esc(source.url)}</a>.'
            f"{accessed}{remark}{reliability}"
            f'{_cited_by(edition, edition.backlinks.get(("source", source.id), []), cited, from_url)}</li>')
    out.append("</ol>")
    return "\n".join(out)


def _text_named(edition: Edition, text_id: str) -> str:
    """On a page shared by several texts, which text an entry comes from."""
    if not edition.several_texts():
        return ""
    return f' <span class="anno-text">({html.escape(edition.text_title(text_id))})</span>'


def render_timeline(edition: Edition) -> str:
    from_url = TIMELINE_URL
    esc = html.escape
    dated = sorted(((p.note.date, p) for placed in edition.placed.values() for p in placed if p.note.date),
                   key=lambda item: (item[0], item[1].number))
    years = [d for d, _ in dated]
    span = f" from {years[0][:4]} to {years[-1][:4]}" if years else ""
    out = ['<h1 id="timeline">Timeline</h1>',
           f'<p class="anno-lede">{len(dated)} dated events{span}, gathered from the notes. '
           "Each entry links back to its note beside the passage it explains.</p>",
           '<ol class="anno-timeline">']
    for date, placed in dated:
        note = placed.note
        url = relative_url(from_url, f"{essay_url(note.text_id)}#note-{note.id}")
        out.append(
            f'<li class="anno-timeline__item" data-note-kind="{esc(note.kind)}">'
            f'<time datetime="{esc(date)}">{format_date(date)}</time> '
            f'<a href="{esc(url)}">{esc(note.title)}</a>{_text_named(edition, note.text_id)} '
            f'<span class="anno-kind" data-kind="{esc(note.kind)}">{esc(KIND_LABELS[note.kind])}</span></li>')
    out.append("</ol>")
    return "\n".join(out)
