"""The one way selectors are written as YAML for editors: drift proposals, orphan and ambiguity
suggestions, note stubs and imported notes.

Every value is a double-quoted YAML scalar, so whatever the text holds (quotes, backslashes,
": ", " #", leading spaces, typographic quotes and dashes) pasting the line as shown into a notes
file gives back exactly that string. Characters an editor cannot see on the page (no-break and
zero-width spaces, direction marks, control characters) are written as escapes, so a difference
that is invisible on the page is visible in the hint.
"""
from __future__ import annotations

import unicodedata

from marginalia.anchoring.exact import Selector

_NAMED = {"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r", "\0": "\\0"}
# Categories written as escapes: controls, format characters (zero-width, BOM, direction marks),
# separators other than the plain space, surrogates, private-use and unassigned code points.
_ESCAPED_CATEGORIES = frozenset(("Cc", "Cf", "Zs", "Zl", "Zp", "Cs", "Co", "Cn"))


def _escape(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    if char == " " or unicodedata.category(char) not in _ESCAPED_CATEGORIES and char not in "\ufffe\uffff":
        return char
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def yaml_string(value: str) -> str:
    """`value` as a double-quoted YAML scalar that parses back to exactly `value`."""
    return '"' + "".join(_escape(char) for char in value) + '"'


def selector_lines(selector: Selector, indent: str = "") -> list[str]:
    """The selector's YAML lines (`quote:`, then `prefix:`/`suffix:` only when not empty)."""
    lines = [f"{indent}quote: {yaml_string(selector.exact)}"]
    if selector.prefix:
        lines.append(f"{indent}prefix: {yaml_string(selector.prefix)}")
    if selector.suffix:
        lines.append(f"{indent}suffix: {yaml_string(selector.suffix)}")
    return lines
