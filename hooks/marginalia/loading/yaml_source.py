"""YAML loading that remembers where every key and value came from.

PyYAML's composed node tree carries marks; we convert it to plain Python values and keep a
map from each value's path (a tuple of keys and indexes) to its location, so that schema and
semantic errors can point at the exact line and column an editor typed.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from marginalia.diagnostics import DiagnosticSink, Location

PathKey = tuple[Any, ...]


@dataclass
class YamlDocument:
    file: str  # project-relative path, as shown in diagnostics
    data: Any
    value_locations: dict[PathKey, Location] = field(default_factory=dict)
    key_locations: dict[PathKey, Location] = field(default_factory=dict)
    # Block scalars ("|") start their text on the next line; keep their style to map offsets.
    scalar_styles: dict[PathKey, str | None] = field(default_factory=dict)

    def where(self, path: PathKey) -> Location:
        """The location of the value at `path`, or of its nearest located ancestor."""
        probe = tuple(path)
        while probe:
            if probe in self.value_locations:
                return self.value_locations[probe]
            probe = probe[:-1]
        return self.value_locations.get((), Location(self.file, 1, 1))

    def where_key(self, path: PathKey) -> Location:
        return self.key_locations.get(tuple(path), self.where(path))

    def where_in_text(self, path: PathKey, offset: int) -> Location:
        """Location of character `offset` inside the string value at `path`."""
        start = self.where(path)
        value = self.data
        try:
            for key in path:
                value = value[key]
        except (KeyError, IndexError, TypeError):
            return start
        if not isinstance(value, str):
            return start
        before = value[:offset]
        line_in_value = before.count("\n")
        column_in_line = offset - (before.rfind("\n") + 1)
        style = self.scalar_styles.get(tuple(path))
        if style in ("|", ">"):
            # Text begins on the line after the indicator, indented; find that indentation.
            indent = self._block_indent(start.line + 1)
            return Location(self.file, start.line + 1 + line_in_value, indent + column_in_line + 1)
        if line_in_value == 0:
            quote_width = 1 if style in ("'", '"') else 0
            return Location(self.file, start.line, start.column + quote_width + column_in_line)
        return Location(self.file, start.line + line_in_value, column_in_line + 1)

    def _block_indent(self, line_number: int) -> int:
        lines = getattr(self, "_lines", None)
        if lines is None or line_number - 1 >= len(lines):
            return 0
        text = lines[line_number - 1]
        return len(text) - len(text.lstrip(" "))


_constructor = yaml.SafeLoader("")  # only its scalar construction is used


def _scalar_value(node: yaml.ScalarNode) -> Any:
    value = _constructor.construct_object(node, deep=True)
    # Editors write dates unquoted; the schema wants ISO strings, so accept both spellings.
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    return value


def load_yaml(path: Path, display_name: str, sink: DiagnosticSink) -> YamlDocument | None:
    """Parse one YAML file; syntax problems become located diagnostics and None is returned."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        before = exc.object[:exc.start]
        line, column = before.count(b"\n") + 1, len(before) - (before.rfind(b"\n") + 1) + 1
        sink.error(Location(display_name, line, column), f"file is not valid UTF-8 ({exc.reason} at byte {exc.start})",
                   "hint: save the file as UTF-8")
        return None
    document = YamlDocument(display_name, None)
    document._lines = text.splitlines()  # type: ignore[attr-defined]
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        location = Location(display_name, (mark.line + 1) if mark else 1, (mark.column + 1) if mark else 1)
        problem = exc.problem or "invalid YAML"
        hints = []
        if "\t" in problem or "'\\t'" in str(exc):
            hints.append("hint: YAML indentation must use spaces, not tab characters")
        if exc.context:
            hints.append(f"context: {exc.context}")
        sink.error(location, f"YAML syntax error: {problem}", *hints)
        return None
    except yaml.reader.ReaderError as exc:
        # Control characters (NUL, escape…) are refused by the reader, which gives only an offset.
        before = text[:exc.position]
        location = Location(display_name, before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1)
        sink.error(location, f"YAML error: character U+{exc.character:04X} is not allowed in YAML",
                   "hint: delete the invisible control character (copy-pasting from PDFs can bring them in)")
        return None
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML raises marked errors for text input
        sink.error(Location(display_name, 1, 1), f"YAML error: {exc}")
        return None
    except RecursionError:
        # PyYAML composes recursively; thousands of nested brackets exhaust the stack.
        sink.error(Location(display_name, 1, 1), "YAML nesting is too deep to read",
                   "hint: annotation files need at most four levels of nesting")
        return None
    if node is None:
        document.data = None
        document.value_locations[()] = Location(display_name, 1, 1)
        return document
    alias = _first_shared_node(node)
    if alias is not None:
        # An alias reuses a node; nested aliases expand exponentially ("billion laughs"), and
        # editors never need them, so they are refused before anything is expanded.
        sink.error(_mark(document, alias.start_mark),
                   "YAML anchors and aliases (&name, *name) are not allowed in annotation files",
                   "hint: write the value out in full where it is needed")
        return None
    document.data = _convert(node, (), document, sink)
    return document


# LibYAML composes about 15 times faster than pure-Python PyYAML, with the same nodes and marks
# (plain scalars have style '' instead of None, read the same way). It is used only when nesting
# cannot be deep (every level needs one of these indicators): its composer recurses on the C
# stack and crashes the process past about 20,000 levels. Errors, and documents nested deeper
# than annotation files ever are, go to the pure-Python loader, so diagnostics (including its
# RecursionError on absurd nesting) do not depend on LibYAML.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)
_FAST_MAX_INDICATORS = 5000
_FAST_MAX_DEPTH = 50


def _compose(text: str) -> yaml.Node | None:
    if _FAST_LOADER is not None and sum(map(text.count, "[{-:?")) <= _FAST_MAX_INDICATORS:
        try:
            node = yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            node = None
        else:
            if node is None or _depth(node) <= _FAST_MAX_DEPTH:
                return node
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _depth(root: yaml.Node) -> int:
    deepest = 0
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend((child, depth + 1) for pair in node.value for child in pair)
    return deepest


def _first_shared_node(root: yaml.Node) -> yaml.Node | None:
    """A node reached twice in the composed graph (the target of an alias), or None."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return node
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                stack.extend((key_node, value_node))
    return None


def _mark(document: YamlDocument, mark: yaml.Mark) -> Location:
    return Location(document.file, mark.line + 1, mark.column + 1)


def _convert(node: yaml.Node, path: PathKey, document: YamlDocument, sink: DiagnosticSink) -> Any:
    document.value_locations[path] = _mark(document, node.start_mark)
    if isinstance(node, yaml.ScalarNode):
        document.scalar_styles[path] = node.style
        try:
            return _scalar_value(node)
        except (yaml.YAMLError, ValueError) as exc:
            # ValueError: an unquoted date that does not exist (2025-02-30).
            sink.error(_mark(document, node.start_mark), f"invalid value {node.value!r}: {exc}")
            return None
    if isinstance(node, yaml.SequenceNode):
        return [_convert(child, (*path, index), document, sink) for index, child in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        first_seen: dict[Any, Location] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                sink.error(_mark(document, key_node.start_mark), "a mapping key must be a plain name")
                continue
            key = _scalar_value(key_node)
            key_location = _mark(document, key_node.start_mark)
            if key in first_seen:
                # PyYAML keeps the last value silently; an editor would lose the first one.
                sink.error(key_location, f"duplicate key '{key}'",
                           f"first defined at {first_seen[key]}; remove or rename one of them")
                continue
            first_seen[key] = key_location
            document.key_locations[(*path, key)] = key_location
            result[key] = _convert(value_node, (*path, key), document, sink)
        return result
    sink.error(_mark(document, node.start_mark), "unsupported YAML node")  # pragma: no cover
    return None
