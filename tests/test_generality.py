"""More texts need only data: a seed, its YAML and one navigation line each, no code, whatever the slugs.

The early fixture's slug sorts before the essay's and it has numbered sections of its own, so a
reference that resolved against "the first text in folder order" would point into it. Every
reference must resolve within the text it belongs to, and the essay's page must not change.
"""
from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from htmlcheck import essay_blocks, note_ids_in_page
from project import FIXTURES, build_strict, copy_project

pytestmark = pytest.mark.build

EARLY = FIXTURES / "early-text"  # a-letter-from-busan: sorts before the essay, sections 1 to 3
SECOND = FIXTURES / "second-text"  # letter-from-seoul: sorts after the essay, sections 1 and 2
MAIN_ESSAY = "kim-jong-un-watchtower-diplomacy"
NAV_ANCHOR = "  - The essay: kim-jong-un-watchtower-diplomacy.md\n"
NAV_ENTRIES = {EARLY: "  - A Letter from Busan: a-letter-from-busan.md\n",
               SECOND: "  - A Letter from Seoul: letter-from-seoul.md\n"}


def snapshot(project: Path) -> dict[str, str]:
    """Content hash of every file of the project except the build output."""
    return {path.relative_to(project).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(project.rglob("*"))
            if path.is_file() and "site" not in path.relative_to(project).parts[:1] and "__pycache__" not in path.parts}


def article(page: str) -> str:
    match = re.search(r"<article\b.*?</article>", page, re.DOTALL)
    assert match, "no <article> in the page"
    return match.group(0)


def aside(page: str, note_id: str) -> str:
    match = re.search(rf'<aside[^>]*id="note-{note_id}".*?</aside>', page, re.DOTALL)
    assert match, f"no note {note_id}"
    return match.group(0)


Built = tuple[Path, dict[str, str], dict[str, str]]  # project, file hashes before and after adding texts


def build_with(tmp_path_factory: pytest.TempPathFactory, *fixtures: Path) -> Built:
    project = copy_project(tmp_path_factory.mktemp("generality") / "project")
    before = snapshot(project)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert NAV_ANCHOR in config, "mkdocs.yml no longer lists the essay as the test expects"
    for fixture in fixtures:
        shutil.copytree(fixture, project, dirs_exist_ok=True)
        config = config.replace(NAV_ANCHOR, NAV_ANCHOR + NAV_ENTRIES[fixture])
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    build_strict(project)
    return project, before, snapshot(project)


@pytest.fixture(scope="module")
def two_texts(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_with(tmp_path_factory, EARLY)


@pytest.fixture(scope="module")
def three_texts(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_with(tmp_path_factory, EARLY, SECOND)


def page(project: Path, name: str) -> str:
    return (project / "site" / name / "index.html").read_text(encoding="utf-8")


def test_the_early_fixture_sorts_before_the_essay_and_has_its_own_sections() -> None:
    seed = (EARLY / "seeds" / "a-letter-from-busan.txt").read_text(encoding="utf-8")
    assert MAIN_ESSAY > "a-letter-from-busan"
    assert re.findall(r"^(\d)\. ", seed, re.MULTILINE) == ["1", "2", "3"]


def test_only_data_and_one_nav_line_per_text_were_added(three_texts) -> None:
    _, before, after = three_texts
    changed = {path for path in after if before.get(path) != after[path]}
    fixture_files = {path.relative_to(fixture).as_posix()
                     for fixture in (EARLY, SECOND) for path in fixture.rglob("*") if path.is_file()}
    assert changed == fixture_files | {"mkdocs.yml"}
    assert all(path.startswith(("seeds/", "annotations/")) for path in fixture_files)
    assert set(before) - set(after) == set(), "nothing may be deleted"


def test_a_text_s_references_mean_its_own_sections(two_texts) -> None:
    project, _, _ = two_texts
    busan = page(project, "a-letter-from-busan")
    harbour = aside(busan, "busan-harbour")
    assert re.search(r'data-xref="section:2" href="#section-2"[^>]*>2\. The Hills</a>', harbour)
    # A reference into another text names it, and lands there.
    assert re.search(rf'data-xref="section:{MAIN_ESSAY}/3" href="../{MAIN_ESSAY}/#section-3"'
                     r"[^>]*>its third section</a>", harbour)
    refugees = aside(busan, "busan-refugees")
    assert re.search(r'href="#note-busan-harbour"[^>]*>Busan(&#x27;|\')s port</a>', refugees)
    assert re.search(r'href="#section-3"[^>]*>3\. The Film Festival</a>', refugees)


def test_the_essay_glossary_and_study_guide_still_mean_the_essay(two_texts, built_site: Path) -> None:
    project, _, _ = two_texts
    essay = page(project, MAIN_ESSAY)
    section_links = re.findall(r'data-xref="section:(\d)" href="([^"]*)"', essay)
    assert section_links, "the essay's notes refer to sections"
    assert all(href == f"#section-{number}" for number, href in section_links)
    glossary = page(project, "glossary")
    glossary_links = re.findall(r'data-xref="section:[^"]*" href="([^"]*)"', glossary)
    assert glossary_links and all(href.startswith(f"../{MAIN_ESSAY}/#section-") for href in glossary_links)
    guide = page(project, "study-guide")
    guide_links = re.findall(r'data-xref="section:(\d)" href="([^"]*)"', guide)
    assert [number for number, _ in guide_links] == ["1", "2", "3", "4"]
    assert all(href == f"../{MAIN_ESSAY}/#section-{number}" for number, href in guide_links)
    assert guide_links == re.findall(r'data-xref="section:(\d)" href="([^"]*)"',
                                     (built_site / "study-guide" / "index.html").read_text(encoding="utf-8"))


@pytest.mark.parametrize("build", ["two_texts", "three_texts"])
def test_the_essay_article_is_unchanged_by_other_texts(build: str, built_site: Path,
                                                       request: pytest.FixtureRequest) -> None:
    project, _, _ = request.getfixturevalue(build)
    alone = (built_site / MAIN_ESSAY / "index.html").read_text(encoding="utf-8")
    together = page(project, MAIN_ESSAY)
    assert article(together) == article(alone)
    assert "busan" not in article(together) and "seoul-olympics" not in article(together)


def test_backlinks_in_the_glossary_name_the_text(two_texts) -> None:
    project, _, _ = two_texts
    glossary = page(project, "glossary")
    entry = glossary[glossary.index('id="term-hedging"'):]
    used_in = entry[:entry.index("</section>")]
    assert re.search(r'href="../a-letter-from-busan/#use-hedging--1">'
                     r"Essay, 1\. The Harbour \(A Letter from Busan\)</a>", used_in)
    assert re.search(rf'href="../{MAIN_ESSAY}/#[^"]+">Essay, [^<]*\(Kim Jong-un’s Watchtower Diplomacy\)</a>', used_in)


def test_the_third_text_has_its_page_notes_and_emendations(three_texts) -> None:
    project, _, _ = three_texts
    seoul = page(project, "letter-from-seoul")
    assert note_ids_in_page(seoul) == ["seoul-olympics", "han-river"]
    assert 'id="note-seoul-olympics"' in seoul and 'data-note-kind="event"' in seoul
    # The Han River note is anchored by its prefix at the first of the two "Han River"s.
    marked = re.findall(r'<(\w+)[^>]*data-note="han-river"[^>]*>(.*?)</\1>', seoul)
    assert "".join(re.sub(r"<[^>]+>", "", text) for _, text in marked) == "Han River"
    assert seoul.index('data-note="han-river"') < seoul.index("Not every change was welcome")
    blocks = essay_blocks(seoul)
    first_paragraph = next(b for b in blocks if b.startswith("Seoul"))
    assert first_paragraph.startswith("Seoul’s skyline changed after the 1988 Olympics, and the city’s planners")
    assert all("?" not in block for block in blocks[:-1])  # both lost apostrophes restored
    assert len(re.findall(r'data-emendation="fx-0[12]"', seoul)) == 2
    assert re.search(r'href="#note-han-river"', seoul)
    assert note_ids_in_page(page(project, "a-letter-from-busan")) == ["busan-harbour", "busan-refugees"]


def test_the_new_texts_are_in_navigation_search_and_timeline(three_texts) -> None:
    project, _, _ = three_texts
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    for slug, title in (("a-letter-from-busan", "A Letter from Busan"), ("letter-from-seoul", "A Letter from Seoul")):
        assert re.search(rf'href="{slug}/"[^>]*>\s*(<span[^>]*>\s*)?{title}', home)
    search = (project / "site" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "letter-from-seoul/#note-seoul-olympics" in search and "a-letter-from-busan/#note-busan-refugees" in search
    timeline = page(project, "timeline")
    assert re.search(r'href="../a-letter-from-busan/#note-busan-refugees">Refugees in Busan, 1950</a> '
                     r'<span class="anno-text">\(A Letter from Busan\)</span>', timeline)
    assert "note-seoul-olympics" in timeline
