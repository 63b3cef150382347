"""Command line for editors: `check` validates everything, `note` starts a note from a passage."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import yaml

from . import anchoring
from .diagnostics import DataError, DiagnosticSink
from .edition import build_edition
from .loading import load_edition


def _project_root(start: Path) -> Path:
    for candidate in (start, *start.parents):
        if (candidate / "annotations").is_dir() and (candidate / "seeds").is_dir():
            return candidate
    return start


def cmd_check(args: argparse.Namespace) -> int:
    root = _project_root(Path(args.root).resolve())
    in_actions = os.environ.get("GITHUB_ACTIONS") == "true"
    try:
        edition = build_edition(root, root / "docs")
        diagnostics = edition.warnings
        failed = False
    except DataError as error:
        diagnostics = list(error.diagnostics)
        failed = True
    for diagnostic in diagnostics:
        print(diagnostic.format())
        if in_actions:
            print(diagnostic.github_command())
    errors = sum(1 for d in diagnostics if d.severity == "error")
    warnings = len(diagnostics) - errors
    if failed:
        print(f"check failed: {errors} error(s), {warnings} warning(s)", file=sys.stderr)
        return 1
    notes = sum(len(v) for v in edition.placed.values())
    print(f"check passed: {len(edition.data.texts)} text(s), {notes} notes, {len(edition.terms)} terms, "
          f"{len(edition.data.sources)} sources, {sum(len(v) for v in edition.data.emendations.values())} emendations, "
          f"{warnings} warning(s)")
    return 0


def cmd_note(args: argparse.Namespace) -> int:
    root = _project_root(Path(args.root).resolve())
    sink = DiagnosticSink()
    data = load_edition(root, sink)
    text_id = args.text or next(iter(data.essays), None)
    if text_id is None or text_id not in data.essays:
        print(f"error: no annotated text '{text_id}'; texts: {', '.join(data.essays)}", file=sys.stderr)
        return 2
    essay = data.essays[text_id].text
    quote = args.quote
    if not quote.strip():
        print("error: give the passage to annotate: make note QUOTE=\"…\"", file=sys.stderr)
        return 2
    occurrences = anchoring.find_occurrences(essay, [quote]).get(quote, [])
    if not occurrences:
        closest = anchoring.closest_passages(essay, quote, limit=1)
        print(f"error: passage not found in the essay: {quote!r}", file=sys.stderr)
        if closest:
            print(f"    closest passage ({closest[0].similarity:.0%} similar): {closest[0].text!r}", file=sys.stderr)
        return 1
    if len(occurrences) > 1 and args.occurrence is None:
        print(f"# the passage occurs {len(occurrences)} times; stubs for each follow (pick one)", file=sys.stderr)
    chosen = occurrences if args.occurrence is None else [occurrences[args.occurrence - 1]]
    stubs = []
    for start in chosen:
        selector = anchoring.shortest_unique_context(essay, start, start + len(quote))
        stub: dict[str, object] = {"id": args.id or "new-note", "quote": selector.exact}
        if selector.prefix:
            stub["prefix"] = selector.prefix
        if selector.suffix:
            stub["suffix"] = selector.suffix
        stub.update({"kind": "context", "title": "TITLE", "body": "Margin text, at most about 50 words.\n",
                     "sources": ["SOURCE-ID"]})
        stubs.append(stub)
    text = yaml.safe_dump(stubs, allow_unicode=True, sort_keys=False, width=100)
    if args.append:
        target = Path(args.append)
        existing = target.read_text(encoding="utf-8") if target.exists() else "notes:\n"
        indented = "".join(f"  {line}\n" for line in text.splitlines())
        target.write_text(existing.rstrip("\n") + "\n" + indented, encoding="utf-8")
        print(f"appended {len(stubs)} stub(s) to {target}")
    else:
        print(text, end="")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="marginalia", description=__doc__)
    parser.add_argument("--root", default=".", help="project folder (holds annotations/ and seeds/)")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate all annotation data without building the site")
    check.set_defaults(run=cmd_check)
    note = commands.add_parser("note", help="print a YAML stub for a new note that anchors uniquely")
    note.add_argument("quote", help="the passage, copied from the essay")
    note.add_argument("--id", help="id for the new note")
    note.add_argument("--text", help="text id (default: the first text)")
    note.add_argument("--occurrence", type=int, help="which occurrence, when the passage occurs several times")
    note.add_argument("--append", help="append the stub to this notes file instead of printing it")
    note.set_defaults(run=cmd_note)
    args = parser.parse_args(argv)
    return args.run(args)
