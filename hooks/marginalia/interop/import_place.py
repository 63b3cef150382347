"""Placing an imported annotation in the reading text, with the one quote locator.

The TextQuoteSelector is located exactly, then approximately (anchoring.locate: the recorded
prefix and suffix choose between occurrences, the TextPositionSelector is a hint); the
TextPositionSelector alone places an annotation that has no quote.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from marginalia.anchoring.exact import BLOCK_BREAK, Selector
from marginalia.anchoring.locate import Located, closest_passage, locate
from marginalia.anchoring.selector_yaml import yaml_string
from marginalia.anchoring.similarity import percent_similar
from marginalia.interop.import_read import Incoming

SHOWN = 3  # occurrences listed in one message


@dataclass(frozen=True)
class Placement:
    """Where an imported annotation's passage lies in the text, or why it could not be placed: made by `place`
    for import_notes, which keeps a placed annotation as a note and an unplaced one as an orphan that
    import_cmd reports with `problem` and `hints`."""

    start: int = -1  # offsets in the text; -1 when not placed
    end: int = -1
    problem: str = ""  # empty when placed
    hints: tuple[str, ...] = ()
    warning: str = ""  # set when placed approximately

    @property
    def ok(self) -> bool:
        return not self.problem


def _squash(value: str) -> str:
    return re.sub(r"\s+", " ", value)


def _context(text: str, start: int, end: int) -> str:
    return f"…{text[max(0, start - 30):end + 30]}…".replace(BLOCK_BREAK, " ¶ ")


def place(text: str, incoming: Incoming) -> Placement:
    """Where the annotation's passage is in `text`, or why it could not be placed."""
    position = incoming.position
    if incoming.exact is None:
        if position is None:
            return Placement(problem="the annotation has no TextQuoteSelector or TextPositionSelector")
        start, end = position
        if end > len(text):
            return Placement(problem=f"TextPositionSelector {start}–{end} is beyond the essay's end ({len(text)})")
        if BLOCK_BREAK in text[start:end]:
            return Placement(problem="TextPositionSelector spans two paragraphs")
        return Placement(start, end)
    hint = position[0] if position else None
    selector = Selector(incoming.exact, incoming.prefix, incoming.suffix)
    found = locate(text, selector, hint)
    squashed = Selector(" ".join(selector.exact.split()), _squash(selector.prefix), _squash(selector.suffix))
    if found.status == "orphan" and not found.exact.candidates and squashed != selector:
        # Page text keeps the HTML source's line breaks and runs of spaces; the essay has single spaces.
        selector, found = squashed, locate(text, squashed, hint)
    return _placement(text, selector, found)


def _placement(text: str, selector: Selector, found: Located) -> Placement:
    exact = selector.exact
    if found.status == "ok":
        return Placement(found.start, found.end)
    if found.status == "drifted" and found.match is not None:
        passage = text[found.start:found.end]
        similar = percent_similar(found.match.quote_score)
        return Placement(found.start, found.end,
                         warning=f"quote {exact!r} placed approximately, at {yaml_string(passage)} ({similar})")
    if found.status == "spans-blocks":
        return Placement(problem="the quote spans two paragraphs; notes anchor within one")
    if found.status == "ambiguous" or (found.fuzzy is not None and found.fuzzy.reason == "ambiguous"):
        if found.status == "ambiguous":
            spans = [(s, s + len(exact)) for s in found.exact.candidates]
        else:
            assert found.fuzzy is not None and found.fuzzy.match is not None
            spans = [(m.start, m.end) for m in (found.fuzzy.match, *found.fuzzy.rivals)]
        return Placement(problem=f"ambiguous quote: {exact!r} occurs {len(spans)} times and the prefix/suffix "
                                 "do not tell the occurrences apart",
                         hints=tuple(f"occurrence at offset {s}: {_context(text, s, e)}" for s, e in spans[:SHOWN]))
    closest = closest_passage(text, exact)
    hints = (f"closest passage ({percent_similar(closest.similarity)}): {closest.text!r}",) if closest else ()
    return Placement(problem=f"quote not found in the essay: {exact!r}", hints=hints)
