"""Quote anchoring with W3C TextQuoteSelector semantics.

A selector is (exact, prefix, suffix). It anchors when exactly one occurrence of `exact` in the
essay text is preceded by `prefix` and followed by `suffix`. All quotes are located in one pass
with an Aho-Corasick automaton, so anchoring N quotes on a text of M characters costs
O(M + total quote length + occurrences), not O(N * M). A quote that no longer anchors exactly is
re-anchored approximately or declared an orphan: see "Drift" below.
"""
from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass
from typing import Callable, Iterable, Literal, Sequence

import ahocorasick

# Characters editors commonly type instead of the essay's typographic ones.
_LOOKALIKES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})

Status = Literal["ok", "ambiguous", "not-found", "spans-blocks"]


@dataclass(frozen=True)
class Selector:
    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Anchor:
    status: Status
    start: int = -1
    end: int = -1
    candidates: tuple[int, ...] = ()  # start offsets of every matching occurrence

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def find_occurrences(text: str, needles: Iterable[str]) -> dict[str, list[int]]:
    """Start offsets of every (possibly overlapping) occurrence of each needle, in one scan."""
    automaton = ahocorasick.Automaton()
    wanted = {n for n in needles if n}
    for needle in wanted:
        automaton.add_word(needle, needle)
    found: dict[str, list[int]] = {needle: [] for needle in wanted}
    if not wanted:
        return found
    automaton.make_automaton()
    for end_index, needle in automaton.iter(text):
        found[needle].append(end_index - len(needle) + 1)
    return found


def anchor_all(text: str, selectors: Sequence[Selector],
               block_breaks: str = "\n") -> list[Anchor]:
    """Anchor every selector in `text`; the result list is parallel to `selectors`."""
    occurrences = find_occurrences(text, (s.exact for s in selectors))
    return [_resolve(text, s, occurrences.get(s.exact, []), block_breaks) for s in selectors]


def anchor_one(text: str, selector: Selector) -> Anchor:
    return anchor_all(text, [selector])[0]


def _resolve(text: str, selector: Selector, starts: list[int], block_breaks: str) -> Anchor:
    length = len(selector.exact)
    matching = tuple(
        start for start in starts
        if text.startswith(selector.prefix, start - len(selector.prefix)) and start >= len(selector.prefix)
        and text.startswith(selector.suffix, start + length)
    )
    if not matching:
        return Anchor("not-found", candidates=tuple(starts))
    if len(matching) > 1:
        return Anchor("ambiguous", candidates=matching)
    start = matching[0]
    if block_breaks and block_breaks in selector.exact:
        return Anchor("spans-blocks", start, start + length, matching)
    return Anchor("ok", start, start + length, matching)


def normalize_lookalikes(value: str) -> str:
    return unicodedata.normalize("NFC", value).translate(_LOOKALIKES)


@dataclass(frozen=True)
class Passage:
    start: int
    end: int
    text: str
    similarity: float


def closest_passages(text: str, quote: str, limit: int = 1, floor: float = 0.5) -> list[Passage]:
    """Passages of `text` most similar to `quote`, for "did you mean" hints and drift repair.

    Coarse pass: windows of the quote's length starting at word starts, pruned by quick_ratio.
    Fine pass: the best windows' ends (and starts) are moved a few characters either way, so an
    inserted or deleted character does not leave a ragged passage.
    """
    if not quote.strip():
        return []
    target = normalize_lookalikes(quote)
    normalized = normalize_lookalikes(text)
    width = len(target)
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(target)

    def score(start: int, end: int) -> float:
        matcher.set_seq1(normalized[start:end])
        if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
            return 0.0
        return matcher.ratio()

    starts = [0] + [i + 1 for i, ch in enumerate(normalized) if ch in " \n" and i + 1 < len(normalized)]
    coarse = [(score(start, min(len(normalized), start + width)), start) for start in starts]
    coarse = sorted((c for c in coarse if c[0] >= floor), reverse=True)[: max(8, limit * 4)]
    slack = max(3, width // 10)
    refined: list[Passage] = []
    for _, start in coarse:
        best = (0.0, start, start + width)
        for new_start in range(max(0, start - 3), min(len(normalized), start + 4)):
            for new_end in range(max(new_start + 1, new_start + width - slack), min(len(normalized), new_start + width + slack) + 1):
                ratio = score(new_start, new_end)
                if ratio > best[0] or (ratio == best[0] and new_end - new_start == width):
                    best = (ratio, new_start, new_end)
        if best[0] >= floor:
            refined.append(Passage(best[1], best[2], text[best[1]:best[2]], best[0]))
    refined.sort(key=lambda p: (-p.similarity, p.start))
    chosen: list[Passage] = []
    for passage in refined:
        if all(abs(passage.start - c.start) > width // 2 for c in chosen):
            chosen.append(passage)
        if len(chosen) == limit:
            break
    return chosen


def shortest_unique_context(text: str, start: int, end: int, word_boundaries: bool = True) -> Selector:
    """The shortest prefix/suffix that make text[start:end] anchor at exactly this range.

    Grows prefix and suffix together one character at a time (then rounds to word boundaries
    so editors get readable YAML), checking uniqueness with the same rules as anchoring.
    """
    exact = text[start:end]
    occurrences = find_occurrences(text, [exact])[exact]

    def unique(prefix_len: int, suffix_len: int) -> bool:
        prefix = text[start - prefix_len:start] if prefix_len else ""
        suffix = text[end:end + suffix_len]
        return len([s for s in occurrences
                    if s >= len(prefix) and text.startswith(prefix, s - len(prefix))
                    and text.startswith(suffix, s + len(exact))]) == 1

    if unique(0, 0):
        return Selector(exact)
    # Prefer context within the quote's own paragraph: a prefix that reaches into the previous
    # paragraph works, but an editor reading the YAML would not expect it.
    paragraph_start = text.rfind("\n", 0, start) + 1
    paragraph_end = text.find("\n", end)
    paragraph_end = len(text) if paragraph_end == -1 else paragraph_end
    for max_prefix, max_suffix in ((start - paragraph_start, paragraph_end - end), (start, len(text) - end)):
        selector = _grow_context(text, start, end, max_prefix, max_suffix, unique, word_boundaries)
        if selector is not None:
            return selector
    return Selector(exact, text[:start], text[end:])


def _grow_context(text: str, start: int, end: int, max_prefix: int, max_suffix: int,
                  unique: Callable[[int, int], bool], word_boundaries: bool) -> Selector | None:
    exact = text[start:end]
    for grow in range(1, max(max_prefix, max_suffix) + 1):
        for prefix_len, suffix_len in ((min(grow, max_prefix), 0), (0, min(grow, max_suffix)),
                                        (min(grow, max_prefix), min(grow, max_suffix))):
            if unique(prefix_len, suffix_len):
                if word_boundaries:
                    prefix_len = _round_back_to_word(text, start, prefix_len)
                    suffix_len = _round_forward_to_word(text, end, suffix_len)
                return Selector(exact, text[start - prefix_len:start] if prefix_len else "",
                                text[end:end + suffix_len])
    return None


def _round_back_to_word(text: str, start: int, length: int) -> int:
    if length == 0:
        return 0
    while start - length > 0 and not text[start - length - 1].isspace() and length < start:
        length += 1
    return length


def _round_forward_to_word(text: str, end: int, length: int) -> int:
    if length == 0:
        return 0
    while end + length < len(text) and not text[end + length].isspace():
        length += 1
    return length


# Drift: fuzzy re-anchoring ---------------------------------------------------------------------
#
# When the essay changes (a typo fixed, an emendation declared), a note's quote may no longer occur
# exactly. As the Hypothesis client does, we then search approximately with a bounded error budget
# and score every candidate passage with named weights for quote, prefix and suffix similarity.
# The best candidate is accepted ("drifted", reported as a warning with the new selector proposed)
# only when it is good enough AND the only plausible passage; otherwise the note is an orphan (an
# error). Guessing between two similar passages would attach a note to the wrong words, which is
# worse than failing the build.
#
# The numbers, and why:
# - ERROR_BUDGET 0.2: at most one edit (insertion, deletion or substitution) per five characters of
#   the quote. A fixed typo, a restored dash or a curly apostrophe costs one or two edits; a quote
#   shorter than five characters is never re-anchored at all, as too little evidence.
# - DRIFT_THRESHOLD 0.8 on the weighted score (quote 50, prefix 20, suffix 20, as in Hypothesis;
#   a missing prefix or suffix counts as matching). Unrelated text still aligns about 40% by chance,
#   so a context that no longer agrees scores about 0.4, not 0. Accepted: a quote within budget
#   whose context agrees (a typo fixed: ~0.97), or an exact quote with one stale context (~0.86).
#   Refused: both prefix and suffix given and neither agrees (~0.75 even for an exact quote), or a
#   quote at the edge of its budget whose context changed too (~0.7).
# - Uniqueness: when a second passage (not overlapping the best) is also within the budget, quote
#   similarity is not allowed to choose between them: the note's own passage may have been reworded
#   more than its near twin elsewhere. Only the context may choose, and only by CONTEXT_MARGIN 0.1
#   (on the prefix/suffix part of the score); without a prefix or suffix such a note is an orphan.

QUOTE_WEIGHT = 50
PREFIX_WEIGHT = 20
SUFFIX_WEIGHT = 20
ERROR_BUDGET = 0.2
DRIFT_THRESHOLD = 0.8
CONTEXT_MARGIN = 0.1


@dataclass(frozen=True)
class FuzzyMatch:
    start: int
    end: int
    errors: int  # edit distance between the quote and text[start:end]
    quote_score: float  # 1 - errors / len(quote): the "% similar" shown to editors
    prefix_score: float
    suffix_score: float

    @property
    def score(self) -> float:
        raw = (QUOTE_WEIGHT * self.quote_score + PREFIX_WEIGHT * self.prefix_score
               + SUFFIX_WEIGHT * self.suffix_score)
        return raw / (QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT)

    @property
    def context_score(self) -> float:
        """How well the given prefix and suffix agree with the text around this passage (0..1)."""
        return ((PREFIX_WEIGHT * self.prefix_score + SUFFIX_WEIGHT * self.suffix_score)
                / (PREFIX_WEIGHT + SUFFIX_WEIGHT))


@dataclass(frozen=True)
class Reanchor:
    status: Literal["drifted", "orphan"]
    reason: Literal["re-anchored", "no-candidate", "below-threshold", "ambiguous"]
    match: FuzzyMatch | None = None  # the passage chosen (drifted) or the best one refused (orphan)
    rivals: tuple[FuzzyMatch, ...] = ()  # other passages the context cannot rule out (ambiguous)


def _myers_scores(pattern: str, text: str, anchored: bool) -> list[int]:
    """Myers' bit-parallel edit distance, one value per character of `text` consumed.

    Unanchored (search): value j is the least edit distance between `pattern` and any substring of
    text ending at j + 1. Anchored: value j is the edit distance between `pattern` and text[:j + 1].
    O(len(text)) big-integer operations, so searching the whole essay stays cheap.
    """
    length = len(pattern)
    if length == 0:
        return [0] * len(text)
    peq: dict[str, int] = {}
    for index, char in enumerate(pattern):
        peq[char] = peq.get(char, 0) | (1 << index)
    mask = (1 << length) - 1
    last = 1 << (length - 1)
    carry = 1 if anchored else 0  # anchored: row 0 grows by one per text character
    pv, mv, score = mask, 0, length
    scores: list[int] = []
    for char in text:
        eq = peq.get(char, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & last:
            score += 1
        elif mh & last:
            score -= 1
        ph = ((ph << 1) | carry) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
        scores.append(score)
    return scores


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance between two strings."""
    if not a or not b:
        return len(a) + len(b)
    return _myers_scores(a, b, anchored=True)[-1]


def _best_alignment_ending_at(text: str, end: int, pattern: str, slack: int) -> tuple[int, int]:
    """(errors, start) of the closest match of `pattern` to text[start:end], start chosen freely."""
    window = text[max(0, end - len(pattern) - slack):end][::-1]
    scores = _myers_scores(pattern[::-1], window, anchored=True)
    best_errors, best_length = len(pattern), 0  # the empty alignment: delete the whole pattern
    for index, errors in enumerate(scores):
        length = index + 1
        if (errors, abs(length - len(pattern))) < (best_errors, abs(best_length - len(pattern))):
            best_errors, best_length = errors, length
    return best_errors, end - best_length


def _best_alignment_starting_at(text: str, start: int, pattern: str, slack: int) -> int:
    """Errors of the closest match of `pattern` to text[start:end], end chosen freely."""
    window = text[start:start + len(pattern) + slack]
    return min([len(pattern), *_myers_scores(pattern, window, anchored=True)])


def approximate_matches(text: str, quote: str, max_errors: int) -> list[tuple[int, int, int]]:
    """(start, end, errors) of passages within `max_errors` edits of `quote`, one per local best."""
    scores = _myers_scores(quote, text, anchored=False)
    found: dict[tuple[int, int], int] = {}
    for index, errors in enumerate(scores):
        if errors > max_errors:
            continue
        if index > 0 and scores[index - 1] < errors or index + 1 < len(scores) and scores[index + 1] < errors:
            continue  # a neighbouring end aligns better: same passage, worse fit
        end = index + 1
        errors_here, start = _best_alignment_ending_at(text, end, quote, max_errors)
        found.setdefault((start, end), errors_here)
    return [(start, end, errors) for (start, end), errors in sorted(found.items())]


def _context_score(expected: str, errors: int) -> float:
    return 1.0 if not expected else max(0.0, 1.0 - errors / len(expected))


def score_candidates(text: str, selector: Selector, block_breaks: str = "\n") -> list[FuzzyMatch]:
    """Every distinct passage within the error budget of the quote, scored, best first."""
    quote = selector.exact
    budget = int(len(quote) * ERROR_BUDGET)
    matches: list[FuzzyMatch] = []
    for start, end, errors in approximate_matches(text, quote, budget):
        if block_breaks and block_breaks in text[start:end] and block_breaks not in quote:
            continue  # a passage never spans paragraphs
        prefix_errors = (_best_alignment_ending_at(text, start, selector.prefix, len(selector.prefix))[0]
                         if selector.prefix else 0)
        suffix_errors = (_best_alignment_starting_at(text, end, selector.suffix, len(selector.suffix))
                         if selector.suffix else 0)
        matches.append(FuzzyMatch(start, end, errors, 1.0 - errors / len(quote),
                                  _context_score(selector.prefix, prefix_errors),
                                  _context_score(selector.suffix, suffix_errors)))
    matches.sort(key=lambda m: (-m.score, m.errors, m.start))
    # Alignments of one passage overlap (a character more or less at either end): keep the best.
    distinct: list[FuzzyMatch] = []
    for match in matches:
        if all(match.end <= kept.start or match.start >= kept.end for kept in distinct):
            distinct.append(match)
    return distinct


def reanchor(text: str, selector: Selector, block_breaks: str = "\n") -> Reanchor:
    """Fuzzy anchoring of a selector that no longer anchors exactly: drifted or orphan."""
    if not selector.exact:
        return Reanchor("orphan", "no-candidate")
    candidates = score_candidates(text, selector, block_breaks)
    if not candidates:
        return Reanchor("orphan", "no-candidate")
    best = candidates[0]
    rivals = tuple(c for c in candidates[1:] if c.context_score > best.context_score - CONTEXT_MARGIN)
    if rivals:
        return Reanchor("orphan", "ambiguous", best, rivals)
    if best.score < DRIFT_THRESHOLD:
        return Reanchor("orphan", "below-threshold", best)
    return Reanchor("drifted", "re-anchored", best)
