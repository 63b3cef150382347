"""`mkdocs serve` compiles the theme's templates once per session (marginalia_mkdocs/template_cache.py).

Each test makes fresh Jinja environments over the same cache, as MkDocs does on every rebuild,
and counts what Jinja compiles. The cached code must give the same pages, an edited template
must be compiled again, and the cache must hold one entry per template however many rebuilds.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import jinja2
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from project import copy_project

from marginalia_mkdocs.template_cache import TemplateCodeCache

TEMPLATES = {
    "base.html": "<title>{% block title %}{{ site }}{% endblock %}</title>{% include 'nav.html' %}",
    "main.html": "{% extends 'base.html' %}{% block title %}{{ page | upper }}{% endblock %}",
    "nav.html": "<nav>{% for item in items %}<a>{{ item }}</a>{% endfor %}</nav>",
}


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The names of the templates Jinja compiles from source."""
    names: list[str] = []
    original = jinja2.Environment.compile

    def counting(self: jinja2.Environment, source: object, name: str | None = None, *args: object,
                 **kwargs: object) -> object:
        names.append(name or "?")
        return original(self, source, name, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    yield names


def theme(folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    for name, source in TEMPLATES.items():
        (folder / name).write_text(source, encoding="utf-8")
    return folder


def render(folder: Path, cache: TemplateCodeCache, **settings: object) -> str:
    """One "build": a new environment, as MkDocs makes for each, sharing the session's cache."""
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(folder), bytecode_cache=cache,
                                     **settings)  # type: ignore[arg-type]
    return environment.get_template("main.html").render(site="S", page="essay", items=["a", "b"])


def test_later_builds_compile_nothing_and_render_the_same(tmp_path: Path, compiled: list[str]) -> None:
    folder, cache = theme(tmp_path / "theme"), TemplateCodeCache()
    first = render(folder, cache)
    assert sorted(compiled) == sorted(TEMPLATES) and len(cache) == len(TEMPLATES)
    compiled.clear()
    assert [render(folder, cache) for _ in range(3)] == [first] * 3
    assert compiled == []


def test_an_edited_template_is_compiled_again_at_the_next_build(tmp_path: Path, compiled: list[str]) -> None:
    folder, cache = theme(tmp_path / "theme"), TemplateCodeCache()
    assert "<a>a</a>" in render(folder, cache)
    (folder / "nav.html").write_text("<ul>{% for item in items %}<li>{{ item }}</li>{% endfor %}</ul>",
                                     encoding="utf-8")
    compiled.clear()
    page = render(folder, cache)
    assert "<li>a</li>" in page and "<a>a</a>" not in page
    assert compiled == ["nav.html"]


def test_code_compiled_under_other_settings_is_not_reused(tmp_path: Path, compiled: list[str]) -> None:
    folder, cache = theme(tmp_path / "theme"), TemplateCodeCache()
    render(folder, cache)
    compiled.clear()
    render(folder, cache, trim_blocks=True)
    render(folder, cache, extensions=["jinja2.ext.loopcontrols"])
    assert sorted(compiled) == sorted(list(TEMPLATES) * 2)


def test_memory_stays_one_entry_per_template_over_many_edited_rebuilds(tmp_path: Path) -> None:
    folder, cache = theme(tmp_path / "theme"), TemplateCodeCache()
    for rebuild in range(20):
        (folder / "nav.html").write_text(f"<nav>{rebuild}</nav>", encoding="utf-8")
        assert f"<nav>{rebuild}</nav>" in render(folder, cache)
    assert len(cache) == len(TEMPLATES)


def _build_twice(project: Path, command: str, compiled: list[str]) -> tuple[list[str], str, str]:
    """Two builds in one process, as `mkdocs serve` (or a script calling `build`) makes them."""
    site = tempfile.mkdtemp(dir=project)
    pages = []
    second: list[str] = []
    for attempt in range(2):
        config = load_config(str(project / "mkdocs.yml"), site_dir=site)
        if attempt == 0:
            config.plugins.on_startup(command=command, dirty=False)  # type: ignore[arg-type]
        compiled.clear()
        build(config)
        second = list(compiled)
        pages.append((Path(site) / "index.html").read_text(encoding="utf-8"))
    return second, pages[0], pages[1]


def test_mkdocs_serve_rebuilds_reuse_the_theme_and_mkdocs_build_does_not(
        tmp_path: Path, compiled: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_project(tmp_path / "project")
    monkeypatch.chdir(project)
    monkeypatch.setenv("PYTHONPATH", str(project / "hooks") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    served, first, again = _build_twice(project, "serve", compiled)
    assert first == again
    # Material's search plugin translates its labels through an environment of its own, made in
    # its on_config (its language partials); the build's environment, with the theme's 45
    # templates, compiles nothing.
    assert served and all(name.startswith("partials/language") for name in served), served
    built, _, _ = _build_twice(project, "build", compiled)
    assert "main.html" in built and "base.html" in built
