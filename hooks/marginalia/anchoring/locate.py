"""The one quote locator: exact first, then fuzzy. Used by anchoring (the build), drift repair,
`make note` and the W3C import, so a quote is found the same way everywhere.

- `locate_all` / `locate`: a selector's passage. Exact W3C semantics first (one Aho-Corasick pass
  for all selectors); a selector whose quote, prefix or suffix no longer matches is re-anchored
  approximately (fuzzy.py) or declared an orphan.
- `occurrences`: every place a bare quote occurs, as `make note` lists them: exact, else
  identical up to typographic look-alikes (the fuzzy stage's folding, with no edits allowed).
- `closest_passage`: the passage most like a quote whatever the distance, for "did you mean".
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from marginalia.anchoring.edit_distance import closest_alignment
from marginalia.anchoring.exact import BLOCK_BREAK, Anchor, Selector, anchor_all, find_occurrences
from marginalia.anchoring.similarity import fold_lookalikes, similarity
from marginalia.anchoring.words import inside_word

if TYPE_CHECKING:
    from marginalia.anchoring.fuzzy import FuzzyMatch, Reanchor

LocatedStatus = Literal["ok", "ambiguous", "spans-blocks", "drifted", "orphan"]
CLOSEST_FLOOR = 0.5  # below this similarity a "closest passage" would only mislead


@dataclass(frozen=True)
class Located:
    """What the locator found for one selector: the exact stage's answer and, when that found
    nothing, the fuzzy stage's."""

    exact: Anchor
    fuzzy: Reanchor | None = None

    @property
    def status(self) -> LocatedStatus:
        if self.exact.status != "not-found":
            return self.exact.status
        return "drifted" if self.fuzzy is not None and self.fuzzy.status == "drifted" else "orphan"

    @property
    def match(self) -> FuzzyMatch | None:
        return self.fuzzy.match if self.fuzzy is not None else None

    @property
    def start(self) -> int:
        if self.status == "drifted" and self.match is not None:
            return self.match.start
        return self.exact.start

    @property
    def end(self) -> int:
        if self.status == "drifted" and self.match is not None:
            return self.match.end
        return self.exact.end


FUZZY_LIMIT = 100  # misses searched approximately per call; each costs a pass over the text


def locate_all(text: str, selectors: Sequence[Selector], fuzzy: bool = True,
               positions: Sequence[int | None] | None = None) -> list[Located]:
    """Locate every selector (result parallel to `selectors`). `positions` are optional start
    offsets recorded by another tool: an exact occurrence at that offset settles an ambiguity,
    and the fuzzy stage weighs them as Hypothesis does. Only the first FUZZY_LIMIT misses are
    searched approximately (the others stay orphans with `fuzzy` None), so a file of a thousand
    wrong quotes costs a bounded number of passes over the text."""
    hints = list(positions) if positions is not None else [None] * len(selectors)
    found: list[Located] = []
    budget = FUZZY_LIMIT if fuzzy else 0
    for selector, anchor, position in zip(selectors, anchor_all(text, selectors), hints, strict=True):
        if anchor.status == "ambiguous" and position is not None and position in anchor.candidates:
            anchor = Anchor("ok", position, position + len(selector.exact), (position,))
        if anchor.status == "not-found" and budget > 0:
            budget -= 1
            # Imported here: the approximate search is needed only when a quote does not anchor.
            from marginalia.anchoring.fuzzy import reanchor

            found.append(Located(anchor, reanchor(text, selector, position)))
        else:
            found.append(Located(anchor))
    return found


def locate(text: str, selector: Selector, position: int | None = None, fuzzy: bool = True) -> Located:
    return locate_all(text, [selector], fuzzy, [position])[0]


@dataclass(frozen=True)
class Occurrences:
    """Every start of a bare quote in a text, made by `occurrences` for `make note` (notestub.find_passage) and
    from-issue; exact matches, else matches up to typographic look-alikes."""

    starts: tuple[int, ...]
    quote: str  # as the text writes it (differs from the typed quote when `folded`)
    folded: bool = False  # found only once typographic look-alikes were folded


def occurrences(text: str, quote: str) -> Occurrences:
    """Every start of `quote` in `text`: exact, else identical up to typographic look-alikes."""
    starts = find_occurrences(text, [quote]).get(quote, [])
    if starts or not quote:
        return Occurrences(tuple(starts), quote)
    needle = fold_lookalikes(quote)
    starts = find_occurrences(fold_lookalikes(text), [needle]).get(needle, [])
    if not starts:
        return Occurrences((), quote)
    written = text[starts[0]:starts[0] + len(quote)]
    return Occurrences(tuple(starts), written, written != quote)


@dataclass(frozen=True)
class Passage:
    """The passage of a text most like a quote that does not anchor, made by `closest_passage` for the "closest
    passage (N% similar)" hint of the build's orphan errors, `make note`, from-issue and the import."""

    start: int  # offsets in the text searched
    end: int
    text: str
    similarity: float  # similarity.similarity: the "% similar" shown to editors


def closest_passage(text: str, quote: str, block_break: str = BLOCK_BREAK) -> Passage | None:
    """The passage most like `quote` (within one paragraph when the quote is), or None when even
    that one is less than CLOSEST_FLOOR similar."""
    if not quote.strip():
        return None
    haystack = fold_lookalikes(text)
    if block_break and block_break not in quote:
        # Search paragraph by paragraph, so the passage never runs into the next one.
        best: Passage | None = None
        offset = 0
        for paragraph in haystack.split(block_break):
            candidate = _closest_in(paragraph, text[offset:offset + len(paragraph)], quote, offset)
            if candidate is not None and (best is None or candidate.similarity > best.similarity):
                best = candidate
            offset += len(paragraph) + len(block_break)
        return best
    return _closest_in(haystack, text, quote, 0)


def _closest_in(folded: str, original: str, quote: str, offset: int) -> Passage | None:
    found = closest_alignment(folded, fold_lookalikes(quote))
    if found is None:
        return None
    start, end, _ = found
    # A hint reads better in whole words (as words.py defines them): widen a passage that starts
    # or ends inside one.
    while inside_word(folded, start):
        start -= 1
    while inside_word(folded, end):
        end += 1
    value = similarity(quote, original[start:end])
    if value < CLOSEST_FLOOR:
        return None
    return Passage(offset + start, offset + end, original[start:end], value)
