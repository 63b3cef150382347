"""Test helper: the W3C Web Annotation test suite's MUST assertions, run on a JSON-LD document.

The suite (vendored in tests/vendor/w3c-web-annotation-tests, see its ORIGIN.md) states each
MUST of the annotation model as a JSON Schema (draft-04) with an `expectedResult`; an assertion
fails when the schema's verdict ("valid"/"invalid") differs from it. Annotations are checked
with annotations/annotationMusts.test, collections with collectionMusts.test and pages with
pageMusts.test. As in JSON-LD, an embedded object without "@context" takes its container's.
Formats follow the model: a "uri" has a scheme and no whitespace (non-ASCII IRIs pass), and a
"date-time" is RFC 3339 with an offset and a real calendar date.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT4

SUITE = Path(__file__).parent / "vendor" / "w3c-web-annotation-tests"
MUSTS = {"annotation": "annotations/annotationMusts.test", "collection": "collections/collectionMusts.test",
         "page": "collections/pages/pageMusts.test"}

FORMATS = FormatChecker(formats=())
URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S*$")
DATE_TIME = re.compile(r"^(\d{4}-\d\d-\d\d)[Tt](\d\d:\d\d:\d\d)(\.\d+)?([Zz]|[+-]\d\d:\d\d)$")


@FORMATS.checks("uri")
def _is_uri(value: object) -> bool:
    return not isinstance(value, str) or bool(URI.match(value))


@FORMATS.checks("date-time", raises=ValueError)
def _is_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    match = DATE_TIME.match(value)
    if not match:
        return False
    zone = "+00:00" if match[4] in "Zz" else match[4]
    datetime.fromisoformat(f"{match[1]}T{match[2]}{zone}")  # ValueError (30 February) means invalid
    return True


def _load(relative: str) -> dict[str, Any]:
    return json.loads((SUITE / relative).read_text(encoding="utf-8"))


@cache
def _validators(test_file: str) -> list[tuple[str, dict[str, Any], Draft4Validator]]:
    # Assertions `$ref` the shared definitions by their draft-04 "id" (e.g. "annotations.json").
    registry: Registry[Any] = Registry().with_resources(
        (schema["id"], DRAFT4.create_resource(schema))
        for schema in (_load(p.relative_to(SUITE).as_posix()) for p in sorted((SUITE / "definitions").glob("*.json"))))
    found = []
    for relative in _load(test_file)["assertions"]:
        schema = _load(relative)
        found.append((relative, schema, Draft4Validator(schema, registry=registry, format_checker=FORMATS)))
    return found


def _inherit(obj: dict[str, Any], context: Any) -> dict[str, Any]:
    return {"@context": context, **obj} if "@context" not in obj and context else obj


def _objects(data: Any, context: Any = None) -> Iterator[tuple[str, dict[str, Any]]]:
    """(kind, object) for each collection, page and annotation in `data` (IRIs are not fetched)."""
    if isinstance(data, list):
        for item in data:
            yield from _objects(item, context)
        return
    if not isinstance(data, dict):
        return
    data = _inherit(data, context)
    kinds = data.get("type", data.get("@type"))
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if "AnnotationCollection" not in kinds and "AnnotationPage" not in kinds:
        yield "annotation", data
        return
    is_collection = "AnnotationCollection" in kinds
    yield ("collection" if is_collection else "page"), data
    for item in data.get("items") or []:
        if isinstance(item, dict):
            yield "annotation", _inherit(item, data.get("@context"))
    page = data.get("first" if is_collection else "next")
    if isinstance(page, dict):
        yield from _objects(page, data.get("@context"))


def failed_musts(document: Any) -> tuple[list[str], int]:
    """Every failed MUST (`<kind> <id>: <assertion>: <message>`), and how many annotations were checked."""
    failures: list[str] = []
    checked = 0
    for kind, obj in _objects(document):
        checked += kind == "annotation"
        label = f"{kind} {obj.get('id', '(no id)')}"
        for relative, schema, validator in _validators(MUSTS[kind]):
            outcome = "valid" if validator.is_valid(obj) else "invalid"
            if outcome != schema.get("expectedResult", "valid"):
                failures.append(f"{label}: {relative}: {schema.get('errorMessage', schema.get('title'))}")
    return failures, checked
