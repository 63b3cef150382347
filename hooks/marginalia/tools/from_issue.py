"""From a "Suggest a note" issue to a note: `python -m marginalia from-issue ISSUE.md [--write]`.

The issue body is untrusted text. Nothing from it reaches the YAML except as a value: every
string is emitted as a quoted scalar or an indented literal block, and the emitted YAML is read
back and compared with the intended note before anything is printed or written. The passage is
located in the essay by the issue's quote and context, and its selector is then computed afresh
by the engine's own rule (the one `make note` uses), so a prefix or suffix that GitHub trimmed,
or whose line break became a space in a one-line field, still finds the intended occurrence.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from marginalia.anchoring.context import shortest_unique_context
from marginalia.anchoring.exact import Selector
from marginalia.anchoring.locate import closest_passage, occurrences
from marginalia.anchoring.selector_yaml import selector_lines, yaml_string
from marginalia.anchoring.similarity import fold_lookalikes, percent_similar
from marginalia.diagnostics import DataError, Diagnostic, DiagnosticSink, Location
from marginalia.loading.load import LoadedData, load_edition
from marginalia.loading.model import NOTE_KINDS
from marginalia.tools import notestub
from marginalia.tools.issue_form import SUGGEST_NOTE_FIELDS, Field, parse_issue_form

_SOURCE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_LOGIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})")
# Characters YAML (1.1, as PyYAML reads it) takes as line breaks, and other controls: never
# allowed inside a comment line or a literal block.
_BREAKS = re.compile(r"[\r\x85\u2028\u2029\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class IssueError(Exception):
    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("\n".join(d.format() for d in diagnostics))


@dataclass(frozen=True)
class Suggestion:
    """The note a "Suggest a note" issue asks for, as `convert` builds it from the form and the essay, with the
    notes file it belongs in; `emit` writes it as YAML, which `--write` appends to that file."""

    note: dict[str, object]  # the note as it will read back from the YAML
    text_id: str
    section: int
    notes_file: str  # relative to the project root
    inside_note: str  # the form's "Existing note on this passage", for the editor


def _squash(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


# The engine's anchoring API (marginalia.anchoring), as `make note` uses it.
def _occurrences(text: str, quote: str) -> tuple[list[int], str]:
    """Starts of `quote` in `text`: exact, else identical up to typographic look-alikes (the
    second value is then the text's own spelling)."""
    found = occurrences(text, quote)
    return list(found.starts), found.quote


def _selector(text: str, start: int, end: int) -> Selector:
    return shortest_unique_context(text, start, end)


def _closest(text: str, quote: str) -> str | None:
    found = closest_passage(text, quote)
    return f"closest passage ({percent_similar(found.similarity)}): {found.text!r}" if found else None


def locate(text: str, quote: str, prefix: str, suffix: str) -> list[tuple[int, int]]:
    """Occurrences of `quote` whose surroundings agree with prefix and suffix, whitespace runs
    counting as one space (GitHub trims form values; a one-line field cannot hold a line break)."""
    starts, spelled = _occurrences(text, quote)
    length = len(spelled)
    want_before, want_after = _squash(fold_lookalikes(prefix)), _squash(fold_lookalikes(suffix))
    found = []
    for start in starts:
        end = start + length
        before = _squash(fold_lookalikes(text[max(0, start - len(prefix) - 8):start]))
        after = _squash(fold_lookalikes(text[end:end + len(suffix) + 8]))
        if before.endswith(want_before) and after.startswith(want_after):
            found.append((start, end))
    return found


def convert(body: str, root: Path, issue_file: str = "issue.md", text_id: str | None = None,
            issue: int | None = None, author: str | None = None) -> tuple[Suggestion, str]:
    """The note a suggestion issue asks for, and its YAML; IssueError lists every problem found."""
    fields = parse_issue_form(body)
    problems = DiagnosticSink()

    def at(field_id: str) -> Location:
        return Location(issue_file, fields[field_id].line, 1)

    def need(field_id: str) -> str:
        field: Field = fields[field_id]
        label = SUGGEST_NOTE_FIELDS[field_id]
        if not field.present:
            problems.error(at(field_id), f"missing field '{label}': the body has no heading '### {label}'",
                           "hint: the issue must be made with the 'Suggest a note' form")
        elif not field.value.strip():
            problems.error(at(field_id), f"field '{label}' is empty")
        return field.value.strip()

    data = load_edition(root, DiagnosticSink())  # data errors are `make check`'s job
    quote, kind, title, body_text = need("quote"), need("kind").lower(), need("title"), need("body")
    if kind and kind not in NOTE_KINDS:
        problems.error(at("kind"), f"unknown kind '{kind}'", f"hint: one of {', '.join(NOTE_KINDS)}")
    if "\n" in quote:
        problems.error(at("quote"), "the passage spans several lines; a note's passage lies within one paragraph")
    if "\n" in title:
        problems.error(at("title"), "the title must be one line")
    sources = _sources(fields["sources"], data, issue_file, problems)
    placed = _place(data, quote, fields, text_id, at("quote"), problems) if quote and "\n" not in quote else None
    if problems.items or placed is None:
        raise IssueError(problems.items)
    found_text, start, end = placed
    essay = data.essays[found_text].text
    selector = _selector(essay, start, end)
    occurrence = notestub.Occurrence(found_text, start, end, 1, 1)
    near = notestub.neighbourhood(data, occurrence)
    taken = {n.id for n in data.all_notes()}
    note: dict[str, object] = {"id": notestub.slug_from_quote(title or selector.exact, taken), "quote": selector.exact}
    if selector.prefix:
        note["prefix"] = selector.prefix
    if selector.suffix:
        note["suffix"] = selector.suffix
    note.update({"kind": kind, "title": title, "body": body_text, "sources": sources})
    notes_file = near.notes_file or _default_notes_file(root, found_text, near.section)
    inside = _squash(_BREAKS.sub(" ", fields["note"].value))
    suggestion = Suggestion(note, found_text, near.section, notes_file, inside)
    return suggestion, emit(suggestion, issue, author)


def _sources(field: Field, data: LoadedData, issue_file: str, problems: DiagnosticSink) -> list[str]:
    ids: list[str] = []
    for offset, line in enumerate(field.value.split("\n")):
        item = line.strip().strip("`").strip()
        item = re.sub(r"^[-*]\s+", "", item).strip("`").strip()
        if not item:
            continue
        if _SOURCE_ID.fullmatch(item) and item in data.sources:
            if item not in ids:
                ids.append(item)
            continue
        problems.error(Location(issue_file, field.line + offset, 1),
                       f"'{_squash(item)[:80]}' is not the id of a source in the bibliography",
                       "hint: add the source to annotations/sources/*.yml first, then write its id here")
    if not ids and not problems.items:
        problems.error(Location(issue_file, field.line, 1), "a note needs at least one source",
                       "hint: write the ids of sources from the bibliography, one per line")
    return ids


def _place(data: LoadedData, quote: str, fields: dict[str, Field], text_id: str | None, where: Location,
           problems: DiagnosticSink) -> tuple[str, int, int] | None:
    prefix, suffix = fields["prefix"].value, fields["suffix"].value
    texts = [text_id] if text_id else list(data.essays)
    hits = [(tid, s, e) for tid in texts if tid in data.essays
            for s, e in locate(data.essays[tid].text, quote, prefix, suffix)]
    section = fields["section"].value.strip()
    if len(hits) > 1 and section.isdigit():  # the page's section settles what the context cannot
        in_section = [h for h in hits if data.essays[h[0]].block_at(h[1]).section == int(section)]
        hits = in_section or hits
    if len(hits) == 1:
        return hits[0]
    if not hits:
        hints = [h for h in (_closest(data.essays[tid].text, quote) for tid in texts if tid in data.essays) if h]
        problems.error(where, f"the passage no longer anchors in the essay: {quote!r} (with its prefix and suffix) "
                       "is not in the text", *hints, "hint: correct the passage in the issue (copy it from the site)")
    else:
        problems.error(where, f"the passage occurs {len(hits)} times and its prefix and suffix do not tell which",
                       "hint: lengthen 'Text just before the passage' or 'Text just after the passage'")
    return None


def _default_notes_file(root: Path, text_id: str, section: int) -> str:
    folder = root / "annotations" / text_id / "notes"
    existing = sorted(folder.glob(f"{section}-*.yml"))
    target = existing[0] if existing else folder / f"{section}-suggestions.yml"
    return target.relative_to(root).as_posix()


def _literal(value: str, indent: str) -> str | None:
    """A literal block for a readable Markdown body, or None when the value needs quoting."""
    if _BREAKS.search(value) or value != value.strip() or "\t" in value:
        return None
    lines = [f"{indent}{line}" if line else "" for line in value.split("\n")]
    return "|\n" + "\n".join(lines)


def emit(suggestion: Suggestion, issue: int | None = None, author: str | None = None) -> str:
    """The note as a YAML list item under `notes:`, checked by reading it back."""
    note = suggestion.note
    credit = []
    if issue is not None:
        who = f" by @{author}" if author and _LOGIN.fullmatch(author) else ""
        credit.append(f"  # Suggested{who} in issue #{int(issue)}")
    if suggestion.inside_note:
        credit.append(f"  # Inside the passage of an existing note: {suggestion.inside_note[:200]}")
    lines = [*credit, f"  - id: {note['id']}"]
    lines += selector_lines(Selector(str(note["quote"]), str(note.get("prefix", "")), str(note.get("suffix", ""))),
                            "    ")
    lines.append(f"    kind: {note['kind']}")  # one of NOTE_KINDS, checked in convert()
    lines.append(f"    title: {yaml_string(str(note['title']))}")
    body = str(note["body"])
    lines.append(f"    body: {_literal(body, '      ') or yaml_string(body)}")
    sources = note["sources"]
    assert isinstance(sources, list)
    lines.append(f"    sources: [{', '.join(str(s) for s in sources)}]")  # ids, checked against _SOURCE_ID
    text = "\n".join(lines) + "\n"
    expected = dict(note)
    read = yaml.safe_load("notes:\n" + text)
    if read["notes"] and isinstance(read["notes"][0].get("body"), str):
        read["notes"][0]["body"] = read["notes"][0]["body"].rstrip("\n")
    if read != {"notes": [expected]}:  # pragma: no cover - a bug here must never reach a notes file
        raise AssertionError(f"emitted YAML does not read back as the note: {read!r}")
    return text


def run(args_file: str, root: Path, write: bool, text_id: str | None, issue: int | None,
        author: str | None) -> int:
    """The command: print the note (or append it and run the check); 0 only if all is well."""
    path = Path(args_file)
    try:
        body = sys.stdin.read() if args_file == "-" else path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        print(f"{args_file}: error: cannot read the issue body: {error}", file=sys.stderr)
        return 2
    try:
        suggestion, text = convert(body, root, args_file, text_id, issue, author)
    except IssueError as error:
        for diagnostic in error.diagnostics:
            print(diagnostic.format(), file=sys.stderr)
        print(f"from-issue: {len(error.diagnostics)} problem(s) in the issue; nothing written", file=sys.stderr)
        return 1
    if not write:
        print(text, end="")
        return 0
    target = root / suggestion.notes_file
    notestub.append_stub(target, text, root / "schemas" / "notes.schema.json")
    print(suggestion.notes_file)
    return check_after_write(root, suggestion.notes_file)


def check_after_write(root: Path, written: str) -> int:
    """`make check` on the result: a written note that fails it is reported, never passed over."""
    from marginalia.edition.build import build_edition

    try:
        diagnostics = list(build_edition(root, root / "docs").warnings)
    except DataError as error:
        diagnostics = list(error.diagnostics)
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=sys.stderr)
    if diagnostics:
        print(f"from-issue: wrote {written}, but make check fails ({len(diagnostics)} problem(s) above); "
              "an editor must fix the note before it can be merged", file=sys.stderr)
        return 1
    return 0
