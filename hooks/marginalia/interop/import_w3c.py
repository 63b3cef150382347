"""W3C Web Annotations (a single annotation, an array, a page or a collection, e.g. from this
edition's export or from Hypothesis) back into notes YAML.

Each annotation is re-anchored in the essay's reading text: its TextQuoteSelector first (an
occurrence of `exact`; several occurrences are told apart by how much of the recorded prefix and
suffix they share, then by the TextPositionSelector as a hint), the TextPositionSelector alone
when there is no quote. Annotations that do not anchor are orphans: they are reported, and kept
in a commented section of the output so that nothing is dropped.

Bodies are untrusted: HTML (and Markdown, after rendering) is converted to a small Markdown
subset by walking the tags; anything else is reduced to its text, so no markup passes through.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlsplit

import markdown
import yaml

from marginalia.anchoring import quote_anchoring as anchoring
from marginalia.interop.export_w3c import EDITION_CREATOR_NAME
from marginalia.loading.model import NOTE_KINDS, Source

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DATE = re.compile(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")
KIND_BY_MOTIVATION = {"assessing": "fact-check"}  # other motivations fit several kinds: "context"
SOURCE_PLACEHOLDER = "source-needed"
TITLE_WORDS = 8
DUPLICATES_SHOWN = 5  # a re-import of a whole export would otherwise print one line per note


class AnnotationFileError(ValueError):
    """The file is not something annotations can be read from (not JSON, no annotation)."""


# --- reading the file -----------------------------------------------------------------------

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


# --- HTML to Markdown ------------------------------------------------------------------------

_PARTS = {"anno-note__title": "title", "anno-note__body": "body", "anno-note__detail": "detail",
          "anno-note__sources": "sources"}
_INLINE = {"strong": "**", "b": "**", "em": "*", "i": "*", "cite": "*", "code": "`"}
_SAFE_SCHEMES = ("http://", "https://", "mailto:")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]])")


def _escape_markdown(text: str) -> str:
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # "<" would read as raw HTML (rejected in bodies); an entity renders the same character.
    return text.replace("<", "&lt;")


def _protect_block_start(block: str) -> str:
    number = re.match(r"^(\d+)\.(?=\s)", block)
    if number:
        return f"{number.group(1)}\\.{block[number.end():]}"
    if block.startswith("#") or re.match(r"^[>+-](?=\s)", block):
        return "\\" + block
    return block


class _Frame:
    def __init__(self, tag: str, attrs: dict[str, str]) -> None:
        self.tag = tag
        self.attrs = attrs
        self.out: list[str] = []
        self.part: str | None = None


class _HtmlToMarkdown(HTMLParser):
    """Tags become Markdown or disappear; text is escaped. Parts marked with this edition's
    classes (title, body, detail, sources) are collected separately."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[_Frame] = [_Frame("", {})]
        self.stack[0].part = "body"
        self.parts: dict[str, list[str]] = {"title": [], "body": [], "detail": [], "sources": []}
        self.lists: list[tuple[str, int]] = []
        self.skip = 0  # depth inside <script>/<style>, whose text is not content

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self.skip += 1
            return
        values = {k: v or "" for k, v in attrs}
        if tag == "br":
            self._write("  \n")
            return
        if tag in ("img", "hr", "input", "wbr"):
            return
        frame = _Frame(tag, values)
        part = next((name for cls, name in _PARTS.items() if cls in values.get("class", "").split()), None)
        frame.part = part
        if tag in ("ul", "ol"):
            self.lists.append((tag, 0))
        if tag == "li" and self.lists:
            kind, count = self.lists[-1]
            self.lists[-1] = (kind, count + 1)
        self.stack.append(frame)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "img", "hr", "input", "wbr", "script", "style", "template"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template"):
            self.skip = max(0, self.skip - 1)
            return
        if not any(f.tag == tag for f in self.stack[1:]):
            return  # stray end tag
        while self.stack[-1].tag != tag:
            self._close(self.stack.pop())
        self._close(self.stack.pop())

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        raw = any(f.tag == "a" and "data-xref" in f.attrs for f in self.stack)
        self._write(data if raw else _escape_markdown(data))

    def _write(self, text: str) -> None:
        self.stack[-1].out.append(text)

    def _close(self, frame: _Frame) -> None:
        inner = "".join(frame.out)
        tag = frame.tag
        if tag in _INLINE and inner.strip():
            mark = _INLINE[tag]
            lead, core, trail = _split_space(inner)
            text = f"{lead}{mark}{core}{mark}{trail}"
        elif tag == "a":
            text = _link(frame.attrs, inner)
        elif tag in ("p", "div", "blockquote", "ul", "ol", "section", "article", "details", "summary",
                     "h1", "h2", "h3", "h4", "h5", "h6"):
            block = inner.strip()
            if tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6"):
                # Text that starts like a list item or heading must stay text.
                block = _protect_block_start(block)
            if tag == "blockquote":
                block = re.sub(r"\n{3,}", "\n\n", block)
                block = "\n".join(f"> {line}" if line else ">" for line in block.splitlines())
            elif tag in ("h1", "h2", "h3", "h4", "h5", "h6", "summary") and block:
                block = f"**{block}**"
            if tag in ("ul", "ol"):
                self.lists.pop()
            text = f"\n\n{block}\n\n" if block else ""
        elif tag == "li":
            kind, count = self.lists[-1] if self.lists else ("ul", 1)
            bullet = f"{count}. " if kind == "ol" else "- "
            text = f"{bullet}{' '.join(inner.split())}\n"
        else:
            text = inner
        if frame.part:
            self.parts[frame.part].append(text)
        else:
            self._write(text)

    def result(self) -> dict[str, str]:
        while len(self.stack) > 1:
            self._close(self.stack.pop())
        self.parts["body"].insert(0, "".join(self.stack[0].out))
        return {name: _tidy("".join(chunks)) for name, chunks in self.parts.items()}


def _split_space(text: str) -> tuple[str, str, str]:
    core = text.strip()
    start = text.find(core)
    return text[:start], core, text[start + len(core):]


def _link(attrs: dict[str, str], label: str) -> str:
    xref = attrs.get("data-xref", "")
    kind, _, target_id = xref.partition(":")
    clean_label = " ".join(label.split())
    if re.fullmatch(r"[a-z]+", kind) and re.fullmatch(r"[a-z0-9][a-z0-9/-]*", target_id):
        # A label equal to the target's title is what [[kind:id]] prints anyway; keeping it is
        # harmless. A label that would break the [[…]] syntax gives way to the target's title.
        if not clean_label or any(c in clean_label for c in "<>[]|"):
            return f"[[{kind}:{target_id}]]"
        return f"[[{kind}:{target_id}|{clean_label}]]"
    href = attrs.get("href", "").strip()
    if href.startswith(_SAFE_SCHEMES) and clean_label:
        return f"[{clean_label}]({href.replace(' ', '%20').replace(')', '%29')})"
    return label  # relative or unsafe links keep their text only


def _tidy(text: str) -> str:
    """Collapse HTML whitespace inside paragraphs; keep paragraph and list structure."""
    blocks = [b for b in re.split(r"\n\s*\n", text) if b.strip()]
    tidy: list[str] = []
    for block in blocks:
        lines = [line for line in block.split("\n") if line.strip()]
        if all(re.match(r"^(- |\d+\. |> ?)", line) for line in lines):
            tidy.append("\n".join(line.rstrip() for line in lines))
            continue
        # Soft line breaks of the HTML source join; explicit ones (<br>, written "  \n") stay.
        pieces = [" ".join(line.split()) + ("  \n" if line.endswith("  ") else " ") for line in lines]
        tidy.append("".join(pieces).strip())
    return "\n\n".join(tidy)


def html_to_markdown(fragment: str) -> dict[str, str]:
    """The Markdown of an HTML body, split into this edition's parts when they are marked
    (title, body, detail, sources); unmarked HTML is all body."""
    parser = _HtmlToMarkdown()
    parser.feed(fragment)
    parser.close()
    return parser.result()


def _escape_plain(text: str) -> str:
    return "\n\n".join(_escape_markdown(" ".join(p.split())) for p in re.split(r"\n\s*\n", text) if p.strip())


# --- one annotation --------------------------------------------------------------------------

@dataclass
class Incoming:
    index: int
    iri: str | None
    source: str | None  # the target's source IRI
    exact: str | None
    prefix: str = ""
    suffix: str = ""
    position: tuple[int, int] | None = None
    title: str | None = None
    body: str = ""
    detail: str = ""
    tags: list[str] = field(default_factory=list)
    motivation: str | None = None
    reference_ids: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
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


def _selectors(annotation: dict[str, Any]) -> tuple[str | None, list[dict[str, Any]]]:
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
    source, selectors = _selectors(annotation)
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
            main = {"body": _escape_plain(value)}
    if main is None and isinstance(annotation.get("bodyValue"), str):
        main = {"body": _escape_plain(annotation["bodyValue"])}  # W3C: plain text
    if main is None and isinstance(annotation.get("text"), str):
        main = html_to_markdown(markdown.markdown(annotation["text"], output_format="html"))  # Hypothesis: Markdown
    main = main or {}
    incoming.body = main.get("body", "")
    incoming.detail = main.get("detail", "")
    incoming.title = _literal(annotation.get("dcterms:title")) or _unmark(main.get("title", "")) or None
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


def _unmark(markdown_text: str) -> str:
    """Markdown back to plain text (for titles, which are plain in the notes YAML)."""
    text = re.sub(r"\[\[[a-z]+:[^\]|]*\|([^\]]*)\]\]", r"\1", markdown_text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\\([\\`*_\[\]])", r"\1", text.replace("**", "").replace("&lt;", "<"))
    return " ".join(text.split())


# --- anchoring -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Placement:
    start: int = -1
    end: int = -1
    problem: str = ""  # empty when anchored
    hints: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problem


def _shared_suffix(a: str, b: str) -> int:
    count = 0
    for x, y in zip(reversed(a), reversed(b)):
        if x != y:
            break
        count += 1
    return count


def _shared_prefix(a: str, b: str) -> int:
    count = 0
    for x, y in zip(a, b):
        if x != y:
            break
        count += 1
    return count


def _squash(value: str) -> str:
    return re.sub(r"\s+", " ", value)


def place(text: str, incoming: Incoming) -> Placement:
    """Where the annotation's passage is in `text`, or why it could not be placed."""
    if incoming.exact is None:
        if incoming.position is None:
            return Placement(problem="the annotation has no TextQuoteSelector or TextPositionSelector")
        start, end = incoming.position
        if end > len(text):
            return Placement(problem=f"TextPositionSelector {start}–{end} is beyond the essay's end ({len(text)})")
        if "\n" in text[start:end]:
            return Placement(problem="TextPositionSelector spans two paragraphs")
        return Placement(start, end)
    exact = incoming.exact
    starts = anchoring.find_occurrences(text, [exact]).get(exact, [])
    if not starts and " ".join(exact.split()) != exact:
        # Page text keeps the HTML source's line breaks and runs of spaces; the essay has single spaces.
        exact = " ".join(exact.split())
        starts = anchoring.find_occurrences(text, [exact]).get(exact, [])
    if starts and "\n" in exact:
        return Placement(problem="the quote spans two paragraphs; notes anchor within one")
    if not starts:
        closest = anchoring.closest_passages(text, exact, limit=1)
        hints = (f"closest passage ({closest[0].similarity:.0%} similar): {closest[0].text!r}",) if closest else ()
        return Placement(problem=f"quote not found in the essay: {exact!r}", hints=hints)
    if len(starts) == 1:
        return Placement(starts[0], starts[0] + len(exact))

    # Several occurrences: most shared context wins; the position breaks ties.
    # Context is compared with whitespace runs squashed, for the same reason as the quote.
    prefix, suffix = _squash(incoming.prefix), _squash(incoming.suffix)

    def score(start: int) -> tuple[int, float]:
        before = _squash(text[max(0, start - 2 * len(prefix)):start])
        after = _squash(text[start + len(exact):start + len(exact) + 2 * len(suffix)])
        context = _shared_suffix(prefix, before) + _shared_prefix(suffix, after)
        distance = abs(start - incoming.position[0]) if incoming.position else 0
        return context, -distance

    ranked = sorted(starts, key=score, reverse=True)
    if score(ranked[0]) == score(ranked[1]):
        return Placement(problem=f"ambiguous quote: {exact!r} occurs {len(starts)} times and the prefix/suffix "
                                 "do not tell the occurrences apart",
                         hints=tuple(f"occurrence at offset {s}: …{text[max(0, s - 30):s + len(exact) + 30]}…"
                                     .replace("\n", " ¶ ") for s in starts[:3]))
    return Placement(ranked[0], ranked[0] + len(exact))


# --- notes -----------------------------------------------------------------------------------

def slugify(value: str, max_words: int = 6) -> str:
    words = re.findall(r"[a-z0-9]+", _ascii(value).lower())
    return "-".join(words[:max_words])[:80].strip("-") or "imported-note"


def _ascii(value: str) -> str:
    import unicodedata
    return unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")


def _derived_title(body: str) -> str:
    words = _unmark(body).split()
    if not words:
        return "Imported note"
    title = " ".join(words[:TITLE_WORDS])
    return title + ("…" if len(words) > TITLE_WORDS else "")


def _kind(incoming: Incoming) -> str:
    for tag in incoming.tags:
        if tag in NOTE_KINDS:
            return tag
    return KIND_BY_MOTIVATION.get(incoming.motivation or "", "context")


def _note_id(incoming: Incoming, title: str, taken: dict[str, str]) -> tuple[str, bool]:
    """The id, and whether it was named by the annotation (then a clash is a duplicate, not a new note)."""
    fragment = urlsplit(incoming.iri or "").fragment
    if fragment.startswith("note-") and SLUG.match(fragment[5:]):
        return fragment[5:], True
    base = slugify(title)
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate, False


class _Literal(str):
    """A string written as a YAML literal block (`|`), like the hand-written notes."""


class _NotesDumper(yaml.SafeDumper):
    """Indents list items under their key, as the hand-written notes files do."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


_NotesDumper.add_representer(_Literal, lambda dumper, value: dumper.represent_scalar(
    "tag:yaml.org,2002:str", value, style="|"))


@dataclass
class ImportResult:
    notes: list[dict[str, Any]] = field(default_factory=list)
    orphans: list[tuple[Incoming, Placement]] = field(default_factory=list)
    duplicates: list[tuple[Incoming, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def build_notes(annotations: list[tuple[int, dict[str, Any]]], text: str, taken: dict[str, str],
                sources: dict[str, Source], destination: str = "this import") -> ImportResult:
    """Notes (YAML-ready mappings) for the (index, annotation) pairs that anchor in `text`; the
    others are orphans. `taken` maps note ids already in use to where they are defined; the ids
    given to new notes are added to it, so several calls never reuse an id."""
    result = ImportResult()
    by_url = {s.url.rstrip("/"): s.id for s in sources.values()}
    for index, annotation in annotations:
        incoming = parse_annotation(annotation, index)
        placement = place(text, incoming)
        if not placement.ok:
            result.orphans.append((incoming, placement))
            continue
        title = incoming.title or _derived_title(incoming.body)
        note_id, named = _note_id(incoming, title, taken)
        if note_id in taken:
            result.duplicates.append((incoming, f"note id '{note_id}' already exists ({taken[note_id]})"))
            continue
        taken[note_id] = destination
        start, end = placement.start, placement.end
        selector = anchoring.shortest_unique_context(text, start, end)
        note: dict[str, Any] = {"id": note_id, "quote": selector.exact}
        if selector.prefix:
            note["prefix"] = selector.prefix
        if selector.suffix:
            note["suffix"] = selector.suffix
        note["kind"] = _kind(incoming)
        note["title"] = title[:120]
        note["body"] = _Literal((incoming.body or "(no text)") + "\n")
        if incoming.detail:
            note["detail"] = _Literal(incoming.detail + "\n")
        if incoming.date:
            note["date"] = incoming.date
        cited = list(dict.fromkeys(incoming.reference_ids + [by_url[u.rstrip("/")] for u in incoming.links
                                                               if u.rstrip("/") in by_url]))
        if not cited:
            cited = [SOURCE_PLACEHOLDER]
            result.warnings.append(f"{incoming.label}: no known source; wrote sources: [{SOURCE_PLACEHOLDER}] "
                                   f"in note '{note_id}' (replace it with ids from annotations/sources/)")
        note["sources"] = cited
        for key in ("created", "modified", "creator"):
            value = getattr(incoming, key)
            if value:
                note[key] = value
        result.notes.append(note)
    return result


def notes_yaml(result: ImportResult, schema_path: str, origin: str) -> str:
    """The notes file: a schema modeline, the notes, then the orphans as comments."""
    lines = [f"# yaml-language-server: $schema={schema_path}",
             f"# Imported from {origin} by `python -m marginalia import`; run `make check` after editing.",
             yaml.dump({"notes": result.notes}, Dumper=_NotesDumper, allow_unicode=True, sort_keys=False,
                       width=100, indent=2).rstrip("\n")]
    if result.orphans:
        lines.append("")
        lines.append("# Orphans: these annotations did not anchor in the essay. Fix the quote (copy it from the")
        lines.append("# page), then move each one up into `notes:` and uncomment it.")
        for incoming, placement in result.orphans:
            lines.append(f"# - {incoming.label}: {placement.problem}")
            stub = {"quote": incoming.exact or "", "title": incoming.title or _derived_title(incoming.body),
                    "body": incoming.body}
            dumped = yaml.dump([stub], Dumper=_NotesDumper, allow_unicode=True, sort_keys=False, width=100)
            lines.extend(f"#   {line}" for line in dumped.rstrip("\n").splitlines())
    return "\n".join(lines) + "\n"


# --- the command -----------------------------------------------------------------------------

def _text_for(annotation: dict[str, Any], text_ids: list[str]) -> str | None:
    """The text whose page the annotation targets (its URL path names the text id)."""
    source, _ = _selectors(annotation)
    path = urlsplit(source or "").path
    segments = [segment.removesuffix(".html") for segment in path.split("/") if segment]
    return next((text_id for text_id in text_ids if text_id in segments), None)


def run_import(root: Path, file: Path, text_id: str | None = None, out: Path | None = None,
               force: bool = False) -> int:
    """`python -m marginalia import FILE`: 0 when every annotation became a note (or already was
    one), 1 when some did not anchor (they are reported and kept as comments), 2 on bad input."""
    import sys

    from marginalia.diagnostics import DiagnosticSink
    from marginalia.loading.load import load_edition

    def report(severity: str, message: str, *hints: str) -> None:
        print(f"{file}: {severity}: {message}", *(f"    {h}" for h in hints), sep="\n", file=sys.stderr)

    data = load_edition(root, DiagnosticSink())  # data errors elsewhere do not stop an import
    texts = list(data.essays)
    if not texts:
        report("error", f"no annotated text in {root} (expected annotations/<text>/text.yml and seeds/<text>.txt)")
        return 2
    if text_id is not None and text_id not in data.essays:
        report("error", f"no annotated text '{text_id}'", f"texts: {', '.join(texts)}")
        return 2
    try:
        annotations = read_file(file)
    except AnnotationFileError as error:
        report("error", str(error))
        return 2
    groups: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for index, annotation in enumerate(annotations):
        chosen = text_id or _text_for(annotation, texts) or texts[0]
        groups.setdefault(chosen, []).append((index, annotation))
    if out is not None and len(groups) > 1:
        report("error", f"the annotations target {len(groups)} texts ({', '.join(groups)}); --out takes one",
               "hint: drop --out (each text gets annotations/<text>/notes/imported.yml) or pass --text")
        return 2
    destinations = {chosen: (out or root / "annotations" / chosen / "notes" / "imported.yml").resolve()
                    for chosen in groups}
    for destination in destinations.values():
        if destination.exists() and not force:
            report("error", f"{destination} exists; not overwritten",
                   "hint: pass --out NEW.yml, or --force to replace it")
            return 2
    replaced = {d.relative_to(root).as_posix() for d in destinations.values() if d.is_relative_to(root)}
    # Ids defined in a file about to be replaced are free again.
    taken = {note.id: str(note.location) for note in data.all_notes() if note.file not in replaced}
    status = 0
    for chosen, items in groups.items():
        destination = destinations[chosen]
        shown = destination.relative_to(root).as_posix() if destination.is_relative_to(root) else str(destination)
        result = build_notes(items, data.essays[chosen].text, taken, data.sources, shown)
        for incoming, placement in result.orphans:
            report("error", f"{incoming.label} does not anchor in '{chosen}': {placement.problem}", *placement.hints,
                   f"kept as a comment at the end of {shown}")
            status = 1
        for incoming, message in result.duplicates[:DUPLICATES_SHOWN]:
            report("warning", f"{incoming.label} skipped: {message}")
        if len(result.duplicates) > DUPLICATES_SHOWN:
            report("warning", f"… and {len(result.duplicates) - DUPLICATES_SHOWN} more annotation(s) skipped "
                              "because their note ids already exist")
        for message in result.warnings:
            report("warning", message)
        if result.notes or result.orphans:
            destination.parent.mkdir(parents=True, exist_ok=True)
            schema = Path(os.path.relpath(root / "schemas" / "notes.schema.json", destination.parent)).as_posix()
            destination.write_text(notes_yaml(result, schema, file.name), encoding="utf-8")
        written = "written" if result.notes or result.orphans else "not written (nothing new)"
        print(f"{shown}: {written}: {len(result.notes)} note(s) imported, {len(result.orphans)} orphan(s), "
              f"{len(result.duplicates)} already present")
    return status
