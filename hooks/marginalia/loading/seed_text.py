"""The essay as received (seeds/<text>.txt) and the declared emendations applied to it.

The seed's lines are its blocks: title, byline lines, numbered section headings, paragraphs and
closing remarks. Every character the edition prints comes from the seed, except the characters
of declared emendations, whose spans are kept so the page can mark them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from marginalia.diagnostics import DiagnosticSink, Location
from marginalia.loading.model import Emendation, TextMeta

BlockKind = Literal["title", "byline", "heading", "paragraph", "closing"]


@dataclass(frozen=True)
class EmendedSpan:
    start: int  # offsets in the block's emended text
    end: int
    emendation: Emendation


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str  # the block's text after emendations
    source_text: str  # the seed line, verbatim
    source_line: int  # 1-based line in the seed file
    section: int  # 0 before the first heading, then the heading's number
    offset: int  # where this block starts in the essay text (blocks joined by "\n")
    emended: tuple[EmendedSpan, ...] = ()

    @property
    def end(self) -> int:
        return self.offset + len(self.text)


@dataclass(frozen=True)
class EssayText:
    text_id: str
    blocks: tuple[Block, ...]

    @property
    def text(self) -> str:
        """The rendered essay's text, blocks separated by newlines: what quotes anchor against."""
        return "\n".join(block.text for block in self.blocks)

    def block_at(self, offset: int) -> Block:
        for block in self.blocks:
            if block.offset <= offset <= block.end:
                return block
        raise ValueError(f"offset {offset} is outside the essay")

    def section_titles(self) -> dict[int, str]:
        return {b.section: b.text for b in self.blocks if b.kind == "heading"}


def locate_emendations(seed: str, emendations: list[Emendation], seed_name: str,
                       sink: DiagnosticSink) -> dict[str, int]:
    """Find each emendation's position in the seed: prefix + original + suffix must occur once."""
    positions: dict[str, int] = {}
    taken: dict[int, str] = {}
    for emendation in emendations:
        needle = emendation.prefix + emendation.original + emendation.suffix
        starts = _all_occurrences(seed, needle)
        if not starts:
            sink.error(emendation.location,
                       f"emendation '{emendation.id}' does not match {seed_name}: "
                       f"{needle!r} is not in the seed text",
                       "hint: prefix, original and suffix must be copied from the seed, not from the page")
            continue
        if len(starts) > 1:
            sink.error(emendation.location,
                       f"emendation '{emendation.id}' is ambiguous: {needle!r} occurs {len(starts)} times "
                       f"in {seed_name}",
                       "hint: lengthen prefix or suffix until the context is unique")
            continue
        position = starts[0] + len(emendation.prefix)
        if "\n" in emendation.original:
            sink.error(emendation.location, f"emendation '{emendation.id}' must not replace a line break")
            continue
        clash = next((other for start, other in taken.items()
                      if start < position + len(emendation.original) and position < start + len(
                          next(e for e in emendations if e.id == other).original)), None)
        if clash:
            sink.error(emendation.location, f"emendation '{emendation.id}' overlaps emendation '{clash}'")
            continue
        taken[position] = emendation.id
        positions[emendation.id] = position
    return positions


def _all_occurrences(haystack: str, needle: str) -> list[int]:
    found: list[int] = []
    start = haystack.find(needle)
    while start != -1:
        found.append(start)
        start = haystack.find(needle, start + 1)
    return found


def build_essay(meta: TextMeta, seed: str, emendations: list[Emendation], seed_name: str,
                sink: DiagnosticSink) -> EssayText:
    """Split the seed into blocks and apply the located emendations."""
    positions = locate_emendations(seed, emendations, seed_name, sink)
    by_id = {e.id: e for e in emendations}
    heading = re.compile(meta.heading_pattern)
    lines = seed.split("\n")
    line_starts: list[int] = []
    cursor = 0
    for line in lines:
        line_starts.append(cursor)
        cursor += len(line) + 1

    content_lines = [(number, line) for number, line in enumerate(lines, start=1) if line.strip()]
    blocks: list[Block] = []
    section = 0
    offset = 0
    closing_from = len(content_lines) - meta.closing_lines
    for index, (line_number, line) in enumerate(content_lines):
        if index == 0:
            kind: BlockKind = "title"
        elif index <= meta.byline_lines:
            kind = "byline"
        elif index >= closing_from:
            kind = "closing"
        elif heading.match(line):
            kind = "heading"
            match = re.match(r"\s*(\d+)", line)
            section = int(match.group(1)) if match else section + 1
        else:
            kind = "paragraph"
        line_start = line_starts[line_number - 1]
        here = sorted((positions[eid] - line_start, by_id[eid]) for eid in positions
                      if line_start <= positions[eid] < line_start + len(line))
        text_parts: list[str] = []
        spans: list[EmendedSpan] = []
        cursor_in_line = 0
        emended_length = 0
        for column, emendation in here:
            kept = line[cursor_in_line:column]
            text_parts.append(kept)
            emended_length += len(kept)
            spans.append(EmendedSpan(emended_length, emended_length + len(emendation.reading), emendation))
            text_parts.append(emendation.reading)
            emended_length += len(emendation.reading)
            cursor_in_line = column + len(emendation.original)
        text_parts.append(line[cursor_in_line:])
        text = "".join(text_parts)
        blocks.append(Block(kind, text, line, line_number, section if kind != "closing" else section,
                            offset, tuple(spans)))
        offset += len(text) + 1
    if not blocks:
        sink.error(Location(seed_name, 1, 1), "the seed text is empty")
    return EssayText(meta.id, tuple(blocks))
