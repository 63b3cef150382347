"""Golden tests: passage marking across inline markup, overlaps and nesting.

Each case in tests/golden/<name>.yml gives an HTML fragment and notes (quote + optional
prefix/suffix); the expected output is tests/golden/<name>.html. On mismatch the test shows a
unified diff; a missing golden fails. To accept new output after an intended change:
UPDATE_GOLDEN=1 make test.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from htmlcheck import assert_golden, wellformed_errors
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


@pytest.mark.parametrize("name", CASES)
def test_golden_marking(name: str) -> None:
    case = yaml.safe_load((GOLDEN / f"{name}.yml").read_text(encoding="utf-8"))
    output = render_case(case)
    assert wellformed_errors(output) == []
    # Marking never changes the words: only the markers' text is added.
    assert text_content(output) == text_content(case["html"])
    assert_golden(GOLDEN / f"{name}.html", output + "\n", split="><")


def test_every_note_passage_is_wrapped_with_its_id() -> None:
    for name in CASES:
        case = yaml.safe_load((GOLDEN / f"{name}.yml").read_text(encoding="utf-8"))
        output = render_case(case)
        for note in case["notes"]:
            assert f'data-note="{note["id"]}"' in output
