"""Quotation marks in a note claim recorded words: each quotation must be found where it is recorded.

The rule (annotations/FORMAT.md, "Quotations"): every passage between double quotation marks ("…" or
“…”) in a note's `body` or `detail` is found in the essay the note belongs to, or in a `supports:`
of one of the note's own sources, or in the title (or title_en) of one of those sources. Matching
forgives typography, not wording: case, curly or straight quotes and apostrophes, dash variants,
spacing and Markdown emphasis are ignored, and an ellipsis or an editor's [insertion] splits the
quotation into fragments that must all be found, in order, in the same text.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from marginalia.diagnostics import DiagnosticSink, Location

# Double quotation marks only: single quotes double as apostrophes and mark quotes within quotes.
QUOTATION = re.compile(r"“([^“”]+?)”|\"([^\"]+?)\"")
# Text that is not prose: code spans, cross-references, link targets. Blanked before searching.
NOT_PROSE = re.compile(r"`[^`]*`|\[\[[^\]]*\]\]|\]\([^)]*\)")
_TRANSLATE = str.maketrans({
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"',
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
    "…": "...", "*": "", "_": "",
})
_SPLIT = re.compile(r"\.\.\.|\[[^\]]*\]")


def normalize(text: str) -> str:
    """The typographic variants of the same words made equal."""
    text = unicodedata.normalize("NFKC", text).translate(_TRANSLATE).casefold()
    return re.sub(r"\s+", " ", text).strip()


def fragments(quotation: str) -> list[str]:
    """A quotation's pieces to look for: split at ellipses and [insertions], trimmed of end punctuation."""
    pieces = (piece.strip(" .,;:!?'\"-") for piece in _SPLIT.split(normalize(quotation)))
    return [piece for piece in pieces if piece]


def found_in(quotation: str, text: str) -> bool:
    """True when every fragment of the quotation occurs in `text` (normalized), in order."""
    return _found(fragments(quotation), normalize(text))


def _found(pieces: list[str], haystack: str) -> bool:
    """True when every piece occurs in the (already normalized) haystack, in order."""
    position = 0
    for piece in pieces:
        at = haystack.find(piece, position)
        if at < 0:
            return False
        position = at + len(piece)
    return bool(pieces)


@dataclass(frozen=True)
class Quotation:
    """A double-quoted passage in a note's body or detail, found by `quotations()`; `check_field` warns when its
    words are in neither the essay nor a claim or title of the note's sources (policy.yml `quotations: warn`)."""

    text: str
    offset: int  # of the opening quotation mark in the field's value


def quotations(markdown: str) -> list[Quotation]:
    """Double-quoted passages of prose that contain a letter or digit (not "?" and the like)."""
    prose = NOT_PROSE.sub(lambda m: " " * len(m.group()), markdown)
    found = []
    for match in QUOTATION.finditer(prose):
        inner = match.group(1) if match.group(1) is not None else match.group(2)
        if "\n\n" in inner or not any(ch.isalnum() for ch in inner):
            continue
        found.append(Quotation(inner, match.start()))
    return found


def check_field(owner: str, value: str, normalized_places: Iterable[str], where: Callable[[int], Location],
                cited: tuple[str, ...], sink: DiagnosticSink) -> None:
    """Warn at each quotation of `value` found in none of the places (the essay, claims, titles).

    The places come already passed through `normalize`: the caller normalizes the essay once per
    text, not once per quotation (the essay is the longest place, and every note searches it).
    """
    haystacks = list(normalized_places)
    for quotation in quotations(value):
        pieces = fragments(quotation.text)
        if any(_found(pieces, haystack) for haystack in haystacks):
            continue
        shown = re.sub(r"\s+", " ", quotation.text.strip())
        sink.warning(where(quotation.offset),
                     f"{owner} quotes “{shown}”, which is neither in the essay nor in a supports: of its sources",
                     "hint: under the source that records these words, add `supports:` with them "
                     f"(sources cited here: {', '.join(cited) or 'none'}), or paraphrase without quotation marks; "
                     "write words used as words in *italics*")
