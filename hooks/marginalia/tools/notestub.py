"""Starting a note from a passage: find it, make its selector unique, and write a YAML stub.

The stub leaves kind, title, body and sources empty on purpose: `make check` reports each of
them at its line until the editor fills it in, so an unfinished stub can never be published.
"""
from __future__ import annotations

import os
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from marginalia.anchoring.exact import Selector, anchor_all
from marginalia.anchoring.locate import occurrences
from marginalia.anchoring.selector_yaml import selector_lines
from marginalia.loading.load import LoadedData
from marginalia.loading.model import NOTE_KINDS
from marginalia.loading.seed_text import EssayText

# Words that make an id longer without making it clearer.
_STOP_WORDS = frozenset(["a", "an", "and", "as", "at", "by", "for", "from", "in", "is", "of", "on", "or", "the",
                         "to", "with"])
_NOTES_LIST = re.compile(r"^notes:[ \t]*(#.*)?$", re.MULTILINE)


@dataclass(frozen=True)
class Occurrence:
    """One place in a text where a passage an editor typed occurs (offsets in EssayText.text), as
    `find_passage` lists them for `make note`; from-issue makes one for the passage it located."""

    text_id: str
    start: int
    end: int
    index: int  # 1-based, in reading order
    total: int  # occurrences in that text


@dataclass(frozen=True)
class Lookup:
    """Where a passage occurs; `corrected` is set when lookalike characters had to be replaced."""

    occurrences: tuple[Occurrence, ...]
    quote: str
    corrected: bool = False


def find_passage(essays: dict[str, EssayText], quote: str, text_id: str | None = None) -> Lookup:
    """Every occurrence of `quote`, in one text or (without `text_id`) in whichever text has it.

    Editors often type ' and - where the essay has ’ and –; the locator then finds the passage
    written with the essay's own characters, and those are used.
    """
    candidates = {text_id: essays[text_id]} if text_id else essays
    exact: list[Occurrence] = []
    folded: list[Occurrence] = []
    written = quote
    for tid, essay in candidates.items():
        found = occurrences(essay.text, quote)
        if found.starts and not exact and not folded:
            written = found.quote
        chosen = folded if found.folded else exact
        chosen.extend(Occurrence(tid, s, s + len(found.quote), i, len(found.starts))
                      for i, s in enumerate(found.starts, 1))
    if exact:  # an exact occurrence in one text beats a look-alike one in another
        return Lookup(tuple(exact), quote)
    if folded:
        return Lookup(tuple(folded), written, True)
    return Lookup((), quote)


def slug_from_quote(quote: str, taken: set[str], max_words: int = 5, max_length: int = 40) -> str:
    """A readable id from the quote's first significant words, made unique against `taken`."""
    ascii_text = unicodedata.normalize("NFKD", quote).encode("ascii", "ignore").decode().lower()
    words = [w for w in re.findall(r"[a-z0-9]+", ascii_text) if w not in _STOP_WORDS]
    slug = ""
    for word in words[:max_words]:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    slug = slug or "new-note"
    unique, number = slug, 2
    while unique in taken:
        unique, number = f"{slug}-{number}", number + 1
    return unique


@dataclass(frozen=True)
class Neighbourhood:
    """What existing notes near a passage suggest: the file to paste into, sources worth a look."""

    section: int
    notes_file: str | None
    sources: tuple[str, ...]


def neighbourhood(data: LoadedData, occurrence: Occurrence, limit: int = 3) -> Neighbourhood:
    essay = data.essays[occurrence.text_id]
    block = essay.block_at(occurrence.start)
    notes = data.notes.get(occurrence.text_id, [])
    anchors = anchor_all(essay.text, [Selector(n.quote, n.prefix, n.suffix) for n in notes])
    files: Counter[str] = Counter()
    in_paragraph: Counter[str] = Counter()
    in_section: Counter[str] = Counter()
    for note, anchor in zip(notes, anchors, strict=True):
        if not anchor.ok:
            continue
        other = essay.block_at(anchor.start)
        if other.section != block.section:
            continue
        files[note.file] += 1
        in_section.update(note.sources)
        if other.offset == block.offset:
            in_paragraph.update(note.sources)
    ranked = [s for s, _ in in_paragraph.most_common()] + [s for s, _ in in_section.most_common()]
    sources = tuple(dict.fromkeys(s for s in ranked if s in data.sources))[:limit]
    notes_file = files.most_common(1)[0][0] if files else None
    return Neighbourhood(block.section, notes_file, sources)


def _context(text: str, start: int, end: int, width: int = 30) -> str:
    before = text[max(0, start - width):start].split("\n")[-1]
    after = text[end:end + width].split("\n")[0]
    # An ellipsis only where the paragraph really goes on.
    lead = "…" if start - len(before) > 0 and text[start - len(before) - 1] != "\n" else ""
    tail = "…" if end + len(after) < len(text) and text[end + len(after)] != "\n" else ""
    return f"{lead}{before}[{text[start:end]}]{after}{tail}"


def render_stub(note_id: str, selector: Selector, near: Neighbourhood) -> str:
    """The stub as YAML list item, indented to sit under a file's `notes:` key."""
    source_hint = "ids from annotations/sources/*.yml"
    if near.sources:
        source_hint += "; nearby notes cite " + ", ".join(near.sources)
    lines = [
        f"  - id: {note_id}",
        *selector_lines(selector, indent="    "),
        f'    kind: ""     # one of: {" | ".join(NOTE_KINDS)}',
        '    title: ""    # a few words, no full stop',
        "    body: |      # Markdown margin text, at most about 50 words, on the lines below",
        f"    sources: []  # {source_hint}",
    ]
    return "\n".join(lines) + "\n"


def describe(data: LoadedData, occurrence: Occurrence, near: Neighbourhood) -> str:
    """Comment lines above a stub: which occurrence it anchors, and where to paste it."""
    text = data.essays[occurrence.text_id].text
    where = f"section {near.section}" if near.section else "before the first section"
    which = "the passage" if occurrence.total == 1 else f"occurrence {occurrence.index} of {occurrence.total}"
    lines = [f"# {which} ({where}): {_context(text, occurrence.start, occurrence.end)}"]
    if near.notes_file:
        lines.append(f"# paste under `notes:` in {near.notes_file}, where the other notes on {where} are")
    else:
        lines.append(f"# paste under `notes:` in a file in annotations/{occurrence.text_id}/notes/")
    return "\n".join(lines) + "\n"


def append_stub(target: Path, stub: str, schema: Path) -> None:
    """Append under the file's `notes:` list; a new file gets the schema modeline and the key."""
    if not target.exists():
        relative = Path(os.path.relpath(schema, target.parent)).as_posix()
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"# yaml-language-server: $schema={relative}\nnotes:\n{stub}", encoding="utf-8")
        return
    existing = target.read_text(encoding="utf-8")
    if not _NOTES_LIST.search(existing):
        raise ValueError(f"{target} has no line `notes:` to append to")
    target.write_text(existing.rstrip("\n") + "\n\n" + stub, encoding="utf-8")
