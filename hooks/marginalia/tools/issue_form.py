"""Reading an issue body as GitHub renders an issue form: `### <label>`, a blank line, the value.

GitHub writes every field of the form, in the form's order, and `_No response_` for a field left
empty. The values are whatever the reader typed, so a value may itself contain a line that looks
like a heading; headings are therefore matched from the end (the last `### Sources` is the real
one, any earlier one is text of the field before it).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

NO_RESPONSE = "_No response_"

# The labels of .github/ISSUE_TEMPLATE/suggest-note.yml, by field id (tests/test_from_issue.py
# checks that they agree with the form).
SUGGEST_NOTE_FIELDS: dict[str, str] = {
    "quote": "Passage",
    "prefix": "Text just before the passage",
    "suffix": "Text just after the passage",
    "section": "Section",
    "note": "Existing note on this passage",
    "kind": "Kind of note",
    "title": "Title of the note",
    "body": "The note",
    "sources": "Sources",
}


@dataclass(frozen=True)
class Field:
    """One field of an issue form as `parse_issue_form` reads it from the issue body, with the line to report a
    problem at; from_issue checks the values and builds the note from them."""

    value: str  # "" for `_No response_`
    # 1-based line of the value's first line in the body ("_No response_" counts as a line), of the
    # heading when the value is blank, 1 when the field is missing.
    line: int
    present: bool = True  # False: the body has no heading for the field


def normalise_newlines(body: str) -> str:
    """GitHub stores issue bodies with CRLF line ends; some clients send a lone CR."""
    return body.replace("\r\n", "\n").replace("\r", "\n")


def parse_issue_form(body: str, fields: dict[str, str] = SUGGEST_NOTE_FIELDS) -> dict[str, Field]:
    """The value of every field of the form found in `body`, by field id."""
    body = normalise_newlines(body)
    lines = body.split("\n")
    headings: dict[str, list[int]] = {}
    for index, line in enumerate(lines):
        match = re.fullmatch(r"###[ \t]+(.*?)[ \t]*", line)
        if match:
            headings.setdefault(match.group(1), []).append(index)
    found: dict[str, Field] = {}
    limit = len(lines)  # the next (later) field's heading line
    for field_id, label in reversed(list(fields.items())):
        candidates = [i for i in headings.get(label, []) if i < limit]
        if not candidates:
            found[field_id] = Field("", 1, present=False)
            continue
        heading = candidates[-1]
        first = heading + 1  # index of the value's first line
        value_lines = lines[first:limit]
        while value_lines and not value_lines[0].strip():
            value_lines.pop(0)
            first += 1
        while value_lines and not value_lines[-1].strip():
            value_lines.pop()
        value = "\n".join(value_lines)
        if value.strip() == NO_RESPONSE:
            value = ""
        found[field_id] = Field(value, first + 1 if value_lines else heading + 1)
        limit = heading
    return {field_id: found[field_id] for field_id in fields}
