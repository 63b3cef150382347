"""Where glossary terms occur in each text, and which occurrences become links."""
from __future__ import annotations

from marginalia.edition.model import Edition, TermUse
from marginalia.linking.glossary import TermHit, find_terms, select_links, term_pattern
from marginalia.loading import ids
from marginalia.loading.seed_text import Block


def find_term_uses(edition: Edition) -> None:
    pattern = term_pattern(edition.data.terms)
    for text_id, essay in edition.data.essays.items():
        rule = edition.data.texts[text_id].autolink
        hits: list[tuple[int, int, TermHit]] = []  # (block index, section, hit)
        for index, block in enumerate(essay.blocks):
            if block.kind != "paragraph":
                continue  # never in headings, title, byline or closing remarks
            hits.extend((index, block.section, hit) for hit in find_terms(block.text, edition.data.terms, pattern)
                        if not _cuts_emendation(block, hit))
        linked = select_links(((section, hit.term_id, (index, hit.start)) for index, section, hit in hits), rule)
        uses: list[TermUse] = []
        counters: dict[str, int] = {}
        for index, section, hit in hits:
            anchor_id = None
            if (index, hit.start) in linked:
                counters[hit.term_id] = counters.get(hit.term_id, 0) + 1
                anchor_id = ids.term_use(hit.term_id, counters[hit.term_id])
            uses.append(TermUse(hit.term_id, text_id, index, hit.start, hit.end, section, anchor_id is not None,
                                anchor_id))
        edition.term_uses[text_id] = uses


def _cuts_emendation(block: Block, hit: TermHit) -> bool:
    """A link must not cut an emended character in two."""
    return any(span.start < hit.end and hit.start < span.end and not (hit.start <= span.start and span.end <= hit.end)
               for span in block.emended)
