"""The JSON Schemas (what editors' VS Code checks) and the engine (what the build checks) agree.

The schemas are read straight from schemas/ with jsonschema's Draft 2020-12 validator, and YAML
is read the way yaml-language-server reads it (YAML 1.2: `2025-09-03` is text, `yes` is text),
so these tests see what an editor sees, independently of the engine's own loading code.
"""
from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator
from minidata import DEFAULT_EMENDATIONS, DEFAULT_GLOSSARY, DEFAULT_SOURCES, DEFAULT_TEXT, write_project
from project import FIXTURES, ROOT

from marginalia import DataError
from marginalia.edition.build import build_edition

SCHEMAS = ROOT / "schemas"
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)\s*$")


class Yaml12Loader(yaml.SafeLoader):
    """PyYAML's safe loader without the YAML 1.1 readings that YAML 1.2 editors do not make."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                   list("tTfF"))


def editor_view(text: str) -> object:
    return yaml.load(text, Loader=Yaml12Loader)


def schema_errors(kind: str, text: str) -> list[str]:
    schema = json.loads((SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))
    return [error.message for error in Draft202012Validator(schema).iter_errors(editor_view(text))]


def kind_of(relative: Path) -> str:
    """Which schema governs a file under annotations/, by its place in the layout (FORMAT.md)."""
    parts = relative.parts
    if parts[:2] == ("annotations", "glossary.yml"):
        return "glossary"
    if parts[1:] == ("sources", "policy.yml"):
        return "policy"
    if parts[1] == "sources":
        return "sources"
    if len(parts) == 3 and parts[2] in ("text.yml", "emendations.yml"):
        return parts[2].removesuffix(".yml")
    if len(parts) == 4 and parts[2] == "notes":
        return "notes"
    raise AssertionError(f"{relative} is not a file kind the engine reads")


def data_files(base: Path) -> list[Path]:
    return sorted(path.relative_to(base) for path in (base / "annotations").rglob("*.yml"))


def test_the_schemas_are_valid_draft_2020_12() -> None:
    for path in sorted(SCHEMAS.glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema", path.name


def test_real_data_is_valid_for_the_schemas_and_for_the_engine() -> None:
    files = data_files(ROOT)
    kinds = {kind_of(path) for path in files}
    assert kinds == {"glossary", "sources", "text", "emendations", "notes", "policy"}
    for path in files:
        errors = schema_errors(kind_of(path), (ROOT / path).read_text(encoding="utf-8"))
        assert errors == [], f"{path}: {errors[:3]}"
    edition = build_edition(ROOT, ROOT / "docs")  # raises DataError, with every located problem, if not
    assert sum(len(notes) for notes in edition.placed.values()) >= 8


@pytest.mark.parametrize("base", [ROOT, FIXTURES / "second-text"], ids=["real-data", "second-text-fixture"])
def test_every_data_file_names_its_schema_in_a_modeline(base: Path) -> None:
    """VS Code validates a file only if its first line points at the right schema, relative to the file."""
    for path in data_files(base):
        first_line = (base / path).read_text(encoding="utf-8").split("\n", 1)[0]
        match = MODELINE.match(first_line)
        assert match, f"{path}: first line is not a yaml-language-server modeline: {first_line!r}"
        # Fixture files are checked where they land when copied into a project.
        resolved = ((ROOT / path).parent / match.group(1)).resolve()
        assert resolved == (SCHEMAS / f"{kind_of(path)}.schema.json").resolve(), \
            f"{path}: modeline points at {match.group(1)}, which resolves to {resolved}"


# Valid files of each kind, written for the tiny project of tests/minidata.py.
VALID = {
    "notes": """\
        notes:
          - id: choice
            quote: "Korea’s choice is hard"
            kind: context
            title: A hard choice
            body: Text.
            date: "2025-09"
            sources: [src-one]
        """,
    "sources": DEFAULT_SOURCES,
    "glossary": DEFAULT_GLOSSARY,
    "emendations": DEFAULT_EMENDATIONS,
    "text": DEFAULT_TEXT,
}
FILES = {
    "notes": "annotations/short-essay/notes/notes.yml",
    "sources": "annotations/sources/sources.yml",
    "glossary": "annotations/glossary.yml",
    "emendations": "annotations/short-essay/emendations.yml",
    "text": "annotations/short-essay/text.yml",
}


def write_with(tmp_path: Path, kind: str, text: str) -> Path:
    """The tiny project with the file of `kind` replaced by `text`."""
    root = write_project(tmp_path, VALID["notes"])
    (root / FILES[kind]).write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.mark.parametrize("kind", sorted(VALID))
def test_valid_samples_pass_both(tmp_path: Path, kind: str) -> None:
    assert schema_errors(kind, textwrap.dedent(VALID[kind])) == []
    build_edition(write_with(tmp_path, kind, VALID[kind]))


def test_unquoted_dates_pass_both(tmp_path: Path) -> None:
    """Editors write dates unquoted; YAML 1.2 reads them as text and the engine accepts them too."""
    text = VALID["notes"].replace('date: "2025-09"', "date: 2025-09-03")
    assert schema_errors("notes", textwrap.dedent(text)) == []
    edition = build_edition(write_with(tmp_path, "notes", text))
    assert edition.placed["short-essay"][0].note.date == "2025-09-03"


# kind, name, the invalid file, the text where the engine must point (the bad value, the misspelt key,
# or the entry that lacks a field), and what the message must say.
INVALID = [
    ("notes", "unknown-field", """\
        notes:
          - id: choice
            quote: "Korea’s choice is hard"
            kind: context
            titel: A hard choice
            body: Text.
            sources: [src-one]
        """, "titel", "unknown field 'titel'"),
    ("notes", "kind-not-allowed", """\
        notes:
          - {id: choice, quote: "Korea’s choice is hard", kind: factcheck, title: T, body: B, sources: [src-one]}
        """, "factcheck", "'factcheck' is not an allowed value"),
    ("notes", "id-not-a-slug", """\
        notes:
          - id: Choice_1
            quote: "Korea’s choice is hard"
            kind: context
            title: T
            body: B
            sources: [src-one]
        """, "Choice_1", "is not a lowercase slug"),
    ("notes", "no-sources", """\
        notes:
          - id: choice
            quote: "Korea’s choice is hard"
            kind: context
            title: T
            body: B
            sources: []
        """, "[]", "sources must not be empty"),
    ("notes", "date-not-iso", """\
        notes:
          - id: choice
            quote: "Korea’s choice is hard"
            kind: event
            title: T
            body: B
            date: "3 September 2025"
            sources: [src-one]
        """, "\"3 September 2025\"", "is not a date written YYYY, YYYY-MM or YYYY-MM-DD"),
    ("notes", "missing-body", """\
        notes:
          - id: choice
            quote: "Korea’s choice is hard"
            kind: context
            title: T
            sources: [src-one]
        """, "id: choice", "missing required field 'body'"),
    ("notes", "body-is-a-list", """\
        notes:
          - id: choice
            quote: "Korea’s choice is hard"
            kind: context
            title: T
            body: [one, two]
            sources: [src-one]
        """, "[one, two]", "body must be text"),
    ("sources", "url-not-http", """\
        sources:
          - {id: src-one, title: One, publisher: Pub, date: "2025-01-02", url: "example.org/one"}
        """, "\"example.org/one\"", "is not an http(s) URL"),
    ("sources", "date-with-slashes", """\
        sources:
          - id: src-one
            title: One
            publisher: Pub
            date: "2025/01/02"
            url: https://example.org/one
        """, "\"2025/01/02\"", "is not a date written YYYY, YYYY-MM or YYYY-MM-DD"),
    ("sources", "missing-publisher", """\
        sources:
          - id: src-one
            title: One
            url: https://example.org/one
        """, "id: src-one", "missing required field 'publisher'"),
    ("sources", "misspelt-author", """\
        sources:
          - id: src-one
            auhtor: Kim Arin
            title: One
            publisher: Pub
            url: https://example.org/one
        """, "auhtor", "did you mean 'author'?"),
    ("glossary", "sources-not-a-list", """\
        terms:
          - id: asian-nato
            term: Asian NATO
            short: A term.
            definition: A definition.
            sources: src-two
        """, "src-two\n", "must be a list"),
    ("glossary", "native-without-lang", """\
        terms:
          - id: asian-nato
            term: Asian NATO
            native: [{text: 아시아판 나토}]
            short: A term.
            definition: A definition.
            sources: [src-two]
        """, "{text: 아시아판 나토}", "missing required field 'lang'"),
    ("glossary", "autolink-not-boolean", """\
        terms:
          - id: asian-nato
            term: Asian NATO
            short: A term.
            definition: A definition.
            sources: [src-two]
            autolink: "sometimes"
        """, "\"sometimes\"", "must be true or false"),
    ("emendations", "empty-original", """\
        emendations:
          - {id: e1, prefix: "administration", original: "", suffix: "aptly", reading: "—", reason: An aside.}
        """, "\"\", suffix", "original must not be empty"),
    ("emendations", "missing-reason", """\
        emendations:
          - id: e1
            prefix: "administration"
            original: "?"
            suffix: "aptly"
            reading: "—"
        """, "id: e1", "missing required field 'reason'"),
    ("text", "date-in-words", """\
        title: A Short Essay
        author: Kim Min-ji
        publisher: Fixtures
        date: "June 2026"
        language: en
        """, "\"June 2026\"", "is not a date written YYYY, YYYY-MM or YYYY-MM-DD"),
    ("text", "autolink-not-allowed", """\
        title: A Short Essay
        author: Kim Min-ji
        publisher: Fixtures
        date: "2026"
        language: en
        autolink: sometimes
        """, "sometimes\n", "'sometimes' is not an allowed value"),
    ("text", "misspelt-field", """\
        title: A Short Essay
        author: Kim Min-ji
        publisher: Fixtures
        date: "2026"
        language: en
        byline_line: 2
        """, "byline_line:", "did you mean 'byline_lines'?"),
]


def position(text: str, needle: str) -> str:
    """line:col (1-based) of the first occurrence of `needle` in `text`."""
    offset = text.index(needle)
    before = text[:offset]
    return f"{before.count(chr(10)) + 1}:{offset - (before.rfind(chr(10)) + 1) + 1}"


@pytest.mark.parametrize(("kind", "text", "needle", "message"), [case[0:1] + case[2:] for case in INVALID],
                         ids=[f"{case[0]}-{case[1]}" for case in INVALID])
def test_invalid_samples_fail_both_and_the_engine_points_at_the_value(
        tmp_path: Path, kind: str, text: str, needle: str, message: str) -> None:
    text = textwrap.dedent(text)
    assert schema_errors(kind, text), "the schema accepts what it should reject"
    with pytest.raises(DataError) as caught:
        build_edition(write_with(tmp_path, kind, text))
    where = f"{FILES[kind]}:{position(text, needle)}"
    located = [d.format() for d in caught.value.diagnostics if str(d.location) == where]
    assert located, f"no error at {where} ({needle!r}):\n{caught.value.report()}"
    assert any(message in line for line in located), "\n".join(located)
