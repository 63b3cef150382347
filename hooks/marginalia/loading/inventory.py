"""Every file under annotations/ and seeds/ is either read or named in a located warning.

A notes file saved as `*.yaml`, or put beside notes/ instead of in it, used to be skipped without a
word: the edition lost its notes and `make check` passed. The layout the loader reads is written out
here once (see load.py's docstring and annotations/FORMAT.md); any other file is reported where it is,
and `make check` and `mkdocs build --strict` fail on the warning.

Allowed without being read: Markdown files (`*.md`, e.g. README.md, FORMAT.md: documentation for
editors) and Git's placeholder files (.gitkeep, .gitignore).
"""
from __future__ import annotations

from pathlib import Path

from marginalia.diagnostics import DiagnosticSink, Location

SHARED_FOLDER = "sources"  # annotations/sources/ is the bibliography, never a text
TEXT_FILES = ("text.yml", "emendations.yml")
_GIT_FILES = frozenset({".gitkeep", ".gitignore"})
_LAYOUT = ("the edition reads annotations/glossary.yml, annotations/sources/*.yml, annotations/<text>/text.yml, "
           "annotations/<text>/emendations.yml, annotations/<text>/notes/*.yml and seeds/<text>.txt")


def text_folders(annotations: Path) -> list[Path]:
    """The folders of annotations/ that are texts (they hold a text.yml), in name order."""
    if not annotations.is_dir():
        return []
    return sorted(p for p in annotations.iterdir() if p.is_dir() and p.name != SHARED_FOLDER
                  and (p / "text.yml").is_file())


def report_unread_files(root: Path, sink: DiagnosticSink) -> None:
    annotations, seeds = root / "annotations", root / "seeds"
    texts = {p.name for p in text_folders(annotations)}
    for path in _files(annotations):
        problem = _annotation_problem(path.relative_to(annotations).parts, texts)
        if problem:
            sink.warning(Location(_rel(root, path)), *problem)
    for path in _files(seeds):
        parts = path.relative_to(seeds).parts
        if len(parts) == 1 and path.suffix == ".txt" and path.stem in texts:
            continue
        if len(parts) == 1 and path.suffix == ".txt":
            sink.warning(Location(_rel(root, path)), f"seed not read: there is no annotations/{path.stem}/text.yml",
                         f"hint: a text needs annotations/{path.stem}/text.yml beside its seed; "
                         "or check the spelling of the file name against its folder under annotations/")
        else:
            sink.warning(Location(_rel(root, path)), "file not read: seeds/ holds only seeds/<text>.txt files",
                         f"hint: {_LAYOUT}")


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix != ".md" and p.name not in _GIT_FILES)


def _annotation_problem(parts: tuple[str, ...], texts: set[str]) -> tuple[str, str] | None:
    """None for a file the loader reads; otherwise the warning's message and hint."""
    name, stem = parts[-1], parts[-1].rsplit(".", 1)[0]
    if parts == ("glossary.yml",):
        return None
    if len(parts) == 2 and parts[0] == SHARED_FOLDER:
        if name.endswith(".yml"):
            return None
        return _wrong_extension(name, stem)
    if len(parts) == 1:
        hint = "hint: rename it to glossary.yml" if stem == "glossary" else f"hint: {_LAYOUT}"
        return "file not read: annotations/ itself holds only glossary.yml", hint
    folder = parts[0]
    if folder not in texts:
        return (f"file not read: annotations/{folder}/ is not a text (it has no text.yml)",
                f"hint: add annotations/{folder}/text.yml and seeds/{folder}.txt, "
                "or move the file to its text's folder")
    if len(parts) == 2 and name in TEXT_FILES:
        return None
    if len(parts) == 2 and f"{stem}.yml" in TEXT_FILES:
        return _wrong_extension(name, stem)
    if len(parts) == 3 and parts[1] == "notes":
        return None if name.endswith(".yml") else _wrong_extension(name, stem)
    if len(parts) == 2 and name.endswith((".yml", ".yaml")):
        return (f"file not read: {name} is not a file of a text folder",
                f"hint: notes go in annotations/{folder}/notes/{stem}.yml; a text folder itself holds only "
                "text.yml and emendations.yml")
    return f"file not read: it is not where the edition looks for {folder}'s data", f"hint: {_LAYOUT}"


def _wrong_extension(name: str, stem: str) -> tuple[str, str]:
    return f"file not read: '{name}' does not end in .yml", f"hint: rename it to {stem}.yml"


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()
