"""`python -m marginalia from-issue`: a "Suggest a note" issue, as GitHub renders the form, becomes
a note that anchors where the reader selected; bad and hostile issues get located errors and never
a broken or injected notes file."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from issueform import form_fields, render_issue_body, write_issue
from project import copy_project, run_cli

from marginalia.diagnostics import DiagnosticSink
from marginalia.edition.build import build_edition
from marginalia.loading.load import load_edition
from marginalia.tools.from_issue import Suggestion, emit
from marginalia.tools.issue_form import SUGGEST_NOTE_FIELDS, parse_issue_form

TEXT_ID = "kim-jong-un-watchtower-diplomacy"
GOOD = {"kind": "context", "title": "A test note", "body": "What a student should know.",
        "sources": "hansun-chosun-2022"}


@pytest.fixture(scope="module")
def essay() -> str:
    from project import ROOT
    return load_edition(ROOT, DiagnosticSink()).essays[TEXT_ID].text


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def placed(project: Path, note_id: str) -> tuple[int, int]:
    edition = build_edition(project, project / "docs")
    for p in edition.placed[TEXT_ID]:
        if p.note.id == note_id:
            return p.start, p.end
    raise AssertionError(f"note {note_id} is not placed")


def note_ids(project: Path) -> set[str]:
    return {n.id for n in load_edition(project, DiagnosticSink()).all_notes()}


def test_the_parser_knows_the_forms_labels() -> None:
    fields = {f["id"]: f["attributes"]["label"] for f in form_fields()}
    assert {k: fields[k] for k in SUGGEST_NOTE_FIELDS} == SUGGEST_NOTE_FIELDS
    assert {"quote", "prefix", "suffix", "kind", "title", "body", "sources"} <= set(fields)
    problem = {f["id"] for f in form_fields("report-problem.yml")}
    assert {"quote", "prefix", "suffix", "body", "sources"} <= problem


def test_a_repeated_phrase_lands_on_the_occurrence_the_reader_selected(project: Path, essay: str,
                                                                       tmp_path: Path) -> None:
    phrase = "North Korea"
    starts = [i for i in range(len(essay)) if essay.startswith(phrase, i)]
    start = starts[5]
    # As the page sends it: prefix and suffix with their spaces; GitHub trims them.
    issue = write_issue(tmp_path, {**GOOD, "quote": phrase, "prefix": essay[start - 12:start],
                                   "suffix": essay[start + len(phrase):start + len(phrase) + 12], "section": "2"})
    before = note_ids(project)
    result = run_cli(project, "from-issue", str(issue), "--write", "--issue", "7", "--author", "a-reader")
    assert result.returncode == 0, result.stdout + result.stderr
    written = project / result.stdout.strip()
    assert written.parent == project / "annotations" / TEXT_ID / "notes"
    [new] = note_ids(project) - before
    assert placed(project, new) == (start, start + len(phrase))
    assert "# Suggested by @a-reader in issue #7" in written.read_text(encoding="utf-8")
    assert run_cli(project, "check").returncode == 0


def test_printing_leaves_the_project_untouched(project: Path, essay: str, tmp_path: Path) -> None:
    quote = "Kim Jong-il never appeared on a multilateral stage"
    assert essay.count(quote) == 1
    issue = write_issue(tmp_path, {**GOOD, "quote": quote})
    before = {p: p.read_bytes() for p in (project / "annotations").rglob("*.yml")}
    result = run_cli(project, "from-issue", str(issue))
    assert result.returncode == 0, result.stderr
    [note] = yaml.safe_load("notes:\n" + result.stdout)["notes"]
    assert note["quote"] == quote and note["kind"] == "context" and note["sources"] == ["hansun-chosun-2022"]
    assert {p: p.read_bytes() for p in (project / "annotations").rglob("*.yml")} == before


@pytest.mark.parametrize("values,line_label,message", [
    ({**GOOD, "quote": "Kim Jong-il always appeared on a multilateral stage"}, "Passage", "no longer anchors"),
    ({**GOOD, "quote": "Kim Jong-il never appeared on a multilateral stage", "kind": "gossip"}, "Kind of note",
     "unknown kind 'gossip'"),
    ({**GOOD, "quote": "Kim Jong-il never appeared on a multilateral stage", "title": ""}, "Title of the note",
     "field 'Title of the note' is empty"),
    ({**GOOD, "quote": "Kim Jong-il never appeared on a multilateral stage", "sources": "my-blog"}, "Sources",
     "'my-blog' is not the id of a source"),
    ({**GOOD, "quote": "North Korea"}, "Passage", "occurs"),
])
def test_bad_issues_get_a_located_error_and_nothing_is_written(project: Path, tmp_path: Path, values: dict[str, str],
                                                             line_label: str, message: str) -> None:
    issue = write_issue(tmp_path, values)
    before = {p: p.read_bytes() for p in (project / "annotations").rglob("*.yml")}
    result = run_cli(project, "from-issue", str(issue), "--write")
    assert result.returncode == 1
    assert message in result.stderr
    lines = issue.read_bytes().decode("utf-8").split("\r\n")
    heading = lines.index(f"### {line_label}") + 1
    assert f"{issue}:{heading + 2}:1: error:" in result.stderr, result.stderr
    assert "nothing written" in result.stderr
    assert {p: p.read_bytes() for p in (project / "annotations").rglob("*.yml")} == before


def test_a_body_without_the_forms_headings_names_the_missing_field(project: Path, tmp_path: Path) -> None:
    issue = tmp_path / "issue.md"
    issue.write_text("Please explain “tariff rampage”, thanks!\n", encoding="utf-8")
    result = run_cli(project, "from-issue", str(issue))
    assert result.returncode == 1
    assert "missing field 'Passage': the body has no heading '### Passage'" in result.stderr


HOSTILE_BODIES = [
    "<script>alert(1)</script><img src=x onerror=alert(2)> and <a href=\"javascript:alert(3)\">link</a>",
    "Innocent.\n  - id: injected\n    quote: \"North Korea\"\n    kind: context\nsources: [evil]\n"
    "---\n!!python/object:os.system",
    "  leading spaces, a tab\there, \"quotes\", 'single', `backticks`, ```fences```, {{ braces }} and # hash",
    "line\u2028separator, next\u0085line, bell\x07 and a NUL-free end: ||| >- |+",
    "### Sources\n\nnot-a-real-source\n\n### Title of the note\n\nFake title",
]


@pytest.mark.parametrize("body", HOSTILE_BODIES, ids=["html", "yaml-injection", "quotes-backticks", "line-breaks",
                                                       "fake-headings"])
def test_hostile_bodies_stay_text(project: Path, tmp_path: Path, body: str) -> None:
    quote = "Kim Jong-il never appeared on a multilateral stage"
    issue = write_issue(tmp_path, {**GOOD, "quote": quote, "body": body,
                                   "title": 'T"itle\\ with `ticks` and: colon #x'})
    before = note_ids(project)
    result = run_cli(project, "from-issue", str(issue), "--write")
    written = project / result.stdout.strip().splitlines()[0]
    document = yaml.safe_load(written.read_text(encoding="utf-8"))
    new = [n for n in document["notes"] if n["id"] not in before]
    assert len(new) == 1, "exactly one note added, nothing injected"
    note = new[0]
    assert note["body"].rstrip("\n") == body.strip().replace("\x07", "\x07")
    assert note["title"] == 'T"itle\\ with `ticks` and: colon #x'
    assert note["sources"] == ["hansun-chosun-2022"] and note["kind"] == "context"
    assert set(note) == {"id", "quote", "kind", "title", "body", "sources"}
    # Either the check passes, or from-issue said it does not.
    check = run_cli(project, "check")
    if check.returncode != 0:
        assert result.returncode == 1 and "but make check fails" in result.stderr
    else:
        assert result.returncode == 0, result.stderr


def test_a_note_that_fails_the_check_is_reported_not_passed_over(project: Path, tmp_path: Path) -> None:
    issue = write_issue(tmp_path, {**GOOD, "quote": "Kim Jong-il never appeared on a multilateral stage",
                                   "body": "See [[note:no-such-note]]."})
    result = run_cli(project, "from-issue", str(issue), "--write")
    assert result.returncode == 1
    assert "but make check fails" in result.stderr
    assert "no-such-note" in result.stderr and ".yml:" in result.stderr


def test_a_passage_with_quotes_and_lookalike_characters(project: Path, essay: str, tmp_path: Path) -> None:
    quote = "“tariff rampage”"
    assert quote in essay
    typed = '"tariff rampage"'  # typed by hand, straight quotes
    issue = write_issue(tmp_path, {**GOOD, "quote": typed})
    result = run_cli(project, "from-issue", str(issue))
    assert result.returncode == 0, result.stderr
    [note] = yaml.safe_load("notes:\n" + result.stdout)["notes"]
    assert note["quote"] == quote


def test_fields_are_parsed_as_github_writes_them() -> None:
    body = render_issue_body({"quote": "a `b` \"c\"", "kind": "event", "body": "x\n\n### Not a field\n\ny"})
    fields = parse_issue_form(body)
    assert fields["quote"].value == "a `b` \"c\""
    assert fields["prefix"].value == "" and fields["prefix"].present
    assert fields["body"].value == "x\n\n### Not a field\n\ny"
    assert fields["kind"].value == "event"


def test_the_emitter_refuses_yaml_that_would_not_read_back() -> None:
    suggestion = Suggestion({"id": "x", "quote": "q", "kind": "context", "title": "t\u2029",
                             "body": "b\u2028c\n\n- x", "sources": ["s"]}, TEXT_ID, 1, "n.yml", "")
    [note] = yaml.safe_load("notes:\n" + emit(suggestion))["notes"]
    assert note["title"] == "t\u2029" and note["body"].rstrip("\n") == "b\u2028c\n\n- x"
