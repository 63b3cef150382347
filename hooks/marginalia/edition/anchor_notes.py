"""Anchoring the notes of one text, and the wording of what goes wrong: ambiguous, spanning
paragraphs, drifted (re-anchored with a warning) or orphaned (not found).

build.py orchestrates; this module owns the messages editors read about quotes.
"""
from __future__ import annotations

import json
import unicodedata

from marginalia.anchoring import quote_anchoring as anchoring
from marginalia.diagnostics import DiagnosticSink, Location
from marginalia.loading.model import Note

Placement = tuple[int, int, Note, str]


def anchor_notes(text: str, notes: list[Note], sink: DiagnosticSink, fuzzy: bool) -> list[Placement]:
    """Anchor every note of one text; report what fails. Returns (start, end, note, status) in
    reading order; status is "ok" or "drifted" (re-anchored by fuzzy matching, a warning)."""
    selectors = [anchoring.Selector(n.quote, n.prefix, n.suffix) for n in notes]
    results = anchoring.anchor_all(text, selectors)
    placed: list[Placement] = []
    for note, result in zip(notes, results):
        where = note.field_locations.get("quote", note.location)
        if result.status == "ok":
            placed.append((result.start, result.end, note, "ok"))
        elif result.status == "ambiguous":
            suggestions = [anchoring.shortest_unique_context(text, s, s + len(note.quote)) for s in result.candidates[:3]]
            hints = [f"occurrence {i + 1}: …{_context(text, s, len(note.quote))}…  → prefix: {sel.prefix!r}  suffix: {sel.suffix!r}"
                     for i, (s, sel) in enumerate(zip(result.candidates, suggestions))]
            sink.error(where, f"ambiguous quote in note '{note.id}': {note.quote!r} occurs "
                              f"{len(result.candidates)} times in the essay",
                       *hints, "hint: add a prefix or suffix (text just before or after) to pick one")
        elif result.status == "spans-blocks":
            sink.error(where, f"quote in note '{note.id}' spans two paragraphs",
                       "hint: a note's quote must lie within one paragraph; quote the part that matters")
        else:
            _report_missing(note, text, result, where, sink, fuzzy, placed)
    placed.sort(key=lambda item: (item[0], -item[1]))
    return placed


def _context(text: str, start: int, length: int, width: int = 24) -> str:
    return text[max(0, start - width):start + length + width].replace("\n", " ¶ ")


def _report_missing(note: Note, text: str, result: anchoring.Anchor, where: Location, sink: DiagnosticSink,
                    fuzzy: bool, placed: list) -> None:
    orphan_hints: list[str] = []
    if fuzzy:
        outcome = anchoring.reanchor(text, anchoring.Selector(note.quote, note.prefix, note.suffix))
        if outcome.status == "drifted" and outcome.match is not None:
            match = outcome.match
            placed.append((match.start, match.end, note, "drifted"))
            sink.warning(where, f"quote of note '{note.id}' drifted; re-anchored to "
                                f"{_yaml_string(text[match.start:match.end])} ({match.quote_score:.0%} similar)",
                         *_drift_hints(note, text, match))
            return
        orphan_hints = _orphan_hints(outcome, text)
    if result.candidates:
        # The quote exists but prefix/suffix rule every occurrence out.
        sink.error(where, f"quote in note '{note.id}' is in the essay, but not with the given prefix/suffix",
                   f"prefix: {note.prefix!r} suffix: {note.suffix!r}",
                   f"the quote occurs at: …{_context(text, result.candidates[0], len(note.quote))}…",
                   *orphan_hints,
                   "hint: copy prefix and suffix from the page, or remove them if the quote is unique")
        return
    closest = anchoring.closest_passages(text, note.quote, limit=1)
    hints: list[str] = []
    if closest:
        best = closest[0]
        hints.append(f"closest passage ({best.similarity:.0%} similar): {best.text!r}")
        if anchoring.normalize_lookalikes(best.text) == anchoring.normalize_lookalikes(note.quote):
            hints.append("hint: the essay uses typographic characters (’ “ ” – —); copy the passage from the page")
    else:
        hints.append("no similar passage in the essay")
    sink.error(where, f"quote not found in the essay: {note.quote!r}", *orphan_hints, *hints)


def _yaml_string(value: str) -> str:
    """A double-quoted YAML scalar for editors to copy back (JSON strings are valid YAML).

    Invisible characters (no-break and zero-width spaces, direction marks) are written as \\u
    escapes, so a difference the editor cannot see on the page can be seen in the hint.
    """
    return "".join(f"\\u{ord(char):04x}" if _invisible(char) else char
                   for char in json.dumps(value, ensure_ascii=False))


def _invisible(char: str) -> bool:
    return char != " " and unicodedata.category(char) in ("Cf", "Zs", "Zl", "Zp")


def _drift_hints(note: Note, text: str, match: anchoring.FuzzyMatch) -> list[str]:
    """The selector to write so the note anchors exactly again, as YAML lines."""
    proposal = anchoring.shortest_unique_context(text, match.start, match.end)
    lines = [f"  quote: {_yaml_string(proposal.exact)}"]
    if proposal.prefix:
        lines.append(f"  prefix: {_yaml_string(proposal.prefix)}")
    if proposal.suffix:
        lines.append(f"  suffix: {_yaml_string(proposal.suffix)}")
    dropped = [name for name in ("prefix", "suffix") if getattr(note, name) and not getattr(proposal, name)]
    if unicodedata.normalize("NFC", proposal.exact) == unicodedata.normalize("NFC", note.quote):
        lines.append("  (the texts differ only in Unicode composition, e.g. é written as e + a combining "
                     "accent: copy the line above rather than retyping it)")
    elif anchoring.normalize_lookalikes(proposal.exact) == anchoring.normalize_lookalikes(note.quote):
        lines.append("  (the essay uses typographic characters (’ “ ” – —) where the quote has plain ones)")
    return [f"was: {_yaml_string(note.quote)}",
            "hint: the quote no longer matches the essay exactly (a typo in the YAML or a change in the text); if the new passage is right, write:", *lines,
            *([f"  (and delete the {' and '.join(dropped)})"] if dropped else []),
            "the note is shown at the new passage; `mkdocs build --strict` fails until the YAML is updated"]


def _orphan_hints(outcome: anchoring.Reanchor, text: str) -> list[str]:
    """Why fuzzy re-anchoring refused to guess: the note is an orphan."""
    if outcome.reason == "ambiguous" and outcome.match is not None:
        passages = [outcome.match, *outcome.rivals][:4]
        return ["orphan: several passages resemble the quote and its prefix/suffix cannot tell them apart, "
                "so the note is not re-anchored:",
                *(f"  …{_context(text, m.start, m.end - m.start)}… ({m.quote_score:.0%} similar)" for m in passages),
                "hint: quote the passage as it now reads, with a prefix or suffix if it occurs more than once"]
    if outcome.reason == "below-threshold" and outcome.match is not None:
        m = outcome.match
        return [f"orphan: the closest passage, {_yaml_string(text[m.start:m.end])}, scores {m.score:.2f} "
                f"with its prefix/suffix (re-anchoring needs {anchoring.DRIFT_THRESHOLD})"]
    return []
