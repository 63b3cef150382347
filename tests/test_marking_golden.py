"""Golden tests: passage marking across inline markup, overlaps and nesting.

Each case in tests/golden/<name>.yml gives an HTML fragment and notes (quote + optional
prefix/suffix); the expected output is tests/golden/<name>.html. On mismatch the test shows a
unified diff. To accept new output after an intended change: UPDATE_GOLDEN=1 make test.
"""
from __future__ import annotations

import difflib
import os
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from marginalia.anchoring.exact import Selector, anchor_one
from marginalia.rendering.htmlmark import Insertion, Wrap, mark, text_content

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.stem for p in GOLDEN.glob("*.yml"))


def render_case(case: dict) -> str:
    fragment = case["html"]
    text = text_content(fragment)
    wraps, insertions = [], []
    for number, note in enumerate(case["notes"], start=1):
        anchor = anchor_one(text, Selector(note["quote"], note.get("prefix", ""), note.get("suffix", "")))
        assert anchor.ok, f"{note['id']}: {anchor.status}"
        wraps.append(Wrap(anchor.start, anchor.end, f'<span data-note="{note["id"]}">', "</span>", (number,)))
        insertions.append(Insertion(anchor.end, f'<button class="anno-skip">{number}</button>', number))
    return mark(fragment, wraps, insertions)


class _NestingChecker(HTMLParser):
    """Fails on any end tag that does not close the innermost open element."""

    VOID = {"br", "img", "hr", "input", "wbr"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()


def assert_well_formed(fragment: str) -> None:
    checker = _NestingChecker()
    checker.feed(fragment)
    checker.close()
    assert not checker.stack, f"unclosed: {checker.stack}"


@pytest.mark.parametrize("name", CASES)
def test_golden_marking(name: str) -> None:
    case = yaml.safe_load((GOLDEN / f"{name}.yml").read_text(encoding="utf-8"))
    output = render_case(case)
    assert_well_formed(output)
    # Marking never changes the words: only the markers' text is added.
    assert text_content(output) == text_content(case["html"])
    expected_path = GOLDEN / f"{name}.html"
    if os.environ.get("UPDATE_GOLDEN") == "1" or not expected_path.exists():
        expected_path.write_text(output + "\n", encoding="utf-8")
    expected = expected_path.read_text(encoding="utf-8").rstrip("\n")
    if output != expected:
        diff = "\n".join(difflib.unified_diff(expected.split("><"), output.split("><"), "expected", "got", lineterm=""))
        pytest.fail(f"golden mismatch for {name}:\n{diff}")


def test_every_note_passage_is_wrapped_with_its_id() -> None:
    for name in CASES:
        case = yaml.safe_load((GOLDEN / f"{name}.yml").read_text(encoding="utf-8"))
        output = render_case(case)
        for note in case["notes"]:
            assert f'data-note="{note["id"]}"' in output
