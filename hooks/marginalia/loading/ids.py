"""The HTML id of everything the edition prints, written in one place so ids are unique by construction.

The rule (also stated in the schemas and in annotations/FORMAT.md):

- every id the engine writes is `<namespace>-<key>` or `<namespace>-<key>--<part>`;
- a namespace is a fixed word without a hyphen: note, term, tip, use, source, section, emendation, letter;
- a key is a data id, which the schemas restrict to a slug `^[a-z0-9]+(-[a-z0-9]+)*$` (so it never
  contains `--` and never starts or ends with `-`), a section number, or a letter code;
- a part is a fixed word or a number chosen here, after `--`.

The first `-` ends the namespace and the first `--` ends the key, so two different (namespace, key,
part) triples can never spell the same id: note `chairman-kim`'s title (`note-chairman-kim--title`)
differs from note `chairman-kim-title` (`note-chairman-kim-title`). The engine's few fixed page ids
(`title`, `glossary`, `bibliography`, `timeline`) contain no hyphen, so they cannot meet either form.
Permalinks editors and readers share (`#note-<id>`, `#term-<id>`, `#source-<id>`, `#section-<n>`,
`#emendation-<id>`) are the plain `<namespace>-<key>` form.
"""
from __future__ import annotations

SLUG_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"
SEPARATOR = "--"


def note(note_id: str) -> str:
    """The note's aside: its permalink."""
    return f"note-{note_id}"


def note_title(note_id: str) -> str:
    """The note's title link, which labels the aside."""
    return f"note-{note_id}{SEPARATOR}title"


def term(term_id: str) -> str:
    """The term's glossary entry: its permalink."""
    return f"term-{term_id}"


def term_tip(term_id: str) -> str:
    """The term's tooltip on an essay page."""
    return f"tip-{term_id}"


def term_use(term_id: str, number: int) -> str:
    """The number-th linked use of a term on an essay page (backlinks from the glossary land here)."""
    return f"use-{term_id}{SEPARATOR}{number}"


def source(source_id: str) -> str:
    return f"source-{source_id}"


def section(number: int | str) -> str:
    return f"section-{number}"


def emendation(emendation_id: str) -> str:
    return f"emendation-{emendation_id}"


def letter(initial: str) -> str:
    """A glossary letter heading; a term may start with a quote or a bracket, which gets a code."""
    key = initial.lower() if initial.isalnum() else f"u{ord(initial):04x}"
    return f"letter-{key}"
