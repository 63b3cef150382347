"""A fast yes/no check of data against the JSON Schema keywords our schemas use.

Importing and running the reference implementation (jsonschema) costs about a tenth of a
second per build, for data that is almost always valid. This check answers "valid?" for the
common case; whenever it says no, or meets a keyword it does not know, the reference
implementation runs and words the errors. It can therefore never hide an error that
jsonschema would report, provided it never says "valid" wrongly: tests/test_fastschema.py
compares both on the real data, the schema-agreement samples and random mutations.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

# Keywords that only annotate; they never make an instance invalid.
_ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "title", "description", "default", "examples",
                          "$comment", "markdownDescription"})
_TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool)
    or (isinstance(v, float) and v.is_integer()),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "null": lambda v: v is None,
}


class Unsupported(Exception):
    """The schema uses a keyword this check does not implement: defer to jsonschema."""


@lru_cache(maxsize=None)
def _pattern(expression: str) -> re.Pattern[str]:
    return re.compile(expression)


def is_valid(schema: dict[str, Any], instance: Any) -> bool | None:
    """True or False when this check can decide; None when jsonschema must."""
    try:
        return _valid(schema, instance, schema)
    except Unsupported:
        return None


def _resolve(reference: str, root: dict[str, Any]) -> dict[str, Any]:
    if not reference.startswith("#/"):
        raise Unsupported(reference)
    node: Any = root
    for part in reference[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def _valid(schema: Any, instance: Any, root: dict[str, Any]) -> bool:
    if schema is True:
        return True
    if schema is False:
        return False
    for keyword, value in schema.items():
        if keyword in _ANNOTATIONS:
            continue
        if keyword == "$ref":
            if not _valid(_resolve(value, root), instance, root):
                return False
        elif keyword == "type":
            names = value if isinstance(value, list) else [value]
            if not any(_TYPES[name](instance) for name in names):
                return False
        elif keyword == "enum":
            if not any(instance == option and type(instance) is type(option) for option in value):
                return False
        elif keyword == "const":
            if not (instance == value and type(instance) is type(value)):
                return False
        elif keyword == "anyOf":
            if not any(_valid(option, instance, root) for option in value):
                return False
        elif keyword in ("properties", "additionalProperties", "required"):
            if isinstance(instance, dict) and not _valid_object(keyword, schema, instance, root):
                return False
        elif keyword == "items":
            if isinstance(instance, list) and not all(_valid(value, item, root) for item in instance):
                return False
        elif keyword in ("minItems", "maxItems"):
            if isinstance(instance, list) and not _within(keyword, len(instance), value):
                return False
        elif keyword in ("minLength", "maxLength"):
            if isinstance(instance, str) and not _within(keyword, len(instance), value):
                return False
        elif keyword == "pattern":
            if isinstance(instance, str) and not _pattern(value).search(instance):
                return False
        elif keyword in ("minimum", "maximum"):
            if _TYPES["number"](instance) and not _within(keyword, instance, value):
                return False
        else:
            raise Unsupported(keyword)
    return True


def _within(keyword: str, measured: float, bound: float) -> bool:
    return measured >= bound if keyword.startswith("min") else measured <= bound


def _valid_object(keyword: str, schema: dict[str, Any], instance: dict[Any, Any], root: dict[str, Any]) -> bool:
    properties = schema.get("properties", {})
    if keyword == "required":
        return all(name in instance for name in schema["required"])
    if keyword == "properties":
        return all(_valid(sub, instance[name], root) for name, sub in properties.items() if name in instance)
    extra = [name for name in instance if name not in properties]
    additional = schema["additionalProperties"]
    if additional is False:
        return not extra
    return all(_valid(additional, instance[name], root) for name in extra)
