""".github/workflows/suggestion.yml: its conversion step, run here as GitHub would run it, on a
sample `issues` labeled event; and the rules that keep issue text out of its scripts."""
from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from project import ROOT, copy_project

WORKFLOW = ROOT / ".github" / "workflows" / "suggestion.yml"
EVENT = Path(__file__).parent / "events" / "issues-labeled-accepted.json"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$")


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def job() -> dict:
    return workflow()["jobs"]["pull-request"]


def step(step_id: str) -> dict:
    return next(s for s in job()["steps"] if s.get("id") == step_id)


def resolve(value: str, event: dict) -> str:
    """`${{ github.event.a.b }}` as the runner substitutes it (only event paths are needed here)."""
    def lookup(match: re.Match[str]) -> str:
        node: object = event
        for key in match.group(1).split("."):
            node = node[key]  # type: ignore[index]
        return str(node)
    return re.sub(r"\$\{\{\s*github\.event\.([\w.]+)\s*\}\}", lookup, value)


def run_convert(project: Path, event: dict, tmp_path: Path) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    event_file = tmp_path / "event.json"
    event_file.write_text(json.dumps(event), encoding="utf-8")
    output = tmp_path / "github_output"
    output.write_text("", encoding="utf-8")
    runner_temp = tmp_path / "runner"
    runner_temp.mkdir(exist_ok=True)
    convert = step("convert")
    env = {**os.environ, **{k: resolve(str(v), event) for k, v in job()["env"].items()},
           **{k: resolve(str(v), event) for k, v in convert["env"].items()},
           "PYTHON": sys.executable,  # the runner's .venv/bin/python: here, the venv running the tests
           "GITHUB_EVENT_PATH": str(event_file), "GITHUB_OUTPUT": str(output), "RUNNER_TEMP": str(runner_temp)}
    result = subprocess.run([shutil.which("bash") or "bash", "-e", "-c", convert["run"]], cwd=project, env=env,
                            capture_output=True, text=True, timeout=180)
    outputs = dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines() if "=" in line)
    return result, outputs


def test_the_conversion_step_writes_the_note_from_the_event(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    event = json.loads(EVENT.read_text(encoding="utf-8"))
    result, outputs = run_convert(project, event, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert outputs["converted"] == "true"
    written = (project / outputs["file"]).read_text(encoding="utf-8")
    assert "# Suggested by @a-reader in issue #42" in written
    assert "title: \"Kim Jong-il and multilateral summits\"" in written
    check = subprocess.run([sys.executable, "-m", "marginalia", "--root", str(project), "check"],
                           env={**os.environ, "PYTHONPATH": str(ROOT / "hooks")}, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_suggestion_that_does_not_anchor_fails_the_step_with_located_errors(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    event = copy.deepcopy(json.loads(EVENT.read_text(encoding="utf-8")))
    event["issue"]["body"] = event["issue"]["body"].replace("never appeared", "never ever appeared")
    result, outputs = run_convert(project, event, tmp_path)
    assert result.returncode == 1
    assert outputs == {"converted": "false"}
    assert re.search(r"issue-body\.md:3:1: error: the passage no longer anchors", result.stdout), result.stdout


def test_issue_text_never_reaches_a_script() -> None:
    """Script injection: ${{ }} with issue fields is allowed only in env:, never inside run:."""
    for item in job()["steps"]:
        assert "${{" not in item.get("run", ""), f"expression inside run: of step {item.get('name')}"
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "github.event.issue.body" not in text, "the body is read from the event file, not an expression"


def test_least_privilege_and_pinned_actions() -> None:
    flow = workflow()
    assert flow["permissions"] == {}
    assert job()["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "write"}
    trigger = flow.get("on", flow.get(True))
    assert trigger == {"issues": {"types": ["labeled"]}}
    assert "'accepted'" in job()["if"] and "'suggestion'" in job()["if"]
    for item in job()["steps"]:
        if "uses" in item:
            assert PINNED.match(item["uses"]), item["uses"]
    checkout = next(s for s in job()["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False


def test_the_pull_request_credits_the_reader_and_closes_the_issue() -> None:
    script = next(s for s in job()["steps"] if s.get("name") == "Open the pull request")["run"]
    assert "Closes #%s" in script and "Co-authored-by: $ISSUE_AUTHOR" in script
    report = next(s for s in job()["steps"] if s.get("name") == "Report the problems on the issue")
    assert "failure()" in report["if"] and "gh issue comment" in report["run"]


@pytest.mark.skipif(not Path("/opt/judge/venv/bin/actionlint").exists(), reason="actionlint not installed")
def test_actionlint_finds_nothing() -> None:
    result = subprocess.run(["/opt/judge/venv/bin/actionlint", "-no-color", "-oneline", str(WORKFLOW)],
                            capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr
