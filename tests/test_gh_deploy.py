"""`mkdocs gh-deploy` publishes the built site to a gh-pages branch (here: a local bare repository)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from project import copy_project

pytestmark = pytest.mark.build


@pytest.fixture
def git() -> str:
    path = shutil.which("git")
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("git is not installed; CI must run the gh-deploy test")
        pytest.skip("git is not installed (install git to run the gh-deploy test)")
    return path


def isolated_env(project: Path) -> dict[str, str]:
    # The machine's git configuration (signing, hooks, default branch names) must not leak in.
    return {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0",
            "PYTHONPATH": str(project / "hooks"), "NO_MKDOCS_2_WARNING": "1"}


def run(args: list[str], cwd: Path, env: dict[str, str]) -> str:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{' '.join(args)}\n{result.stdout}\n{result.stderr}"
    return result.stdout


def test_gh_deploy_pushes_the_site_and_nojekyll_to_gh_pages(tmp_path: Path, git: str) -> None:
    remote = tmp_path / "remote.git"
    project = copy_project(tmp_path / "project")
    env = isolated_env(project)
    run([git, "init", "--quiet", "--bare", str(remote)], tmp_path, env)
    run([git, "init", "--quiet", "--initial-branch", "main"], project, env)
    for key, value in (("user.name", "Edition Test"), ("user.email", "test@example.invalid"),
                       ("commit.gpgsign", "false")):
        run([git, "config", key, value], project, env)
    run([git, "add", "--all"], project, env)
    run([git, "commit", "--quiet", "-m", "The edition"], project, env)
    run([git, "remote", "add", "origin", str(remote)], project, env)
    source_commit = run([git, "rev-parse", "--short", "HEAD"], project, env).strip()

    result = subprocess.run([sys.executable, "-m", "mkdocs", "gh-deploy", "--force", "--remote-name", "origin",
                             "--strict", "--no-history"], cwd=project, env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr

    deployed = set(run([git, "--git-dir", str(remote), "ls-tree", "-r", "--name-only", "gh-pages"], tmp_path,
                       env).split())
    built = {path.relative_to(project / "site").as_posix() for path in (project / "site").rglob("*") if path.is_file()}
    assert {".nojekyll", "index.html", "404.html", "sitemap.xml", "kim-jong-un-watchtower-diplomacy/index.html",
            "glossary/index.html"} <= deployed
    if (project / "site" / "annotations.jsonld").exists():
        assert "annotations.jsonld" in deployed
    assert deployed == built | {".nojekyll"}, "the gh-pages branch should hold exactly the built site"
    # The published essay is the one that was built, byte for byte.
    page = subprocess.run([git, "--git-dir", str(remote), "show", "gh-pages:kim-jong-un-watchtower-diplomacy/index.html"],
                          env=env, capture_output=True, timeout=60).stdout
    assert page == (project / "site" / "kim-jong-un-watchtower-diplomacy" / "index.html").read_bytes()
    message = run([git, "--git-dir", str(remote), "log", "-1", "--format=%s", "gh-pages"], tmp_path, env)
    assert f"Deployed {source_commit} with MkDocs version" in message
