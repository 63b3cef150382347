"""Quote anchoring with W3C TextQuoteSelector semantics.

A selector is (exact, prefix, suffix). It anchors when exactly one occurrence of `exact` in the
essay text is preceded by `prefix` and followed by `suffix`. All quotes are located in one pass
with an Aho-Corasick automaton, so anchoring N quotes on a text of M characters costs
O(M + total quote length + occurrences), not O(N * M).
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
