"""Test helper: a buildable MkDocs project around a fixture's annotation data.

The project's code, theme overrides, CSS/JS and mkdocs.yml are copied; the data (seeds/ and
annotations/) comes from the fixture; the hand-written pages are replaced by one small home page,
because the real pages cross-reference the real notes. The nav is dropped so MkDocs lists the
generated pages (essay, glossary, bibliography, timeline) by itself.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from project import ROOT, copy_project

HOME = """---
title: Fixture edition
---

# Fixture edition

A test build of fixture data. See the [[section:1]] and the glossary.
"""


def make_fixture_project(fixture: Path, destination: Path) -> Path:
    project = copy_project(destination, with_data=False)
    for name in ("seeds", "annotations"):
        shutil.rmtree(project / name)
        shutil.copytree(fixture / name, project / name)
    for page in (project / "docs").glob("*.md"):
        page.unlink()
    (project / "docs" / "index.md").write_text(HOME, encoding="utf-8")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"^nav:\n(?:[ \t]+.*\n?)*", "", config, flags=re.MULTILINE)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    return project


ADVERSARIAL = Path(__file__).resolve().parent / "fixtures" / "adversarial"


def make_stress_project(destination: Path) -> Path:
    """The adversarial fixture plus its stress overlay: pathological passages and XSS payloads."""
    project = make_fixture_project(ADVERSARIAL, destination)
    shutil.copytree(ADVERSARIAL / "stress-overlay" / "annotations", project / "annotations", dirs_exist_ok=True)
    return project
