"""Every HTML id the edition writes is unique on its page, by construction (hooks/marginalia/loading/ids.py).

A duplicate id breaks permalinks (the browser jumps to the first element), aria-labelledby and the
reader's script. The ids are derived from editors' ids, so the guarantee must hold for any valid data,
not just ours: a built site is checked page by page, and the derivation itself for ids chosen to collide.
"""
from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from marginalia.loading import ids

SLUG = st.from_regex(re.compile(ids.SLUG_PATTERN.replace("$", r"\Z")), fullmatch=True).filter(lambda s: len(s) < 30)


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids.extend(value or "" for name, value in attrs if name == "id")


def _duplicate_ids(page: str) -> list[str]:
    parser = _Ids()
    parser.feed(page)
    return sorted(value for value, count in Counter(parser.ids).items() if count > 1)


def test_no_page_of_the_built_site_repeats_an_id(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) >= 6
    duplicates = {page.relative_to(built_site).as_posix(): found for page in pages
                  if (found := _duplicate_ids(page.read_text(encoding="utf-8")))}
    assert duplicates == {}


def _all_ids(note_ids: list[str], term_ids: list[str], other_ids: list[str]) -> list[str]:
    """What one essay page, the glossary and the bibliography would carry for these ids, on one list."""
    out = ["title", "glossary", "bibliography", "timeline"]
    for note_id in note_ids:
        out += [ids.note(note_id), ids.note_title(note_id)]
    for term_id in term_ids:
        out += [ids.term(term_id), ids.term_tip(term_id), ids.term_use(term_id, 1), ids.term_use(term_id, 12)]
    for other in other_ids:
        out += [ids.source(other), ids.emendation(other)]
    out += [ids.section(n) for n in range(1, 13)] + [ids.letter(c) for c in "ABŽ가\"'(1"]
    return out


@given(st.lists(SLUG, unique=True, max_size=6), st.lists(SLUG, unique=True, max_size=4),
       st.lists(SLUG, unique=True, max_size=4))
def test_derived_ids_never_collide_for_any_valid_ids(notes: list[str], terms: list[str], others: list[str]) -> None:
    # Add the suffixed twins that collided under the old '-title' / '-<n>' scheme.
    notes = sorted({*notes, *(f"{n}-title" for n in notes)})
    terms = sorted({*terms, *(f"{t}-1" for t in terms), *(f"{t}-12" for t in terms)})
    every = _all_ids(notes, terms, others)
    assert len(every) == len(set(every)), [i for i, c in Counter(every).items() if c > 1]


def test_the_title_of_note_x_is_not_note_x_title() -> None:
    assert ids.note_title("chairman-kim") != ids.note("chairman-kim-title")
    assert ids.note("chairman-kim-title") == "note-chairman-kim-title"  # existing permalinks keep their form
