"""Exact anchoring with W3C TextQuoteSelector semantics.

A selector is (exact, prefix, suffix). It anchors when exactly one occurrence of `exact` in the
text is preceded by `prefix` and followed by `suffix`. All quotes are located in one pass with an
Aho-Corasick automaton, so anchoring N quotes on a text of M characters costs
O(M + total quote length + occurrences), not O(N * M).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import ahocorasick

Status = Literal["ok", "ambiguous", "not-found", "spans-blocks"]
BLOCK_BREAK = "\n"  # paragraphs of the reading text are separated by one line break


@dataclass(frozen=True)
class Anchor:
    """The exact stage's verdict on one selector, made by `resolve` (through `anchor_all`); locate.Located
    pairs it with the fuzzy stage's, and `make note` uses it to find the notes near a passage."""

    status: Status
    start: int = -1  # offsets in the text; -1 unless found once
    end: int = -1
    # Start offsets: for "ambiguous", of every occurrence that the prefix and suffix allow; for
    # "not-found", of every occurrence of the quote alone (the orphan message names them).
    candidates: tuple[int, ...] = ()

    @property
    def ok(self) -> bool:
        return self.status == "ok"


@dataclass(frozen=True)
class Selector:
    """A W3C TextQuoteSelector: the passage, with the words before and after it when one passage
    alone is ambiguous."""

    exact: str
    prefix: str = ""
    suffix: str = ""


def find_occurrences(text: str, needles: Iterable[str]) -> dict[str, list[int]]:
    """Start offsets of every (possibly overlapping) occurrence of each needle, in one scan."""
    wanted = {n for n in needles if n}
    found: dict[str, list[int]] = {needle: [] for needle in wanted}
    if not wanted:
        return found
    automaton = ahocorasick.Automaton()
    for needle in wanted:
        automaton.add_word(needle, needle)
    automaton.make_automaton()
    for end_index, needle in automaton.iter(text):
        found[needle].append(end_index - len(needle) + 1)
    return found


def anchor_all(text: str, selectors: Sequence[Selector], block_break: str = BLOCK_BREAK) -> list[Anchor]:
    """Anchor every selector in `text` exactly; the result list is parallel to `selectors`."""
    occurrences = find_occurrences(text, (s.exact for s in selectors))
    return [resolve(text, s, occurrences.get(s.exact, []), block_break) for s in selectors]


def anchor_one(text: str, selector: Selector) -> Anchor:
    return anchor_all(text, [selector])[0]


def resolve(text: str, selector: Selector, starts: list[int], block_break: str = BLOCK_BREAK) -> Anchor:
    """The exact anchor of `selector` among the occurrences of its quote at `starts`."""
    length = len(selector.exact)
    matching = tuple(
        start for start in starts
        if start >= len(selector.prefix) and text.startswith(selector.prefix, start - len(selector.prefix))
        and text.startswith(selector.suffix, start + length)
    )
    if not matching:
        return Anchor("not-found", candidates=tuple(starts))
    if len(matching) > 1:
        return Anchor("ambiguous", candidates=matching)
    start = matching[0]
    if block_break and block_break in selector.exact:
        return Anchor("spans-blocks", start, start + length, matching)
    return Anchor("ok", start, start + length, matching)
