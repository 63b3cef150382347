"""Word edges: an approximately re-anchored passage is proposed to editors in whole words.

The approximate search (edit_distance.py) puts a passage's edges wherever the edit count is lowest,
which is often inside a word: a quote of "…founding ceremony" drifts to "…founding ceremoni" once
the essay says "ceremonies". An editor pastes the proposed `quote:` into the notes, so it should
read as they would have quoted it. `snap_to_words` moves each edge that falls inside a word to a
word boundary, outward (the whole word) or inward (without the fragment), whichever is closer to
the quote, and drops spaces at an edge that the quote does not have.

What a word is: a run of letters, digits and combining marks in any script (Hangul, Cyrillic,
Arabic…), with ' or ’ between two of them (China’s, don't) inside the word. Scripts written
without spaces (Han, kana, Thai, Lao, Khmer, Myanmar) give no visible word boundary, so each of
their characters counts as a word of its own: an edge next to one is never moved, rather than
swallowing a whole clause up to the next punctuation mark.
"""
from __future__ import annotations

import unicodedata

from marginalia.anchoring.edit_distance import edit_distance

APOSTROPHES = "'’"  # inside a word when between two word characters (fold_lookalikes maps ’ to ')
# Unicode character-name prefixes of scripts that do not separate words with spaces.
_UNSPACED = ("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH", "HIRAGANA", "KATAKANA",
             "THAI", "LAO", "KHMER", "MYANMAR")


def _letter_like(char: str) -> bool:
    """A letter, digit or combining mark: é written as e + U+0301 stays one word."""
    return unicodedata.category(char)[0] in "LNM"


def _unspaced(char: str) -> bool:
    return unicodedata.name(char, "").startswith(_UNSPACED)


def is_word_char(text: str, index: int) -> bool:
    """Whether text[index] belongs to a word (an apostrophe only between two letter-like characters)."""
    char = text[index]
    if _letter_like(char):
        return True
    return (char in APOSTROPHES and 0 < index < len(text) - 1
            and _letter_like(text[index - 1]) and _letter_like(text[index + 1]))


def inside_word(text: str, offset: int) -> bool:
    """Whether the offset (between text[offset - 1] and text[offset]) cuts a word in two."""
    if offset <= 0 or offset >= len(text):
        return False
    if _unspaced(text[offset - 1]) or _unspaced(text[offset]):
        return False
    return is_word_char(text, offset - 1) and is_word_char(text, offset)


def _word_start(text: str, offset: int) -> int:
    while inside_word(text, offset):
        offset -= 1
    return offset


def _word_end(text: str, offset: int) -> int:
    while inside_word(text, offset):
        offset += 1
    return offset


def _ragged(text: str, quote: str, start: int, end: int) -> int:
    """How many edges of text[start:end] an editor would not have chosen: cutting a word, or
    beginning or ending with a space the quote does not have ("…at the " for "…at the xy")."""
    return (int(inside_word(text, start)) + int(inside_word(text, end))
            + int(text[start].isspace() and not quote[:1].isspace())
            + int(text[end - 1].isspace() and not quote[-1:].isspace()))


def _start_options(text: str, quote: str, start: int, end: int) -> list[int]:
    """Where the passage may start: as found; at the start of the word it cuts (outward); past the
    fragment (inward). Inward also skips spaces, never past the passage's end."""
    options = [start]
    inward = start
    if inside_word(text, start):
        options.append(_word_start(text, start))
        inward = _word_end(text, start)
    while inward < end and text[inward].isspace() and not quote[:1].isspace():
        inward += 1
    return [*options, inward] if inward != start else options


def _end_options(text: str, quote: str, start: int, end: int) -> list[int]:
    options = [end]
    inward = end
    if inside_word(text, end):
        options.append(_word_end(text, end))
        inward = _word_start(text, end)
    while inward > start and text[inward - 1].isspace() and not quote[-1:].isspace():
        inward -= 1
    return [*options, inward] if inward != end else options


def snap_to_words(text: str, quote: str, start: int, end: int, errors: int, max_errors: int,
                  block_break: str) -> tuple[int, int, int]:
    """(start, end, errors) of text[start:end] with its edges moved to word boundaries.

    `text` and `quote` are folded alike (similarity.fold_lookalikes), `errors` is their edit
    distance over text[start:end]. Of the possible edges, the passage with the fewest ragged edges
    wins, then the one closest to the quote, then the longer one (whole words rather than fewer).
    A passage stays within `max_errors` (the error budget: snapping never turns a plausible match
    into one the policy would have refused; when no whole-word passage is within it, an edge stays
    where it was found) and within its paragraph: it neither gains nor loses a block break (a word
    never contains one, but a space skipped inward may be one, and a caller's block break might be
    any string, so it is checked, not assumed). A passage that spans two paragraphs is refused by
    the caller as found; trimming it to one would invent a candidate the search never proposed.

    A passage identical to the quote (errors 0: it differs at most by typographic look-alikes) is
    the editor's own cut, even inside a word ("…fifth annivers" typed with a straight apostrophe):
    moving its edges could only make it a worse match, so it is returned as found.
    """
    if errors == 0 or start >= end:
        return start, end, errors
    starts = _start_options(text, quote, start, end)
    ends = _end_options(text, quote, start, end)
    if len(starts) == 1 and len(ends) == 1:
        return start, end, errors
    best = (start, end, errors)
    best_key = (_ragged(text, quote, start, end), errors, start - end)
    for new_start in starts:
        for new_end in ends:
            if new_start >= new_end or (new_start, new_end) == (start, end):
                continue
            if block_break and text.count(block_break, new_start, new_end) != text.count(block_break, start, end):
                continue  # never into the next paragraph, nor out of a passage that spans two
            new_errors = edit_distance(quote, text[new_start:new_end])
            if new_errors > max_errors:
                continue
            key = (_ragged(text, quote, new_start, new_end), new_errors, new_start - new_end)
            if key < best_key:
                best, best_key = (new_start, new_end, new_errors), key
    return best
