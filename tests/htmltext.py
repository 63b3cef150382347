"""Test helper: the reading text of a rendered essay page, as a reader sees it.

Independent of the engine's own text extraction on purpose: it walks the final HTML and keeps
the text of the essay's blocks (h1, byline, h2, p, closing), leaving out everything the edition
adds around the words: notes, markers, controls and hidden tooltips.
"""
from __future__ import annotations

from html.parser import HTMLParser

BLOCKS = {"h1", "h2", "p"}
SKIP_TAGS = {"aside", "button", "form", "script", "style"}
VOID = {"br", "img", "input", "meta", "link", "hr", "wbr"}


class _EssayText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth_in_essay = 0
        self.skip_depth = 0
        self.stack: list[str] = []
        self.blocks: list[str] = []
        self.current: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag in VOID:
            if tag == "br" and self.current is not None and not self.skip_depth:
                self.blocks.append("".join(self.current))
                self.current = []
            return
        self.stack.append(tag)
        if "anno-essay" in classes and self.depth_in_essay == 0:
            self.depth_in_essay = len(self.stack)
            return
        if not self.depth_in_essay:
            return
        if self.skip_depth or tag in SKIP_TAGS or "anno-tips" in classes or "anno-skip" in classes or "anno-live" in classes:
            self.skip_depth += 1
            return
        if tag in BLOCKS and self.current is None:
            self.current = []

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or not self.stack:
            return
        while self.stack and self.stack[-1] != tag:
            self.stack.pop()
        if not self.stack:
            return
        self.stack.pop()
        if self.depth_in_essay and len(self.stack) < self.depth_in_essay:
            self.depth_in_essay = 0
            return
        if self.skip_depth:
            self.skip_depth -= 1
            return
        if tag in BLOCKS and self.current is not None:
            self.blocks.append("".join(self.current))
            self.current = None

    def handle_data(self, data: str) -> None:
        if self.depth_in_essay and not self.skip_depth and self.current is not None:
            self.current.append(data)


def essay_blocks(page_html: str) -> list[str]:
    parser = _EssayText()
    parser.feed(page_html)
    parser.close()
    return parser.blocks
