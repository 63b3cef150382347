"""Command line for editors: `check` validates everything, `note` starts a note from a passage."""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from marginalia.anchoring.context import shortest_unique_context
from marginalia.anchoring.locate import closest_passage
from marginalia.anchoring.similarity import percent_similar
from marginalia.diagnostics import DataError, DiagnosticSink
from marginalia.edition.build import build_edition
from marginalia.loading.load import load_edition
from marginalia.tools import notestub


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
    if failed or warnings:
        # `make build` and CI build with --strict, where a warning fails the build: so does the check.
        why = "" if failed else "; warnings fail the strict build (make build, CI), so fix them too"
        print(f"check failed: {errors} error(s), {warnings} warning(s){why}", file=sys.stderr)
        return 1
    notes = sum(len(v) for v in edition.placed.values())
    print(f"check passed: {len(edition.data.texts)} text(s), {notes} notes, {len(edition.terms)} terms, "
          f"{len(edition.data.sources)} sources, {sum(len(v) for v in edition.data.emendations.values())} emendations, "
          f"{warnings} warning(s)")
    return 0


def cmd_note(args: argparse.Namespace) -> int:
    root = _project_root(Path(args.root).resolve())
    quote = args.quote
    if not quote.strip():
        print('error: give the passage to annotate: make note QUOTE="…"', file=sys.stderr)
        return 2
    data = load_edition(root, DiagnosticSink())  # data errors are `make check`'s job, not this helper's
    if args.text and args.text not in data.essays:
        print(f"error: no annotated text '{args.text}'; texts: {', '.join(data.essays)}", file=sys.stderr)
        return 2
    lookup = notestub.find_passage(data.essays, quote, args.text)
    if not lookup.occurrences:
        print(f"error: passage not found in the essay: {quote!r}", file=sys.stderr)
        for text_id in ([args.text] if args.text else list(data.essays)):
            passage = closest_passage(data.essays[text_id].text, quote)
            if passage is not None:
                print(f"    closest passage ({percent_similar(passage.similarity)}): {passage.text!r}", file=sys.stderr)
        print("    hint: copy the passage from the page or the seed; it must match character for character",
              file=sys.stderr)
        return 1
    if lookup.corrected:
        print(f"note: used the essay's own characters: {lookup.quote!r}", file=sys.stderr)
    texts = sorted({o.text_id for o in lookup.occurrences})
    if len(texts) > 1:
        print(f"error: the passage occurs in several texts ({', '.join(texts)}); choose one with --text",
              file=sys.stderr)
        return 2
    occurrences = lookup.occurrences
    if args.occurrence is not None:
        if not 1 <= args.occurrence <= len(occurrences):
            print(f"error: --occurrence must be between 1 and {len(occurrences)}", file=sys.stderr)
            return 2
        occurrences = (occurrences[args.occurrence - 1],)
    elif len(occurrences) > 1:
        print(f"the passage occurs {len(occurrences)} times; each stub below anchors at one of them: keep the one "
              "you mean, or run again with OCCURRENCE=N (--occurrence N)", file=sys.stderr)
        if args.append:
            print("error: choose one occurrence before appending", file=sys.stderr)
            return 2
    taken = {n.id for notes in data.notes.values() for n in notes}
    note_id = args.id or notestub.slug_from_quote(lookup.quote, taken)
    if args.id and args.id in taken:
        print(f"error: a note with the id '{args.id}' exists already; choose another id", file=sys.stderr)
        return 2
    parts: list[str] = []
    for occurrence in occurrences:
        essay = data.essays[occurrence.text_id].text
        selector = shortest_unique_context(essay, occurrence.start, occurrence.end)
        near = notestub.neighbourhood(data, occurrence)
        stub = notestub.render_stub(note_id, selector, near)
        parts.append(stub if args.append else notestub.describe(data, occurrence, near) + stub)
    if args.append:
        target = Path(args.append)
        try:
            notestub.append_stub(target, parts[0], root / "schemas" / "notes.schema.json")
        except ValueError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        print(f"appended note '{note_id}' to {target}; fill in kind, title, body and sources, then run make check")
    else:
        print("\n".join(parts), end="")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from marginalia.tools.import_cmd import run_import

    root = _project_root(Path(args.root).resolve())
    return run_import(root, Path(args.file), args.text, Path(args.out) if args.out else None, args.force)


def cmd_from_issue(args: argparse.Namespace) -> int:
    from marginalia.tools.from_issue import run

    root = _project_root(Path(args.root).resolve())
    return run(args.file, root, args.write, args.text, args.issue, args.author)


def cmd_prepare(args: argparse.Namespace) -> int:
    from marginalia.tools.prepare import prepare_docs

    root = _project_root(Path(args.root).resolve())
    try:
        written = prepare_docs(root, Path(args.out).resolve())
    except DataError as error:
        print(error.report(), file=sys.stderr)
        return 1
    print(f"prepared {args.out}: docs/ and {len(written)} generated file(s): {', '.join(written)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="marginalia", description=__doc__)
    parser.add_argument("--root", default=".", help="project folder (holds annotations/ and seeds/)")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate all annotation data without building the site")
    # Warnings (drift, sourcing policy) always fail the check, as they fail `mkdocs build --strict`;
    # --strict is accepted so that `make check --strict` reads as what it is.
    check.add_argument("--strict", action="store_true", help="fail on warnings too (always the case)")
    check.set_defaults(run=cmd_check)
    note = commands.add_parser("note", help="print a YAML stub for a new note that anchors uniquely")
    note.add_argument("quote", help="the passage, copied from the essay")
    note.add_argument("--id", help="id for the new note (default: one made from the quote)")
    note.add_argument("--text", help="text id (default: the text in which the passage occurs)")
    note.add_argument("--occurrence", type=int, help="which occurrence, when the passage occurs several times")
    note.add_argument("--append", help="append the stub to this notes file instead of printing it")
    note.set_defaults(run=cmd_note)
    imported = commands.add_parser("import", help="turn W3C Web Annotations (e.g. from Hypothesis) into notes YAML")
    imported.add_argument("file", help="a JSON-LD annotation, array of annotations, or AnnotationCollection")
    imported.add_argument("--text", help="text id (default: the text each annotation's target names, else the first)")
    imported.add_argument("--out", help="notes file to write (default: annotations/<text>/notes/imported.yml)")
    imported.add_argument("--force", action="store_true", help="replace the output file if it exists")
    imported.set_defaults(run=cmd_import)
    from_issue = commands.add_parser("from-issue", help="turn a 'Suggest a note' issue body into a note (YAML)")
    from_issue.add_argument("file", help="the issue body as GitHub renders the form (- for standard input)")
    from_issue.add_argument("--write", action="store_true",
                            help="append the note to its section's notes file, print the path and run the check")
    from_issue.add_argument("--text", help="text id (default: the text in which the passage occurs)")
    from_issue.add_argument("--issue", type=int, help="issue number, credited in a comment above the note")
    from_issue.add_argument("--author", help="the issue author's GitHub login, credited with the issue number")
    from_issue.set_defaults(run=cmd_from_issue)
    prepare = commands.add_parser("prepare", help="copy docs/ with the generated pages' stubs and the JSON-LD files "
                                                  "into a folder, for a generator that runs no hook (Zensical)")
    prepare.add_argument("--out", required=True, help="folder to write (replaced), e.g. build/zensical/docs")
    prepare.set_defaults(run=cmd_prepare)
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    return run(args)
