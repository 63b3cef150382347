"""The margin layout of docs/assets/edition.js (`arrange`: place and fold) as a pure function, run
by Node.js on crafted inputs: no browser, no DOM.

Node loads the shipped file itself (it exports `arrange` to Node and stops before touching the
browser), so these tests check the code readers run. Without Node the tests skip, except under
CI=true (.ci/run installs Debian's nodejs).
"""
from __future__ import annotations

import itertools
import json
import os
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

EDITION_JS = Path(__file__).resolve().parents[2] / "docs" / "assets" / "edition.js"
GAP = 6
LINE = 24
LIFT, BUDGET = 1 * LINE, 3 * LINE  # what the reader uses: a line up, three lines down
RUNNER = """
const {arrange, GAP} = require(process.argv[1]);
let input = "";
process.stdin.on("data", d => input += d).on("end", () => {
  const cases = JSON.parse(input);
  process.stdout.write(JSON.stringify({GAP, results: cases.map(c => {
    const before = JSON.stringify(c.notes);
    const out = arrange(c.notes, c.lift, c.budget);
    return {out, unchanged: JSON.stringify(c.notes) === before};
  })}));
});
"""


def node() -> str:
    found = shutil.which("node") or shutil.which("nodejs")
    if not found:
        message = "Node.js is not installed (install Debian's nodejs)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; CI must run the layout tests", pytrace=False)
        pytest.skip(message)
    return found


def arrange_all(cases: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Run edition.js's arrange() on every case in one Node process."""
    result = subprocess.run([node(), "-e", RUNNER, str(EDITION_JS)], input=json.dumps(cases),
                            capture_output=True, text=True, timeout=60, check=True)
    answer = json.loads(result.stdout)
    assert answer["GAP"] == GAP
    assert all(r["unchanged"] for r in answer["results"]), "arrange() must not change its input"
    return [r["out"] for r in answer["results"]]


def arrange(notes: list[dict[str, Any]], lift: float = LIFT, budget: float = BUDGET) -> list[dict[str, Any]]:
    return arrange_all([{"notes": notes, "lift": lift, "budget": budget}])[0]


def note(passage: float, full: float, folded: float = 20, choice: str = "") -> dict[str, Any]:
    return {"passage": passage, "hFull": full, "hFolded": folded, "choice": choice}


def test_a_note_with_room_sits_at_its_passage():
    out = arrange([note(100, 80), note(400, 80)])
    assert [o["top"] for o in out] == [100, 400]
    assert [o["folded"] for o in out] == [False, False]


def test_a_note_that_would_overlap_is_pushed_down_by_the_minimum():
    out = arrange([note(0, 50), note(30, 50)])
    assert out[0]["top"] == 0
    assert out[1]["top"] == 0 + 50 + GAP, "just below the note above, with the gap, no further"


def test_the_first_note_of_a_crowded_run_rises_by_at_most_the_lift():
    out = arrange([note(100, 50), note(120, 50)])
    assert out[0]["top"] == 100 - LIFT, "the first note rises to make room"
    assert out[1]["top"] == out[0]["top"] + 50 + GAP
    assert arrange([note(10, 50), note(20, 50)])[0]["top"] == 0, "never above the top of the essay"


def test_crowded_notes_are_folded_until_every_note_is_near_its_passage():
    out = arrange([note(0, 100), note(30, 100), note(60, 100)])
    # Unfolded, the third note would sit 152 px below its passage; folding the first is enough.
    assert [o["folded"] for o in out] == [True, False, False]
    assert [o["height"] for o in out] == [20, 100, 100]
    assert max(o["top"] - n for o, n in zip(out, (0, 30, 60), strict=True)) <= BUDGET


def test_the_tallest_note_of_the_run_is_folded_first():
    out = arrange([note(0, 60), note(10, 200), note(20, 60)])
    assert [o["folded"] for o in out] == [False, True, False]


def test_the_readers_choice_wins_over_folding():
    opened = arrange([note(0, 100, choice="open"), note(30, 100), note(60, 100)])
    assert not opened[0]["folded"], "a note the reader opened stays open"
    assert opened[1]["folded"], "another note is folded instead"
    closed = arrange([note(0, 50), note(500, 50, choice="closed")])
    assert closed[1]["folded"], "a note the reader folded stays folded, crowded or not"


def test_notes_are_laid_out_in_passage_order_whatever_their_document_order():
    out = arrange([note(300, 50), note(0, 50), note(310, 50)])
    assert out[1]["top"] == 0
    assert out[0]["top"] < out[2]["top"], "equal or close passages keep their document order"


def test_random_margins_never_overlap_and_no_note_rises_above_its_passage_by_more_than_the_lift():
    rng = random.Random(15)
    cases = []
    for _ in range(300):
        passages = sorted(rng.uniform(0, 3000) for _ in range(rng.randint(1, 25)))
        notes = [note(p, rng.uniform(30, 400), rng.uniform(18, 40),
                      rng.choice(["", "", "", "open", "closed"])) for p in passages]
        rng.shuffle(notes)
        cases.append({"notes": notes, "lift": LIFT, "budget": BUDGET})
    for case, out in zip(cases, arrange_all(cases), strict=True):
        notes = case["notes"]
        placed = sorted(zip(notes, out, strict=True), key=lambda pair: pair[1]["top"])
        for (n, o) in placed:
            assert o["top"] >= -1e-6, "never above the top of the essay (the reader rounds to whole px)"
            assert o["top"] >= n["passage"] - LIFT - 1e-6, "no note starts more than a line above its passage"
            assert o["height"] == (n["hFolded"] if o["folded"] else n["hFull"])
            if n["choice"] == "open":
                assert not o["folded"]
            if n["choice"] == "closed":
                assert o["folded"]
        for (_, above), (_, below) in itertools.pairwise(placed):
            assert below["top"] >= above["top"] + above["height"] + GAP - 1e-6, "notes never overlap"
