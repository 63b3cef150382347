"""`make note`: the stub it prints (or appends) anchors uniquely at the passage the editor meant."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from htmlcheck import TEXT_ID
from marginalia import DataError
from marginalia.edition.build import build_edition
from project import ROOT, copy_project, run_cli

NOTES_DIR = f"annotations/{TEXT_ID}/notes"
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# Passages that occur once, and passages that occur several times (with how often).
UNIQUE = ["Kim Jong-il never appeared on a multilateral stage", "Anmi Gyeongjung", "tariff imperialism"]
REPEATED = {"Korea–U.S. alliance": 3, "Tiananmen watchtower": 3, "practical diplomacy": 4}


def seed_essay_text() -> str:
    """The essay as a reader sees it, built independently of the engine: seed lines with the
    declared emendations applied (each is prefix + original + suffix, unique in the seed)."""
    seed = (ROOT / "seeds" / f"{TEXT_ID}.txt").read_text(encoding="utf-8")
    declared = yaml.safe_load((ROOT / "annotations" / TEXT_ID / "emendations.yml").read_text(encoding="utf-8"))
    edits = []
    for emendation in declared["emendations"]:
        context = emendation.get("prefix", "") + emendation["original"] + emendation.get("suffix", "")
        assert seed.count(context) == 1, emendation["id"]
        edits.append((seed.index(context) + len(emendation.get("prefix", "")), emendation))
    for at, emendation in sorted(edits, key=lambda edit: edit[0], reverse=True):  # right to left: offsets stay valid
        seed = seed[:at] + emendation["reading"] + seed[at + len(emendation["original"]):]
    return "\n".join(line for line in seed.split("\n") if line.strip())


ESSAY = seed_essay_text()


def occurrences(passage: str) -> list[int]:
    found, start = [], ESSAY.find(passage)
    while start != -1:
        found.append(start)
        start = ESSAY.find(passage, start + 1)
    return found


def filled(stub: dict, note_id: str) -> dict:
    """What an editor does next: choose a kind, write a title and body, cite a source."""
    source = re.search(r"^\s+- id: ([a-z0-9-]+)", (ROOT / "annotations/sources/sources.yml").read_text(encoding="utf-8"),
                       re.MULTILINE).group(1)
    return {**stub, "id": note_id, "kind": "context", "title": "A test note", "body": "Some text.", "sources": [source]}


def placed_start(project: Path, note_id: str) -> int:
    edition = build_edition(project)
    return next(p.start for p in edition.placed[TEXT_ID] if p.note.id == note_id)


def add_notes(project: Path, notes: list[dict]) -> None:
    target = project / NOTES_DIR / "9-test.yml"
    target.write_text(yaml.safe_dump({"notes": notes}, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("stub") / "project")


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def test_the_independent_essay_text_is_the_engines() -> None:
    assert build_edition(ROOT).essay(TEXT_ID).text == ESSAY


@pytest.mark.parametrize(("passage", "occurrence"),
                         [(p, 1) for p in UNIQUE] + [(p, n) for p, count in REPEATED.items() for n in range(1, count + 1)])
def test_stub_anchors_at_the_chosen_occurrence(project: Path, tmp_path: Path, passage: str, occurrence: int) -> None:
    starts = occurrences(passage)
    expected_count = REPEATED.get(passage, 1)
    assert len(starts) == expected_count, f"the essay has {passage!r} {len(starts)} times"
    result = run_cli(project, "note", passage, "--occurrence", str(occurrence))
    assert result.returncode == 0, result.stderr
    stubs = yaml.safe_load(result.stdout)
    assert len(stubs) == 1 and stubs[0]["quote"] == passage
    assert ("prefix" in stubs[0] or "suffix" in stubs[0]) == (expected_count > 1)
    copy = copy_project(tmp_path / "project")
    add_notes(copy, [filled(stubs[0], "test-stub")])
    assert placed_start(copy, "test-stub") == starts[occurrence - 1]


@pytest.mark.parametrize("passage", sorted(REPEATED))
def test_without_occurrence_one_stub_per_occurrence_each_anchoring_at_its_own(project: Path, tmp_path: Path,
                                                                              passage: str) -> None:
    result = run_cli(project, "note", passage)
    assert result.returncode == 0, result.stderr
    assert f"occurs {REPEATED[passage]} times" in result.stderr and "OCCURRENCE=N" in result.stderr
    stubs = yaml.safe_load(result.stdout)
    # Each stub is introduced by a comment that shows the occurrence in its context.
    assert result.stdout.count("# occurrence ") == REPEATED[passage]
    copy = copy_project(tmp_path / "project")
    add_notes(copy, [filled(stub, f"test-stub-{n}") for n, stub in enumerate(stubs, start=1)])
    got = [placed_start(copy, f"test-stub-{n}") for n in range(1, len(stubs) + 1)]
    assert got == occurrences(passage)


def test_append_writes_a_stub_that_check_flags_until_filled_in_and_that_then_anchors(scratch: Path) -> None:
    target = scratch / NOTES_DIR / "3-china.yml"
    before = target.read_text(encoding="utf-8")
    result = run_cli(scratch, "note", "Tiananmen watchtower", "--occurrence", "2", "--append", str(target))
    assert result.returncode == 0, result.stderr
    text = target.read_text(encoding="utf-8")
    assert text.startswith(before.rstrip("\n")), "appending must keep the file's existing notes"
    note_id = re.search(r"appended note '([a-z0-9-]+)'", result.stdout).group(1)
    # Unfilled, the stub cannot be published: `make check` names each empty field at its line.
    check = run_cli(scratch, "check", env_extra={"GITHUB_ACTIONS": "false"})
    assert check.returncode == 1
    relative = target.relative_to(scratch).as_posix()
    lines = text.split("\n")
    for field in ("kind", "title", "body", "sources"):
        line = next(n for n, value in enumerate(lines, start=1) if value.startswith(f"    {field}:")
                    and n > len(before.split("\n")))
        assert re.search(rf"^{re.escape(relative)}:{line}:\d+: error: .*{field}", check.stdout, re.MULTILINE), \
            f"{field}:\n{check.stdout}"
    assert "check failed: 4 error(s)" in check.stderr, check.stdout  # nothing else in the file is affected
    # Filled in, it anchors at the second occurrence.
    kept, stub = text[:len(before.rstrip("\n"))], text[len(before.rstrip("\n")):]
    stub = (stub.replace('kind: ""', "kind: context").replace('title: ""', "title: A test note")
            .replace("body: |", "body: Some text. #").replace("sources: []", f"sources: [{filled({}, '')['sources'][0]}]"))
    target.write_text(kept + stub, encoding="utf-8")
    assert run_cli(scratch, "check", env_extra={"GITHUB_ACTIONS": "false"}).returncode == 0
    assert placed_start(scratch, note_id) == occurrences("Tiananmen watchtower")[1]


def test_append_to_a_new_file_adds_the_schema_modeline(scratch: Path) -> None:
    target = scratch / NOTES_DIR / "5-new.yml"
    result = run_cli(scratch, "note", "Anmi Gyeongjung", "--append", str(target))
    assert result.returncode == 0, result.stderr
    first, second = target.read_text(encoding="utf-8").split("\n")[:2]
    assert first == "# yaml-language-server: $schema=../../../schemas/notes.schema.json"
    assert second == "notes:"


def test_append_refuses_an_ambiguous_passage_without_occurrence(scratch: Path) -> None:
    target = scratch / NOTES_DIR / "3-china.yml"
    before = target.read_text(encoding="utf-8")
    result = run_cli(scratch, "note", "Tiananmen watchtower", "--append", str(target))
    assert result.returncode == 2 and "choose one occurrence" in result.stderr
    assert target.read_text(encoding="utf-8") == before


def test_a_passage_not_in_the_essay_gets_the_closest_one(project: Path) -> None:
    result = run_cli(project, "note", "Kim Jong-il never appeard on a multilateral stage")
    assert result.returncode == 1 and result.stdout == ""
    assert "error: passage not found in the essay" in result.stderr
    assert re.search(r"closest passage \(\d+% similar\): 'Kim Jong-il never appeared on a multilateral", result.stderr)


def test_typed_apostrophes_and_hyphens_are_matched_to_the_essays_characters(project: Path, tmp_path: Path) -> None:
    result = run_cli(project, "note", "Kim Jong-un's attendance at China's Victory Day ceremony")
    assert result.returncode == 0, result.stderr
    stub = yaml.safe_load(result.stdout)[0]
    assert stub["quote"] == "Kim Jong-un’s attendance at China’s Victory Day ceremony"
    assert "used the essay's own characters" in result.stderr
    copy = copy_project(tmp_path / "project")
    add_notes(copy, [filled(stub, "test-typed")])
    assert placed_start(copy, "test-typed") == occurrences(stub["quote"])[0]


def test_suggested_id_is_a_new_slug_and_a_taken_id_is_refused(project: Path) -> None:
    existing = {note.id for note in build_edition(project).data.all_notes()}
    for passage in ["Kim Jong-il never appeared on a multilateral stage", "Tiananmen watchtower", "Anmi Gyeongjung"]:
        result = run_cli(project, "note", passage, "--occurrence", "1")
        note_id = yaml.safe_load(result.stdout)[0]["id"]
        assert SLUG.match(note_id) and note_id not in existing, note_id
    taken = sorted(existing)[0]
    refused = run_cli(project, "note", "Anmi Gyeongjung", "--id", taken)
    assert refused.returncode == 2 and f"'{taken}' exists already" in refused.stderr


def test_unfilled_stub_is_rejected_by_the_engine(project: Path, tmp_path: Path) -> None:
    """Belt and braces for the stub's design: printed as is, it must never build."""
    stub = yaml.safe_load(run_cli(project, "note", "Anmi Gyeongjung").stdout)[0]
    copy = copy_project(tmp_path / "project")
    add_notes(copy, [stub])
    with pytest.raises(DataError) as caught:
        build_edition(copy)
    assert {"kind", "title", "body", "sources"} <= {m for d in caught.value.diagnostics
                                                    for m in re.findall(r"\.(kind|title|body|sources)\b", d.message)}


def venv_is_current() -> bool:
    """True when `make` would not (re)install the virtual environment, which needs the network."""
    stamp = ROOT / ".venv" / ".installed"
    return stamp.exists() and stamp.stat().st_mtime >= (ROOT / "requirements.txt").stat().st_mtime


@pytest.mark.skipif(shutil.which("make") is None or not venv_is_current(),
                    reason="needs make and an up-to-date .venv (run any make target once)")
def test_make_note_passes_occurrence_and_id_through() -> None:
    env = {**os.environ, "MAKEFLAGS": ""}
    result = subprocess.run(["make", "-s", "-C", str(ROOT), "note", "QUOTE=practical diplomacy", "OCCURRENCE=2",
                             "ID=test-make-note"], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    stub = yaml.safe_load(result.stdout)[0]
    assert stub["id"] == "test-make-note" and stub["quote"] == "practical diplomacy"
    assert "occurrence 2 of 4" in result.stdout
