"""Annotation bodies to notes Markdown: HTML (and Markdown, after rendering) is converted to a
small Markdown subset by walking the tags; anything else is reduced to its text, so no markup
from an untrusted annotation passes through.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

from marginalia.markup.plain_text import markdown_to_text

_PARTS = {"anno-note__title": "title", "anno-note__body": "body", "anno-note__detail": "detail",
          "anno-note__sources": "sources"}
_INLINE = {"strong": "**", "b": "**", "em": "*", "i": "*", "cite": "*", "code": "`"}
_SAFE_SCHEMES = ("http://", "https://", "mailto:")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]])")


def _escape_markdown(text: str) -> str:
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # "<" would read as raw HTML (rejected in bodies); an entity renders the same character.
    return text.replace("<", "&lt;")


def _protect_block_start(block: str) -> str:
    number = re.match(r"^(\d+)\.(?=\s)", block)
    if number:
        return f"{number.group(1)}\\.{block[number.end():]}"
    if block.startswith("#") or re.match(r"^[>+-](?=\s)", block):
        return "\\" + block
    return block


class _Frame:
    def __init__(self, tag: str, attrs: dict[str, str]) -> None:
        self.tag = tag
        self.attrs = attrs
        self.out: list[str] = []
        self.part: str | None = None


class _HtmlToMarkdown(HTMLParser):
    """Tags become Markdown or disappear; text is escaped. Parts marked with this edition's
    classes (title, body, detail, sources) are collected separately."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[_Frame] = [_Frame("", {})]
        self.stack[0].part = "body"
        self.parts: dict[str, list[str]] = {"title": [], "body": [], "detail": [], "sources": []}
        self.lists: list[tuple[str, int]] = []
        self.skip = 0  # depth inside <script>/<style>, whose text is not content

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self.skip += 1
            return
        values = {k: v or "" for k, v in attrs}
        if tag == "br":
            self._write("  \n")
            return
        if tag in ("img", "hr", "input", "wbr"):
            return
        frame = _Frame(tag, values)
        part = next((name for cls, name in _PARTS.items() if cls in values.get("class", "").split()), None)
        frame.part = part
        if tag in ("ul", "ol"):
            self.lists.append((tag, 0))
        if tag == "li" and self.lists:
            kind, count = self.lists[-1]
            self.lists[-1] = (kind, count + 1)
        self.stack.append(frame)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "img", "hr", "input", "wbr", "script", "style", "template"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template"):
            self.skip = max(0, self.skip - 1)
            return
        if not any(f.tag == tag for f in self.stack[1:]):
            return  # stray end tag
        while self.stack[-1].tag != tag:
            self._close(self.stack.pop())
        self._close(self.stack.pop())

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        raw = any(f.tag == "a" and "data-xref" in f.attrs for f in self.stack)
        self._write(data if raw else _escape_markdown(data))

    def _write(self, text: str) -> None:
        self.stack[-1].out.append(text)

    def _close(self, frame: _Frame) -> None:
        inner = "".join(frame.out)
        tag = frame.tag
        if tag in _INLINE and inner.strip():
            mark = _INLINE[tag]
            lead, core, trail = _split_space(inner)
            text = f"{lead}{mark}{core}{mark}{trail}"
        elif tag == "a":
            text = _link(frame.attrs, inner)
        elif tag in ("p", "div", "blockquote", "ul", "ol", "section", "article", "details", "summary",
                     "h1", "h2", "h3", "h4", "h5", "h6"):
            block = inner.strip()
            if tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6"):
                # Text that starts like a list item or heading must stay text.
                block = _protect_block_start(block)
            if tag == "blockquote":
                block = re.sub(r"\n{3,}", "\n\n", block)
                block = "\n".join(f"> {line}" if line else ">" for line in block.splitlines())
            elif tag in ("h1", "h2", "h3", "h4", "h5", "h6", "summary") and block:
                block = f"**{block}**"
            if tag in ("ul", "ol"):
                self.lists.pop()
            text = f"\n\n{block}\n\n" if block else ""
        elif tag == "li":
            kind, count = self.lists[-1] if self.lists else ("ul", 1)
            bullet = f"{count}. " if kind == "ol" else "- "
            text = f"{bullet}{' '.join(inner.split())}\n"
        else:
            text = inner
        if frame.part:
            self.parts[frame.part].append(text)
        else:
            self._write(text)

    def result(self) -> dict[str, str]:
        while len(self.stack) > 1:
            self._close(self.stack.pop())
        self.parts["body"].insert(0, "".join(self.stack[0].out))
        return {name: _tidy("".join(chunks)) for name, chunks in self.parts.items()}


def _split_space(text: str) -> tuple[str, str, str]:
    core = text.strip()
    start = text.find(core)
    return text[:start], core, text[start + len(core):]


def _link(attrs: dict[str, str], label: str) -> str:
    xref = attrs.get("data-xref", "")
    kind, _, target_id = xref.partition(":")
    clean_label = " ".join(label.split())
    if re.fullmatch(r"[a-z]+", kind) and re.fullmatch(r"[a-z0-9][a-z0-9/-]*", target_id):
        # A label equal to the target's title is what [[kind:id]] prints anyway; keeping it is
        # harmless. A label that would break the [[…]] syntax gives way to the target's title.
        if not clean_label or any(c in clean_label for c in "<>[]|"):
            return f"[[{kind}:{target_id}]]"
        return f"[[{kind}:{target_id}|{clean_label}]]"
    href = attrs.get("href", "").strip()
    if href.startswith(_SAFE_SCHEMES) and clean_label:
        return f"[{clean_label}]({href.replace(' ', '%20').replace(')', '%29')})"
    return label  # relative or unsafe links keep their text only


def _tidy(text: str) -> str:
    """Collapse HTML whitespace inside paragraphs; keep paragraph and list structure."""
    blocks = [b for b in re.split(r"\n\s*\n", text) if b.strip()]
    tidy: list[str] = []
    for block in blocks:
        lines = [line for line in block.split("\n") if line.strip()]
        if all(re.match(r"^(- |\d+\. |> ?)", line) for line in lines):
            tidy.append("\n".join(line.rstrip() for line in lines))
            continue
        # Soft line breaks of the HTML source join; explicit ones (<br>, written "  \n") stay.
        pieces = [" ".join(line.split()) + ("  \n" if line.endswith("  ") else " ") for line in lines]
        tidy.append("".join(pieces).strip())
    return "\n\n".join(tidy)


def html_to_markdown(fragment: str) -> dict[str, str]:
    """The Markdown of an HTML body, split into this edition's parts when they are marked
    (title, body, detail, sources); unmarked HTML is all body."""
    parser = _HtmlToMarkdown()
    parser.feed(fragment)
    parser.close()
    return parser.result()


def escape_plain(text: str) -> str:
    return "\n\n".join(_escape_markdown(" ".join(p.split())) for p in re.split(r"\n\s*\n", text) if p.strip())


def unmark(markdown_text: str) -> str:
    """Markdown back to plain text (for titles, which are plain in the notes YAML): the edition's one
    Markdown-to-text helper, so escapes, emphasis, links and references read as on the page."""
    return markdown_to_text(markdown_text)
