"""Relative links in notes, glossary entries and docs pages land on the built site, or fail where written."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from marginalia import DataError
from marginalia.edition.build import build_edition
from marginalia.edition.link_check import EXPORT_FILES, site_anchors
from marginalia.interop.export_w3c import ANNOTATIONS_FILE, EMENDATIONS_FILE
from minidata import write_project

NOTES = """\
notes:
  - id: tariffs
    quote: "tariff imperialism"
    kind: context
    title: Tariff imperialism
    body: BODY
    sources: [src-one]
"""
GUIDE = "---\ntitle: Guide\n---\n\n# Guide\n\nLINK\n"


def project(tmp_path: Path, body: str = "A label.", guide: str = "No links.") -> tuple[Path, Path]:
    write_project(tmp_path, NOTES.replace("BODY", body))
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "guide.md").write_text(GUIDE.replace("LINK", guide), encoding="utf-8")
    (docs / "index.md").write_text("---\ntitle: Home\n---\n\n## Welcome {#welcome}\n\nHello.\n", encoding="utf-8")
    return tmp_path, docs


def errors(tmp_path: Path, docs: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        build_edition(tmp_path, docs)
    return [line for line in caught.value.report().splitlines() if ": error: " in line]


@pytest.mark.parametrize("link", [
    "[the guide](../guide/#guide)", "[home](../#welcome)", "[a note](#note-tariffs)", "[terms](../glossary/#term-asian-nato)",
    "[export](../annotations.jsonld)", "[web](https://example.org/x)", "[mail](mailto:editors@example.org)",
])
def test_links_in_a_note_body_that_land_on_the_site_pass(tmp_path: Path, link: str) -> None:
    build_edition(*project(tmp_path, f"See {link}."))


@pytest.mark.parametrize("link, problem", [
    ("../nowhere/", "points to no page of the site"),
    ("#note-tarifs", "points to '#note-tarifs', which is not an element of short-essay.md"),
    ("../glossary/#term-asian-natto", "points to '#term-asian-natto', which is not an element of glossary.md"),
    ("../../outside/", "leaves the site"),
])
def test_a_broken_link_in_a_note_body_is_a_located_error(tmp_path: Path, link: str, problem: str) -> None:
    found = errors(*project(tmp_path, f"See [this]({link})."))
    # The body is on line 6 of the notes file; the link target starts after "See [this](".
    assert found == [f"annotations/short-essay/notes/notes.yml:6:22: error: broken link in note 'tariffs' (body): "
                     f"{link!r} {problem}"]


def test_a_broken_link_in_a_docs_page_is_a_located_error(tmp_path: Path) -> None:
    found = errors(*project(tmp_path, guide="Fine: [home](index.md#welcome), [glossary](glossary.md#term-asian-nato).\n"
                                             "Broken: [missing](missing.md) and [anchor](glossary.md#term-nope)."))
    assert found == [
        "docs/guide.md:8:19: error: broken link in page guide.md: 'missing.md' points to no page of the site",
        "docs/guide.md:8:44: error: broken link in page guide.md: 'glossary.md#term-nope' points to '#term-nope', "
        "which is not an element of glossary.md",
    ]


def test_links_shown_in_code_are_not_checked(tmp_path: Path) -> None:
    build_edition(*project(tmp_path, "Write `[x](../nowhere/)` for a link.", guide="```\n[x](missing.md)\n```"))


def test_the_anchor_table_knows_every_id_the_built_pages_hold(built_site: Path) -> None:
    """If a renderer starts writing a new kind of id, links to it must validate: the table must follow."""
    root = built_site.parent
    edition = build_edition(root, root / "docs")
    anchors = site_anchors(edition, {})
    for src, expected in anchors.items():
        html = (built_site / src.removesuffix(".md") / "index.html").read_text(encoding="utf-8")
        article = re.search(r"<article\b.*?</article>", html, re.DOTALL).group(0)
        written = set(re.findall(r'\sid="([^"]+)"', article)) - {"__comments"}
        assert expected <= written, f"{src}: the table names ids the page lacks: {sorted(expected - written)[:5]}"
        assert not {i for i in written - expected if not i.startswith(("tip-", "letter-"))
                    and re.match(r"(note|term|source|section|emendation|use)-", i)}, src


def test_the_export_files_are_the_ones_the_build_writes() -> None:
    assert set(EXPORT_FILES) == {ANNOTATIONS_FILE, EMENDATIONS_FILE}
