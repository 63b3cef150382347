"""Writing imported notes as a notes file: schema modeline, notes, then orphans as comments.

Selectors go through the one selector emitter (anchoring.selector_yaml), like drift hints and
note stubs; the other fields through PyYAML's safe dumper, bodies as literal blocks (`|`).
"""
from __future__ import annotations

from typing import Any

import yaml

from marginalia.anchoring.exact import Selector
from marginalia.anchoring.selector_yaml import selector_lines
from marginalia.interop.import_notes import ImportResult, derived_title

SELECTOR_KEYS = ("quote", "prefix", "suffix")


class _Literal(str):
    """A string written as a YAML literal block (`|`), like the hand-written notes."""


class _NotesDumper(yaml.SafeDumper):
    """Indents list items under their key, as the hand-written notes files do."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


_NotesDumper.add_representer(_Literal, lambda dumper, value: dumper.represent_scalar(
    "tag:yaml.org,2002:str", value, style="|"))


def _fields(values: dict[str, Any], indent: str) -> list[str]:
    """Mapping lines (PyYAML), each indented by `indent`; multi-line strings as literal blocks."""
    if not values:
        return []
    marked = {k: _Literal(v) if isinstance(v, str) and "\n" in v else v for k, v in values.items()}
    dumped = yaml.dump(marked, Dumper=_NotesDumper, allow_unicode=True, sort_keys=False, width=100, indent=2)
    return [f"{indent}{line}" if line else line for line in dumped.rstrip("\n").split("\n")]


def note_lines(note: dict[str, Any], indent: str = "  ") -> list[str]:
    """One note as a YAML list item: `- id:`, the selector, then the other fields."""
    inner = indent + "  "
    selector = Selector(note.get("quote", ""), note.get("prefix", ""), note.get("suffix", ""))
    rest = {k: v for k, v in note.items() if k not in SELECTOR_KEYS and k != "id"}
    head = [f"{indent}- id: {note['id']}"] if "id" in note else []
    body = selector_lines(selector, indent=inner) + _fields(rest, inner)
    if not head:  # no id: the selector starts the item
        body[0] = f"{indent}- {body[0][len(inner):]}"
    return head + body


def notes_yaml(result: ImportResult, schema_path: str, origin: str) -> str:
    """The notes file: a schema modeline, the notes, then the orphans as comments."""
    lines = [f"# yaml-language-server: $schema={schema_path}",
             f"# Imported from {origin} by `python -m marginalia import`; run `make check` after editing.",
             "notes:" if result.notes else "notes: []"]
    for note in result.notes:
        lines.extend(note_lines(note))
    if result.orphans:
        lines.append("")
        lines.append("# Orphans: these annotations did not anchor in the essay. Fix the quote (copy it from the")
        lines.append("# page), then move each one up into `notes:` and uncomment it.")
        for incoming, placement in result.orphans:
            lines.append(f"# - {incoming.label}: {placement.problem}")
            stub = {"quote": incoming.exact or "", "title": incoming.title or derived_title(incoming.body),
                    "body": incoming.body}
            lines.extend(f"# {line}" for line in note_lines(stub))
    return "\n".join(lines) + "\n"
