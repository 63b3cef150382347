"""Finding glossary terms in the essay: aliases, case, plurals and possessives, whole words only.

One regular expression of every term form, longest first (so "Asian NATO" wins over "NATO"),
bounded so that a match never starts or ends inside a word.
"""
from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from marginalia.loading.model import Term

K = TypeVar("K", bound=Hashable)

# Plural and possessive endings an English noun phrase takes in running text.
_INFLECTION = r"(?:e?s)?(?:['’]s|['’])?"


@dataclass(frozen=True)
class TermHit:
    """One match of a glossary term's name or alias (plural or possessive included) in a text, made by
    `find_terms`; term_uses turns matches in the essays into TermUses, and backlinks.py records matches in
    notes as the term's backlinks."""

    term_id: str
    start: int  # offsets in the text searched
    end: int
    matched: str


@dataclass(frozen=True)
class TermMatcher:
    """The one regular expression of every autolinked term form, made by `term_pattern` and passed to every
    `find_terms` call of one pass over the essays or the notes, so it is not rebuilt for each block or note."""

    pattern: re.Pattern[str]
    forms: dict[str, str]  # casefolded form -> term id


def term_pattern(terms: Sequence[Term]) -> TermMatcher | None:
    forms: dict[str, str] = {}
    for term in terms:
        if not term.autolink:
            continue
        for form in (term.term, *term.aliases):
            key = form.strip().casefold()
            if key and key not in forms:
                forms[key] = term.id
    if not forms:
        return None
    alternatives = sorted(forms, key=len, reverse=True)
    groups = "|".join(re.escape(form) for form in alternatives)
    pattern = re.compile(rf"(?<![\w-])(?:{groups}){_INFLECTION}(?![\w])", re.IGNORECASE)
    return TermMatcher(pattern, forms)


def find_terms(text: str, terms: Sequence[Term], matcher: TermMatcher | None = None) -> list[TermHit]:
    matcher = matcher if matcher is not None else term_pattern(terms)
    if matcher is None:
        return []
    forms = matcher.forms
    hits: list[TermHit] = []
    for match in matcher.pattern.finditer(text):
        matched = match.group(0)
        term_id = _term_for(matched, forms)
        if term_id:
            hits.append(TermHit(term_id, match.start(), match.end(), matched))
    return hits


def _term_for(matched: str, forms: dict[str, str]) -> str | None:
    key = matched.casefold()
    if key in forms:
        return forms[key]
    stripped = re.sub(r"(?:['’]s|['’])$", "", key)
    for candidate in (stripped, stripped[:-1] if stripped.endswith("s") else None,
                      stripped[:-2] if stripped.endswith("es") else None):
        if candidate and candidate in forms:
            return forms[candidate]
    return None


def select_links(hits: Iterable[tuple[int, str, K]], rule: str) -> set[K]:
    """Which hits become links: the first per section, the first overall, all, or none.

    Each hit is (section, term id, key); the keys of the chosen hits are returned, so callers
    identify a hit however suits them (block and offset in the essay, say).
    """
    chosen: set[K] = set()
    seen: set[tuple[int | None, str]] = set()
    for section, term_id, key in hits:
        if rule == "none":
            break
        scope = section if rule == "first-per-section" else None
        if rule != "all" and (scope, term_id) in seen:
            continue
        seen.add((scope, term_id))
        chosen.add(key)
    return chosen
