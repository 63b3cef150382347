"""The essay as received (seeds/<text>.txt) and the declared emendations applied to it.

The seed's lines are its blocks: title, byline lines, numbered section headings, paragraphs and
closing remarks. Every character the edition prints comes from the seed, except the characters
of declared emendations, whose spans are kept so the page can mark them.
"""
from __future__ import annotations

import json
import re
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from marginalia.diagnostics import DiagnosticSink, Location
from marginalia.loading.model import Emendation, TextMeta

BlockKind = Literal["title", "byline", "heading", "paragraph", "closing"]


@dataclass(frozen=True)
class EmendedSpan:
    """Where an emendation's reading sits in a block's printed text, recorded by build_essay; the essay page
    marks and lists these spans, and term linking never cuts one in two."""

    start: int  # offsets in the block's emended text
    end: int
    emendation: Emendation


@dataclass(frozen=True)
class Block:
    """One non-empty line of the seed, classified and with its emendations applied, made by build_essay; the
    essay page renders block by block and places each note after the block that holds its passage."""

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
    """One text as the edition prints it: the seed's blocks with emendations applied, made by build_essay and
    kept in LoadedData.essays. Its `text` is what every note's quote anchors against; note and block offsets
    are offsets in it."""

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


def read_seed(path: Path, seed_name: str, sink: DiagnosticSink) -> str | None:
    """The seed's text with a UTF-8 byte order mark dropped and CRLF or CR line ends made LF, so an
    editor's Windows save changes nothing on the page (a BOM used to become part of the title)."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[:exc.start]
        line, column = before.count(b"\n") + 1, len(before) - (before.rfind(b"\n") + 1) + 1
        sink.error(Location(seed_name, line, column),
                   f"the seed is not valid UTF-8 ({exc.reason} at byte {exc.start})", "hint: save the file as UTF-8")
        return None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def locate_emendations(seed: str, emendations: list[Emendation], seed_name: str,
                       sink: DiagnosticSink) -> dict[str, int]:
    """Find each emendation's position in the seed: prefix + original + suffix must occur once."""
    found: list[tuple[int, Emendation]] = []
    for emendation in emendations:
        needle = emendation.prefix + emendation.original + emendation.suffix
        first = seed.find(needle)
        if first < 0:
            sink.error(emendation.location,
                       f"emendation '{emendation.id}' does not match {seed_name}: "
                       f"{needle!r} is not in the seed text",
                       "hint: prefix, original and suffix must be copied from the seed, not from the page")
            continue
        if seed.find(needle, first + 1) >= 0:
            sink.error(emendation.location,
                       f"emendation '{emendation.id}' is ambiguous: {needle!r} occurs {max(2, seed.count(needle))} "
                       f"times in {seed_name}",
                       "hint: lengthen prefix or suffix until the context is unique")
            continue
        if "\n" in emendation.original:
            sink.error(emendation.location, f"emendation '{emendation.id}' must not replace a line break")
            continue
        found.append((first + len(emendation.prefix), emendation))
    # Sorted by position, an emendation can only overlap the one kept just before it.
    positions: dict[str, int] = {}
    previous: tuple[int, Emendation] | None = None
    for position, emendation in sorted(found, key=lambda pair: pair[0]):
        if previous is not None and position < previous[0] + len(previous[1].original):
            sink.error(emendation.location, f"emendation '{emendation.id}' overlaps emendation '{previous[1].id}'")
            continue
        positions[emendation.id] = position
        previous = (position, emendation)
    return positions


_MAX_PLACEHOLDER_ERRORS = 20


def check_placeholders(meta: TextMeta, seed: str, emendations: list[Emendation], positions: dict[str, int],
                       seed_name: str, sink: DiagnosticSink) -> None:
    """Where text.yml declares a placeholder character (this essay: '?', a dash lost in an encoding
    step), every occurrence in the seed must be replaced by an emendation; one that is not would be
    printed as is, against the text's own rule."""
    mark = meta.placeholder
    if not mark:
        return
    by_id = {e.id: e for e in emendations}
    covered = bytearray(len(seed))  # 1 where a located emendation replaces the seed's character
    for emendation_id, position in positions.items():
        width = len(by_id[emendation_id].original)
        covered[position:position + width] = b"\x01" * width
    undeclared = [offset for offset in _occurrences(seed, mark) if not covered[offset]]
    for offset in undeclared[:_MAX_PLACEHOLDER_ERRORS]:
        line_start = seed.rfind("\n", 0, offset) + 1
        line = seed.count("\n", 0, offset) + 1
        prefix = seed[max(line_start, offset - 24):offset]
        line_end = seed.find("\n", offset)
        suffix = seed[offset + len(mark):len(seed) if line_end < 0 else line_end][:24]
        sink.error(Location(seed_name, line, offset - line_start + 1),
                   f"undeclared placeholder {mark!r}: text.yml says {mark!r} in this seed stands for a lost "
                   "character, and no emendation says which",
                   f"hint: add an emendation with prefix: {json.dumps(prefix, ensure_ascii=False)}, "
                   f"original: {json.dumps(mark, ensure_ascii=False)}, "
                   f"suffix: {json.dumps(suffix, ensure_ascii=False)} and the reading")
    if len(undeclared) > _MAX_PLACEHOLDER_ERRORS:
        sink.error(Location(seed_name, 1, 1), f"{len(undeclared) - _MAX_PLACEHOLDER_ERRORS} more undeclared "
                                              f"placeholders {mark!r} in {seed_name}")


def _occurrences(haystack: str, needle: str) -> list[int]:
    found: list[int] = []
    start = haystack.find(needle)
    while start != -1:
        found.append(start)
        start = haystack.find(needle, start + len(needle))
    return found


def build_essay(meta: TextMeta, seed: str, emendations: list[Emendation], seed_name: str,
                sink: DiagnosticSink) -> EssayText:
    """Split the seed into blocks and apply the located emendations."""
    positions = locate_emendations(seed, emendations, seed_name, sink)
    check_placeholders(meta, seed, emendations, positions, seed_name, sink)
    by_id = {e.id: e for e in emendations}
    pending = deque(sorted((position, emendation_id) for emendation_id, position in positions.items()))
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
        here: list[tuple[int, Emendation]] = []
        while pending and pending[0][0] < line_start + len(line):
            position, emendation_id = pending.popleft()
            if position >= line_start:
                here.append((position - line_start, by_id[emendation_id]))
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
        blocks.append(Block(kind, text, line, line_number, section,
                            offset, tuple(spans)))
        offset += len(text) + 1
    if not blocks:
        sink.error(Location(seed_name, 1, 1), "the seed text is empty")
    return EssayText(meta.id, tuple(blocks))
