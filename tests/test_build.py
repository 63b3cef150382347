"""The real edition builds strictly, and every note of the YAML is on the essay page."""
from __future__ import annotations

import re
from pathlib import Path

from htmlcheck import TEXT_ID, note_ids_in_data
from project import ROOT


def test_every_note_is_on_the_page_with_its_marked_passage(built_site: Path) -> None:
    page = (built_site / TEXT_ID / "index.html").read_text(encoding="utf-8")
    ids = note_ids_in_data(ROOT)
    assert len(ids) >= 8
    for note_id in ids:
        assert f'id="note-{note_id}"' in page, f"note {note_id} missing"
        assert f'data-note="{note_id}"' in page, f"passage of {note_id} not marked"
        assert re.search(rf'<aside[^>]*id="note-{re.escape(note_id)}"[^>]*data-note-kind="[a-z-]+"', page)


def test_sections_are_real_headings_with_stable_anchors(built_site: Path) -> None:
    page = (built_site / TEXT_ID / "index.html").read_text(encoding="utf-8")
    for number in (1, 2, 3, 4):
        assert re.search(rf'<h2 id="section-{number}"[^>]*>{number}\. ', page)
    assert re.search(r'<h1 id="title"[^>]*>Kim Jong-un’s Watchtower Diplomacy</h1>', page)
    assert "Kang, Jun-young" in page and "Hankuk University of Foreign Studies" in page
    assert "Hansun Foundation" in page and "machine translation" in page


def test_generated_pages_exist(built_site: Path) -> None:
    for page in ("index.html", "glossary/index.html", "sources/index.html", "timeline/index.html",
                 "about/index.html", "study-guide/index.html", "404.html", "sitemap.xml"):
        assert (built_site / page).exists(), page


def test_search_index_has_notes_at_their_permalinks(built_site: Path) -> None:
    import json

    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    for note_id in note_ids_in_data(ROOT):
        assert f"{TEXT_ID}/#note-{note_id}" in locations
    assert any(loc.startswith("glossary/#term-") for loc in locations)


def test_own_assets_ship_minified(built_site: Path) -> None:
    for name in ("assets/edition.css", "assets/edition.js"):
        shipped = (built_site / name).read_text(encoding="utf-8")
        source = (ROOT / "docs" / name).read_text(encoding="utf-8")
        assert len(shipped) < 0.8 * len(source), name
        assert "/*" not in shipped.replace("/*!", ""), f"{name} still has comments"


def test_note_text_is_found_once_at_the_note_not_again_in_the_essay_section(built_site: Path) -> None:
    import json

    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    hits = [doc["location"] for doc in index["docs"] if "Korean reporters compared" in doc["text"]]
    assert hits == [f"{TEXT_ID}/#note-kim-il-sung-1954"]
    essay_sections = [doc for doc in index["docs"] if doc["location"].startswith(f"{TEXT_ID}/#section-")]
    assert essay_sections and not any("Permalink" in doc["text"] for doc in essay_sections)
    page = (built_site / TEXT_ID / "index.html").read_text(encoding="utf-8")
    assert "data-search-exclude" not in page  # the theme strips it once it has indexed the page


def _search_documents(site: Path) -> dict[str, dict[str, str]]:
    import json

    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return {doc["location"]: doc for doc in index["docs"]}


def test_the_essay_is_searchable_by_section_with_its_words_as_printed(built_site: Path) -> None:
    """The generated pages' search documents come from the engine's model (the theme no longer
    parses those pages): each essay section is one document, holding every paragraph under it."""
    import html

    from marginalia.diagnostics import DiagnosticSink
    from marginalia.loading.load import load_edition

    docs = _search_documents(built_site)
    essay = load_edition(ROOT, DiagnosticSink()).essays[TEXT_ID]
    sections = [doc for location, doc in docs.items() if location.startswith(f"{TEXT_ID}/#section-")]
    assert len(sections) == len(essay.section_titles()) >= 4
    for block in essay.blocks:
        if block.kind == "paragraph":
            holders = [loc for loc, doc in docs.items() if html.escape(block.text, quote=False) in doc["text"]]
            assert holders == [f"{TEXT_ID}/#section-{block.section}"], block.text[:60]
    byline = docs[f"{TEXT_ID}/#title"]["text"]
    assert "<p>Kang, Jun-young</p> <p>Professor" in byline  # one line each, not run together
    assert docs[f"{TEXT_ID}/"]["title"] == docs[f"{TEXT_ID}/#title"]["title"]


def test_every_term_and_every_source_is_a_search_document_at_its_permalink(built_site: Path) -> None:
    """A hit on a source's words lands on that source, not at the top of a one-document bibliography."""
    from marginalia.diagnostics import DiagnosticSink
    from marginalia.loading.load import load_edition

    data = load_edition(ROOT, DiagnosticSink())
    docs = _search_documents(built_site)
    for term in data.terms:
        assert term.short.split()[0] in docs[f"glossary/#term-{term.id}"]["text"], term.id
    claims = 0
    for source in data.sources.values():
        doc = docs[f"sources/#source-{source.id}"]
        assert source.title.split()[0] in doc["title"] and source.publisher.split()[0] in doc["text"]
    for note in (n for notes in data.notes.values() for n in notes):
        for source_id, claim in note.supports:
            claims += 1
            assert claim.split()[0] in docs[f"sources/#source-{source_id}"]["text"]
    assert claims > 10
    assert not any(location.startswith("glossary/#letter-") for location in docs)  # the theme's cut
    assert len(docs["sources/"]["text"]) < 1000  # no longer the whole bibliography as one document
