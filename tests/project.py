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


def build_strict(project: Path) -> Path:
    """`mkdocs build --strict` of a project copy, which must succeed; returns its site folder."""
    result = run_mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def run_cli(project: Path, *args: str, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "hooks"), **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "marginalia", "--root", str(project), *args], cwd=project,
                          env=env, capture_output=True, text=True, timeout=120)


# The Zensical build runs in its own venv (requirements-zensical.txt, `make .venv-zensical/.installed`).
ZENSICAL_BIN = Path(os.environ.get("ZENSICAL_VENV", ROOT / ".venv-zensical")) / "bin"


def zensical_available() -> bool:
    return (ZENSICAL_BIN / "zensical").exists()


def run_zensical_build(project: Path) -> subprocess.CompletedProcess[str]:
    """`make build-zensical` in a copy of the project: prepare, config, build, finish into site-zensical/."""
    env = {**os.environ, "PYTHONPATH": str(project / "hooks")}
    python = str(ZENSICAL_BIN / "python")
    steps = ([python, "-m", "marginalia", "--root", str(project), "prepare", "--out", "build/zensical/docs"],
             [python, "-m", "marginalia_zensical", "--root", str(project), "config", "--project", "build/zensical"],
             [str(ZENSICAL_BIN / "zensical"), "build", "--clean", "--config-file", "build/zensical/mkdocs.yml"],
             [python, "-m", "marginalia_zensical", "finish", "--project", "build/zensical", "--site", "site-zensical"])
    output = ""
    for step in steps:
        result = subprocess.run(step, cwd=project, env=env, capture_output=True, text=True, timeout=300)
        output += result.stdout + result.stderr
        if result.returncode != 0:
            return subprocess.CompletedProcess(step, result.returncode, output, "")
    return subprocess.CompletedProcess(steps[-1], 0, output, "")
