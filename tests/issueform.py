"""GitHub's rendering of an issue form into an issue body, for tests of `from-issue`.

GitHub writes each field of the form in order as `### <label>`, a blank line and the value
(trimmed), `_No response_` for an empty field, `- [X] <label>` lines for checkboxes, and stores
the body with CRLF line ends. Markdown blocks of the form are not written.
"""
from __future__ import annotations

from pathlib import Path

import yaml
from project import ROOT

TEMPLATES = ROOT / ".github" / "ISSUE_TEMPLATE"


def form_fields(template: str = "suggest-note.yml") -> list[dict]:
    form = yaml.safe_load((TEMPLATES / template).read_text(encoding="utf-8"))
    return [item for item in form["body"] if item["type"] != "markdown"]


def render_issue_body(values: dict[str, str], template: str = "suggest-note.yml") -> str:
    parts = []
    for item in form_fields(template):
        label = item["attributes"]["label"]
        if item["type"] == "checkboxes":
            value = "\n".join(f"- [ ] {o['label']}" for o in item["attributes"]["options"])
        else:
            value = values.get(item["id"], "").strip() or "_No response_"
        parts.append(f"### {label}\n\n{value}")
    return "\n\n".join(parts).replace("\n", "\r\n")


def write_issue(directory: Path, values: dict[str, str], name: str = "issue.md") -> Path:
    path = directory / name
    path.write_bytes(render_issue_body(values).encode("utf-8"))
    return path
