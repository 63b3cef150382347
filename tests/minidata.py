"""Test helper: a tiny annotated text written into a temporary folder, for engine-level tests."""
from __future__ import annotations

import textwrap
from pathlib import Path

DEFAULT_SEED = """
A Short Essay
Kim, Min-ji
Correspondent
1. First Things
The <tariff> rampage of the Trump administration?aptly called “tariff imperialism”?shook Korea?U.S. ties. Korea’s choice is hard.
Korea’s choice is also old: security with the U.S., economy with China (Anmi Gyeongjung) was the rule.
2. Second Thoughts
Anmi Gyeongjung is over, some say. The Asian NATO, or Asian NATOs, worry Beijing; strategic buffers matter.
Note: A test text.
(※ Fictional.)
"""

DEFAULT_TEXT = """\
title: A Short Essay
author: Kim Min-ji
publisher: Fixtures
date: "2026"
language: en
byline_lines: 2
closing_lines: 2
"""

DEFAULT_EMENDATIONS = """
emendations:
  - {id: e1, prefix: "administration", original: "?", suffix: "aptly", reading: "—", reason: Opens an aside.}
  - {id: e2, prefix: "imperialism”", original: "?", suffix: "shook", reading: "—", reason: Closes the aside.}
  - {id: e3, prefix: "Korea", original: "?", suffix: "U.S. ties", reading: "–", reason: Joins two states.}
"""

DEFAULT_SOURCES = """
sources:
  - {id: src-one, title: One, publisher: Pub, date: "2025-01-02", url: "https://example.org/one"}
  - {id: src-two, title: Two, publisher: Pub, date: "2024", url: "https://example.org/two"}
"""

DEFAULT_GLOSSARY = """
terms:
  - id: anmi-gyeongjung
    term: Anmi Gyeongjung
    aliases: ["security with the U.S., economy with China"]
    native: [{text: 안미경중, lang: ko, script: Hangul}, {text: 安美經中, lang: ko-Hani, script: Hanja}]
    short: Security with the United States, economy with China.
    definition: A shorthand; see [[term:asian-nato]].
    see_also: [asian-nato]
    sources: [src-one]
  - id: asian-nato
    term: Asian NATO
    short: A term for an alliance bloc in Asia.
    definition: Used by Beijing; see [[term:anmi-gyeongjung]].
    see_also: [anmi-gyeongjung]
    sources: [src-two]
  - id: strategic-buffer
    term: strategic buffer
    short: A state that separates rivals.
    definition: A buffer.
    sources: [src-two]
"""


def write_project(root: Path, notes: str, *, seed: str = DEFAULT_SEED, emendations: str | None = DEFAULT_EMENDATIONS,
                  sources: str = DEFAULT_SOURCES, glossary: str | None = DEFAULT_GLOSSARY,
                  text_id: str = "short-essay", text_yml: str | None = None) -> Path:
    """Write a one-text project (no MkDocs) and return its root; `notes` is the notes YAML."""
    (root / "seeds").mkdir(parents=True, exist_ok=True)
    (root / "seeds" / f"{text_id}.txt").write_text(seed, encoding="utf-8")
    text_dir = root / "annotations" / text_id
    (text_dir / "notes").mkdir(parents=True, exist_ok=True)
    (text_dir / "text.yml").write_text(textwrap.dedent(text_yml or DEFAULT_TEXT), encoding="utf-8")
    if emendations is not None:
        (text_dir / "emendations.yml").write_text(textwrap.dedent(emendations), encoding="utf-8")
    (text_dir / "notes" / "notes.yml").write_text(textwrap.dedent(notes), encoding="utf-8")
    (root / "annotations" / "sources").mkdir(exist_ok=True)
    (root / "annotations" / "sources" / "sources.yml").write_text(textwrap.dedent(sources), encoding="utf-8")
    if glossary is not None:
        (root / "annotations" / "glossary.yml").write_text(textwrap.dedent(glossary), encoding="utf-8")
    return root
