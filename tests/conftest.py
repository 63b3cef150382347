"""Shared fixtures: throwaway copies of the project, so tests can break data without touching ours."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from project import (  # noqa: F401 - re-exported
    COPIED,
    FIXTURES,
    ROOT,
    build_strict,
    copy_project,
    run_cli,
    run_mkdocs,
    run_zensical_build,
    zensical_available,
)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project, built once per test session (strict)."""
    project = copy_project(tmp_path_factory.mktemp("site") / "project")
    return build_strict(project)


@pytest.fixture(scope="session")
def built_zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project, built once per test session with Zensical (`make build-zensical`)."""
    if not zensical_available():
        message = "no Zensical venv (make .venv-zensical/.installed, or set ZENSICAL_VENV)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; CI must build with Zensical")
        pytest.skip(message)
    project = copy_project(tmp_path_factory.mktemp("zensical") / "project")
    result = run_zensical_build(project)
    assert result.returncode == 0, result.stdout
    return project / "site-zensical"
