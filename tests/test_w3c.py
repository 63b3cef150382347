"""W3C Web Annotation export (site/annotations.jsonld) and import (`python -m marginalia import`).

What a reader of the data notices: every note is in the export with its permalink as id, its
passage found again by the selectors, its text and kind; an annotation tool's export comes back
as notes that anchor where the tool anchored them; and export → import gives the same notes.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from htmlcheck import TEXT_ID
from marginalia.anchoring.exact import Selector, anchor_one
from marginalia.edition.build import Edition, build_edition
from marginalia.interop.export_w3c import annotation_collection, emendation_collection, to_json
from marginalia.rendering.htmlmark import text_content
from marginalia.markup.markdown_render import render_body
from marginalia.markup.xrefs import Targets, find_xrefs
from project import FIXTURES, ROOT, copy_project, run_cli
from w3c_suite import failed_musts

SITE_URL = "https://hansun-editions.github.io/watchtower-diplomacy/"
ESSAY_IRI = f"{SITE_URL}{TEXT_ID}/"
W3C_MOTIVATIONS = {"assessing", "bookmarking", "classifying", "commenting", "describing", "editing",
                   "highlighting", "identifying", "linking", "moderating", "questioning", "replying", "tagging"}


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def items(collection: dict[str, Any]) -> list[dict[str, Any]]:
    return collection["first"]["items"]


def selector(annotation: dict[str, Any], kind: str) -> dict[str, Any]:
    return next(s for s in annotation["target"]["selector"] if s["type"] == kind)


def html_body(annotation: dict[str, Any]) -> dict[str, Any]:
    return next(b for b in annotation["body"] if b.get("format") == "text/html")


def normalized_text(markdown_text: str | None, edition: Edition) -> str:
    """What a reader sees of a Markdown body: its rendered text, whitespace-normalized."""
    if not markdown_text:
        return ""
    return " ".join(text_content(render_body(markdown_text, edition.targets, f"{TEXT_ID}/")).split())


def references(markdown_text: str | None) -> set[tuple[str, str]]:
    text = markdown_text or ""
    links = {("link", url) for url in re.findall(r"\]\((https?://[^)\s]+)\)", text)}
    return links | {(use.kind, use.id) for use in find_xrefs(text)}


@pytest.fixture(scope="module")
def edition() -> Edition:
    return build_edition(ROOT, ROOT / "docs")


# --- the built site ----------------------------------------------------------------------------

def test_the_site_publishes_every_note_as_a_w3c_annotation(built_site: Path, edition: Edition) -> None:
    collection = load(built_site / "annotations.jsonld")
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection"
    assert collection["id"] == f"{SITE_URL}annotations.jsonld"
    assert collection["first"]["type"] == "AnnotationPage"
    notes = edition.placed[TEXT_ID]
    assert collection["total"] == len(items(collection)) == len(notes) >= 8
    page = (built_site / TEXT_ID / "index.html").read_text(encoding="utf-8")
    ids = [a["id"] for a in items(collection)]
    assert ids == [f"{ESSAY_IRI}#note-{p.note.id}" for p in notes]
    for annotation in items(collection):
        # The id is the note's public permalink: the essay page has the element it points to.
        assert f'id="{annotation["id"].split("#")[1]}"' in page
        assert annotation["type"] == "Annotation"
        assert annotation["target"]["source"] == ESSAY_IRI


def test_the_essay_page_and_about_page_point_to_the_export(built_site: Path) -> None:
    page = (built_site / TEXT_ID / "index.html").read_text(encoding="utf-8")
    link = re.search(r'<link rel="alternate" type="application/ld\+json" href="([^"]+)"', page)
    assert link, "essay page lacks <link rel=alternate type=application/ld+json>"
    assert (built_site / TEXT_ID / link.group(1)).resolve() == (built_site / "annotations.jsonld").resolve()
    about = (built_site / "about" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a [^>]*href="\.\./annotations\.jsonld"', about), "About this edition does not link the export"


@pytest.mark.parametrize("name", ["annotations.jsonld", "emendations.jsonld"])
def test_the_w3c_test_suite_musts_pass(built_site: Path, edition: Edition, name: str) -> None:
    failures, checked = failed_musts(load(built_site / name))
    expected = (len(edition.placed[TEXT_ID]) if name == "annotations.jsonld"
                else sum(len(e) for e in edition.data.emendations.values()))
    assert (failures, checked) == ([], expected)


def test_the_w3c_suite_runner_fails_what_breaks_a_must(edition: Edition) -> None:
    """The conformance test is only as good as its runner: a broken export must fail it."""
    collection = annotation_collection(edition, SITE_URL)
    first = items(collection)[0]
    del first["target"]  # an annotation MUST have a target
    items(collection)[1]["created"] = "2025-02-30T10:00:00Z"  # not a real date-time
    collection["@context"] = "http://example.org/not-the-anno-context"
    failures, checked = failed_musts(json.loads(to_json(collection)))
    assert checked == len(edition.placed[TEXT_ID])
    assert any(f"annotation {first['id']}: annotations/3.1-targetKeyFound.json" in f for f in failures), failures
    assert any("3.3.1-annotationCreatedValidated" in f for f in failures), failures
    assert any(f.startswith("collection ") and "5.1-collectionContextValidated" in f for f in failures), failures


# --- the export, from the engine ---------------------------------------------------------------

def test_selectors_find_the_passage_again(edition: Edition) -> None:
    text = edition.essay(TEXT_ID).text
    for annotation, placed in zip(items(annotation_collection(edition, SITE_URL)), edition.placed[TEXT_ID]):
        quote = selector(annotation, "TextQuoteSelector")
        position = selector(annotation, "TextPositionSelector")
        assert (position["start"], position["end"]) == (placed.start, placed.end)
        assert quote["exact"] == text[placed.start:placed.end] == placed.note.quote
        # Hypothesis-style context: 32 characters each side (less only at the text's ends),
        # never shorter than the editor's own prefix/suffix.
        assert len(quote["prefix"]) == min(max(32, len(placed.note.prefix)), placed.start)
        assert len(quote["suffix"]) == min(max(32, len(placed.note.suffix)), len(text) - placed.end)
        found = anchor_one(text, Selector(quote["exact"], quote["prefix"], quote["suffix"]))
        assert (found.status, found.start) == ("ok", placed.start) or "\n" in quote["exact"]


def test_bodies_carry_the_note_text_and_kind(edition: Edition) -> None:
    for annotation, placed in zip(items(annotation_collection(edition, SITE_URL)), edition.placed[TEXT_ID]):
        note = placed.note
        assert annotation["motivation"] in W3C_MOTIVATIONS
        body = html_body(annotation)
        assert body["type"] == "TextualBody" and body["language"] == "en"
        assert "<script" not in body["value"] and "javascript:" not in body["value"]
        shown = " ".join(text_content(body["value"]).split())
        assert shown.startswith(" ".join(note.title.split()))
        assert normalized_text(note.body, edition) in shown
        if note.detail:
            assert normalized_text(note.detail, edition) in shown
        tags = [b["value"] for b in annotation["body"] if b.get("purpose") == "tagging"]
        assert tags == [note.kind]
        # Links inside the site are absolute outside it.
        assert not re.search(r'href="(?!https?://|mailto:)', body["value"])
        if note.kind == "fact-check":
            assert annotation["motivation"] == "assessing"


def test_the_export_depends_only_on_the_data(edition: Edition) -> None:
    first = to_json(annotation_collection(edition, SITE_URL))
    again = to_json(annotation_collection(build_edition(ROOT, ROOT / "docs"), SITE_URL))
    assert first == again
    # No build time sneaks in: dates appear only where the data has them.
    dated = {p.note.id for p in edition.placed[TEXT_ID] if p.note.created or p.note.modified}
    for annotation in items(json.loads(first)):
        if annotation["id"].rsplit("note-", 1)[1] not in dated:
            assert not {"created", "modified", "generated"} & set(annotation)


def test_emendations_are_editing_annotations_on_the_seed(edition: Edition) -> None:
    collection = emendation_collection(edition, SITE_URL, "https://github.com/o/r", "main")
    seed = (ROOT / "seeds" / f"{TEXT_ID}.txt").read_text(encoding="utf-8")
    emendations = edition.data.emendations[TEXT_ID]
    assert collection["total"] == len(emendations) == len(items(collection))
    for annotation in items(collection):
        assert annotation["motivation"] == "editing"
        assert annotation["target"]["source"] == f"https://github.com/o/r/blob/main/seeds/{TEXT_ID}.txt"
        position = selector(annotation, "TextPositionSelector")
        quote = selector(annotation, "TextQuoteSelector")
        assert seed[position["start"]:position["end"]] == quote["exact"]
        assert seed[:position["start"]].endswith(quote["prefix"])
    readings = [b["value"] for a in items(collection) for b in a["body"] if b["purpose"] == "editing"]
    assert readings == [e.reading for e in sorted(emendations, key=lambda e: seed.index(e.prefix + e.original + e.suffix))]


# --- import ------------------------------------------------------------------------------------

def test_export_then_import_gives_the_same_notes(tmp_path: Path, edition: Edition) -> None:
    project = copy_project(tmp_path / "project")
    export = tmp_path / "annotations.jsonld"
    export.write_text(to_json(annotation_collection(build_edition(project, project / "docs"), SITE_URL)),
                      encoding="utf-8")
    notes_dir = project / "annotations" / TEXT_ID / "notes"
    for path in notes_dir.glob("*.yml"):
        path.unlink()
    result = run_cli(project, "import", str(export))
    assert result.returncode == 0, result.stderr
    reimported = build_edition(project, project / "docs")
    before = {p.note.id: p for p in edition.placed[TEXT_ID]}
    after = {p.note.id: p for p in reimported.placed[TEXT_ID]}
    assert sorted(after) == sorted(before)
    for note_id, old in before.items():
        new = after[note_id]
        assert (new.start, new.end) == (old.start, old.end), note_id  # the selectors resolve to the same passage
        for field in ("quote", "kind", "title", "sources", "date", "creator", "created", "modified"):
            assert getattr(new.note, field) == getattr(old.note, field), (note_id, field)
        for field in ("body", "detail"):
            old_text, new_text = getattr(old.note, field), getattr(new.note, field)
            assert normalized_text(new_text, reimported) == normalized_text(old_text, edition), (note_id, field)
            assert references(new_text) == references(old_text), (note_id, field)


def test_import_from_html_alone_keeps_title_body_kind_and_sources(tmp_path: Path, edition: Edition) -> None:
    """A consumer that keeps only the standard parts (no dcterms extras) still round-trips the text."""
    project = copy_project(tmp_path / "project")
    collection = annotation_collection(edition, SITE_URL)
    for annotation in items(collection):
        for key in [k for k in annotation if k.startswith("dcterms:")]:
            del annotation[key]
    export = tmp_path / "plain.jsonld"
    export.write_text(json.dumps(collection), encoding="utf-8")
    out = tmp_path / "imported.yml"
    for path in (project / "annotations" / TEXT_ID / "notes").glob("*.yml"):
        path.unlink()
    result = run_cli(project, "import", str(export), "--out", str(out))
    assert result.returncode == 0, result.stderr
    imported = {n["id"]: n for n in yaml.safe_load(out.read_text(encoding="utf-8"))["notes"]}
    for placed in edition.placed[TEXT_ID]:
        note, new = placed.note, imported[placed.note.id]
        assert (new["title"], new["kind"], new["sources"]) == (note.title, note.kind, list(note.sources))
        assert normalized_text(new["body"], edition) == normalized_text(note.body, edition)


def fixture_project(tmp_path: Path) -> Path:
    project = copy_project(tmp_path / "project", with_data=False)
    shutil.copytree(FIXTURES / "second-text" / "annotations", project / "annotations", dirs_exist_ok=True)
    shutil.copytree(FIXTURES / "second-text" / "seeds", project / "seeds", dirs_exist_ok=True)
    (project / "annotations" / "letter-from-seoul" / "notes" / "notes.yml").unlink()
    return project


def hypothesis_row(text: str, exact: str, prefix: str, suffix: str, **extra: Any) -> dict[str, Any]:
    """An annotation as the Hypothesis API returns it (Markdown `text`, `tags`, target list)."""
    return {"id": "Ab12Cd34", "created": "2026-03-01T10:00:00.000000+00:00", "updated": "2026-03-02T09:00:00+00:00",
            "user": "acct:reader@hypothes.is", "uri": "https://example.org/letter-from-seoul/",
            "text": text, "tags": extra.pop("tags", []),
            "target": [{"source": "https://example.org/letter-from-seoul/",
                        "selector": [{"type": "RangeSelector", "startContainer": "/p[2]", "startOffset": 0,
                                      "endContainer": "/p[2]", "endOffset": 9},
                                     {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix}]}],
            "links": {"html": "https://hypothes.is/a/Ab12Cd34"}, **extra}


def test_hypothesis_annotations_anchor_at_the_occurrence_their_context_names(tmp_path: Path) -> None:
    project = fixture_project(tmp_path)
    text = build_edition(project).essay("letter-from-seoul").text
    second = text.index("Han River", text.index("Han River") + 1)
    rows = {"total": 1, "rows": [hypothesis_row(
        "The **parks** along the river. <script>alert(1)</script> See [the plan](https://example.org/fixture).",
        "Han River",
        # Hypothesis records page text, which here includes a marker number and extra spaces.
        "2 city now plans for an ageing population. The ", " parks, once empty 3", tags=["event"])]}
    export = tmp_path / "hypothesis.json"
    export.write_text(json.dumps(rows), encoding="utf-8")
    result = run_cli(project, "import", str(export))
    assert result.returncode == 0, result.stderr
    written = project / "annotations" / "letter-from-seoul" / "notes" / "imported.yml"
    assert written.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../../../schemas/notes.schema.json")
    [note] = yaml.safe_load(written.read_text(encoding="utf-8"))["notes"]
    assert note["kind"] == "event" and note["creator"] == "reader"
    assert (note["created"], note["modified"]) == ("2026-03-01", "2026-03-02")
    assert note["sources"] == ["fixture-source"]  # the body links to a known source's URL
    assert "<script" not in note["body"] and "**parks**" in note["body"]
    # The note anchors on the second "Han River", the one the context describes.
    check = build_edition(project)
    [placed] = check.placed["letter-from-seoul"]
    assert (placed.start, placed.end) == (second, second + len("Han River"))


def test_annotations_that_do_not_anchor_are_reported_and_kept(tmp_path: Path) -> None:
    project = fixture_project(tmp_path)
    annotation = {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "https://example.org/anno/7",
                  "type": "Annotation", "body": {"type": "TextualBody", "value": "Lost words.", "format": "text/plain"},
                  "target": {"source": "https://example.org/letter-from-seoul/",
                             "selector": {"type": "TextQuoteSelector", "exact": "the Han River festival"}}}
    ambiguous = {**annotation, "id": "https://example.org/anno/8",
                 "target": {"source": "https://example.org/x", "selector": {"type": "TextQuoteSelector",
                                                                            "exact": "Han River"}}}
    export = tmp_path / "two.jsonld"
    export.write_text(json.dumps([annotation, ambiguous]), encoding="utf-8")
    result = run_cli(project, "import", str(export))
    assert result.returncode == 1
    assert f"{export}: error: annotation 1 (https://example.org/anno/7) does not anchor" in result.stderr
    assert "quote not found in the essay: 'the Han River festival'" in result.stderr
    assert "closest passage" in result.stderr
    assert f"{export}: error: annotation 2 (https://example.org/anno/8) does not anchor" in result.stderr
    assert "ambiguous quote" in result.stderr
    written = (project / "annotations" / "letter-from-seoul" / "notes" / "imported.yml").read_text(encoding="utf-8")
    assert yaml.safe_load(written)["notes"] == []
    # Each orphan is kept as a commented list item that, uncommented, is the YAML of its fields.
    kept = yaml.safe_load("\n".join(line[2:] for line in written.split("\n")
                                    if line.startswith("#   ") or line.startswith("# - quote")))
    assert kept == [{"quote": "the Han River festival", "title": "Lost words.", "body": "Lost words."},
                    {"quote": "Han River", "title": "Lost words.", "body": "Lost words."}]


def test_a_single_annotation_with_only_a_position_imports(tmp_path: Path) -> None:
    project = fixture_project(tmp_path)
    text = build_edition(project).essay("letter-from-seoul").text
    start = text.index("old markets")
    annotation = {"type": "Annotation", "bodyValue": "Markets such as Namdaemun [sic] *were* busy.",
                  "target": {"source": "x", "selector": {"type": "TextPositionSelector", "start": start,
                                                         "end": start + len("old markets")}}}
    export = tmp_path / "one.json"
    export.write_text(json.dumps(annotation), encoding="utf-8")
    result = run_cli(project, "import", str(export), "--text", "letter-from-seoul")
    assert result.returncode == 0, result.stderr
    assert "no known source" in result.stderr
    written = project / "annotations" / "letter-from-seoul" / "notes" / "imported.yml"
    [note] = yaml.safe_load(written.read_text(encoding="utf-8"))["notes"]
    assert note["quote"] == "old markets" and note["sources"] == ["source-needed"]
    # Plain text stays plain: Markdown characters are escaped, so the reader sees them as typed.
    assert text_content(render_body(note["body"], Targets(), "")) == \
        "Markets such as Namdaemun [sic] *were* busy."
    again = run_cli(project, "import", str(export))
    assert again.returncode == 2 and "exists; not overwritten" in again.stderr


def test_import_rejects_files_without_annotations(tmp_path: Path) -> None:
    project = fixture_project(tmp_path)
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    result = run_cli(project, "import", str(bad))
    assert result.returncode == 2 and f"{bad}: error: not a readable JSON file" in result.stderr
