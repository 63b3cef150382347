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
    """One YAML file as `load_yaml` parsed it, with the location of every value and key by path; load.py keeps
    each annotation file's in LoadedData.documents, so that later checks (schema, references, policy,
    quotations) point at the line and column an editor typed."""

    file: str  # project-relative path, as shown in diagnostics
    data: Any
    value_locations: dict[PathKey, Location] = field(default_factory=dict)
    key_locations: dict[PathKey, Location] = field(default_factory=dict)
    # Block scalars ("|" and ">") start their text on the next line; keep their style to map offsets.
    scalar_styles: dict[PathKey, str | None] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list, repr=False)  # the file's lines, for block indentation

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
        if not 0 < line_number <= len(self.lines):
            return 0
        text = self.lines[line_number - 1]
        return len(text) - len(text.lstrip(" "))


# Limits that keep reading any file linear in its size. Annotation files nest at most four or
# five levels and are tens of kilobytes; these bounds are far above that and far below harm.
MAX_FILE_BYTES = 512_000
MAX_DEPTH = 20
_MERGE_TAG = "tag:yaml.org,2002:merge"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_STR_TAG = "tag:yaml.org,2002:str"


class _Refused(Exception):
    """A construct the composer refuses on sight, before anything is built or expanded."""

    def __init__(self, mark: Any, message: str, hint: str) -> None:
        super().__init__(message)
        self.mark, self.message, self.hint = mark, message, hint


def _scalar_value(node: yaml.ScalarNode, constructor: yaml.constructor.SafeConstructor) -> Any:
    if node.tag == _STR_TAG:
        return node.value  # what the constructor would return, without its generic dispatch
    try:
        value = constructor.construct_object(node, deep=True)
    except ValueError:
        if node.tag != _TIMESTAMP_TAG:
            raise
        # An unquoted date that does not exist (2025-02-30): keep it as typed, so that the
        # schema's calendar check words it exactly as it words the quoted spelling.
        return node.value
    # Editors write dates unquoted; the schema wants ISO strings, so accept both spellings.
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    return value


def load_yaml(path: Path, display_name: str, sink: DiagnosticSink) -> YamlDocument | None:
    """Parse one YAML file; syntax problems become located diagnostics and None is returned."""
    raw = path.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        sink.error(_byte_location(display_name, raw, MAX_FILE_BYTES),
                   f"file is too large: {len(raw):,} bytes, at most {MAX_FILE_BYTES:,} are read",
                   "hint: split the notes into several files under notes/")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        sink.error(_byte_location(display_name, raw, exc.start),
                   f"file is not valid UTF-8 ({exc.reason} at byte {exc.start})", "hint: save the file as UTF-8")
        return None
    document = YamlDocument(display_name, None, lines=text.splitlines())
    try:
        node = _compose(text)
    except _Refused as refusal:
        sink.error(_mark(document, refusal.mark) if refusal.mark else Location(display_name, 1, 1),
                   refusal.message, refusal.hint)
        return None
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
    if node is None:
        document.data = None
        document.value_locations[()] = Location(display_name, 1, 1)
        return document
    # One constructor per document: its cache of constructed nodes dies with the document.
    document.data = _convert(node, (), document, sink, yaml.constructor.SafeConstructor())
    return document


def _byte_location(display_name: str, raw: bytes, offset: int) -> Location:
    before = raw[:offset]
    return Location(display_name, before.count(b"\n") + 1, len(before) - (before.rfind(b"\n") + 1) + 1)


# LibYAML parses about 15 times faster than pure-Python PyYAML and gives the same events and
# marks (plain scalars have style '' instead of None, read the same way). Only its parser is
# used: the nodes are composed below, iteratively and with every check made on the event that
# introduces the construct, so no input can make the work grow faster than the file. When
# LibYAML reports a syntax error, the pure-Python parser reads the file again, so diagnostics
# are worded the same whether or not LibYAML is installed.
_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", None)


def _compose(text: str) -> yaml.Node | None:
    if _FAST_LOADER is not None:
        try:
            return _compose_events(_FAST_LOADER(text))
        except _Refused:
            raise
        except yaml.YAMLError:
            pass
    return _compose_events(yaml.SafeLoader(text))


def _compose_events(loader: Any) -> yaml.Node | None:
    """Compose the single document of `loader`'s event stream into nodes, refusing on sight:
    anchors and aliases (an alias reuses a node; nested aliases expand exponentially, the
    "billion laughs"), and nesting deeper than MAX_DEPTH (PyYAML's composer would recurse).
    """
    try:
        loader.get_event()  # StreamStart
        if loader.check_event(yaml.StreamEndEvent):
            return None
        loader.get_event()  # DocumentStart
        root: yaml.Node | None = None
        open_nodes: list[tuple[yaml.CollectionNode, list[yaml.Node]]] = []
        while root is None:
            event: Any = loader.get_event()
            node: yaml.Node
            if isinstance(event, yaml.AliasEvent):
                raise _Refused(event.start_mark, "YAML aliases (*name) are not allowed in annotation files",
                               "hint: write the value out in full where it is needed")
            if isinstance(event, yaml.CollectionEndEvent):
                collection, children = open_nodes.pop()
                collection.end_mark = event.end_mark
                # A mapping's events alternate key, value; the parser guarantees the pairs.
                collection.value = children if isinstance(collection, yaml.SequenceNode) else list(
                    zip(children[::2], children[1::2], strict=True))
                node = collection
            else:
                if getattr(event, "anchor", None) is not None:
                    raise _Refused(event.start_mark, "YAML anchors (&name) are not allowed in annotation files",
                                   "hint: write the value out in full where it is needed; aliases are refused too")
                node = _start_node(loader, event)
                if isinstance(node, yaml.CollectionNode):
                    if len(open_nodes) >= MAX_DEPTH:
                        raise _Refused(event.start_mark, f"YAML nesting is too deep: more than {MAX_DEPTH} levels",
                                       "hint: annotation files need at most four levels of nesting")
                    open_nodes.append((node, []))
                    continue
            if open_nodes:
                open_nodes[-1][1].append(node)
            else:
                root = node
        loader.get_event()  # DocumentEnd
        if not loader.check_event(yaml.StreamEndEvent):
            extra: Any = loader.get_event()
            raise yaml.composer.ComposerError("expected a single document in the stream", None,
                                              "but found another document", extra.start_mark)
        return root
    finally:
        loader.dispose()


def _start_node(loader: Any, event: Any) -> yaml.Node:
    tag = getattr(event, "tag", None)
    start: Any = event.start_mark  # LibYAML's marks are its own class, read the same way
    end: Any = event.end_mark
    if isinstance(event, yaml.ScalarEvent):
        if tag is None or tag == "!":
            tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        return yaml.ScalarNode(tag, event.value, start, end, style=event.style)
    if isinstance(event, yaml.SequenceStartEvent):
        if tag is None or tag == "!":
            tag = loader.resolve(yaml.SequenceNode, None, event.implicit)
        return yaml.SequenceNode(tag, [], start, None, flow_style=event.flow_style)
    if isinstance(event, yaml.MappingStartEvent):
        if tag is None or tag == "!":
            tag = loader.resolve(yaml.MappingNode, None, event.implicit)
        return yaml.MappingNode(tag, [], start, None, flow_style=event.flow_style)
    raise yaml.composer.ComposerError(None, None, f"unexpected {type(event).__name__}",  # pragma: no cover
                                      event.start_mark)


def _mark(document: YamlDocument, mark: yaml.Mark) -> Location:
    return Location(document.file, mark.line + 1, mark.column + 1)


def _convert(node: yaml.Node, path: PathKey, document: YamlDocument, sink: DiagnosticSink,
             constructor: yaml.constructor.SafeConstructor) -> Any:
    document.value_locations[path] = _mark(document, node.start_mark)
    if isinstance(node, yaml.ScalarNode):
        document.scalar_styles[path] = node.style
        try:
            return _scalar_value(node, constructor)
        except (yaml.YAMLError, ValueError) as exc:
            # ValueError: an unquoted date that does not exist (2025-02-30).
            sink.error(_mark(document, node.start_mark), f"invalid value {node.value!r}: {exc}")
            return None
    if isinstance(node, yaml.SequenceNode):
        return [_convert(child, (*path, index), document, sink, constructor) for index, child in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        first_seen: dict[Any, Location] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                sink.error(_mark(document, key_node.start_mark), "a mapping key must be a plain name")
                continue
            if key_node.tag == _MERGE_TAG:
                # A merge key copies another mapping in; with aliases refused it has no use.
                sink.error(_mark(document, key_node.start_mark),
                           "YAML merge keys (<<) are not allowed in annotation files",
                           "hint: write the fields out in full")
                continue
            try:
                key = _scalar_value(key_node, constructor)
            except (yaml.YAMLError, ValueError) as exc:
                sink.error(_mark(document, key_node.start_mark), f"invalid key {key_node.value!r}: {exc}")
                continue
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                sink.error(_mark(document, key_node.start_mark), "a mapping key must be a plain name")
                continue
            key_location = _mark(document, key_node.start_mark)
            if key in first_seen:
                # PyYAML keeps the last value silently; an editor would lose the first one.
                sink.error(key_location, f"duplicate key '{key}'",
                           f"first defined at {first_seen[key]}; remove or rename one of them")
                continue
            first_seen[key] = key_location
            document.key_locations[(*path, key)] = key_location
            result[key] = _convert(value_node, (*path, key), document, sink, constructor)
        return result
    sink.error(_mark(document, node.start_mark), "unsupported YAML node")  # pragma: no cover
    return None
