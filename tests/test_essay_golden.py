"""Whole-page goldens for the essay, at the level of its HTML contract.

The essay article is reduced to an outline (htmlcheck.contract_outline): the notes with their
ids, kinds and numbers, each highlighted passage with its data-note and text, the markers and
what they control, the term links and cross-references, the sections, and the words between
them. A theme change or a new CSS class outside `anno-` leaves the outline alone; a change in
what the script, the styles or a reader relies on shows up as a diff.

Both fixture texts (the adversarial one: overlaps, nesting, scripts, emoji, near twins; and the
second text) are rendered by the engine; the strict MkDocs build of the adversarial fixture must
give the same outline, so the hook and the theme keep the contract too.
A missing golden fails; UPDATE_GOLDEN=1 rewrites them after an intended change.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from htmlcheck import FIXTURE_TEXT_ID, assert_golden, contract_outline
from project import FIXTURES, ROOT, build_strict

from marginalia.edition.build import build_edition
from marginalia.rendering.essay import render_essay
from marginalia.rendering.notes import RenderOptions

PAGES = Path(__file__).parent / "golden" / "pages"
# The built site links each note to the edit page of its YAML file in this repository.
REPO_URL = re.search(r"^repo_url: (\S+)$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.MULTILINE).group(1)
TEXTS = {FIXTURE_TEXT_ID: FIXTURES / "adversarial", "letter-from-seoul": FIXTURES / "second-text"}


@pytest.mark.parametrize("text_id", sorted(TEXTS))
def test_the_rendered_essay_keeps_its_html_contract(text_id: str) -> None:
    edition = build_edition(TEXTS[text_id])
    outline = contract_outline(render_essay(edition, text_id, RenderOptions(repo_url=REPO_URL)))
    assert_golden(PAGES / f"{text_id}.txt", outline)


def test_the_outline_shows_what_the_contract_is_made_of() -> None:
    """The golden is only as good as the outline: it must carry every part of the contract."""
    outline = (PAGES / f"{FIXTURE_TEXT_ID}.txt").read_text(encoding="utf-8")
    for part in ("aside.anno-note", "id='note-kim-1954'", "data-note='fifth'", "data-note-marker=", "aria-controls=",
                 "data-term=", "data-xref='note:kim-1954'", "h2 id='section-1'", "| fifth anniversary"):
        assert part in outline, part


@pytest.mark.build
def test_the_built_page_has_the_same_contract(tmp_path: Path) -> None:
    from fixturesite import make_fixture_project

    project = make_fixture_project(FIXTURES / "adversarial", tmp_path / "project")
    build_strict(project)
    page = (project / "site" / FIXTURE_TEXT_ID / "index.html").read_text(encoding="utf-8")
    assert_golden(PAGES / f"{FIXTURE_TEXT_ID}.txt", contract_outline(page))
