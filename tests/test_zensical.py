"""The same edition built with Zensical (`make build-zensical`): every note, the same articles,
links that land, the policy on every page, and nothing generated left in docs/."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from htmlcheck import TEXT_ID, note_ids_in_data, note_ids_in_page, wrapped_texts
from project import ROOT, copy_project, run_cli

from marginalia_zensical.pages import source_relative_links

PAGES = ("index.html", "about/index.html", "glossary/index.html", "sources/index.html", "study-guide/index.html",
         "timeline/index.html", f"{TEXT_ID}/index.html")


def article(path: Path) -> str:
    """A page's <article>, whitespace-normalised, minus the theme's own differences (see KNOWN)."""
    found = re.search(r"<article\b.*?</article>", path.read_text(encoding="utf-8"), re.S)
    assert found, f"no <article> in {path}"
    text = re.sub(r"\s+", " ", re.sub(r">\s+<", "><", found.group(0)))
    for pattern in KNOWN.values():
        text = re.sub(pattern, "", text)
    return text


# What differs between the two builds' articles, and why it may (the report's table lists these):
KNOWN = {
    # Zensical's theme puts the skip link's target inside the article; Material puts none there.
    "skip target": r'<a id="__skip" tabindex="-1"></a>',
}


def test_links_are_rebased_for_zensicals_source_relative_rewriting():
    # The engine writes links relative to the page's URL (kim/); Zensical reads raw HTML links
    # relative to the source file (kim.md, in the docs root) and rewrites them for the URL.
    html = ('<a href="../glossary/#term-x">t</a><a href="#note-y">n</a><a href="../">home</a>'
            '<a href="https://example.org/a">e</a><img src="../assets/i.png">')
    assert source_relative_links(html, "kim.md") == (
        '<a href="glossary/#term-x">t</a><a href="#note-y">n</a><a href="index.md">home</a>'
        '<a href="https://example.org/a">e</a><img src="assets/i.png">')
    assert source_relative_links('<a href="../../b/">x</a>', "a/kim.md") == '<a href="../b/">x</a>'


@pytest.mark.build
def test_the_essay_holds_every_note_with_its_marked_passage(built_zensical_site: Path):
    page = (built_zensical_site / TEXT_ID / "index.html").read_text(encoding="utf-8")
    expected = note_ids_in_data(ROOT, TEXT_ID)
    assert len(expected) >= 55
    assert sorted(note_ids_in_page(page)) == sorted(expected)
    marked = wrapped_texts(page, "data-note")
    assert [n for n in expected if not marked.get(n, "").strip()] == []


@pytest.mark.build
def test_the_articles_are_those_of_the_mkdocs_build(built_site: Path, built_zensical_site: Path):
    for page in PAGES:
        assert article(built_zensical_site / page) == article(built_site / page), page


@pytest.mark.build
@pytest.mark.parametrize("generator", ["mkdocs", "zensical"])
def test_every_link_in_the_pages_lands(built_site: Path, built_zensical_site: Path, generator: str):
    site = built_site if generator == "mkdocs" else built_zensical_site
    missing = []
    for page in [*PAGES, "404.html"]:
        html = (site / page).read_text(encoding="utf-8")
        if page == "404.html":  # its links are relative to the <base> its script sets: the site root
            page = "index.html"
        for link in re.findall(r'\s(?:href|src)="([^"]+)"', html):
            if re.match(r"^[a-z][a-z0-9+.-]*:|^//|^#", link, re.I):
                continue
            path = urlsplit(urljoin("http://site/" + page, link)).path.lstrip("/")
            target = site / path / "index.html" if path.endswith("/") or not path else site / path
            if not target.exists():
                missing.append(f"{page}: {link}")
    assert missing == []


@pytest.mark.build
def test_every_zensical_page_carries_the_policy_and_the_404_page_its_base(built_zensical_site: Path):
    pages = sorted(built_zensical_site.rglob("*.html"))
    assert len(pages) >= 8
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert html.count('http-equiv="Content-Security-Policy"') == 1, path
        head = html[: html.index("</head>")]
        assert head.index("Content-Security-Policy") < head.index("<script"), path
    # MiniJinja rendered the 404 template: the <base> script names site_url's path.
    assert '("/watchtower-diplomacy/")</script>' in (built_zensical_site / "404.html").read_text(encoding="utf-8")


@pytest.mark.build
def test_generated_pages_never_land_in_docs(built_zensical_site: Path):
    project = built_zensical_site.parent
    generated = ("glossary.md", "sources.md", "timeline.md", f"{TEXT_ID}.md", "annotations.jsonld")
    assert all((project / "build" / "zensical" / "docs" / name).exists() for name in generated)
    assert [name for name in generated if (project / "docs" / name).exists()] == []
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "/build/" in ignored and "site-zensical/" in ignored


@pytest.mark.build
def test_the_w3c_exports_are_those_of_the_mkdocs_build(built_site: Path, built_zensical_site: Path):
    for name in ("annotations.jsonld", "emendations.jsonld"):
        assert (built_zensical_site / name).read_bytes() == (built_site / name).read_bytes(), name


def test_prepare_stops_on_bad_data_with_file_line_and_column(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    notes = sorted((project / "annotations" / TEXT_ID / "notes").glob("*.yml"))[0]
    notes.write_text(notes.read_text(encoding="utf-8").replace("quote:", "quote: [", 1), encoding="utf-8")
    result = run_cli(project, "prepare", "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert re.search(rf"{re.escape(notes.name)}:\d+:\d+: error: ", result.stderr), result.stderr
    assert not (tmp_path / "out").exists()  # nothing half-prepared for the generator to pick up
