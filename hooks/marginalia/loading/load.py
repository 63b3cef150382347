"""Loading every file under annotations/ (and the seeds) into validated model objects.

Layout (data only; adding a text needs no code):
  seeds/<text>.txt                          the text, verbatim
  annotations/<text>/text.yml               its bibliographic data
  annotations/<text>/emendations.yml        declared changes to the seed (optional)
  annotations/<text>/notes/*.yml            its notes
  annotations/glossary.yml                  terms, shared by all texts
  annotations/sources/*.yml                 bibliography, shared by all texts
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marginalia.diagnostics import DiagnosticSink, Location
from marginalia.loading.inventory import report_unread_files, text_folders
from marginalia.loading.model import Emendation, NativeForm, Note, Source, Term, TextMeta
from marginalia.loading.schema import Schemas, closest, validate_document
from marginalia.loading.seed_text import EssayText, build_essay, read_seed
from marginalia.loading.yaml_source import YamlDocument, load_yaml


@dataclass
class LoadedData:
    """Everything under annotations/ and seeds/ that passed validation, made by `load_edition`: the build wraps
    it in an Edition, while the editor tools (`make note`, import, from-issue) and the xref extension loaded by
    name read it directly."""

    root: Path
    texts: dict[str, TextMeta] = field(default_factory=dict)
    essays: dict[str, EssayText] = field(default_factory=dict)
    emendations: dict[str, list[Emendation]] = field(default_factory=dict)
    notes: dict[str, list[Note]] = field(default_factory=dict)
    terms: list[Term] = field(default_factory=list)
    sources: dict[str, Source] = field(default_factory=dict)
    documents: dict[str, YamlDocument] = field(default_factory=dict)  # each YAML file read, by path, to locate errors
    rejected: dict[str, frozenset[int]] = field(default_factory=dict)  # per file: indexes of invalid entries
    schemas: Schemas = field(default_factory=Schemas)

    def all_notes(self) -> list[Note]:
        return [note for notes in self.notes.values() for note in notes]


GLOSSARY_FILE = "annotations/glossary.yml"
# At most this many "did you mean" suggestions per build: each compares a word with every id.
_MAX_SUGGESTIONS = 50


def _rel(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _load(root: Path, path: Path, schema: str, data: LoadedData, sink: DiagnosticSink) -> YamlDocument | None:
    name = _rel(root, path)
    document = load_yaml(path, name, sink)
    if document is None:
        return None
    if document.data is None:
        sink.error(Location(name, 1, 1), "the file is empty",
                   f"hint: start from the example in CONTRIBUTING.md; the schema is schemas/{schema}")
        return None
    data.documents[name] = document
    if not validate_document(document, schema, data.schemas, sink):
        # One bad entry must not hide the file's valid ones: their absence would cascade into
        # "unknown source" and "unresolved cross-reference" errors far from the real mistake.
        rejected = _rejected_entries(document, schema, data.schemas)
        if rejected is None:
            return None
        data.rejected[name] = rejected
    return document


_ENTRY_LISTS = {"sources.schema.json": "sources", "glossary.schema.json": "terms",
                "emendations.schema.json": "emendations", "notes.schema.json": "notes"}


def _rejected_entries(document: YamlDocument, schema: str, schemas: Schemas) -> frozenset[int] | None:
    """Indexes of the entries the schema rejects, or None when the file as a whole is malformed."""
    key = _ENTRY_LISTS.get(schema)
    entries = document.data.get(key) if key and isinstance(document.data, dict) else None
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        return None
    rejected: set[int] = set()
    for error in schemas.errors(schema, document.data):
        path = tuple(error.absolute_path)
        if len(path) < 2 or path[0] != key or not isinstance(path[1], int):
            return None
        rejected.add(path[1])
    return frozenset(rejected)


def _opt(mapping: dict[str, Any], key: str) -> Any:
    value = mapping.get(key)
    return value if value not in ("",) else None


def _citations(items: list[Any]) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """A `sources:` list as (ids, (id, claim) pairs): an entry is an id or {id, supports}."""
    ids: list[str] = []
    claims: list[tuple[str, str]] = []
    for item in items:
        if isinstance(item, str):
            ids.append(item)
            continue
        ids.append(item["id"])
        supports = item["supports"]
        for claim in [supports] if isinstance(supports, str) else supports:
            claims.append((item["id"], claim))
    return tuple(ids), tuple(claims)


def _entries(root: Path, file: Path, schema_name: str, list_key: str, kind: str, seen: dict[str, Location],
             data: LoadedData, sink: DiagnosticSink, *hints: str
             ) -> Iterator[tuple[YamlDocument, tuple[str | int, ...], Any]]:
    """The entries of one annotation file that the schema accepted and whose id is new, with their paths
    (none when the file is missing or unreadable: that is reported by `_load`).

    A repeated id is a located error that names the first definition; `seen` may span files and texts.
    """
    if not file.exists():
        return
    document = _load(root, file, schema_name, data, sink)
    if document is None:
        return
    for index, item in enumerate(document.data[list_key]):
        if index in data.rejected.get(document.file, ()):
            continue
        path: tuple[str | int, ...] = (list_key, index)
        first = seen.get(item["id"])
        if first is not None:
            sink.error(document.where((*path, "id")), f"duplicate {kind} id '{item['id']}'",
                       f"first defined at {first}", *hints)
            continue
        seen[item["id"]] = document.where(path)
        yield document, path, item


def load_edition(root: Path, sink: DiagnosticSink) -> LoadedData:
    root = root.resolve()
    annotations = root / "annotations"
    seeds = root / "seeds"
    data = LoadedData(root, schemas=Schemas.for_project(root))

    seen_sources: dict[str, Location] = {}
    for source_file in sorted((annotations / "sources").glob("*.yml")):
        if source_file.name == "policy.yml":  # the sourcing policy, not a bibliography (source_policy.py)
            continue
        for document, path, item in _entries(root, source_file, "sources.schema.json", "sources", "source",
                                             seen_sources, data, sink):
            where = document.where(path)
            data.sources[item["id"]] = Source(
                id=item["id"], title=item["title"], publisher=item["publisher"], date=str(item.get("date") or ""),
                url=item["url"], location=where, author=_opt(item, "author"), accessed=_opt(item, "accessed"),
                language=_opt(item, "language"), note=_opt(item, "note"), title_en=_opt(item, "title_en"),
                reliability=_opt(item, "reliability"))

    for document, path, item in _entries(root, annotations / "glossary.yml", "glossary.schema.json", "terms", "term",
                                         {}, data, sink):
        where = document.where(path)
        term_sources, term_claims = _citations(item["sources"])
        data.terms.append(Term(
            id=item["id"], term=item["term"], short=item["short"], definition=item["definition"],
            sources=term_sources, supports=term_claims, location=where, aliases=tuple(item.get("aliases", [])),
            native=tuple(NativeForm(n["text"], n["lang"], n.get("script")) for n in item.get("native", [])),
            romanization=_opt(item, "romanization"), see_also=tuple(item.get("see_also", [])),
            autolink=item.get("autolink", True)))

    for text_dir in text_folders(annotations):
        _load_text(root, text_dir, seeds, data, sink)
    report_unread_files(root, sink)

    _check_references(data, sink)
    _check_term_names(data, sink)
    return data


def _load_text(root: Path, text_dir: Path, seeds: Path, data: LoadedData, sink: DiagnosticSink) -> None:
    text_id = text_dir.name
    document = _load(root, text_dir / "text.yml", "text.schema.json", data, sink)
    if document is None:
        return
    meta_data = document.data
    meta = TextMeta(
        id=text_id, title=meta_data["title"], author=meta_data["author"], publisher=meta_data["publisher"],
        date=str(meta_data["date"]), language=meta_data["language"], location=document.where(()),
        original_language=_opt(meta_data, "original_language"), source_url=_opt(meta_data, "source_url"),
        translation_note=_opt(meta_data, "translation_note"), byline_lines=meta_data.get("byline_lines", 2),
        closing_lines=meta_data.get("closing_lines", 0),
        heading_pattern=meta_data.get("heading_pattern", r"^\d+\.\s"),
        autolink=meta_data.get("autolink", "first-per-section"), placeholder=_opt(meta_data, "placeholder"))
    try:
        re.compile(meta.heading_pattern)
    except re.error as exc:
        sink.error(document.where(("heading_pattern",)), f"heading_pattern is not a valid regular expression: {exc}",
                   r"hint: the default, '^\d+\.\s', matches headings such as '1. Raising the Issue'")
        return
    seed_path = seeds / f"{text_id}.txt"
    if not seed_path.exists():
        sink.error(document.where(()), f"no seed text for '{text_id}': expected {_rel(root, seed_path)}",
                   "hint: the folder name under annotations/ must match the seed file's name")
        return
    data.texts[text_id] = meta

    emendations: list[Emendation] = []
    for em_doc, path, item in _entries(root, text_dir / "emendations.yml", "emendations.schema.json", "emendations",
                                       "emendation", {}, data, sink):
        emendations.append(Emendation(item["id"], item["original"], item["reading"], item["reason"],
                                      em_doc.where(path), item.get("prefix", ""), item.get("suffix", "")))
    data.emendations[text_id] = emendations
    seed = read_seed(seed_path, _rel(root, seed_path), sink)
    if seed is None:
        return
    data.essays[text_id] = build_essay(meta, seed, emendations, _rel(root, seed_path), sink)

    notes: list[Note] = []
    seen_notes: dict[str, Location] = {n.id: n.location for ns in data.notes.values() for n in ns}
    for note_file in sorted((text_dir / "notes").glob("*.yml")):
        for note_doc, path, item in _entries(root, note_file, "notes.schema.json", "notes", "note", seen_notes,
                                             data, sink, "hint: note ids must be unique across all texts"):
            field_locations = {key: note_doc.where((*path, key)) for key in item}
            note_sources, note_claims = _citations(item["sources"])
            notes.append(Note(
                id=item["id"], quote=item["quote"], kind=item["kind"], title=item["title"], body=item["body"],
                sources=note_sources, supports=note_claims, location=note_doc.where(path), text_id=text_id,
                file=note_doc.file, prefix=item.get("prefix", ""), suffix=item.get("suffix", ""),
                detail=_opt(item, "detail"), date=_opt(item, "date"), creator=_opt(item, "creator"),
                created=_opt(item, "created"), modified=_opt(item, "modified"),
                field_locations=field_locations))
    data.notes[text_id] = notes


def _check_references(data: LoadedData, sink: DiagnosticSink) -> None:
    """Source ids and see-also ids must exist; errors suggest the closest existing id."""
    source_ids = sorted(data.sources)
    term_ids = sorted(t.id for t in data.terms)
    index_of = _Indexes()
    suggestions_left = [_MAX_SUGGESTIONS]

    def suggest(word: str, candidates: list[str]) -> str | None:
        # difflib compares with every candidate: bound the work a file full of typos can cause.
        if suggestions_left[0] <= 0:
            return None
        suggestions_left[0] -= 1
        return closest(word, candidates)

    def check_sources(owner: str, sources: tuple[str, ...], document_path: tuple[Any, ...], file: str) -> None:
        document = data.documents.get(file)
        for index, source_id in enumerate(sources):
            if source_id not in data.sources:
                # An entry may be an id or {id, supports}: point at the id either way.
                where = document.where((*document_path, index, "id")) if document else Location(file)
                suggestion = suggest(source_id, source_ids)
                sink.error(where, f"{owner} cites unknown source '{source_id}'",
                           f"did you mean '{suggestion}'?" if suggestion else
                           "hint: add it to annotations/sources/*.yml")

    for note in data.all_notes():
        index = index_of(data.documents[note.file], "notes", note.id)
        check_sources(f"note '{note.id}'", note.sources, ("notes", index, "sources"), note.file)
    glossary = data.documents.get(GLOSSARY_FILE)
    for term in data.terms:
        index = index_of(glossary, "terms", term.id)
        check_sources(f"term '{term.id}'", term.sources, ("terms", index, "sources"), GLOSSARY_FILE)
        for see_index, other in enumerate(term.see_also):
            if other not in term_ids:
                suggestion = suggest(other, term_ids)
                where = glossary.where(("terms", index, "see_also", see_index)) if glossary else term.location
                sink.error(where, f"term '{term.id}' has see-also to unknown term '{other}'",
                           f"did you mean '{suggestion}'?" if suggestion else "")
            elif other == term.id:
                where = glossary.where(("terms", index, "see_also", see_index)) if glossary else term.location
                sink.warning(where, f"term '{term.id}' lists itself under see_also")


def _check_term_names(data: LoadedData, sink: DiagnosticSink) -> None:
    """A term's name and aliases are unique across the glossary, ignoring case (as the essay matches
    them): otherwise two entries claim one word and the reader cannot tell which is linked."""
    glossary = data.documents.get(GLOSSARY_FILE)
    index_of = _Indexes()
    owners: dict[str, tuple[str, str, Location]] = {}  # casefolded form -> (what it is, term id, where)
    for term in data.terms:
        index = index_of(glossary, "terms", term.id)
        forms: list[tuple[str, str, tuple[Any, ...]]] = [("name", term.term, ("terms", index, "term"))]
        forms += [("alias", alias, ("terms", index, "aliases", k)) for k, alias in enumerate(term.aliases)]
        for what, form, path in forms:
            key = form.strip().casefold()
            where = glossary.where(path) if glossary else term.location
            if key not in owners:
                owners[key] = (what, term.id, where)
                continue
            other_what, other_id, other_where = owners[key]
            sink.error(where, f"{'alias' if what == 'alias' else 'term name'} '{form}' of term '{term.id}' is already "
                              f"{'an alias' if other_what == 'alias' else 'the name'} of term '{other_id}' "
                              f"at {other_where}",
                       "hint: names and aliases are matched in the essay ignoring case, so each may belong to "
                       "one term only; remove it here or there")


class _Indexes:
    """Index of an entry in its file by id, each file scanned once (not once per entry)."""

    def __init__(self) -> None:
        self._maps: dict[tuple[str, str], dict[Any, int]] = {}

    def __call__(self, document: YamlDocument | None, key: str, item_id: str) -> int:
        if document is None:
            return 0
        found = self._maps.get((document.file, key))
        if found is None:
            found = {}
            for index, item in enumerate(document.data.get(key, [])):
                if isinstance(item, dict):
                    found.setdefault(item.get("id"), index)
            self._maps[(document.file, key)] = found
        return found.get(item_id, 0)
