"""Test helpers shared by all test files: throwaway copies of the project and ways to run it.

Imported as `project` (not from conftest: tests/ and tests/browser/ each have a conftest.py,
and `import conftest` would pick whichever was loaded first).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

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
