"""`python -m marginalia import FILE`: W3C Web Annotations (from this edition's export, from
Hypothesis or any tool) written as notes YAML, one file per text; orphans are reported and kept
as comments so that nothing is dropped.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from marginalia.diagnostics import DiagnosticSink
from marginalia.interop.import_notes import build_notes
from marginalia.interop.import_read import AnnotationFileError, read_file, target_selectors
from marginalia.interop.import_yaml import notes_yaml
from marginalia.loading.load import load_edition

DUPLICATES_SHOWN = 5  # a re-import of a whole export would otherwise print one line per note


def _text_for(annotation: dict[str, Any], text_ids: list[str]) -> str | None:
    """The text whose page the annotation targets (its URL path names the text id)."""
    source, _ = target_selectors(annotation)
    path = urlsplit(source or "").path
    segments = [segment.removesuffix(".html") for segment in path.split("/") if segment]
    return next((text_id for text_id in text_ids if text_id in segments), None)


def run_import(root: Path, file: Path, text_id: str | None = None, out: Path | None = None,
               force: bool = False) -> int:
    """`python -m marginalia import FILE`: 0 when every annotation became a note (or already was
    one), 1 when some did not anchor (they are reported and kept as comments), 2 on bad input."""
    def report(severity: str, message: str, *hints: str) -> None:
        print(f"{file}: {severity}: {message}", *(f"    {h}" for h in hints), sep="\n", file=sys.stderr)

    data = load_edition(root, DiagnosticSink())  # data errors elsewhere do not stop an import
    texts = list(data.essays)
    if not texts:
        report("error", f"no annotated text in {root} (expected annotations/<text>/text.yml and seeds/<text>.txt)")
        return 2
    if text_id is not None and text_id not in data.essays:
        report("error", f"no annotated text '{text_id}'", f"texts: {', '.join(texts)}")
        return 2
    try:
        annotations = read_file(file)
    except AnnotationFileError as error:
        report("error", str(error))
        return 2
    groups: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for index, annotation in enumerate(annotations):
        chosen = text_id or _text_for(annotation, texts) or texts[0]
        groups.setdefault(chosen, []).append((index, annotation))
    if out is not None and len(groups) > 1:
        report("error", f"the annotations target {len(groups)} texts ({', '.join(groups)}); --out takes one",
               "hint: drop --out (each text gets annotations/<text>/notes/imported.yml) or pass --text")
        return 2
    destinations = {chosen: (out or root / "annotations" / chosen / "notes" / "imported.yml").resolve()
                    for chosen in groups}
    for destination in destinations.values():
        if destination.exists() and not force:
            report("error", f"{destination} exists; not overwritten",
                   "hint: pass --out NEW.yml, or --force to replace it")
            return 2
    replaced = {d.relative_to(root).as_posix() for d in destinations.values() if d.is_relative_to(root)}
    # Ids defined in a file about to be replaced are free again.
    taken = {note.id: str(note.location) for note in data.all_notes() if note.file not in replaced}
    status = 0
    for chosen, items in groups.items():
        destination = destinations[chosen]
        shown = destination.relative_to(root).as_posix() if destination.is_relative_to(root) else str(destination)
        result = build_notes(items, data.essays[chosen].text, taken, data.sources, shown)
        for incoming, placement in result.orphans:
            report("error", f"{incoming.label} does not anchor in '{chosen}': {placement.problem}", *placement.hints,
                   f"kept as a comment at the end of {shown}")
            status = 1
        for incoming, message in result.duplicates[:DUPLICATES_SHOWN]:
            report("warning", f"{incoming.label} skipped: {message}")
        if len(result.duplicates) > DUPLICATES_SHOWN:
            report("warning", f"… and {len(result.duplicates) - DUPLICATES_SHOWN} more annotation(s) skipped "
                              "because their note ids already exist")
        for message in result.warnings:
            report("warning", message)
        if result.notes or result.orphans:
            destination.parent.mkdir(parents=True, exist_ok=True)
            schema = Path(os.path.relpath(root / "schemas" / "notes.schema.json", destination.parent)).as_posix()
            destination.write_text(notes_yaml(result, schema, file.name), encoding="utf-8")
        written = "written" if result.notes or result.orphans else "not written (nothing new)"
        print(f"{shown}: {written}: {len(result.notes)} note(s) imported, {len(result.orphans)} orphan(s), "
              f"{len(result.duplicates)} already present")
    return status
