"""One selector algorithm in two languages: the engine's shortest_unique_context and the page's
shortestUniqueContext (docs/assets/suggest.js) must give the same selector for every case in
tests/vectors/selectors.json, and that selector must anchor exactly the selected range."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from marginalia.anchoring.context import shortest_unique_context
from marginalia.anchoring.exact import Selector, anchor_one

VECTORS = Path(__file__).parent / "vectors"
CASES = json.loads((VECTORS / "selectors.json").read_text(encoding="utf-8"))


def _cases() -> list[tuple[str, str, int, int, dict[str, str]]]:
    return [(c["name"], CASES["texts"][c["text"]], c["start"], c["end"], c["expected"]) for c in CASES["cases"]]


@pytest.mark.parametrize("name,text,start,end,expected", _cases(), ids=[c["name"] for c in CASES["cases"]])
def test_engine_computes_the_vector(name: str, text: str, start: int, end: int, expected: dict[str, str]) -> None:
    selector = shortest_unique_context(text, start, end)
    assert selector == Selector(**expected)
    anchor = anchor_one(text, selector)
    assert (anchor.status, anchor.start, anchor.end) == ("ok", start, end)


def test_the_vectors_cover_what_the_page_meets() -> None:
    expected = [c["expected"] for c in CASES["cases"]]
    assert any(e["prefix"] and e["suffix"] for e in expected), "a case needing both prefix and suffix"
    assert any("\n" in e["prefix"] + e["suffix"] for e in expected), "a case whose context crosses a paragraph"
    assert any(ch in "’“”–—" for e in expected for ch in e["exact"]), "typographic characters"
    assert len(CASES["cases"]) >= 15


def _node() -> str | None:
    return os.environ.get("NODE") or shutil.which("node") or shutil.which("nodejs")


def test_page_script_computes_every_vector() -> None:
    node = _node()
    if node is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Node.js is needed for the JavaScript half of the selector vectors")
        pytest.skip("no Node.js (install nodejs)")
    result = subprocess.run([node, str(VECTORS / "check_selectors.js")], capture_output=True, text=True,
                            timeout=60, encoding="utf-8")
    assert result.returncode == 0, result.stderr
    got = [json.loads(line) for line in result.stdout.splitlines()]
    assert [g["name"] for g in got] == [c["name"] for c in CASES["cases"]]
    mismatches = [f'{c["name"]}: engine {c["expected"]}, page {g["got"]}'
                  for c, g in zip(CASES["cases"], got, strict=True) if g["got"] != c["expected"]]
    assert not mismatches, "\n".join(mismatches)
