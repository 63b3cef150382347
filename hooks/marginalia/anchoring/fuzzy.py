"""Drift: fuzzy re-anchoring of a selector that no longer anchors exactly.

When the essay changes (a typo fixed, an emendation declared), a note's quote may no longer occur
exactly. As the Hypothesis client does, we then search approximately with a bounded error budget
and score every candidate passage with named weights for quote, prefix, suffix and position
similarity. The best candidate is accepted ("drifted", reported as a warning with the new
selector proposed) only when it is good enough AND the only plausible passage; otherwise the note
is an orphan (an error). Guessing between two similar passages would attach a note to the wrong
words, which is worse than failing the build.

Matching compares texts with typographic look-alikes folded (see similarity.py), so a quote typed
with ' and - finds the passage written with ’ and –; the exact stage never folds.

The numbers, and why:
- ERROR_BUDGET 0.2: at most one edit (insertion, deletion or substitution) per five characters of
  the quote. A fixed typo or a restored dash costs one or two edits; a quote shorter than five
  characters is never re-anchored at all, as too little evidence.
- DRIFT_THRESHOLD 0.8 on the weighted score (quote 50, prefix 20, suffix 20, position 2, as in
  Hypothesis; a missing prefix, suffix or position counts as matching). Unrelated text still aligns
  about 40% by chance, so a context that no longer agrees scores about 0.4, not 0. Accepted: a quote
  within budget whose context agrees (a typo fixed: ~0.97), or an exact quote with one stale
  context (~0.87). Refused: both prefix and suffix given and neither agrees (~0.74 even for an
  exact quote), or a quote at the edge of its budget whose context changed too (~0.7).
- Uniqueness: when a second passage (not overlapping the best) is also within the budget, quote
  similarity is not allowed to choose between them: the note's own passage may have been reworded
  more than its near twin elsewhere. Only the context may choose, and only by CONTEXT_MARGIN 0.1
  (on the prefix/suffix part of the score); without a prefix or suffix such a note is an orphan.
  The position hint (import only) weighs too little to choose on its own.
- Whole words: each passage found is first moved to word boundaries (words.py), within the budget
  and the paragraph, so a proposal reads "…founding ceremonies", not "…founding ceremoni"; it is
  then scored, kept or refused exactly as above, on the passage an editor will be shown.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from marginalia.anchoring.edit_distance import (
    approximate_matches,
    best_alignment_ending_at,
    best_alignment_starting_at,
)
from marginalia.anchoring.exact import BLOCK_BREAK, Selector
from marginalia.anchoring.similarity import fold_lookalikes, similarity_from_errors
from marginalia.anchoring.words import snap_to_words

QUOTE_WEIGHT = 50
PREFIX_WEIGHT = 20
SUFFIX_WEIGHT = 20
POSITION_WEIGHT = 2
ERROR_BUDGET = 0.2
DRIFT_THRESHOLD = 0.8
CONTEXT_MARGIN = 0.1


@dataclass(frozen=True)
class FuzzyMatch:
    """One passage within the error budget of a quote that no longer occurs exactly, scored against the
    selector (scores 0..1); made by `score_candidates`, and the best one's `score` decides in `reanchor`
    whether the note drifts or is an orphan."""

    start: int
    end: int
    errors: int  # edit distance between the (folded) quote and text[start:end]
    quote_score: float  # similarity.similarity_from_errors: the "% similar" shown to editors
    prefix_score: float
    suffix_score: float
    position_score: float = 1.0

    @property
    def score(self) -> float:
        raw = (QUOTE_WEIGHT * self.quote_score + PREFIX_WEIGHT * self.prefix_score
               + SUFFIX_WEIGHT * self.suffix_score + POSITION_WEIGHT * self.position_score)
        return raw / (QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT)

    @property
    def context_score(self) -> float:
        """How well the given prefix and suffix agree with the text around this passage (0..1)."""
        return ((PREFIX_WEIGHT * self.prefix_score + SUFFIX_WEIGHT * self.suffix_score)
                / (PREFIX_WEIGHT + SUFFIX_WEIGHT))


@dataclass(frozen=True)
class Reanchor:
    """The fuzzy stage's verdict on one selector, made by `reanchor` and kept in locate.Located: anchor_notes
    turns it into a drift warning or an orphan error with fixes, and the import into a Placement."""

    status: Literal["drifted", "orphan"]
    reason: Literal["re-anchored", "no-candidate", "below-threshold", "ambiguous"]
    match: FuzzyMatch | None = None  # the passage chosen (drifted) or the best one refused (orphan)
    rivals: tuple[FuzzyMatch, ...] = ()  # other passages the context cannot rule out (ambiguous)


def _context_score(expected: str, errors: int) -> float:
    return 1.0 if not expected else max(0.0, 1.0 - errors / len(expected))


def score_candidates(text: str, selector: Selector, position: int | None = None,
                     block_break: str = BLOCK_BREAK) -> list[FuzzyMatch]:
    """Every distinct passage within the error budget of the quote, scored, best first.
    `position` is a hint (a start offset recorded by another tool), weighed as in Hypothesis."""
    folded = fold_lookalikes(text)
    quote = fold_lookalikes(selector.exact)
    prefix, suffix = fold_lookalikes(selector.prefix), fold_lookalikes(selector.suffix)
    budget = int(len(quote) * ERROR_BUDGET)
    matches: list[FuzzyMatch] = []
    for found in approximate_matches(folded, quote, budget):
        # The passage as editors will read and paste it: in whole words, still within the budget
        # and the paragraph (words.py). Scored as snapped, so "% similar" describes what is shown.
        start, end, errors = snap_to_words(folded, quote, *found, budget, block_break)
        if block_break and block_break in text[start:end] and block_break not in quote:
            continue  # a passage never spans paragraphs
        prefix_errors = best_alignment_ending_at(folded, start, prefix, len(prefix))[0] if prefix else 0
        suffix_errors = best_alignment_starting_at(folded, end, suffix, len(suffix)) if suffix else 0
        where = 1.0 if position is None else max(0.0, 1.0 - abs(start - position) / max(1, len(text)))
        matches.append(FuzzyMatch(start, end, errors, similarity_from_errors(errors, len(quote)),
                                  _context_score(prefix, prefix_errors), _context_score(suffix, suffix_errors),
                                  where))
    # Ties go to the passage whose length is the quote's: it keeps a closing ” or ) that costs
    # no more to include than to leave out.
    matches.sort(key=lambda m: (-m.score, m.errors, abs(m.end - m.start - len(quote)), m.start))
    # Alignments of one passage overlap (a character more or less at either end): keep the best.
    distinct: list[FuzzyMatch] = []
    for match in matches:
        if all(match.end <= kept.start or match.start >= kept.end for kept in distinct):
            distinct.append(match)
    return distinct


def reanchor(text: str, selector: Selector, position: int | None = None,
             block_break: str = BLOCK_BREAK) -> Reanchor:
    """Fuzzy anchoring of a selector that no longer anchors exactly: drifted or orphan."""
    if not selector.exact:
        return Reanchor("orphan", "no-candidate")
    candidates = score_candidates(text, selector, position, block_break)
    if not candidates:
        return Reanchor("orphan", "no-candidate")
    best = candidates[0]
    rivals = tuple(c for c in candidates[1:] if c.context_score > best.context_score - CONTEXT_MARGIN)
    if rivals:
        return Reanchor("orphan", "ambiguous", best, rivals)
    if best.score < DRIFT_THRESHOLD:
        return Reanchor("orphan", "below-threshold", best)
    return Reanchor("drifted", "re-anchored", best)
