"""The sourcing policy (annotations/sources/policy.yml) and the check of every source against it.

The policy says which outlets are copies (never acceptable), which are weak (acceptable only with a
`reliability` note), which URL shapes are not article pages, and which fields every source needs.
Breaches are located warnings at the offending value: `make check` and the strict build fail on
them, while a plain `mkdocs serve` still shows the site. A project without policy.yml is not checked.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from marginalia.diagnostics import DiagnosticSink, Location
from marginalia.loading import quotations
from marginalia.loading.load import LoadedData
from marginalia.loading.schema import Schemas, validate_document
from marginalia.loading.yaml_source import YamlDocument, load_yaml

POLICY_FILE = "annotations/sources/policy.yml"
BRACKETED_TITLE = re.compile(r"^\s*\[.*\]\s*$", re.DOTALL)


@dataclass(frozen=True)
class Outlet:
    """A website the sourcing policy names, by domain (subdomains included) or by URL prefix, with the reason
    the warning quotes; from the `copies` and `weak` lists of annotations/sources/policy.yml."""

    reason: str
    domain: str | None = None
    url: str | None = None

    def matches(self, url: str, host: str) -> bool:
        if self.url is not None:
            return url.rstrip("/").startswith(self.url.rstrip("/"))
        assert self.domain is not None
        return host == self.domain or host.endswith("." + self.domain)

    @property
    def label(self) -> str:
        return self.domain or self.url or ""


@dataclass(frozen=True)
class Requirement:
    """A field the sourcing policy asks of every source, or only of sources in `languages`, from `required:` in
    annotations/sources/policy.yml; `check_sources` warns at each source without it, quoting `reason`."""

    field: str
    reason: str
    languages: tuple[str, ...] = ()  # empty: every source


@dataclass(frozen=True)
class Policy:
    """The project's sourcing policy, read by `load_policy` from annotations/sources/policy.yml;
    `check_edition` checks every source against it and, with `check_quotations`, every note's quotations."""

    required: tuple[Requirement, ...] = ()
    copies: tuple[Outlet, ...] = ()
    weak: tuple[Outlet, ...] = ()
    url_patterns: tuple[tuple[re.Pattern[str], str], ...] = ()  # (pattern, reason): URLs that are not an article's page
    http_only_hosts: frozenset[str] = field(default_factory=frozenset)  # hosts whose http: URLs are accepted
    descriptive_titles: bool = False  # True: [bracketed] titles are allowed
    check_quotations: bool = False  # True: warn at quotations found nowhere (quotations.py)


def load_policy(root: Path, schemas: Schemas, sink: DiagnosticSink) -> Policy | None:
    """The project's policy, or None when it has none (or it is invalid: then errors are reported)."""
    path = root / POLICY_FILE
    if not path.exists():
        return None
    document = load_yaml(path, POLICY_FILE, sink)
    if document is None:
        return None
    if document.data is None:
        sink.error(Location(POLICY_FILE, 1, 1), "the sourcing policy is empty",
                   "hint: the schema is schemas/policy.schema.json; delete the file to switch the policy off")
        return None
    if not validate_document(document, "policy.schema.json", schemas, sink):
        return None
    raw: dict[str, Any] = document.data
    patterns: list[tuple[re.Pattern[str], str]] = []
    for index, item in enumerate(raw.get("url_patterns", [])):
        try:
            patterns.append((re.compile(item["pattern"]), item["reason"]))
        except re.error as exc:
            sink.error(document.where(("url_patterns", index, "pattern")),
                       f"url_patterns[{index}] is not a valid regular expression: {exc}")
            return None

    def outlets(key: str) -> tuple[Outlet, ...]:
        return tuple(Outlet(o["reason"], o.get("domain"), o.get("url")) for o in raw.get(key, []))

    return Policy(
        required=tuple(Requirement(r["field"], r["reason"], tuple(r.get("languages", [])))
                       for r in raw.get("required", [])),
        copies=outlets("copies"), weak=outlets("weak"), url_patterns=tuple(patterns),
        http_only_hosts=frozenset(raw.get("http_only_hosts", [])),
        descriptive_titles=raw.get("descriptive_titles", "warn") == "allow",
        check_quotations=raw.get("quotations", "allow") == "warn")


def primary_language(tag: str | None) -> str:
    return (tag or "").split("-")[0].lower()


def check_sources(policy: Policy, documents: dict[str, YamlDocument], accepted: dict[str, Location],
                  sink: DiagnosticSink) -> None:
    """Warn about every source entry that breaks the policy.

    `documents` are the loaded source files; `accepted` maps each loaded source id to its entry's
    location, so entries the schema rejected or duplicates (already errors) are not reported twice.
    """
    copies, weak = _Outlets(policy.copies), _Outlets(policy.weak)
    for _, document in sorted(documents.items()):
        entries = document.data.get("sources") if isinstance(document.data, dict) else None
        for index, entry in enumerate(entries or []):
            if not isinstance(entry, dict) or accepted.get(entry.get("id", "")) != document.where(("sources", index)):
                continue
            _check_entry(policy, copies, weak, document, index, entry, sink)


class _Outlets:
    """A list of outlets looked up by the URL's host and its parent domains, instead of trying
    every outlet on every source; the first outlet in list order that matches wins, as in a scan."""

    def __init__(self, outlets: tuple[Outlet, ...]) -> None:
        self._by_domain: dict[str, int] = {}
        self._by_url: list[tuple[int, Outlet]] = []
        for position, outlet in enumerate(outlets):
            if outlet.url is not None:
                self._by_url.append((position, outlet))
            elif outlet.domain is not None:
                self._by_domain.setdefault(outlet.domain, position)
        self._outlets = outlets

    def first_match(self, url: str, host: str) -> Outlet | None:
        labels = host.split(".")
        positions = [self._by_domain[d] for d in (".".join(labels[i:]) for i in range(len(labels)))
                     if d in self._by_domain]
        positions += [position for position, outlet in self._by_url if outlet.matches(url, host)]
        return self._outlets[min(positions)] if positions else None


def _check_entry(policy: Policy, copies: _Outlets, weak_outlets: _Outlets, document: YamlDocument, index: int,
                 entry: dict[str, Any], sink: DiagnosticSink) -> None:
    source_id = entry["id"]
    where = document.where(("sources", index))
    url_at = document.where(("sources", index, "url"))
    language = primary_language(entry.get("language"))
    for requirement in policy.required:
        if requirement.languages and language not in requirement.languages:
            continue
        if not entry.get(requirement.field):
            scope = f" (its language is '{entry.get('language')}')" if requirement.languages else ""
            sink.warning(where, f"source '{source_id}' has no {requirement.field}{scope}: {requirement.reason}",
                         f"hint: add `{requirement.field}:` to the entry (annotations/sources/policy.yml, required)")
    title = str(entry.get("title", ""))
    if not policy.descriptive_titles and BRACKETED_TITLE.match(title):
        sink.warning(document.where(("sources", index, "title")),
                     f"source '{source_id}' has a descriptive title in [brackets], not the title as published",
                     "hint: copy the page's own headline (in its language; add title_en for an English gloss)")
    url = str(entry.get("url", ""))
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme == "http" and not any(host == h or host.endswith("." + h) for h in policy.http_only_hosts):
        sink.warning(url_at, f"source '{source_id}' uses an http: URL; give the https address of the same page",
                     f"hint: if {host} serves no https, list it under http_only_hosts in {POLICY_FILE}")
    copy = copies.first_match(url, host)
    if copy is not None:
        sink.warning(url_at, f"source '{source_id}' is a copy the sourcing policy does not accept "
                             f"({copy.label}): {copy.reason}",
                     "hint: cite the original publisher's page; a reliability note does not excuse a copy")
    weak = weak_outlets.first_match(url, host)
    if weak is not None and not entry.get("reliability"):
        sink.warning(url_at, f"source '{source_id}' is from a discouraged outlet ({weak.label}): {weak.reason}",
                     "hint: cite a news agency, newspaper of record, government or journal that reports the same; "
                     "if none does, say why in `reliability:` (shown in the bibliography)")
    for pattern, reason in policy.url_patterns:
        if pattern.search(url):
            sink.warning(url_at, f"source '{source_id}' URL is not the canonical article page: {reason}")


def check_edition(data: LoadedData, sink: DiagnosticSink) -> None:
    """Run the project's policy, if it has one, over its sources and its notes' quotations."""
    policy = load_policy(data.root, data.schemas, sink)
    if policy is None:
        return
    source_documents = {name: doc for name, doc in data.documents.items()
                        if name.startswith("annotations/sources/") and name != POLICY_FILE}
    check_sources(policy, source_documents, {s.id: s.location for s in data.sources.values()}, sink)
    if policy.check_quotations:
        _check_note_quotations(data, sink)


def _check_note_quotations(data: LoadedData, sink: DiagnosticSink) -> None:
    # Each essay is normalized once for all its notes (it is by far the longest place searched).
    essays = {text_id: quotations.normalize(essay.text) for text_id, essay in data.essays.items()}
    indexes: dict[str, dict[str, int]] = {}  # note id -> index in its file, each file scanned once
    titles: dict[str, list[str]] = {}  # source id -> its normalized titles, for every note citing it
    for note in data.all_notes():
        essay = essays.get(note.text_id)
        document = data.documents.get(note.file)
        if essay is None or document is None:
            continue
        if note.file not in indexes:
            found: dict[str, int] = {}
            for i, entry in enumerate(document.data["notes"]):
                if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                    found.setdefault(entry["id"], i)
            indexes[note.file] = found
        index = indexes[note.file][note.id]
        places = [essay, *(quotations.normalize(claim) for _, claim in note.supports)]
        for source_id in note.sources:
            if source_id not in titles and source_id in data.sources:
                source = data.sources[source_id]
                titles[source_id] = [quotations.normalize(t) for t in (source.title, source.title_en) if t]
            places.extend(titles.get(source_id, ()))
        for field_name in ("body", "detail"):
            value = getattr(note, field_name)
            if value:
                quotations.check_field(f"note '{note.id}' ({field_name})", value, places,
                                       _locator(document, ("notes", index, field_name)), note.sources, sink)


def _locator(document: YamlDocument, path: tuple[Any, ...]) -> Callable[[int], Location]:
    """Where an offset inside the string at `path` was typed."""
    return lambda offset: document.where_in_text(path, offset)
