"""Shared fixtures: throwaway copies of the project, so tests can break data without touching ours."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
COPIED = ("mkdocs.yml", "hooks", "schemas", "seeds", "annotations", "docs", "overrides")


def copy_project(destination: Path, with_data: bool = True) -> Path:
    """A copy of the project (code, config, docs and, optionally, the real annotation data)."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        source = ROOT / name
        if not with_data and name in ("seeds", "annotations"):
            (destination / name).mkdir(exist_ok=True)
            continue
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, destination / name)
    return destination


def run_mkdocs(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(project / "hooks"), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300)


def run_cli(project: Path, *args: str, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "hooks"), **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "marginalia", "--root", str(project), *args], cwd=project,
                          env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project, built once per test session (strict)."""
    project = copy_project(tmp_path_factory.mktemp("site") / "project")
    result = run_mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"
