"""The tests' one HTML helper module: a small element tree, and every check built on it.

- `parse`: the page as a tree of `Element`s and text; while building it, the parser records the
  rules a browser's tree builder would otherwise "repair" silently (every element closed in order,
  no block inside <p>, no link inside a link or a button, unique ids). html.parser never fails,
  and the HTML5 parser would not reject such markup either; it would re-nest it, which is exactly
  how a passage highlight ends up swallowing half a page.
- checks: `wellformed_errors`, `unsafe_markup` (engine output), `active_content` (whole pages).
- reading: `essay_blocks` (the text a reader sees, independent of the engine's own extraction),
  `visible_strings`, `wrapped_texts`, `note_ids_in_page`, `note_ids_in_data`.
- `contract_outline`: the essay page reduced to its HTML contract (notes, passages, markers, term
  links, cross-references, sections) as indented text, for whole-page goldens that do not break
  when the theme changes.
- TEXT_ID / FIXTURE_TEXT_ID: the real essay and the adversarial fixture's text.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import yaml

TEXT_ID = "kim-jong-un-watchtower-diplomacy"
FIXTURE_TEXT_ID = "stress-essay"

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


@dataclass
class Element:
    tag: str
    attrs: list[tuple[str, str | None]] = field(default_factory=list)
    children: list[Element | str] = field(default_factory=list)
    parent: Element | None = field(default=None, repr=False)

    def get(self, name: str) -> str | None:
        return next((value for key, value in self.attrs if key == name), None)

    @property
    def classes(self) -> list[str]:
        return (self.get("class") or "").split()

    def ancestors(self) -> list[Element]:
        found, node = [], self.parent
        while node is not None:
            found.append(node)
            node = node.parent
        return found

    def iter(self) -> list[Element]:
        """This element and every element inside it, in document order."""
        found = [self]
        for child in self.children:
            if isinstance(child, Element):
                found.extend(child.iter())
        return found

    def text(self) -> str:
        return "".join(child if isinstance(child, str) else child.text() for child in self.children)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document")
        self.stack: list[Element] = [self.root]
        self.errors: list[str] = []
        self.ids: set[str] = set()

    def _where(self) -> str:
        line, column = self.getpos()
        return f"{line}:{column + 1}"

    def _open_tags(self) -> list[str]:
        return [element.tag for element in self.stack[1:]]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = [name for name, _ in attrs]
        if len(names) != len(set(names)):
            self.errors.append(f"{self._where()}: duplicate attribute on <{tag}>")
        for name, value in attrs:
            if name == "id":
                if value in self.ids:
                    self.errors.append(f"{self._where()}: duplicate id {value!r}")
                self.ids.add(value or "")
        open_tags = self._open_tags()
        if tag in CLOSES_P and "p" in open_tags:
            self.errors.append(f"{self._where()}: <{tag}> inside <p> (the parser would close the <p>)")
        if tag in INTERACTIVE and any(open_tag in ("a", "button") for open_tag in open_tags):
            self.errors.append(f"{self._where()}: interactive <{tag}> inside <a> or <button>")
        element = Element(tag, attrs, parent=self.stack[-1])
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        foreign = tag in ("svg", "math") or any(open_tag in ("svg", "math") for open_tag in self._open_tags())
        if tag not in VOID and not foreign:  # SVG and MathML elements may self-close
            self.errors.append(f"{self._where()}: self-closing <{tag}/> is not a void element")
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack[-1].tag == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            self.errors.append(f"{self._where()}: end tag </{tag}> for a void element")
            return
        open_tags = self._open_tags()
        if not open_tags:
            self.errors.append(f"{self._where()}: stray </{tag}>")
            return
        if open_tags[-1] != tag:
            self.errors.append(f"{self._where()}: </{tag}> closes <{open_tags[-1]}> (open: {'>'.join(open_tags)})")
            if tag in open_tags:
                while self.stack.pop().tag != tag:
                    pass
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


@dataclass
class Parsed:
    root: Element
    errors: list[str]  # nesting and id problems, each at line:column


def parse(markup: str) -> Parsed:
    builder = _TreeBuilder()
    builder.feed(markup)
    builder.close()
    errors = list(builder.errors)
    if len(builder.stack) > 1:
        errors.append(f"unclosed elements at the end: {'>'.join(builder._open_tags())}")
    return Parsed(builder.root, errors)


def wellformed_errors(fragment: str) -> list[str]:
    """Nesting problems in an HTML fragment or page; [] when it is well formed."""
    return parse(fragment).errors


def _scheme_of(url: str) -> str:
    return re.sub(r"[\x00-\x20\x7f]", "", url).lower()


def unsafe_markup(fragment: str) -> list[str]:
    """Script-capable content in a fragment of engine output; [] when it is inert. The engine's own
    reading controls (a <form> with checkboxes) and note markers (<button>) are allowed; nothing
    else that can run or submit anything is."""
    problems: list[str] = []
    for element in parse(fragment).root.iter()[1:]:
        tag, classes = element.tag, element.classes
        in_controls = any(a.tag == "form" and "anno-controls" in a.classes for a in element.ancestors())
        if tag == "form" and "anno-controls" in classes:
            pass
        elif tag in ("form", "input", "fieldset", "legend", "label") and not in_controls:
            problems.append(f"<{tag}> outside the reading controls")
        elif tag == "button" and "anno-marker" not in classes:
            problems.append("<button> that is not a note marker")
        elif tag in ACTIVE_ELEMENTS:
            problems.append(f"<{tag}> element")
        for name, value in element.attrs:
            if name.startswith("on"):
                problems.append(f"event-handler attribute {name}= on <{tag}>")
            elif name in ("style", "srcdoc"):
                problems.append(f"{name}= attribute on <{tag}>")
            elif name in URL_ATTRIBUTES and value and _scheme_of(value).startswith(BAD_SCHEMES):
                problems.append(f"unsafe URL {value!r} in {name}= on <{tag}>")
            elif name == "title" and value and re.search(r"<[A-Za-z/!?]", value):
                # Material's content.tooltips builds the tooltip from title="…" with innerHTML.
                problems.append(f"title= that the theme's tooltip would read as markup: {value[:60]!r}")
        if tag == "a":
            href = element.get("href") or ""
            if href.startswith(("http://", "https://")) and not {"noopener", "noreferrer"} <= set(
                    (element.get("rel") or "").split()):
                problems.append(f"external link without rel=\"noopener noreferrer\": {href!r}")
    return problems


def active_content(page: str) -> list[str]:
    """Anything on a whole page (theme included) that an XSS payload could have become."""
    problems: list[str] = []
    for element in parse(page).root.iter()[1:]:
        for name, value in element.attrs:
            if name.startswith("on"):
                problems.append(f"<{element.tag} {name}={value!r}>")
        if element.tag in ("img", "svg", "iframe", "object", "embed") and any("alert" in (v or "") for _, v in element.attrs):
            problems.append(f"<{element.tag}> from a payload")
        if element.tag == "script" and "__xss" in element.text():
            problems.append(f"payload script: {element.text()[:60]!r}")
    return problems


def visible_strings(page: str) -> list[str]:
    """Every text node and attribute value. The theme shows a title attribute as HTML (a tooltip
    built with innerHTML), so the reader sees its value decoded once more."""
    values: list[str] = []

    def walk(node: Element) -> None:
        values.extend(html.unescape(value) if name == "title" else value for name, value in node.attrs if value)
        for child in node.children:
            if isinstance(child, str):
                values.append(child)
            else:
                walk(child)

    walk(parse(page).root)
    return values


# The reading text --------------------------------------------------------------------------------

BLOCKS = {"h1", "h2", "p"}
SKIP_TAGS = {"aside", "button", "form", "script", "style"}
SKIP_CLASSES = {"anno-tips", "anno-skip", "anno-live"}


def essay_blocks(page_html: str) -> list[str]:
    """The text of the essay's blocks (h1, byline, h2, p, closing; a <br> splits a block), leaving
    out everything the edition adds around the words: notes, markers, controls, hidden tooltips."""
    root = parse(page_html).root
    essay = next((e for e in root.iter() if "anno-essay" in e.classes), None)
    blocks: list[str] = []
    if essay is None:
        return blocks

    def walk(node: Element, current: list[str] | None) -> None:
        for child in node.children:
            if isinstance(child, str):
                if current is not None:
                    current.append(child)
            elif child.tag == "br":
                if current is not None:
                    blocks.append("".join(current))
                    current.clear()
            elif child.tag in SKIP_TAGS or SKIP_CLASSES & set(child.classes):
                continue
            elif child.tag in BLOCKS and current is None:
                text: list[str] = []
                walk(child, text)
                blocks.append("".join(text))
            else:
                walk(child, current)

    walk(essay, None)
    return blocks


def wrapped_texts(marked: str, attribute: str = "data-w") -> dict[str, str]:
    """The text inside each wrapper carrying `attribute` (markers, class anno-skip, excluded)."""
    found: dict[str, list[str]] = {}

    def walk(node: Element, wrappers: list[str]) -> None:
        for child in node.children:
            if isinstance(child, str):
                for wrap_id in wrappers:
                    found.setdefault(wrap_id, []).append(child)
            elif "anno-skip" not in child.classes:
                value = child.get(attribute)
                walk(child, [*wrappers, value] if value is not None else wrappers)

    walk(parse(marked).root, [])
    return {key: "".join(parts) for key, parts in found.items()}


# Note ids ----------------------------------------------------------------------------------------

def note_ids_in_page(page: str) -> list[str]:
    """Ids of the note asides on a page (`<aside id="note-…">`), in document order."""
    return [(e.get("id") or "")[5:] for e in parse(page).root.iter()
            if e.tag == "aside" and (e.get("id") or "").startswith("note-")]


def note_ids_in_data(root: Path, text_id: str = TEXT_ID) -> list[str]:
    """Ids of the notes in a project's YAML for one text, file by file."""
    ids: list[str] = []
    for path in sorted((root / "annotations" / text_id / "notes").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
        ids.extend(str(item["id"]) for item in data["notes"])
    return ids


# Whole-page goldens ------------------------------------------------------------------------------

# The attributes that make up the essay page's contract with the script, the styles and readers.
CONTRACT_ATTRIBUTES = ("id", "data-text", "data-note", "data-note-kind", "data-note-number", "data-note-marker",
                       "data-term", "data-xref", "data-kind", "aria-controls", "aria-labelledby", "aria-label",
                       "role", "href", "lang", "hidden")


def _is_contract(element: Element) -> bool:
    return (element.tag in ("h1", "h2", "aside", "details", "summary", "button", "form", "input", "p", "br")
            or any(c.startswith("anno-") for c in element.classes)
            or any(name in CONTRACT_ATTRIBUTES[:10] for name, _ in element.attrs))


def contract_outline(page: str) -> str:
    """The essay (`.anno-essay`) as an indented outline of its contract elements (tag, anno-*
    classes, contract attributes) and their text runs, whitespace collapsed. Other elements are
    transparent, so a theme wrapper or a CSS class outside `anno-` changes nothing."""
    root = parse(page).root
    essay = next(e for e in root.iter() if "anno-essay" in e.classes)
    lines: list[str] = []

    def describe(element: Element) -> str:
        classes = "".join(f".{c}" for c in element.classes if c.startswith("anno-"))
        attrs = " ".join(f"{name}" if value is None else f"{name}={value!r}"
                         for name, value in sorted(element.attrs) if name in CONTRACT_ATTRIBUTES)
        return f"{element.tag}{classes}" + (f" {attrs}" if attrs else "")

    def walk(node: Element, depth: int) -> None:
        run: list[str] = []

        def flush() -> None:
            text = " ".join("".join(run).split())
            if text:
                lines.append(f"{'  ' * depth}| {text}")
            run.clear()

        for child in node.children:
            if isinstance(child, str):
                run.append(child)
            elif _is_contract(child):
                flush()
                lines.append("  " * depth + describe(child))
                walk(child, depth + 1)
            else:
                walk_inline(child, run)
        flush()

    def walk_inline(node: Element, run: list[str]) -> None:
        # A transparent element: its text joins the run, its contract children still show.
        for child in node.children:
            if isinstance(child, str):
                run.append(child)
            elif _is_contract(child):
                run.append(f" [{describe(child)}: {' '.join(child.text().split())}] ")
            else:
                walk_inline(child, run)

    lines.append(describe(essay))
    walk(essay, 1)
    return "\n".join(lines) + "\n"


UPDATE_GOLDEN = "UPDATE_GOLDEN"  # UPDATE_GOLDEN=1 rewrites goldens from the current output


def assert_golden(path: Path, actual: str, split: str = "\n") -> None:
    """`actual` must equal the golden file at `path`. A missing golden fails like a mismatch: a
    test that writes its own expectation cannot fail. UPDATE_GOLDEN=1 (re)writes the file, after
    an intended change; review the diff before committing it."""
    import difflib
    import os

    import pytest

    if os.environ.get(UPDATE_GOLDEN) == "1":
        path.write_text(actual, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"golden file {path} is missing; create it with {UPDATE_GOLDEN}=1 and review it")
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "\n".join(difflib.unified_diff(expected.split(split), actual.split(split), "expected", "got",
                                              lineterm=""))
        pytest.fail(f"golden mismatch for {path.name} (after an intended change: {UPDATE_GOLDEN}=1):\n{diff}")
