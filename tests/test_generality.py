"""A second annotated text needs only data: a seed, its YAML and one navigation entry, no code."""
from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from htmltext import essay_blocks
from project import FIXTURES, copy_project, run_mkdocs

pytestmark = pytest.mark.build

SECOND = FIXTURES / "second-text"
MAIN_ESSAY = "kim-jong-un-watchtower-diplomacy"
NAV_ANCHOR = "  - The essay: kim-jong-un-watchtower-diplomacy.md\n"
NAV_ENTRY = "  - A Letter from Seoul: letter-from-seoul.md\n"


def snapshot(project: Path) -> dict[str, str]:
    """Content hash of every file of the project except the build output."""
    return {path.relative_to(project).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(project.rglob("*"))
            if path.is_file() and "site" not in path.relative_to(project).parts[:1] and "__pycache__" not in path.parts}


def note_ids(page: str) -> list[str]:
    return re.findall(r'<aside[^>]* id="note-([a-z0-9-]+)"', page)


@pytest.fixture(scope="module")
def two_texts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], dict[str, str]]:
    project = copy_project(tmp_path_factory.mktemp("generality") / "project")
    before = snapshot(project)
    shutil.copytree(SECOND, project, dirs_exist_ok=True)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert NAV_ANCHOR in config, "mkdocs.yml no longer lists the essay as the test expects"
    (project / "mkdocs.yml").write_text(config.replace(NAV_ANCHOR, NAV_ANCHOR + NAV_ENTRY), encoding="utf-8")
    result = run_mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    return project, before, snapshot(project)


def test_only_data_and_one_nav_line_were_added(two_texts) -> None:
    project, before, after = two_texts
    changed = {path for path in after if before.get(path) != after[path]}
    fixture_files = {path.relative_to(SECOND).as_posix() for path in SECOND.rglob("*") if path.is_file()}
    assert changed == fixture_files | {"mkdocs.yml"}
    assert all(path.startswith(("seeds/", "annotations/")) for path in fixture_files)
    assert set(before) - set(after) == set(), "nothing may be deleted"


def test_the_second_text_has_its_page_notes_and_emendations(two_texts) -> None:
    project, _, _ = two_texts
    page = (project / "site" / "letter-from-seoul" / "index.html").read_text(encoding="utf-8")
    assert note_ids(page) == ["seoul-olympics", "han-river"]
    assert 'id="note-seoul-olympics"' in page and 'data-note-kind="event"' in page
    # The Han River note is anchored by its prefix at the first of the two "Han River"s.
    marked = re.findall(r'<(\w+)[^>]*data-note="han-river"[^>]*>(.*?)</\1>', page)
    assert "".join(re.sub(r"<[^>]+>", "", text) for _, text in marked) == "Han River"
    assert page.index('data-note="han-river"') < page.index("Not every change was welcome")  # the first of two
    blocks = essay_blocks(page)
    first_paragraph = next(b for b in blocks if b.startswith("Seoul"))
    assert first_paragraph.startswith("Seoul’s skyline changed after the 1988 Olympics, and the city’s planners")
    assert all("?" not in block for block in blocks[:-1])  # both lost apostrophes restored
    assert len(re.findall(r'data-emendation="fx-0[12]"', page)) == 2
    # The cross-reference between the fixture's notes resolved to a link on the same page.
    assert re.search(r'href="#note-han-river"', page)
    assert "Kim, Min-ji" in page and "Correspondent" in page


def test_the_main_essay_is_unaffected(two_texts, built_site: Path) -> None:
    project, _, _ = two_texts
    alone = (built_site / MAIN_ESSAY / "index.html").read_text(encoding="utf-8")
    together = (project / "site" / MAIN_ESSAY / "index.html").read_text(encoding="utf-8")
    assert essay_blocks(together) == essay_blocks(alone)
    assert note_ids(together) == note_ids(alone)
    assert "seoul-olympics" not in together and "han-river" not in together


def test_the_new_text_is_in_navigation_search_and_timeline(two_texts) -> None:
    project, _, _ = two_texts
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="letter-from-seoul/"[^>]*>\s*(<span[^>]*>\s*)?A Letter from Seoul', home)
    search = (project / "site" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "letter-from-seoul/#note-seoul-olympics" in search
    timeline = (project / "site" / "timeline" / "index.html").read_text(encoding="utf-8")
    assert "note-seoul-olympics" in timeline
