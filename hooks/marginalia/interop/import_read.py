"""Reading W3C Web Annotations (JSON-LD: a single annotation, an array, a page, a collection, or
a Hypothesis API search result) into `Incoming` records: selectors, body parts, dates, creator.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import markdown

from marginalia.interop.export_w3c import EDITION_CREATOR_NAME
from marginalia.interop.import_bodies import escape_plain, html_to_markdown
from marginalia.markup.plain_text import markdown_to_text

DATE = re.compile(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")


class AnnotationFileError(ValueError):
    """The file is not something annotations can be read from (not JSON, no annotation)."""



def annotation_objects(data: Any) -> Iterator[dict[str, Any]]:
    """Every annotation in a single annotation, an array, an AnnotationPage, an
    AnnotationCollection (`first` page and its `next` pages, or `items`) or a Hypothesis API
    search result (`rows`)."""
    if isinstance(data, list):
        for item in data:
            yield from annotation_objects(item)
        return
    if not isinstance(data, dict):
        return
    kinds = data.get("type", data.get("@type"))
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if "AnnotationCollection" in kinds or "AnnotationPage" in kinds or "rows" in data:
        yield from annotation_objects(data.get("items", data.get("rows", [])))
        for key in ("first", "next"):
            if isinstance(data.get(key), dict):
                yield from annotation_objects(data[key])
        return
    yield data


def read_file(path: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise AnnotationFileError(f"not a readable JSON file: {exc}") from None
    found = list(annotation_objects(data))
    if not found:
        raise AnnotationFileError("no annotation in the file (expected an annotation, an array or a collection)")
    return found


@dataclass
class Incoming:
    """One annotation of an imported file, read by `parse_annotation` from its W3C or Hypothesis JSON into what
    a note needs (quote and context, Markdown body, source ids, dates, creator); import_place places it in the
    text, and import_notes makes it a note or an orphan."""

    index: int  # 0-based position among the file's annotations (`label` counts from 1)
    iri: str | None
    source: str | None  # the target's source IRI
    exact: str | None  # TextQuoteSelector quote, its outer whitespace moved to prefix/suffix; None: no quote
    prefix: str = ""
    suffix: str = ""
    position: tuple[int, int] | None = None  # TextPositionSelector: places a quoteless annotation, else a hint
    title: str | None = None
    body: str = ""
    detail: str = ""
    tags: list[str] = field(default_factory=list)
    motivation: str | None = None
    reference_ids: list[str] = field(default_factory=list)  # from dcterms:references IRIs ending in #source-<id>
    links: list[str] = field(default_factory=list)  # http(s) URLs linked in the body, matched to sources
    date: str | None = None
    creator: str | None = None
    created: str | None = None
    modified: str | None = None

    @property
    def label(self) -> str:
        return f"annotation {self.index + 1}" + (f" ({self.iri})" if self.iri else "")


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _literal(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("@value", value.get("value"))
    return value if isinstance(value, str) and value.strip() else None


def _day(value: Any) -> str | None:
    """YYYY[-MM[-DD]] from a date-time or a partial date; None when it is neither."""
    text = _literal(value)
    if not text:
        return None
    text = text.strip()
    if DATE.match(text):
        return text
    match = re.match(r"^(\d{4}-\d{2}-\d{2})[Tt ]", text)
    return match.group(1) if match else None


def _creator(annotation: dict[str, Any]) -> str | None:
    info = annotation.get("user_info")
    if isinstance(info, dict) and _literal(info.get("display_name")):
        return _literal(info["display_name"])
    for creator in _as_list(annotation.get("creator", annotation.get("user"))):
        if isinstance(creator, dict):
            name = _literal(creator.get("name")) or _literal(creator.get("nickname"))
            if name == EDITION_CREATOR_NAME:
                return None  # the export's default author: the note had no creator of its own
            if name:
                return name
        elif isinstance(creator, str) and creator.strip():
            # Hypothesis users are "acct:name@hypothes.is".
            match = re.match(r"^acct:([^@]+)@", creator)
            return match.group(1) if match else creator.strip()
    return None


def target_selectors(annotation: dict[str, Any]) -> tuple[str | None, list[dict[str, Any]]]:
    """The target's source IRI and selectors (the first target that has selectors)."""
    first_source: str | None = None
    for target in _as_list(annotation.get("target")):
        if isinstance(target, str):
            first_source = first_source or target
            continue
        if not isinstance(target, dict):
            continue
        source = target.get("source", target.get("id"))
        source = source if isinstance(source, str) else None
        first_source = first_source or source
        selectors: list[dict[str, Any]] = []
        for selector in _as_list(target.get("selector")):
            while isinstance(selector, dict):
                selectors.append(selector)
                selector = selector.get("refinedBy")
        if selectors:
            return source, selectors
    return first_source or _literal(annotation.get("uri")), []


def _bodies(annotation: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for body in _as_list(annotation.get("body")):
        if isinstance(body, dict) and body.get("type") == "Choice":
            items = [i for i in _as_list(body.get("items")) if isinstance(i, dict)]
            if items:
                yield items[0]  # the default choice
        elif isinstance(body, dict):
            yield body


def parse_annotation(annotation: dict[str, Any], index: int) -> Incoming:
    iri = annotation.get("id") if isinstance(annotation.get("id"), str) else None
    links = annotation.get("links")
    if isinstance(links, dict) and isinstance(links.get("html"), str):
        iri = links["html"]  # Hypothesis API: the id is bare, the html link is the IRI
    source, selectors = target_selectors(annotation)
    incoming = Incoming(index, iri, source, None)
    for selector in selectors:
        kind = selector.get("type")
        if kind == "TextQuoteSelector" and incoming.exact is None and isinstance(selector.get("exact"), str):
            exact = selector["exact"]
            # Selections in a browser often take a space or line break at either end; it belongs
            # to the context, not to the quote.
            core = exact.strip() or exact
            start = exact.find(core)
            lead, trail = exact[:start], exact[start + len(core):]
            incoming.exact = core
            incoming.prefix = (selector.get("prefix") or "") + lead
            incoming.suffix = trail + (selector.get("suffix") or "")
        elif kind == "TextPositionSelector" and incoming.position is None:
            start, end = selector.get("start"), selector.get("end")
            if isinstance(start, int) and isinstance(end, int) and 0 <= start < end:
                incoming.position = (start, end)
    motivation = _as_list(annotation.get("motivation"))
    incoming.motivation = motivation[0] if motivation and isinstance(motivation[0], str) else None
    incoming.tags = [t for t in _as_list(annotation.get("tags")) if isinstance(t, str)]
    main: dict[str, str] | None = None
    for body in _bodies(annotation):
        value = body.get("value", body.get("chars"))
        if not isinstance(value, str):
            continue
        if body.get("purpose") == "tagging":
            incoming.tags.append(value.strip())
            continue
        if main is not None:
            continue
        fmt = body.get("format", "text/plain")
        if fmt == "text/html":
            main = html_to_markdown(value)
        elif fmt == "text/markdown":
            main = html_to_markdown(markdown.markdown(value, output_format="html"))
        else:
            main = {"body": escape_plain(value)}
    if main is None and isinstance(annotation.get("bodyValue"), str):
        main = {"body": escape_plain(annotation["bodyValue"])}  # W3C: plain text
    if main is None and isinstance(annotation.get("text"), str):
        main = html_to_markdown(markdown.markdown(annotation["text"], output_format="html"))  # Hypothesis: Markdown
    main = main or {}
    incoming.body = main.get("body", "")
    incoming.detail = main.get("detail", "")
    incoming.title = _literal(annotation.get("dcterms:title")) or markdown_to_text(main.get("title", "")) or None
    for reference in _as_list(annotation.get("dcterms:references")):
        iri_value = reference.get("id") if isinstance(reference, dict) else reference
        if isinstance(iri_value, str):
            match = re.search(r"#source-([a-z0-9-]+)$", iri_value)
            if match:
                incoming.reference_ids.append(match.group(1))
    incoming.links = re.findall(r"\]\((https?://[^)\s]+)\)", "\n".join((incoming.body, incoming.detail,
                                                                          main.get("sources", ""))))
    incoming.date = _day(annotation.get("dcterms:temporal"))
    incoming.creator = _creator(annotation)
    incoming.created = _day(annotation.get("created")) or _day(annotation.get("dcterms:created"))
    incoming.modified = (_day(annotation.get("modified")) or _day(annotation.get("dcterms:modified"))
                         or _day(annotation.get("updated")))
    return incoming
