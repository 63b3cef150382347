"""Shared fixtures: throwaway copies of the project, so tests can break data without touching ours."""
from __future__ import annotations

from pathlib import Path

import pytest
from project import COPIED, FIXTURES, ROOT, copy_project, run_cli, run_mkdocs  # noqa: F401 - re-exported


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project, built once per test session (strict)."""
    project = copy_project(tmp_path_factory.mktemp("site") / "project")
    result = run_mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"
