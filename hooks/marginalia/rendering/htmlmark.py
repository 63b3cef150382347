"""Wrapping text ranges of an HTML fragment, even across inline markup and overlapping ranges.

The fragment is tokenized; its text content (entities decoded) gets offsets. Each range is cut
at every tag boundary and every other range's boundary, and each resulting piece of text is
wrapped on its own. Pieces never straddle a tag, so the output is always well nested, whatever
the overlaps; nested or overlapping ranges simply nest their wrappers on the shared pieces.
"""
from __future__ import annotations

import html
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser

VOID_ELEMENTS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                           "source", "track", "wbr"})
# Elements whose text is not part of the reading text (markers, hidden helpers).
OPAQUE_CLASS = "anno-skip"


@dataclass
class Token:
    """One piece of an HTML fragment (a tag, a run of text, a comment) as `tokenize` splits it for `mark`; only
    "text" tokens count toward the text offsets of wraps and insertions."""

    kind: str  # "start", "end", "void", "text", "opaque-text" (text no wrap may cut), "raw"
    raw: str
    tag: str = ""
    text: str = ""  # decoded text, for "text" tokens that count toward offsets


class _Tokenizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[Token] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or f"<{tag}>"
        self.tokens.append(Token("void" if tag in VOID_ELEMENTS else "start", raw, tag))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tokens.append(Token("void", self.get_starttag_text() or f"<{tag}/>", tag))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_ELEMENTS:
            return
        self.tokens.append(Token("end", f"</{tag}>", tag))

    def handle_data(self, data: str) -> None:
        if self.tokens and self.tokens[-1].kind == "text":
            self.tokens[-1].text += data
        else:
            self.tokens.append(Token("text", "", text=data))

    def handle_comment(self, data: str) -> None:
        self.tokens.append(Token("raw", f"<!--{data}-->"))

    def handle_decl(self, decl: str) -> None:
        self.tokens.append(Token("raw", f"<!{decl}>"))


def tokenize(fragment: str) -> list[Token]:
    parser = _Tokenizer()
    parser.feed(fragment)
    parser.close()
    tokens = parser.tokens
    # Text inside opaque elements does not count toward offsets.
    depth_stack: list[bool] = []
    for token in tokens:
        if token.kind == "start":
            opaque = (bool(depth_stack and depth_stack[-1])
                      or (OPAQUE_CLASS in token.raw and _has_class(token.raw, OPAQUE_CLASS)))
            depth_stack.append(opaque)
        elif token.kind == "end":
            if depth_stack:
                depth_stack.pop()
        elif token.kind == "text" and depth_stack and depth_stack[-1]:
            token.kind = "opaque-text"
    return tokens


def _has_class(raw_tag: str, name: str) -> bool:
    lower = raw_tag.lower()
    index = lower.find("class=")
    if index < 0:
        return False
    value = raw_tag[index + 6:]
    quote = value[:1]
    value = value[1:value.find(quote, 1)] if quote and quote in "\"'" else (value.split() or [""])[0]
    return name in value.split()


def text_content(fragment: str) -> str:
    """The reading text of a fragment: decoded text, without opaque elements."""
    return "".join(t.text for t in tokenize(fragment) if t.kind == "text")


@dataclass(frozen=True)
class Wrap:
    """A range of a fragment's text to enclose in a tag, such as a note's highlight on the essay page
    (rendering/essay.py); `mark` cuts it at tag and other range boundaries so the output stays well nested."""

    start: int  # offsets in the fragment's text, as text_content reads it
    end: int
    open_tag: str  # e.g. '<span class="anno-hl" data-note="x">'
    close_tag: str  # e.g. '</span>'
    # Lower ranks nest outside higher ranks on shared pieces.
    rank: tuple[int, ...] = ()


@dataclass(frozen=True)
class Insertion:
    """Markup to insert at one offset of a fragment's text, such as a note's marker after its passage
    (rendering/essay.py); `mark` moves it out of any element in `escape_from` it would fall inside."""

    offset: int
    markup: str
    order: int = 0  # among insertions at one offset, lower first
    # Tags the insertion must not sit inside (e.g. a button must not be inside a link).
    escape_from: frozenset[str] = frozenset({"a", "button"})


def _escape_text(text: str) -> str:
    return html.escape(text, quote=False)


def _serialize(token: Token) -> str:
    if token.kind in ("text", "opaque-text"):
        return _escape_text(token.text)
    return token.raw


def mark(fragment: str, wraps: Sequence[Wrap] = (), insertions: Sequence[Insertion] = ()) -> str:
    """Apply wraps and insertions (text offsets) to an HTML fragment."""
    tokens = tokenize(fragment)
    boundaries: set[int] = set()
    for wrap in wraps:
        if wrap.end > wrap.start:
            boundaries.update((wrap.start, wrap.end))
    ordered_wraps = sorted((w for w in wraps if w.end > w.start), key=lambda w: (w.start, -w.end, w.rank))
    insertions_by_offset: dict[int, list[Insertion]] = {}
    for insertion in insertions:
        insertions_by_offset.setdefault(insertion.offset, []).append(insertion)
    for pending in insertions_by_offset.values():
        pending.sort(key=lambda i: i.order)
    # Sorted once: each text token finds its cut points by bisection, not by a scan of all
    # boundaries (that scan made marking quadratic in the notes of one block). Text is cut where
    # insertions go too, or one inside a text run with no wrap edge would be lost.
    sorted_boundaries = sorted(boundaries.union(insertions_by_offset))

    out: list[str] = []
    open_elements: list[str] = []  # tag names currently open in the source, to escape links
    deferred: list[tuple[int, Insertion]] = []  # insertions waiting for an element to close
    position = 0
    total = sum(len(t.text) for t in tokens if t.kind == "text")
    active_index = 0
    active: list[Wrap] = []

    def emit_insertions(at: int) -> None:
        if at not in insertions_by_offset:
            return
        for insertion in insertions_by_offset.pop(at):
            blocked = [i for i, name in enumerate(open_elements) if name in insertion.escape_from]
            if blocked:
                deferred.append((blocked[0], insertion))
            else:
                out.append(insertion.markup)

    def piece(text: str, start: int) -> None:
        end = start + len(text)
        first, last = bisect_right(sorted_boundaries, start), bisect_left(sorted_boundaries, end)
        if first == last and not active and (active_index == len(ordered_wraps)
                                             or ordered_wraps[active_index].start > start):
            out.append(_escape_text(text))  # no cut and no wrap: most text of most blocks
            return
        cursor = start
        for index in range(first, last + 1):
            cut = sorted_boundaries[index] if index < last else end
            covering = ordered_wraps_covering(cursor, cut)
            if covering:
                out.append("".join([w.open_tag for w in covering]))
                out.append(_escape_text(text[cursor - start:cut - start]))
                out.append("".join([w.close_tag for w in reversed(covering)]))
            else:
                out.append(_escape_text(text[cursor - start:cut - start]))
            if index < last:
                emit_insertions(cut)
            cursor = cut

    def ordered_wraps_covering(start: int, end: int) -> list[Wrap]:
        nonlocal active_index, active
        while active_index < len(ordered_wraps) and ordered_wraps[active_index].start <= start:
            active.append(ordered_wraps[active_index])
            active_index += 1
        if active:
            active = [w for w in active if w.end > start]
        return [w for w in active if w.start <= start and w.end >= end]

    emit_insertions(0)
    for token in tokens:
        if token.kind == "text":
            if token.text:
                piece(token.text, position)
                position += len(token.text)
                emit_insertions(position)
            continue
        out.append(_serialize(token))
        if token.kind == "start":
            open_elements.append(token.tag)
        elif token.kind == "end" and open_elements and open_elements[-1] == token.tag:
            open_elements.pop()
            # An insertion deferred because it sat inside this element goes right after it.
            still: list[tuple[int, Insertion]] = []
            for depth, insertion in deferred:
                if depth >= len(open_elements):
                    out.append(insertion.markup)
                else:
                    still.append((depth, insertion))
            deferred[:] = still
    for offset in sorted(insertions_by_offset):
        if offset >= total:
            for insertion in insertions_by_offset[offset]:
                out.append(insertion.markup)
    for _, insertion in deferred:
        out.append(insertion.markup)
    return "".join(out)
