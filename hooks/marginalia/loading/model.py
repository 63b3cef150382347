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
    text: str
    lang: str
    script: str | None = None


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    short: str
    definition: str
    sources: tuple[str, ...]
    location: Location
    aliases: tuple[str, ...] = ()
    native: tuple[NativeForm, ...] = ()
    romanization: str | None = None
    see_also: tuple[str, ...] = ()
    autolink: bool = True
    supports: tuple[tuple[str, str], ...] = ()  # (source id, the claim or quote it backs)


@dataclass(frozen=True)
class Emendation:
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
    byline_lines: int = 2
    closing_lines: int = 0
    heading_pattern: str = r"^\d+\.\s"
    autolink: str = "first-per-section"
    # A character that in the seed stands for a lost one (this essay: '?', dashes lost in an encoding
    # step); every occurrence must be replaced by an emendation. None: every character is the text's own.
    placeholder: str | None = None
