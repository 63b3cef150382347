"""The whole edition as one validated web: anchored notes, term uses, cross-references, backlinks.

`build_edition` is the engine's front door: it loads the data, anchors every note, finds every
term occurrence, resolves every cross-reference (in notes, glossary and docs pages) and computes
backlinks for every node. It raises DataError with every located problem, or returns an Edition
from which pages are rendered. Nothing here knows about MkDocs.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from marginalia.anchoring import quote_anchoring as anchoring
from marginalia.diagnostics import DiagnosticSink, Location
from marginalia.linking.glossary import TermHit, find_terms, select_links, term_pattern
from marginalia.loading import source_policy
from marginalia.loading.load import LoadedData, load_edition
from marginalia.markup.markdown_render import check_body, render_body
from marginalia.loading.model import KIND_LABELS, Note, Term
from marginalia.loading.seed_text import EssayText
from marginalia.markup.xrefs import Target, Targets, find_xrefs

GLOSSARY_URL = "glossary/"
SOURCES_URL = "sources/"
TIMELINE_URL = "timeline/"
FRONT_MATTER = re.compile(r"\A---\s*\n.*?\n---\s*\n", re.DOTALL)


def page_url(src_uri: str) -> str:
    """Site-root-relative URL of a docs page, as MkDocs makes it with directory URLs."""
    stem = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return f"{stem}/"


def essay_url(text_id: str) -> str:
    return f"{text_id}/"


@dataclass(frozen=True)
class PlacedNote:
    note: Note
    start: int  # offsets in the essay text
    end: int
    number: int  # reading order, 1-based
    block_index: int
    status: str = "ok"  # "ok" or "drifted" (re-anchored by fuzzy matching, reported as a warning)


@dataclass(frozen=True)
class TermUse:
    term_id: str
    text_id: str
    block_index: int
    start: int  # offsets in the block's text
    end: int
    section: int
    linked: bool
    anchor_id: str | None  # id of the link element, for backlinks


@dataclass(frozen=True)
class Backlink:
    label: str
    url: str  # site-root-relative
    context: str = ""


@dataclass
class Edition:
    data: LoadedData
    placed: dict[str, list[PlacedNote]] = field(default_factory=dict)
    term_uses: dict[str, list[TermUse]] = field(default_factory=dict)
    targets: Targets = field(default_factory=Targets)
    backlinks: dict[tuple[str, str], list[Backlink]] = field(default_factory=dict)
    warnings: list = field(default_factory=list)
    docs_titles: dict[str, str] = field(default_factory=dict)
    _rendered: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)

    @property
    def terms(self) -> list[Term]:
        return self.data.terms

    def term(self, term_id: str) -> Term:
        return next(t for t in self.data.terms if t.id == term_id)

    def essay(self, text_id: str) -> EssayText:
        return self.data.essays[text_id]

    def primary_text(self) -> str:
        return next(iter(self.data.texts))

    def render_markdown(self, text: str, from_url: str) -> str:
        """A body rendered for a page, once per build: the essay page, the search entries and the
        W3C export all need the same note bodies."""
        key = (text, from_url)
        if key not in self._rendered:
            self._rendered[key] = render_body(text, self.targets, from_url)
        return self._rendered[key]

    def add_backlink(self, kind: str, target_id: str, link: Backlink) -> None:
        links = self.backlinks.setdefault((kind, target_id), [])
        if link not in links:
            links.append(link)


def build_edition(root: Path, docs_dir: Path | None = None, fuzzy: bool = True) -> Edition:
    sink = DiagnosticSink()
    data = load_edition(root, sink)
    source_policy.check_edition(data, sink)
    edition = Edition(data)
    _anchor_notes(edition, sink, fuzzy)
    _find_term_uses(edition)
    _register_targets(edition)
    _check_and_link_references(edition, sink, root, docs_dir)
    sink.raise_if_errors()
    edition.warnings = [d for d in sink.items if d.severity == "warning"]
    return edition


def _anchor_notes(edition: Edition, sink: DiagnosticSink, fuzzy: bool) -> None:
    for text_id, notes in edition.data.notes.items():
        essay = edition.data.essays.get(text_id)
        if essay is None:
            continue
        text = essay.text
        selectors = [anchoring.Selector(n.quote, n.prefix, n.suffix) for n in notes]
        results = anchoring.anchor_all(text, selectors)
        placed: list[tuple[int, int, Note, str]] = []
        for note, result in zip(notes, results):
            where = note.field_locations.get("quote", note.location)
            if result.status == "ok":
                placed.append((result.start, result.end, note, "ok"))
            elif result.status == "ambiguous":
                suggestions = [anchoring.shortest_unique_context(text, s, s + len(note.quote)) for s in result.candidates[:3]]
                hints = [f"occurrence {i + 1}: …{_context(text, s, len(note.quote))}…  → prefix: {sel.prefix!r}  suffix: {sel.suffix!r}"
                         for i, (s, sel) in enumerate(zip(result.candidates, suggestions))]
                sink.error(where, f"ambiguous quote in note '{note.id}': {note.quote!r} occurs "
                                  f"{len(result.candidates)} times in the essay",
                           *hints, "hint: add a prefix or suffix (text just before or after) to pick one")
            elif result.status == "spans-blocks":
                sink.error(where, f"quote in note '{note.id}' spans two paragraphs",
                           "hint: a note's quote must lie within one paragraph; quote the part that matters")
            else:
                _report_missing(note, text, result, where, sink, fuzzy, placed)
        placed.sort(key=lambda item: (item[0], -item[1]))
        edition.placed[text_id] = [
            PlacedNote(note, start, end, number, _block_index(essay, start), status)
            for number, (start, end, note, status) in enumerate(placed, start=1)
        ]


def _context(text: str, start: int, length: int, width: int = 24) -> str:
    return text[max(0, start - width):start + length + width].replace("\n", " ¶ ")


def _report_missing(note: Note, text: str, result: anchoring.Anchor, where: Location, sink: DiagnosticSink,
                    fuzzy: bool, placed: list) -> None:
    orphan_hints: list[str] = []
    if fuzzy:
        outcome = anchoring.reanchor(text, anchoring.Selector(note.quote, note.prefix, note.suffix))
        if outcome.status == "drifted" and outcome.match is not None:
            match = outcome.match
            placed.append((match.start, match.end, note, "drifted"))
            sink.warning(where, f"quote of note '{note.id}' drifted; re-anchored to "
                                f"{_yaml_string(text[match.start:match.end])} ({match.quote_score:.0%} similar)",
                         *_drift_hints(note, text, match))
            return
        orphan_hints = _orphan_hints(outcome, text)
    if result.candidates:
        # The quote exists but prefix/suffix rule every occurrence out.
        sink.error(where, f"quote in note '{note.id}' is in the essay, but not with the given prefix/suffix",
                   f"prefix: {note.prefix!r} suffix: {note.suffix!r}",
                   f"the quote occurs at: …{_context(text, result.candidates[0], len(note.quote))}…",
                   *orphan_hints,
                   "hint: copy prefix and suffix from the page, or remove them if the quote is unique")
        return
    closest = anchoring.closest_passages(text, note.quote, limit=1)
    hints: list[str] = []
    if closest:
        best = closest[0]
        hints.append(f"closest passage ({best.similarity:.0%} similar): {best.text!r}")
        if anchoring.normalize_lookalikes(best.text) == anchoring.normalize_lookalikes(note.quote):
            hints.append("hint: the essay uses typographic characters (’ “ ” – —); copy the passage from the page")
    else:
        hints.append("no similar passage in the essay")
    sink.error(where, f"quote not found in the essay: {note.quote!r}", *orphan_hints, *hints)


def _yaml_string(value: str) -> str:
    """A double-quoted YAML scalar for editors to copy back (JSON strings are valid YAML).

    Invisible characters (no-break and zero-width spaces, direction marks) are written as \\u
    escapes, so a difference the editor cannot see on the page can be seen in the hint.
    """
    return "".join(f"\\u{ord(char):04x}" if _invisible(char) else char
                   for char in json.dumps(value, ensure_ascii=False))


def _invisible(char: str) -> bool:
    return char != " " and unicodedata.category(char) in ("Cf", "Zs", "Zl", "Zp")


def _drift_hints(note: Note, text: str, match: anchoring.FuzzyMatch) -> list[str]:
    """The selector to write so the note anchors exactly again, as YAML lines."""
    proposal = anchoring.shortest_unique_context(text, match.start, match.end)
    lines = [f"  quote: {_yaml_string(proposal.exact)}"]
    if proposal.prefix:
        lines.append(f"  prefix: {_yaml_string(proposal.prefix)}")
    if proposal.suffix:
        lines.append(f"  suffix: {_yaml_string(proposal.suffix)}")
    dropped = [name for name in ("prefix", "suffix") if getattr(note, name) and not getattr(proposal, name)]
    if unicodedata.normalize("NFC", proposal.exact) == unicodedata.normalize("NFC", note.quote):
        lines.append("  (the texts differ only in Unicode composition, e.g. é written as e + a combining "
                     "accent: copy the line above rather than retyping it)")
    elif anchoring.normalize_lookalikes(proposal.exact) == anchoring.normalize_lookalikes(note.quote):
        lines.append("  (the essay uses typographic characters (’ “ ” – —) where the quote has plain ones)")
    return [f"was: {_yaml_string(note.quote)}",
            "hint: the quote no longer matches the essay exactly (a typo in the YAML or a change in the text); if the new passage is right, write:", *lines,
            *([f"  (and delete the {' and '.join(dropped)})"] if dropped else []),
            "the note is shown at the new passage; `mkdocs build --strict` fails until the YAML is updated"]


def _orphan_hints(outcome: anchoring.Reanchor, text: str) -> list[str]:
    """Why fuzzy re-anchoring refused to guess: the note is an orphan."""
    if outcome.reason == "ambiguous" and outcome.match is not None:
        passages = [outcome.match, *outcome.rivals][:4]
        return ["orphan: several passages resemble the quote and its prefix/suffix cannot tell them apart, "
                "so the note is not re-anchored:",
                *(f"  …{_context(text, m.start, m.end - m.start)}… ({m.quote_score:.0%} similar)" for m in passages),
                "hint: quote the passage as it now reads, with a prefix or suffix if it occurs more than once"]
    if outcome.reason == "below-threshold" and outcome.match is not None:
        m = outcome.match
        return [f"orphan: the closest passage, {_yaml_string(text[m.start:m.end])}, scores {m.score:.2f} "
                f"with its prefix/suffix (re-anchoring needs {anchoring.DRIFT_THRESHOLD})"]
    return []


def _block_index(essay: EssayText, offset: int) -> int:
    for index, block in enumerate(essay.blocks):
        if block.offset <= offset < block.end + 1:
            return index
    return len(essay.blocks) - 1


def _find_term_uses(edition: Edition) -> None:
    pattern = term_pattern(edition.data.terms)
    for text_id, essay in edition.data.essays.items():
        rule = edition.data.texts[text_id].autolink
        hits: list[tuple[int, int, TermHit]] = []
        for index, block in enumerate(essay.blocks):
            if block.kind != "paragraph":
                continue  # never in headings, title, byline or closing remarks
            for hit in find_terms(block.text, edition.data.terms, pattern):
                # A link must not cut an emended character in two.
                if any(span.start < hit.end and hit.start < span.end and not (hit.start <= span.start and span.end <= hit.end)
                       for span in block.emended):
                    continue
                hits.append((index, block.section, hit))
        linked = select_links(((section, _Keyed(index, hit)) for index, section, hit in hits), rule)
        uses: list[TermUse] = []
        counters: dict[str, int] = {}
        for index, section, hit in hits:
            is_linked = (section, _key(index, hit.start)) in linked
            anchor_id = None
            if is_linked:
                counters[hit.term_id] = counters.get(hit.term_id, 0) + 1
                anchor_id = f"use-{hit.term_id}-{counters[hit.term_id]}"
            uses.append(TermUse(hit.term_id, text_id, index, hit.start, hit.end, section, is_linked, anchor_id))
        edition.term_uses[text_id] = uses


def _key(block_index: int, start: int) -> int:
    return block_index * 1_000_000 + start


class _Keyed:
    """A TermHit whose `start` is unique across blocks, for select_links."""

    def __init__(self, block_index: int, hit: TermHit) -> None:
        self.term_id = hit.term_id
        self.start = _key(block_index, hit.start)


def _register_targets(edition: Edition) -> None:
    targets = edition.targets
    for text_id, placed in edition.placed.items():
        for item in placed:
            note = item.note
            targets.add(Target("note", note.id, note.title, f"{essay_url(text_id)}#note-{note.id}",
                               f"{KIND_LABELS[note.kind]} note: {_plain(note.body)}"))
    # A note whose quote failed to anchor is already an error; references to it are not a second
    # one ("unresolved [[note:x]], did you mean y?" would send the editor to fix the wrong place).
    for text_id, notes in edition.data.notes.items():
        for note in notes:
            if targets.get("note", note.id) is None:
                targets.add(Target("note", note.id, note.title, f"{essay_url(text_id)}#note-{note.id}",
                                   f"{KIND_LABELS[note.kind]} note: {_plain(note.body)}"))
    for term in edition.data.terms:
        targets.add(Target("term", term.id, term.term, f"{GLOSSARY_URL}#term-{term.id}", term.short))
    for source in edition.data.sources.values():
        who = source.author or source.publisher
        targets.add(Target("source", source.id, f"{who} ({source.date[:4] or 'n.d.'})", f"{SOURCES_URL}#source-{source.id}",
                           f"{source.title}. {source.publisher}, {source.date or 'n.d.'}."))
    primary = edition.primary_text() if edition.data.texts else None
    for text_id, essay in edition.data.essays.items():
        for section, title in essay.section_titles().items():
            url = f"{essay_url(text_id)}#section-{section}"
            target = Target("section", f"{text_id}/{section}", title, url, f"Section {title}")
            targets.add(target)
            if text_id == primary:
                targets.add(Target("section", str(section), title, url, f"Section {title}"))


def _plain(markdown_text: str, limit: int = 160) -> str:
    text = re.sub(r"\[\[[a-z]+:([^\]|]*)(?:\|([^\]]*))?\]\]", lambda m: m.group(2) or m.group(1), markdown_text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[*_`#>]", "", text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _check_and_link_references(edition: Edition, sink: DiagnosticSink, root: Path, docs_dir: Path | None) -> None:
    data = edition.data
    targets = edition.targets
    for text_id, placed in edition.placed.items():
        for item in placed:
            note = item.note
            document = data.documents[note.file]
            index = next(i for i, n in enumerate(document.data["notes"]) if n.get("id") == note.id)
            origin = Backlink(f"Note: {note.title}", f"{essay_url(text_id)}#note-{note.id}")
            for field_name in ("body", "detail"):
                value = getattr(note, field_name)
                if not value:
                    continue
                path = ("notes", index, field_name)
                check_body(value, lambda offset, p=path, d=document: d.where_in_text(p, offset),
                           f"note '{note.id}' ({field_name})", sink, targets)
                _record_links(edition, value, origin, exclude=("note", note.id))
            for source_id in note.sources:
                edition.add_backlink("source", source_id, origin)
    glossary_doc = data.documents.get("annotations/glossary.yml")
    for index, term in enumerate(data.terms):
        origin = Backlink(f"Glossary: {term.term}", f"{GLOSSARY_URL}#term-{term.id}")
        if glossary_doc is not None:
            position = next(i for i, t in enumerate(glossary_doc.data["terms"]) if t.get("id") == term.id)
            path = ("terms", position, "definition")
            check_body(term.definition, lambda offset, p=path: glossary_doc.where_in_text(p, offset),
                       f"term '{term.id}' (definition)", sink, targets)
        _record_links(edition, term.definition, origin, exclude=("term", term.id))
        for source_id in term.sources:
            edition.add_backlink("source", source_id, origin)
    # Term uses in the essay and in note text are backlinks of the term.
    for text_id, uses in edition.term_uses.items():
        essay = data.essays[text_id]
        titles = essay.section_titles()
        per_section: dict[tuple[str, int], list[TermUse]] = {}
        for use in uses:
            per_section.setdefault((use.term_id, use.section), []).append(use)
        for (term_id, section), section_uses in per_section.items():
            first_linked = next((u for u in section_uses if u.anchor_id), None)
            url = f"{essay_url(text_id)}#{first_linked.anchor_id}" if first_linked else f"{essay_url(text_id)}#section-{section}"
            count = f" ({len(section_uses)}×)" if len(section_uses) > 1 else ""
            label = f"Essay, {titles.get(section, 'opening')}{count}"
            edition.add_backlink("term", term_id, Backlink(label, url))
    pattern = term_pattern(data.terms)
    for text_id, placed in edition.placed.items():
        for item in placed:
            note = item.note
            for hit in find_terms(f"{note.title}\n{note.body}\n{note.detail or ''}", data.terms, pattern):
                edition.add_backlink("term", hit.term_id,
                                     Backlink(f"Note: {note.title}", f"{essay_url(text_id)}#note-{note.id}"))
    if docs_dir is not None and docs_dir.exists():
        for path in sorted(docs_dir.rglob("*.md")):
            src_uri = path.relative_to(docs_dir).as_posix()
            text = path.read_text(encoding="utf-8")
            display = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
            title_match = re.search(r"^title:\s*(.+)$", text, re.MULTILINE)
            title = title_match.group(1).strip().strip("\"'") if title_match else src_uri
            edition.docs_titles[src_uri] = title
            check_body_in_page(text, display, sink, targets)
            _record_links(edition, text, Backlink(title, page_url(src_uri)), exclude=None)


def check_body_in_page(text: str, display: str, sink: DiagnosticSink, targets: Targets) -> None:
    """Docs pages may contain HTML (they are ours); only their cross-references are checked."""
    from marginalia.loading.schema import closest

    def locate(offset: int) -> Location:
        before = text[:offset]
        return Location(display, before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1)

    for use in find_xrefs(text):
        if use.kind not in ("note", "term", "source", "section"):
            sink.error(locate(use.start), f"unknown cross-reference kind '{use.kind}'",
                       "allowed kinds: note, term, source, section")
        elif targets.get(use.kind, use.id) is None:
            suggestion = closest(use.id, targets.ids(use.kind))
            sink.error(locate(use.start), f"unresolved cross-reference [[{use.kind}:{use.id}]]",
                       f"did you mean [[{use.kind}:{suggestion}]]?" if suggestion else f"no {use.kind} has the id '{use.id}'")


def _record_links(edition: Edition, text: str, origin: Backlink, exclude: tuple[str, str] | None) -> None:
    for use in find_xrefs(text):
        target = edition.targets.get(use.kind, use.id)
        if target is None or (exclude and (target.kind, target.id) == exclude):
            continue
        kind, target_id = target.kind, target.id
        if kind == "section":
            continue  # sections are the essay itself; their backlinks would be noise
        edition.add_backlink(kind, target_id, origin)
