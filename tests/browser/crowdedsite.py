"""A small edition whose margin must fold notes: eight long notes on one short paragraph.

The folding tests run on it, so they can never pass by finding nothing folded: however the real
essay's notes change, eight notes of about 45 words on three lines of text cannot all stand in
full within three lines of their passages, so the reader script must fold some of them.
"""
from __future__ import annotations

from pathlib import Path

from fixturesite import make_fixture_project

TEXT_ID = "crowded-essay"
WORDS = ["harbour", "lantern", "ledger", "orchard", "quarry", "signal", "tannery", "weir"]
SEED = """
A Crowded Page
Test, Author
Fixture writer
1. The Crowded Paragraph
{crowded}
A second paragraph follows, with nothing annotated in it, so that the text goes on below the notes.
2. After the Crowd
The last section is plain text as well. It gives the margin some room before the footer.
Note: This fixture text exists only for tests.
(※ Fictional text.)
""".format(crowded="The harbour and the lantern, the ledger and the orchard, the quarry and the signal, "
                   "the tannery and the weir all stand in one short paragraph.")
TEXT_YML = """title: A Crowded Page
author: Test Author
publisher: Test Fixtures
date: "2026"
language: en
byline_lines: 2
closing_lines: 2
"""
BODY = ("A deliberately long note about the {word}, written so that the margin cannot hold every note "
        "of this paragraph in full. It says the same thing twice in different words so that it runs to "
        "several lines: the {word} is one of eight things named in one sentence, and each has a note.")
SOURCES_YML = """sources:
  - id: fixture-source
    title: A fixture source
    publisher: Test Fixtures
    date: "2026-01-01"
    url: https://example.org/fixture
"""


def write_crowded_data(root: Path) -> Path:
    """seeds/ and annotations/ of the crowded fixture under `root`."""
    (root / "seeds").mkdir(parents=True, exist_ok=True)
    (root / "seeds" / f"{TEXT_ID}.txt").write_text(SEED, encoding="utf-8")
    notes_dir = root / "annotations" / TEXT_ID / "notes"
    notes_dir.mkdir(parents=True, exist_ok=True)
    (root / "annotations" / TEXT_ID / "text.yml").write_text(TEXT_YML, encoding="utf-8")
    notes = "notes:\n" + "".join(
        f"  - id: {word}\n    quote: \"{word}\"\n    kind: {('context', 'event', 'person')[i % 3]}\n"
        f"    title: The {word}\n    body: \"{BODY.format(word=word)}\"\n    sources: [fixture-source]\n"
        for i, word in enumerate(WORDS))
    (notes_dir / "notes.yml").write_text(notes, encoding="utf-8")
    (root / "annotations" / "sources").mkdir(parents=True, exist_ok=True)
    (root / "annotations" / "sources" / "fixture.yml").write_text(SOURCES_YML, encoding="utf-8")
    return root


def make_crowded_project(destination: Path) -> Path:
    data = write_crowded_data(destination.parent / "crowded-data")
    return make_fixture_project(data, destination)
