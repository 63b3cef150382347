"""Anchoring the notes of one text, and the wording of what goes wrong: ambiguous, spanning
paragraphs, drifted (re-anchored, a warning) or orphaned (an error).

build.py orchestrates; this module owns the messages editors read about quotes. Every message
names the note, and every suggested fix is a block of YAML lines (quote, prefix, suffix) that,
put in place of the note's own quote/prefix/suffix as shown, anchors the note.
"""
from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from marginalia.anchoring.context import shortest_unique_context
from marginalia.anchoring.exact import BLOCK_BREAK, Selector
from marginalia.anchoring.locate import FUZZY_LIMIT, Located, closest_passage, locate_all
from marginalia.anchoring.selector_yaml import selector_lines, yaml_string
from marginalia.anchoring.similarity import normalize_lookalikes, percent_similar
from marginalia.diagnostics import DiagnosticSink, Location
from marginalia.loading.model import Note

if TYPE_CHECKING:
    from marginalia.anchoring.fuzzy import FuzzyMatch

Placement = tuple[int, int, Note, str]
REPLACE = "replace the note's quote, prefix and suffix with:"
SHOWN = 3  # occurrences or passages listed in one message


def anchor_notes(text: str, notes: list[Note], sink: DiagnosticSink, fuzzy: bool) -> list[Placement]:
    """Anchor every note of one text; report what fails. Returns (start, end, note, status) in
    reading order; status is "ok" or "drifted" (re-anchored by fuzzy matching, a warning)."""
    selectors = [Selector(n.quote, n.prefix, n.suffix) for n in notes]
    placed: list[Placement] = []
    hinted = 0  # "closest passage" hints cost a pass over the text each: bounded like fuzzy search
    for note, found in zip(notes, locate_all(text, selectors, fuzzy), strict=True):
        where = note.field_locations.get("quote", note.location)
        status = found.status
        if status == "ok":
            placed.append((found.start, found.end, note, "ok"))
        elif status == "drifted" and found.match is not None:
            placed.append((found.start, found.end, note, "drifted"))
            _report_drift(note, text, found.match, where, sink)
        elif status == "ambiguous":
            _report_ambiguous(note, text, found, where, sink)
        elif status == "spans-blocks":
            _report_spanning(note, text, found, where, sink)
        else:
            hinted += 1
            _report_orphan(note, text, found, where, sink, closest=hinted <= FUZZY_LIMIT)
    placed.sort(key=lambda item: (item[0], -item[1]))
    return placed


def _context(text: str, start: int, end: int, width: int = 24) -> str:
    return "…" + text[max(0, start - width):end + width].replace(BLOCK_BREAK, " ¶ ") + "…"


def _suggestion(text: str, start: int, end: int) -> list[str]:
    """The YAML lines that anchor a note at exactly text[start:end]."""
    return selector_lines(shortest_unique_context(text, start, end), indent="  ")


def _report_ambiguous(note: Note, text: str, found: Located, where: Location, sink: DiagnosticSink) -> None:
    starts = found.exact.candidates
    hints: list[str] = []
    for number, start in enumerate(starts[:SHOWN], start=1):
        context = _context(text, start, start + len(note.quote))
        hints.append(f"occurrence {number}: {context}; to anchor here, {REPLACE}")
        hints.extend(_suggestion(text, start, start + len(note.quote)))
    sink.error(where, f"ambiguous quote in note '{note.id}': {note.quote!r} occurs {len(starts)} times in the essay",
               *hints, "hint: a prefix or suffix (text just before or after the quote) picks one occurrence")


def _report_spanning(note: Note, text: str, found: Located, where: Location, sink: DiagnosticSink) -> None:
    start, end = found.exact.start, found.exact.end
    first_break = text.index(BLOCK_BREAK, start)
    if text[start:first_break].strip():
        part_start, part_end = start, first_break
    else:
        part_start = first_break + 1
        next_break = text.find(BLOCK_BREAK, part_start, end)
        part_end = end if next_break == -1 else next_break
    while text[part_start].isspace():
        part_start += 1
    while text[part_end - 1].isspace():
        part_end -= 1
    sink.error(where, f"quote in note '{note.id}' spans two paragraphs",
               f"hint: a note's quote must lie within one paragraph; to quote the part in the "
               f"{'first' if part_start == start else 'second'} paragraph, {REPLACE}",
               *_suggestion(text, part_start, part_end))


def _report_drift(note: Note, text: str, match: FuzzyMatch, where: Location, sink: DiagnosticSink) -> None:
    passage = text[match.start:match.end]
    why: list[str] = []
    if unicodedata.normalize("NFC", passage) == unicodedata.normalize("NFC", note.quote):
        why.append("note: the texts differ only in Unicode composition (e.g. é written as e + a combining "
                   "accent): copy the lines below rather than retyping them")
    elif normalize_lookalikes(passage) == normalize_lookalikes(note.quote):
        why.append("note: the essay uses typographic characters (’ “ ” – —) where the quote has plain ones")
    sink.warning(where, f"quote of note '{note.id}' drifted; re-anchored to {yaml_string(passage)} "
                        f"({percent_similar(match.quote_score)})",
                 f"was: {yaml_string(note.quote)}", *why,
                 "hint: the quote no longer matches the essay exactly (a typo in the YAML or a change in the "
                 f"text); if the new passage is right, {REPLACE}", *_suggestion(text, match.start, match.end),
                 "the note is shown at the new passage; `mkdocs build --strict` fails until the YAML is updated")


def _report_orphan(note: Note, text: str, found: Located, where: Location, sink: DiagnosticSink,
                   closest: bool) -> None:
    hints = _fuzzy_hints(text, found)
    candidates = found.exact.candidates
    if candidates:
        # The quote exists, but its prefix/suffix rule every occurrence out and fuzzy matching
        # could not choose by the context either.
        if not hints:
            for number, start in enumerate(candidates[:SHOWN], start=1):
                context = _context(text, start, start + len(note.quote))
                hints.append(f"occurrence {number}: {context}; to anchor there, {REPLACE}")
                hints.extend(_suggestion(text, start, start + len(note.quote)))
        sink.error(where, f"quote in note '{note.id}' is in the essay, but not with the given prefix/suffix",
                   f"the note has: prefix: {yaml_string(note.prefix)}  suffix: {yaml_string(note.suffix)}", *hints)
        return
    if not hints and not closest:
        hints.append(f"(no closest passage: more than {FUZZY_LIMIT} quotes in this text do not anchor; "
                     "fix the first ones, then check again)")
    elif not hints:
        passage = closest_passage(text, note.quote)
        if passage is None:
            hints.append("no similar passage in the essay")
        else:
            hints.append(f"closest passage ({percent_similar(passage.similarity)}): {passage.text!r}; "
                         f"if it is the one, {REPLACE}")
            hints.extend(_suggestion(text, passage.start, passage.end))
            if normalize_lookalikes(passage.text) == normalize_lookalikes(note.quote):
                hints.append("hint: the essay uses typographic characters (’ “ ” – —); copy the passage from the page")
    sink.error(where, f"quote of note '{note.id}' not found in the essay: {note.quote!r}", *hints)


def _fuzzy_hints(text: str, found: Located) -> list[str]:
    """Why fuzzy re-anchoring refused to guess (the note is an orphan), with a fix per passage."""
    fuzzy = found.fuzzy
    hints: list[str] = []
    if fuzzy is None or fuzzy.match is None:
        return hints
    if fuzzy.reason == "ambiguous":
        hints.append("orphan: several passages resemble the quote and its prefix/suffix cannot tell them apart, "
                     "so the note is not re-anchored:")
        for number, match in enumerate((fuzzy.match, *fuzzy.rivals)[:SHOWN], start=1):
            hints.append(f"passage {number}: {_context(text, match.start, match.end)} "
                         f"({percent_similar(match.quote_score)}); to anchor there, {REPLACE}")
            hints.extend(_suggestion(text, match.start, match.end))
    elif fuzzy.reason == "below-threshold":
        from marginalia.anchoring.fuzzy import DRIFT_THRESHOLD  # loaded once a quote did not anchor

        match = fuzzy.match
        hints.append(f"orphan: the closest passage ({percent_similar(match.quote_score)}) scores {match.score:.2f} "
                     f"with its prefix/suffix (re-anchoring needs {DRIFT_THRESHOLD}); if it is the one, {REPLACE}")
        hints.extend(_suggestion(text, match.start, match.end))
    return hints
