"""CONTRIBUTING.md stays true: its example note is valid, its ids exist, its stub is what `make note` prints."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from marginalia.diagnostics import DiagnosticSink
from marginalia.loading.load import load_edition
from project import ROOT, copy_project, run_cli

GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
EXAMPLE_ID = "kim-jong-il-multilateral"  # the walk-through's own note, not part of the edition
NOTES_FILE = "annotations/kim-jong-un-watchtower-diplomacy/notes/2-tiananmen.yml"


def code_blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", GUIDE, re.MULTILINE | re.DOTALL)


def example_note() -> str:
    return next(block for block in code_blocks("yaml") if block.startswith(f"  - id: {EXAMPLE_ID}\n"))


def test_every_id_the_guide_mentions_exists() -> None:
    data = load_edition(ROOT, DiagnosticSink())
    ids = {"source": set(data.sources), "term": {t.id for t in data.terms},
           "note": {n.id for n in data.all_notes()} | {EXAMPLE_ID}, "section": {"1", "2", "3", "4"}}
    # A note or section may be named with its text in front: [[section:<text-id>/4]].
    qualified = re.findall(r"\[\[(source|term|note|section):(?:([a-z0-9-]+)/)?([a-z0-9-]+)", GUIDE)
    assert all(not text or text in data.texts for _, text, _ in qualified), "the guide names a text that does not exist"
    mentioned = [(kind, item) for kind, _, item in qualified]
    cited = [("source", s.strip()) for block in re.findall(r"sources: \[([^\]]+)\]", GUIDE) for s in block.split(",")]
    assert mentioned and cited
    for kind, item in mentioned + cited:
        assert item in ids[kind], f"CONTRIBUTING.md mentions {kind} '{item}', which does not exist"


def test_the_walk_through_note_passes_check(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    path = project / NOTES_FILE
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + example_note(), encoding="utf-8")
    result = run_cli(project, "check", env_extra={"GITHUB_ACTIONS": "false"})
    assert result.returncode == 0, result.stdout + result.stderr
    body = re.search(r"    body: \|\n((?:      .*\n)+)", example_note()).group(1)
    assert len(body.split()) <= 50, "the guide's example breaks its own 50-word rule"


@pytest.mark.parametrize(("arguments", "first_line"), [
    (["Kim Jong-il never appeared on a multilateral stage"], "# the passage (section 2)"),
    (["Tiananmen watchtower", "--occurrence", "2"], "# occurrence 2 of 3 (section 3)"),
])
def test_the_stubs_shown_are_what_make_note_prints(arguments: list[str], first_line: str) -> None:
    shown = next(block for block in code_blocks("text") if block.startswith(first_line))
    printed = run_cli(ROOT, "note", *arguments).stdout
    # The last comment names sources cited by nearby notes, which change as notes are written.
    strip = re.compile(r"(sources: \[\]  # ids from annotations/sources/\*\.yml).*$", re.MULTILINE)
    assert strip.sub(r"\1", printed) == strip.sub(r"\1", shown)
