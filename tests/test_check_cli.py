"""`make check` as editors and CI meet it: exit status, file:line:col lines, fixes, workflow commands."""
from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from htmlcheck import TEXT_ID
from project import ROOT, copy_project, run_cli, run_mkdocs

NOTES_DIR = f"annotations/{TEXT_ID}/notes"
QUOTE_LINE = re.compile(r'^(?P<lead>\s+(?:- )?quote: )"(?P<quote>[^"\\]{30,})"\s*$')
PLAIN = {"GITHUB_ACTIONS": "false"}  # CI runs these tests inside GitHub Actions; most cases are about the plain form
IN_ACTIONS = {"GITHUB_ACTIONS": "true"}


def first_source_id() -> str:
    text = (ROOT / "annotations" / "sources" / "sources.yml").read_text(encoding="utf-8")
    return re.search(r"^\s+- id: ([a-z0-9-]+)\s*$", text, re.MULTILINE).group(1)


def position(text: str, needle: str) -> tuple[int, int]:
    offset = text.index(needle)
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def append_note(project: Path, entry: str, file: str = "2-tiananmen.yml") -> tuple[str, str]:
    """Append one note entry (YAML, indented as a list item) to a notes file; returns (relative path, new text)."""
    relative = f"{NOTES_DIR}/{file}"
    path = project / relative
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n" + entry
    path.write_text(text, encoding="utf-8")
    return relative, text


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def test_check_passes_on_the_real_data() -> None:
    result = run_cli(ROOT, "check", env_extra=PLAIN)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " error: " not in result.stdout
    assert re.search(r"^check passed: 1 text\(s\), \d+ notes, \d+ terms, \d+ sources, \d+ emendations, "
                     r"\d+ warning\(s\)$", result.stdout, re.MULTILINE), result.stdout
    in_actions = run_cli(ROOT, "check", env_extra=IN_ACTIONS)
    assert in_actions.returncode == 0 and "::error" not in in_actions.stdout


# A paraphrase of a passage of the (never-changing) seed: similar enough for a "closest passage"
# hint, too different for the engine to re-anchor the note by itself.
PARAPHRASE = "Kim Jong-il was never seen at multilateral events"
PASSAGE = "Kim Jong-il never appeared on a multilateral stage"


def break_first_long_quote(project: Path, replace) -> tuple[str, int, int, str, str]:
    """Rewrite the first double-quoted quote of 30+ characters in the real notes; returns where and what."""
    for path in sorted((project / NOTES_DIR).glob("*.yml")):
        lines = path.read_text(encoding="utf-8").split("\n")
        for number, line in enumerate(lines, start=1):
            match = QUOTE_LINE.match(line)
            if match:
                original = match.group("quote")
                broken = replace(original)
                lines[number - 1] = f'{match.group("lead")}"{broken}"'
                path.write_text("\n".join(lines), encoding="utf-8")
                return path.relative_to(project).as_posix(), number, len(match.group("lead")) + 1, original, broken
    raise AssertionError("no note with a double-quoted quote of 30+ characters to change")


@pytest.fixture
def misquoted(project: Path) -> tuple[Path, str, int, int, str]:
    """A copy in which one real note's quote was changed to text that is not in the essay."""
    relative, line, column, _, broken = break_first_long_quote(project, lambda original: PARAPHRASE)
    return project, relative, line, column, broken


def test_a_quote_not_in_the_essay_fails_with_its_file_line_and_column(misquoted) -> None:
    project, relative, line, column, broken = misquoted
    result = run_cli(project, "check", env_extra=PLAIN)
    assert result.returncode == 1
    assert re.search(rf"^{re.escape(f'{relative}:{line}:{column}: error: quote of note ')}'[a-z0-9-]+'"
                     rf"{re.escape(f' not found in the essay: {broken!r}')}$", result.stdout, re.MULTILINE), result.stdout
    # The position is the quote's value in the file, where the editor has to fix it.
    assert (project / relative).read_text(encoding="utf-8").split("\n")[line - 1][column - 1:] == f'"{broken}"'
    hint = re.search(r"^    closest passage \((\d+)% similar\): ('.+'|\".+\"); if it is the one", result.stdout, re.MULTILINE)
    assert hint, result.stdout
    assert int(hint.group(1)) >= 50 and ast.literal_eval(hint.group(2)).startswith(PASSAGE[:30]), hint.group(0)
    assert "check failed: 1 error(s)" in result.stderr
    assert "::error" not in result.stdout


def test_a_quote_with_a_typo_fails_the_check_like_it_fails_the_strict_build(project: Path) -> None:
    """A one-letter slip is re-anchored with a warning (the preview still shows the note), but
    CI builds strictly, so `make check` must not pass it."""
    def drop_a_letter(original: str) -> str:
        cut = next(i for i in range(len(original) // 2, len(original) - 1) if original[i - 1:i + 2].isalpha())
        return original[:cut] + original[cut + 1:]

    relative, line, column, original, broken = break_first_long_quote(project, drop_a_letter)
    result = run_cli(project, "check", env_extra=PLAIN)
    assert result.returncode == 1, result.stdout
    assert re.search(rf"^{re.escape(relative)}:{line}:{column}: (warning|error): ", result.stdout, re.MULTILINE), \
        result.stdout
    assert json.dumps(original, ensure_ascii=False) in result.stdout or repr(original) in result.stdout
    assert "check failed: " in result.stderr
    in_actions = run_cli(project, "check", env_extra=IN_ACTIONS)
    assert re.search(rf"^::(warning|error) file={re.escape(relative)},line={line},col={column}::", in_actions.stdout,
                     re.MULTILINE), in_actions.stdout


def test_in_github_actions_errors_are_also_workflow_commands(misquoted) -> None:
    project, relative, line, column, broken = misquoted
    result = run_cli(project, "check", env_extra=IN_ACTIONS)
    assert result.returncode == 1
    commands = [text for text in result.stdout.splitlines() if text.startswith("::")]
    assert len(commands) == 1, result.stdout
    assert commands[0].startswith(f"::error file={relative},line={line},col={column}::quote of note ")
    assert f" not found in the essay: {broken!r}%0Aclosest passage (" in commands[0]
    # The compiler-style line stays, for people reading the log.
    assert f"{relative}:{line}:{column}: error: quote of note " in result.stdout


@pytest.mark.build
@pytest.mark.parametrize("strict", [False, True], ids=["build", "build-strict"])
def test_the_build_fails_with_the_same_located_message(misquoted, strict: bool) -> None:
    project, relative, line, column, broken = misquoted
    result = run_mkdocs(project, "build", *(["--strict"] if strict else []))
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert f" not found in the essay: {broken!r}" in output and f"{relative}:{line}:{column}: error: quote of note " in output, output
    assert "closest passage (" in output


def note_entry(note_id: str, quote: str, kind: str = "context", sources: str | None = None,
               extra: str = "") -> str:
    return (f"  - id: {note_id}\n    quote: {json.dumps(quote, ensure_ascii=False)}\n{extra}    kind: {kind}\n"
            f"    title: A test note\n    body: Text of a test note.\n    sources: [{sources or first_source_id()}]\n")


def test_unknown_field_suggests_the_intended_one(project: Path) -> None:
    entry = note_entry("test-field", "Kim Jong-il never appeared on a multilateral stage").replace("title:", "titel:")
    relative, text = append_note(project, entry)
    result = run_cli(project, "check", env_extra=PLAIN)
    line, column = position(text, "titel:")
    assert result.returncode == 1
    assert f"{relative}:{line}:{column}: error: unknown field 'titel'" in result.stdout, result.stdout
    assert "    did you mean 'title'?" in result.stdout
    # Only the bad note is dropped: no knock-on errors from the file's other notes.
    assert "check failed: 2 error(s)" in result.stderr, result.stdout  # the unknown field and the missing title


def test_unknown_kind_lists_the_allowed_values(project: Path) -> None:
    relative, text = append_note(project, note_entry("test-kind", "Kim Jong-il never appeared on a multilateral stage",
                                                     kind="biography"))
    result = run_cli(project, "check", env_extra=PLAIN)
    line, column = position(text, "biography")
    assert f"{relative}:{line}:{column}: error: notes[" in result.stdout, result.stdout
    assert "'biography' is not an allowed value" in result.stdout
    assert "    allowed values: context, person, event, institution, fact-check, translation" in result.stdout
    assert result.returncode == 1


def test_unknown_source_suggests_the_closest_id(project: Path) -> None:
    real = first_source_id()
    typo = real[:-1] + ("x" if real[-1] != "x" else "y")
    relative, text = append_note(project, note_entry("test-source", "Kim Jong-il never appeared on a multilateral stage",
                                                     sources=typo))
    result = run_cli(project, "check", env_extra=PLAIN)
    line, column = position(text, f"[{typo}]")
    assert f"{relative}:{line}:{column + 1}: error: note 'test-source' cites unknown source '{typo}'" in result.stdout, \
        result.stdout
    assert f"    did you mean '{real}'?" in result.stdout
    assert result.returncode == 1


def test_ambiguous_quote_suggests_a_prefix_or_suffix_that_works(project: Path) -> None:
    relative, text = append_note(project, note_entry("test-ambiguous", "Tiananmen watchtower"))
    result = run_cli(project, "check", env_extra=PLAIN)
    line, column = position(text, '"Tiananmen watchtower"')
    assert result.returncode == 1
    assert (f"{relative}:{line}:{column}: error: ambiguous quote in note 'test-ambiguous': 'Tiananmen watchtower' "
            "occurs 3 times in the essay") in result.stdout, result.stdout
    fixes = re.findall(r"^    occurrence (\d): .*with:\n((?:      (?:quote|prefix|suffix): .*\n)+)", result.stdout,
                       re.MULTILINE)
    assert [number for number, _ in fixes] == ["1", "2", "3"], result.stdout
    # Pasting the suggestion for the second occurrence, as shown, in place of the quote makes the data valid.
    pasted = "".join(f"    {line.strip()}\n" for line in fixes[1][1].splitlines())
    path = project / relative
    path.write_text(text.replace('    quote: "Tiananmen watchtower"\n', pasted), encoding="utf-8")
    fixed = run_cli(project, "check", env_extra=PLAIN)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
