"""The edition's data model: what editors write, after validation."""
from __future__ import annotations

from dataclasses import dataclass, field

from marginalia.diagnostics import Location

NOTE_KINDS: tuple[str, ...] = ("context", "person", "event", "institution", "fact-check", "translation")
KIND_LABELS: dict[str, str] = {
    "context": "Context", "person": "Person", "event": "Event",
    "institution": "Institution", "fact-check": "Fact-check", "translation": "Translation",
}


@dataclass(frozen=True)
class Source:
    """A publication that notes and terms cite, from annotations/sources/*.yml."""

    id: str
    title: str
    publisher: str
    date: str
    url: str
    # Where the entry was typed: for messages, not part of what the source is.
    location: Location = field(compare=False)
    # Optional, as editors often cannot give them (an agency wire has no author).
    author: str | None = None
    accessed: str | None = None
    language: str | None = None
    note: str | None = None
    title_en: str | None = None  # English gloss of a title in another language
    reliability: str | None = None  # why a weaker source is cited; shown in the bibliography


@dataclass(frozen=True)
class NativeForm:
    """A glossary term as written in its own language and script (Korean in Hangul, say), from a term's
    `native:` list in annotations/glossary.yml; shown with the term on the glossary page, in the essay's term
    tooltips and in search."""

    text: str
    lang: str  # language tag (BCP 47), e.g. "ko" or "zh-Hans"
    script: str | None = None


@dataclass(frozen=True)
class Term:
    """A glossary entry from annotations/glossary.yml, shared by every text: term_uses finds and links its
    occurrences in the essays, `[[term:<id>]]` references resolve to it, and the glossary page lists it with
    its backlinks."""

    id: str
    term: str
    short: str  # one line, for tooltips and reference previews
    definition: str
    sources: tuple[str, ...]
    location: Location
    aliases: tuple[str, ...] = ()
    native: tuple[NativeForm, ...] = ()
    romanization: str | None = None
    see_also: tuple[str, ...] = ()
    autolink: bool = True  # False: never looked for in the essays or in notes
    supports: tuple[tuple[str, str], ...] = ()  # (source id, the claim or quote it backs)


@dataclass(frozen=True)
class Emendation:
    """A declared change to the seed, from annotations/<text>/emendations.yml: build_essay finds `original` in
    the seed by its prefix and suffix and prints `reading` in its place; the essay page marks and lists it, and
    the W3C export publishes it."""

    id: str
    original: str
    reading: str
    reason: str
    location: Location
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Note:
    """A margin note on a passage of one text, from annotations/<text>/notes/*.yml."""

    id: str
    quote: str
    kind: str
    title: str
    body: str
    sources: tuple[str, ...]
    location: Location
    text_id: str
    file: str
    prefix: str = ""
    suffix: str = ""
    detail: str | None = None
    date: str | None = None
    creator: str | None = None
    created: str | None = None
    modified: str | None = None
    supports: tuple[tuple[str, str], ...] = ()  # (source id, the claim or quote it backs), in file order
    # Locations of individual fields, for errors found after loading (anchoring, references).
    field_locations: dict[str, Location] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class TextMeta:
    """One text's bibliographic data and the rules for splitting its seed into blocks, from
    annotations/<text>/text.yml (`id` is the folder name): build_essay applies the rules, term_uses the
    autolink rule, and the generated pages use the title, publication data and language."""

    id: str
    title: str
    author: str
    publisher: str
    date: str
    language: str
    location: Location
    original_language: str | None = None
    source_url: str | None = None
    translation_note: str | None = None
    byline_lines: int = 2  # non-empty seed lines after the title that form the byline
    closing_lines: int = 0  # the last non-empty seed lines, closing remarks
    heading_pattern: str = r"^\d+\.\s"  # a seed line it matches is a section heading
    autolink: str = "first-per-section"  # which term occurrences are links: "first-per-section", "first", "all", "none"
    # A character that in the seed stands for a lost one (this essay: '?', dashes lost in an encoding
    # step); every occurrence must be replaced by an emendation. None: every character is the text's own.
    placeholder: str | None = None
