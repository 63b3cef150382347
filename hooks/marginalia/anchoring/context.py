"""The shortest context that makes a selection anchor: for proposals, note stubs and imports.

Given a selection [start, end) of a text, `shortest_unique_context` returns the Selector (quote,
prefix, suffix) with the least context under which exact anchoring finds that range and no other.
"""
from __future__ import annotations

from collections.abc import Callable

from marginalia.anchoring.exact import Selector, find_occurrences


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
