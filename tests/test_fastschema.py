"""The fast validity check never disagrees with the reference JSON Schema implementation.

fastschema may answer "valid" only when jsonschema would; it may defer (None) at any time.
Checked on every real data file, on every schema with hand-made bad values, and on random
mutations of real entries.
"""
from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from marginalia.loading import fastschema
from marginalia.loading.schema import schema_for
from project import ROOT

SCHEMA_OF = {"notes": "notes.schema.json", "sources": "sources.schema.json", "terms": "glossary.schema.json",
             "emendations": "emendations.schema.json"}


def data_files() -> list[tuple[Path, str]]:
    found = []
    for path in sorted((ROOT / "annotations").rglob("*.yml")):
        if path.name == "text.yml":
            found.append((path, "text.schema.json"))
            continue
        if path.name == "policy.yml":
            found.append((path, "policy.schema.json"))
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        key = next(iter(data))
        found.append((path, SCHEMA_OF[key]))
    return found


def agree(schema_name: str, instance: object) -> None:
    schema = schema_for(schema_name)
    fast = fastschema.is_valid(schema, instance)
    reference = Draft202012Validator(schema).is_valid(instance)
    assert fast in (None, reference), f"fastschema says {fast}, jsonschema says {reference}: {instance!r:.300}"


@pytest.mark.parametrize("path, schema_name", data_files(), ids=lambda v: v.name if isinstance(v, Path) else v)
def test_real_data_is_valid_for_both(path: Path, schema_name: str) -> None:
    instance = yaml.safe_load(path.read_text(encoding="utf-8"))
    instance = _dates_as_text(instance)
    assert fastschema.is_valid(schema_for(schema_name), instance) is True
    agree(schema_name, instance)


def _dates_as_text(value):
    import datetime as dt

    if isinstance(value, dict):
        return {k: _dates_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


NOTE = {"id": "a-note", "quote": "the quote", "kind": "event", "title": "T", "body": "B", "sources": ["s-1"]}


@pytest.mark.parametrize("mutation", [
    {"id": "Not A Slug"}, {"id": 7}, {"kind": "factcheck"}, {"kind": None}, {"sources": []}, {"sources": "s-1"},
    {"sources": ["Bad Id"]}, {"quote": "x"}, {"quote": ""}, {"date": "2025-13-01"}, {"date": 2025},
    {"date": "2025-02"}, {"title": "x" * 121}, {"body": "b" * 3001}, {"qoute": "typo"}, {"sources": [True]},
    {"created": "1999"}, {"creator": ""}, {"kind": True},
])
def test_bad_notes_are_judged_alike(mutation: dict) -> None:
    note = {**NOTE, **mutation}
    agree("notes.schema.json", {"notes": [note]})


@pytest.mark.parametrize("instance", [None, [], "notes", {"notes": None}, {"notes": [None]}, {"notes": [[]]},
                                      {"notes": [NOTE], "extra": 1}, {}])
def test_malformed_files_are_judged_alike(instance: object) -> None:
    agree("notes.schema.json", instance)


scalars = st.one_of(st.none(), st.booleans(), st.integers(-3, 3000), st.floats(allow_nan=False),
                    st.text(max_size=12), st.sampled_from(["", "a", "a-b", "2025-01-02", "event", "https://x.org",
                                                           "<b>", "ko", "Hangul"]))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    st.sampled_from(["id", "term", "text", "lang", "x"]), inner, max_size=3), max_leaves=6)


def real_entries() -> list[tuple[str, str, dict]]:
    entries = []
    for path, schema_name in data_files():
        data = _dates_as_text(yaml.safe_load(path.read_text(encoding="utf-8")))
        if schema_name == "text.schema.json":
            entries.append((schema_name, "", data))
            continue
        key = next(iter(data))
        entries += [(schema_name, key, entry) for entry in data[key][:5]]
    return entries


ENTRIES = real_entries()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(choice=st.integers(0, len(ENTRIES) - 1), field=st.text(min_size=1, max_size=12) | st.sampled_from(
    ["id", "quote", "kind", "sources", "date", "native", "aliases", "url", "title", "reading", "autolink"]),
    value=values, drop=st.booleans())
def test_random_mutations_of_real_entries_are_judged_alike(choice: int, field: str, value, drop: bool) -> None:
    schema_name, key, entry = ENTRIES[choice]
    mutated = copy.deepcopy(entry)
    if drop and field in mutated:
        del mutated[field]
    else:
        mutated[field] = value
    agree(schema_name, {key: [mutated]} if key else mutated)
