"""JSON Schema validation of the editors' files, reported at the line and column of the fault.

The same schema files give editors autocompletion (through the yaml-language-server modeline),
so engine and editor can never disagree about what is valid.
"""
from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import fastjsonschema

from marginalia.diagnostics import DiagnosticSink
from marginalia.loading.yaml_source import YamlDocument

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

# The engine's copy; a project that has its own schemas/ folder (the one its modelines name) uses that.
SCHEMA_DIR = Path(__file__).resolve().parents[3] / "schemas"

_FRIENDLY_TYPES = {
    "string": "text", "array": "a list", "object": "a mapping of fields",
    "integer": "a whole number", "boolean": "true or false", "number": "a number",
}
_PARTIAL_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def is_calendar_date(value: object) -> bool:
    """The schemas' "partial-date" format: YYYY, YYYY-MM or YYYY-MM-DD naming a day that exists.

    Only the calendar is checked here; the written form is the schema pattern's job.
    """
    match = _PARTIAL_DATE.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return True
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        _dt.date(year or 1, month or 1, day or 1)
    except ValueError:
        return False
    return True


def _calendar_problem(value: str) -> str:
    match = _PARTIAL_DATE.fullmatch(value)
    if match and match.group(3) and 1 <= int(match.group(2)) <= 12:
        year, month = int(match.group(1)), int(match.group(2))
        following = _dt.date(year + month // 12, month % 12 + 1, 1)
        days = (following - _dt.timedelta(days=1)).day
        return f"{_MONTHS[month - 1]} {year} has {days} days"
    return "write YYYY, YYYY-MM or YYYY-MM-DD"


@dataclass
class Schemas:
    """The schemas of one build, read from disk when first needed: an edited schema counts at the
    next build, and nothing outlives the build (mkdocs serve rebuilds in one process).

    Validity is decided by fastjsonschema's compiled validators (about 3x faster on a cold build
    than importing and running jsonschema); jsonschema, the reference implementation, words the
    errors of data that fails.
    """

    directory: Path = SCHEMA_DIR
    _raw: dict[str, dict[str, Any]] = field(default_factory=dict)
    _fast: dict[str, Any] = field(default_factory=dict)
    _reference: dict[str, Draft202012Validator] = field(default_factory=dict)

    @classmethod
    def for_project(cls, root: Path) -> Schemas:
        own = root / "schemas"
        return cls(own if own.is_dir() else SCHEMA_DIR)

    def schema(self, name: str) -> dict[str, Any]:
        if name not in self._raw:
            path = self.directory / name
            if not path.is_file():  # a project's schemas/ may hold only the schemas it changes
                path = SCHEMA_DIR / name
            self._raw[name] = json.loads(path.read_text(encoding="utf-8"))
        return self._raw[name]

    def is_valid(self, name: str, instance: Any) -> bool:
        if name not in self._fast:
            # Without detailed exceptions the generated code carries no copy of each rule for its
            # message (which jsonschema words anyway): the compile, paid on every build, halves.
            self._fast[name] = fastjsonschema.compile(self.schema(name), formats={"partial-date": is_calendar_date},
                                                      detailed_exceptions=False)
        try:
            self._fast[name](instance)
        except fastjsonschema.JsonSchemaValueException:
            return False
        return True

    def errors(self, name: str, instance: Any) -> list[ValidationError]:
        if name not in self._reference:
            # Imported here: importing jsonschema costs about 0.1 s, and only invalid data needs it.
            from jsonschema import Draft202012Validator, FormatChecker

            checker = FormatChecker(formats=())
            checker.checks("partial-date")(is_calendar_date)
            self._reference[name] = Draft202012Validator(self.schema(name), format_checker=checker)
        return sorted(self._reference[name].iter_errors(instance), key=lambda e: list(map(str, e.absolute_path)))


def closest(word: str, candidates: list[str] | tuple[str, ...]) -> str | None:
    import difflib  # only invalid data needs a "did you mean"

    matches = difflib.get_close_matches(str(word), [str(c) for c in candidates], n=1, cutoff=0.5)
    return matches[0] if matches else None


def validate_document(document: YamlDocument, schema_name: str, schemas: Schemas, sink: DiagnosticSink) -> bool:
    """Validate one YAML document; returns True when it is valid."""
    if schemas.is_valid(schema_name, document.data):
        return True
    errors = schemas.errors(schema_name, document.data)
    for error in errors:
        _report(document, error, sink)
    return not errors


def _describe_path(path: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for key in path:
        parts.append(f"[{key}]" if isinstance(key, int) else (f".{key}" if parts else str(key)))
    return "".join(parts) or "the file"


def _value(error: ValidationError) -> Any:
    """The keyword's value in the schema (typed as possibly unset by the stubs; always set on a real error)."""
    return error.validator_value


def _report(document: YamlDocument, error: ValidationError, sink: DiagnosticSink) -> None:
    path = tuple(error.absolute_path)
    where = document.where(path)
    field_name = _describe_path(path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = sorted(schema.get("properties", {}))
        for key in error.instance:
            if key in allowed:
                continue
            suggestion = closest(key, allowed)
            sink.error(
                document.where_key((*path, key)),
                f"unknown field '{key}' in {field_name}",
                f"did you mean '{suggestion}'?" if suggestion else "",
                f"allowed fields: {', '.join(allowed)}",
            )
        return
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        sink.error(where, f"missing required field '{missing}' in {field_name}",
                   f"required fields: {', '.join(schema.get('required', []))}")
        return
    if error.validator == "enum":
        allowed = [str(v) for v in _value(error)]
        suggestion = closest(str(error.instance), allowed)
        sink.error(where, f"{field_name}: '{error.instance}' is not an allowed value",
                   f"did you mean '{suggestion}'?" if suggestion else "",
                   f"allowed values: {', '.join(allowed)}")
        return
    if error.validator == "type":
        expected = error.validator_value
        names = expected if isinstance(expected, list) else [expected]
        expected_text = " or ".join(_FRIENDLY_TYPES.get(str(name), str(name)) for name in names)
        got = type(error.instance).__name__
        got = {"str": "text", "list": "a list", "dict": "a mapping", "NoneType": "nothing",
               "int": "a number", "float": "a number", "bool": "true/false"}.get(got, got)
        hint = ""
        if expected == "array" and isinstance(error.instance, str):
            hint = f"hint: write a list, e.g. [{error.instance}]"
        if expected == "string" and error.instance is None:
            hint = "hint: the value is empty; write text after the colon"
        sink.error(where, f"{field_name} must be {expected_text}, got {got}", hint)
        return
    if error.validator == "pattern":
        description = "a lowercase slug of letters, digits and single hyphens (e.g. kim-il-sung-1954)" \
            if "a-z0-9" in str(error.validator_value) else f"text matching {error.validator_value}"
        if "[0-9]{4}" in str(error.validator_value):
            description = "a date written YYYY, YYYY-MM or YYYY-MM-DD"
        if "https?" in str(error.validator_value):
            description = "an http(s) URL"
        if str(error.validator_value) == "^[^<>]*$":
            description = "text without < or > (the theme would show them as HTML)"
        sink.error(where, f"{field_name}: {error.instance!r} is not {description}")
        return
    if error.validator == "format" and error.validator_value == "partial-date":
        problem = _calendar_problem(str(error.instance))
        sink.error(where, f"{field_name}: {error.instance!r} is not a real calendar date ({problem})")
        return
    if error.validator == "maxLength":
        # Bodies are Markdown, whose inline parsing slows down sharply on very long paragraphs.
        sink.error(where, f"{field_name} is too long: {len(str(error.instance))} characters, at most "
                          f"{_value(error)} are allowed", "hint: shorten it, or move the detail to a source")
        return
    if error.validator in ("minLength", "minItems"):
        if error.validator == "minLength" and _value(error) > 1 and error.instance:
            sink.error(where, f"{field_name} is too short: at least {error.validator_value} characters are needed")
            return
        sink.error(where, f"{field_name} must not be empty")
        return
    sink.error(where, f"{field_name}: {error.message}")
