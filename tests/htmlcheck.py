"""Strict checks of generated HTML for the robustness tests: well-formed nesting and no active content.

html.parser is lenient (it never fails), so these checks add the rules a browser's tree builder
would otherwise "repair" silently: every element closed in order, no block inside <p>, no link
inside a link or a button, unique ids. The HTML5 parser would not reject such markup either; it
would re-nest it, which is exactly how a passage highlight ends up swallowing half a page.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                  "track", "wbr"})
# Elements that close an open <p> in the HTML5 tree builder (so they can never be inside one).
CLOSES_P = frozenset({"address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset",
                      "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
                      "hgroup", "hr", "main", "menu", "nav", "ol", "p", "pre", "section", "table", "ul"})
INTERACTIVE = frozenset({"a", "button", "details", "input", "label", "select", "textarea", "iframe", "embed"})

ACTIVE_ELEMENTS = frozenset({"script", "style", "iframe", "object", "embed", "applet", "frame", "frameset",
                             "base", "meta", "link", "svg", "math", "template", "textarea", "select", "img",
                             "video", "audio", "source", "noscript"})
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "cite", "poster", "background", "data",
                            "xlink:href", "srcset"})
BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.ids: set[str] = set()

    def _where(self) -> str:
        line, column = self.getpos()
        return f"{line}:{column + 1}"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = [name for name, _ in attrs]
        if len(names) != len(set(names)):
            self.errors.append(f"{self._where()}: duplicate attribute on <{tag}>")
        for name, value in attrs:
            if name == "id":
                if value in self.ids:
                    self.errors.append(f"{self._where()}: duplicate id {value!r}")
                self.ids.add(value or "")
        if tag in CLOSES_P and "p" in self.stack:
            self.errors.append(f"{self._where()}: <{tag}> inside <p> (the parser would close the <p>)")
        if tag in INTERACTIVE and any(open_tag in ("a", "button") for open_tag in self.stack):
            self.errors.append(f"{self._where()}: interactive <{tag}> inside <a> or <button>")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        foreign = tag in ("svg", "math") or any(open_tag in ("svg", "math") for open_tag in self.stack)
        if tag not in VOID and not foreign:  # SVG and MathML elements may self-close
            self.errors.append(f"{self._where()}: self-closing <{tag}/> is not a void element")
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            self.errors.append(f"{self._where()}: end tag </{tag}> for a void element")
            return
        if not self.stack:
            self.errors.append(f"{self._where()}: stray </{tag}>")
            return
        if self.stack[-1] != tag:
            self.errors.append(f"{self._where()}: </{tag}> closes <{self.stack[-1]}> (open: {'>'.join(self.stack)})")
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()


def wellformed_errors(fragment: str) -> list[str]:
    """Nesting problems in an HTML fragment or page; [] when it is well formed."""
    checker = _Checker()
    checker.feed(fragment)
    checker.close()
    if checker.stack:
        checker.errors.append(f"unclosed elements at the end: {'>'.join(checker.stack)}")
    return checker.errors


def _scheme_of(url: str) -> str:
    return re.sub(r"[\x00-\x20\x7f]", "", url).lower()


class _Safety(HTMLParser):
    """Active content in engine output. The engine's own reading controls (a <form> with checkboxes)
    and note markers (<button>) are allowed; nothing else that can run or submit anything is."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_controls = 0
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "form" and "anno-controls" in classes:
            self.in_controls += 1
        elif tag in ("form", "input", "fieldset", "legend", "label") and not self.in_controls:
            self.problems.append(f"<{tag}> outside the reading controls")
        elif tag == "button" and "anno-marker" not in classes:
            self.problems.append("<button> that is not a note marker")
        elif tag in ACTIVE_ELEMENTS:
            self.problems.append(f"<{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event-handler attribute {name}= on <{tag}>")
            elif name in ("style", "srcdoc"):
                self.problems.append(f"{name}= attribute on <{tag}>")
            elif name in URL_ATTRIBUTES and value and _scheme_of(value).startswith(BAD_SCHEMES):
                self.problems.append(f"unsafe URL {value!r} in {name}= on <{tag}>")
            elif name == "title" and value and re.search(r"<[A-Za-z/!?]", value):
                # Material's content.tooltips builds the tooltip from title="…" with innerHTML.
                self.problems.append(f"title= that the theme's tooltip would read as markup: {value[:60]!r}")
        if tag == "a":
            href = attributes.get("href") or ""
            if href.startswith(("http://", "https://")) and not {"noopener", "noreferrer"} <= set(
                    (attributes.get("rel") or "").split()):
                self.problems.append(f"external link without rel=\"noopener noreferrer\": {href!r}")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.in_controls:
            self.in_controls -= 1


def unsafe_markup(fragment: str) -> list[str]:
    """Script-capable content in a fragment of engine output; [] when it is inert."""
    checker = _Safety()
    checker.feed(fragment)
    checker.close()
    return checker.problems
