"""JSON Schema validation of the editors' files, reported at the line and column of the fault.

The same schema files give editors autocompletion (through the yaml-language-server modeline),
so engine and editor can never disagree about what is valid.
"""
from __future__ import annotations

import difflib
import json
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from marginalia.loading import fastschema
from marginalia.diagnostics import DiagnosticSink
from marginalia.loading.yaml_source import YamlDocument

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

SCHEMA_DIR = Path(__file__).resolve().parents[3] / "schemas"

_FRIENDLY_TYPES = {
    "string": "text", "array": "a list", "object": "a mapping of fields",
    "integer": "a whole number", "boolean": "true or false", "number": "a number",
}


@lru_cache(maxsize=None)
def schema_for(schema_name: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / schema_name).read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def validator_for(schema_name: str) -> Draft202012Validator:
    # Imported here: the reference implementation is only needed when data is invalid.
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema_for(schema_name))


def closest(word: str, candidates: list[str] | tuple[str, ...]) -> str | None:
    matches = difflib.get_close_matches(str(word), [str(c) for c in candidates], n=1, cutoff=0.5)
    return matches[0] if matches else None


def validate_document(document: YamlDocument, schema_name: str, sink: DiagnosticSink) -> bool:
    """Validate one YAML document; returns True when it is valid."""
    if fastschema.is_valid(schema_for(schema_name), document.data) is True:
        return True
    errors = sorted(validator_for(schema_name).iter_errors(document.data), key=lambda e: list(map(str, e.absolute_path)))
    for error in errors:
        _report(document, error, sink)
    return not errors


def _describe_path(path: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for key in path:
        parts.append(f"[{key}]" if isinstance(key, int) else (f".{key}" if parts else str(key)))
    return "".join(parts) or "the file"


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
        allowed = [str(v) for v in error.validator_value]
        suggestion = closest(str(error.instance), allowed)
        sink.error(where, f"{field_name}: '{error.instance}' is not an allowed value",
                   f"did you mean '{suggestion}'?" if suggestion else "",
                   f"allowed values: {', '.join(allowed)}")
        return
    if error.validator == "type":
        expected = error.validator_value
        expected_text = " or ".join(_FRIENDLY_TYPES.get(t, t) for t in (expected if isinstance(expected, list) else [expected]))
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
    if error.validator == "maxLength":
        # Bodies are Markdown, whose inline parsing slows down sharply on very long paragraphs.
        sink.error(where, f"{field_name} is too long: {len(error.instance)} characters, at most "
                          f"{error.validator_value} are allowed", "hint: shorten it, or move the detail to a source")
        return
    if error.validator in ("minLength", "minItems"):
        if error.validator == "minLength" and error.validator_value > 1 and error.instance:
            sink.error(where, f"{field_name} is too short: at least {error.validator_value} characters are needed")
            return
        sink.error(where, f"{field_name} must not be empty")
        return
    sink.error(where, f"{field_name}: {error.message}")
