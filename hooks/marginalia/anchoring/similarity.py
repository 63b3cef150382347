"""The one similarity figure shown to editors ("97% similar"), defined here and nowhere else.

similarity(quote, passage) = 1 − edits / len(quote), floored at 0, where `edits` is the
Levenshtein distance between the quote and the passage after folding typographic look-alikes
(’ ‘ → ', “ ” → ", – — → -, no-break space → space). It is the quote score of fuzzy anchoring
(Hypothesis' `1 − errors / quote length`), so the figure in a hint is the figure the anchoring
decision used. Shown rounded down, so "100% similar" means identical up to look-alikes.
"""
from __future__ import annotations

import math
import unicodedata

from marginalia.anchoring.edit_distance import edit_distance

# Characters editors commonly type instead of the essay's typographic ones. One character for
# one, so folding a text keeps every offset.
_LOOKALIKES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})


def fold_lookalikes(value: str) -> str:
    """`value` with typographic look-alikes replaced by what a keyboard types; same length."""
    return value.translate(_LOOKALIKES)


def normalize_lookalikes(value: str) -> str:
    """For comparisons only (offsets may change): NFC composition, then look-alikes folded."""
    return fold_lookalikes(unicodedata.normalize("NFC", value))


def similarity_from_errors(errors: int, quote_length: int) -> float:
    if quote_length == 0:
        return 1.0 if errors == 0 else 0.0
    return max(0.0, 1.0 - errors / quote_length)


def similarity(quote: str, passage: str) -> float:
    return similarity_from_errors(edit_distance(fold_lookalikes(quote), fold_lookalikes(passage)), len(quote))


def percent_similar(value: float) -> str:
    """The figure as editors read it: "97% similar" (rounded down)."""
    return f"{math.floor(value * 100 + 1e-9)}% similar"
