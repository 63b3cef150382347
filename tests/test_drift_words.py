"""A drifted note's new passage, and the `quote:` proposed for it, are made of whole words.

The approximate search puts a passage's edges where the edit count is lowest, often inside a word:
after the essay changed "ceremony" to "ceremonies", the note quoting "…founding ceremony" was
re-anchored to "…founding ceremoni" and the warning proposed pasting that. Edges inside a word now
move to the nearest word boundary (outward or inward, whichever is closer to the quote; on a tie
the whole word), within the error budget and the paragraph (hooks/marginalia/anchoring/words.py).
An exact quote is never touched, even when it cuts a word on purpose.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from htmlcheck import FIXTURE_TEXT_ID as TEXT_ID
from project import FIXTURES

from marginalia.anchoring import fuzzy
from marginalia.anchoring.edit_distance import edit_distance
from marginalia.anchoring.exact import Selector
from marginalia.anchoring.locate import locate
from marginalia.anchoring.words import inside_word, snap_to_words
from marginalia.edition.build import build_edition

STRESS = (FIXTURES / "adversarial" / "seeds" / f"{TEXT_ID}.txt").read_text(encoding="utf-8")
KIM_1954 = "attended China’s fifth anniversary founding ceremony"  # a note's quote in the fixture
GUARDS = "The border opened at dusk and the guards waved the traders through."
KOREAN = "서울은 대한민국의 수도이고 부산은 대한민국의 항구도시이다.\n다음 문단이다."


def drifted_to(text: str, selector: Selector) -> str:
    """The passage a selector that no longer anchors exactly is re-anchored to."""
    found = locate(text, selector)
    assert found.exact.status == "not-found" and found.status == "drifted", found
    return text[found.start:found.end]


# Edges inside a word move to a word boundary -----------------------------------------------------

def test_an_end_inside_a_word_moves_out_to_the_end_of_the_word() -> None:
    essay = STRESS.replace("founding ceremony in", "founding ceremonies in")
    # Before: "attended China’s fifth anniversary founding ceremoni".
    assert drifted_to(essay, Selector(KIM_1954)) == "attended China’s fifth anniversary founding ceremonies"


def test_a_start_inside_a_word_moves_out_to_the_start_of_the_word() -> None:
    essay = STRESS.replace("Kim Il-sung attended", "Kim Il-sung then visited")
    # Before: "sited China’s fifth anniversary founding ceremony".
    assert drifted_to(essay, Selector(KIM_1954)) == "visited China’s fifth anniversary founding ceremony"


def test_an_edge_moves_inward_when_the_rest_of_the_word_is_further_from_the_quote() -> None:
    """Dropping the fragment costs less than completing "traders"; the space before it goes too."""
    # Before: "the guards waved the tra".
    assert drifted_to(GUARDS, Selector("the guards waved the txx")) == "the guards waved the"


def test_when_both_ways_cost_the_same_the_whole_word_is_kept() -> None:
    quote = "the guards waved the trd"
    outward, inward = "the guards waved the traders", "the guards waved the"
    assert [edit_distance(quote, passage) for passage in (outward, inward)] == [4, 4]
    assert drifted_to(GUARDS, Selector(quote)) == outward  # before: "the guards waved the tra"


def test_an_apostrophe_between_letters_is_inside_the_word() -> None:
    # Before: "Kim Il-sung attended China" (the edge fell before ’s).
    assert drifted_to(STRESS, Selector("Kim Il-sung attended Chinx")) == "Kim Il-sung attended China’s"


def test_no_whole_word_passage_within_the_budget_leaves_the_edge_where_it_was() -> None:
    """Snapping never makes a match worse than the error budget allows: "fifth" alone would be
    9 edits from the quote and "fifth anniversary" 13, over the budget of 8, so the passage found
    keeps its edge rather than being refused or stretched past the policy."""
    found = fuzzy.reanchor(STRESS, Selector("Kim Il-sung attended China's Victory Day"))
    assert found.match is not None and found.match.errors <= 8
    assert STRESS[found.match.start:found.match.end] == "Kim Il-sung attended China’s fifth an"


# What is never moved ------------------------------------------------------------------------------

def test_an_exact_quote_of_a_word_fragment_stays_exact() -> None:
    found = locate(STRESS, Selector("a study in hedg"))
    assert (found.status, STRESS[found.start:found.end]) == ("ok", "a study in hedg")


def test_a_fragment_that_differs_only_by_lookalikes_or_context_keeps_its_cut() -> None:
    """Identical to the quote up to ’ for ': the editor's own cut, not the search's."""
    assert drifted_to(STRESS, Selector("sung attended China's fifth annivers")) == "sung attended China’s fifth annivers"
    assert drifted_to(STRESS, Selector("a study in hedg", prefix="state iz ")) == "a study in hedg"


# Paragraphs ----------------------------------------------------------------------------------------

PARAGRAPHS = "The old post is gone.\nGuardsmen waved the traders through\nA new paragraph starts here."


def test_a_passage_at_the_edges_of_its_paragraph_stops_at_them() -> None:
    start = PARAGRAPHS.index("Guardsmen")
    end = PARAGRAPHS.index("\nA new")
    # Before: "Guardsmen waved the traders thro" (end) and "dsmen waved the traders through" (start).
    assert drifted_to(PARAGRAPHS, Selector("Xuardsmen waved the traders thru")) == PARAGRAPHS[start:end]
    assert drifted_to(PARAGRAPHS, Selector("xsmen waved the traders through")) == PARAGRAPHS[start:end]
    # The last word of the text: the edge moves to the text's end. Before: "…starts here".
    assert drifted_to(PARAGRAPHS[:-1] + "s", Selector("A new paragraph starts herx")) == "A new paragraph starts heres"


def test_snapping_never_moves_an_edge_across_a_block_break() -> None:
    """A passage the search found across two paragraphs is not trimmed into one (the caller refuses
    it as found; trimming would invent a candidate), and an edge stops short of a block break even
    when the break is made of word characters."""
    text = "alpha beta\ngamma delta"
    start, end, _ = snap_to_words(text, "a gamma delta", 8, 22, 2, 20, "\n")
    assert text[start:end] == "beta\ngamma delta"
    text = "alpha betaQQgamma"
    assert snap_to_words(text, "alpha bx", 0, 8, 1, 20, "QQ") == (0, 5, 3)


# Scripts -------------------------------------------------------------------------------------------

def test_korean_words_are_whole_words_at_both_edges() -> None:
    # Before: "울은 대한민국의 수도이고 부산은 대한민국의 항" (both edges inside a word).
    assert drifted_to(KOREAN, Selector("울은 대한민국의 수도였고 부산은 대한민국의 항")) == "서울은 대한민국의 수도이고 부산은 대한민국의"
    # Before: "…대한민국의 항구도"; the word ends before the full stop and the paragraph.
    assert drifted_to(KOREAN, Selector("대한민국의 수도이며 부산은 대한민국의 항구도")) == "대한민국의 수도이고 부산은 대한민국의 항구도시이다"


@pytest.mark.parametrize(("text", "offset", "inside"), [
    ("China’s", 5, True), ("China's", 6, True), ("‘curly’ x", 6, False), ("Il-sung", 3, False),
    ("cafe\u0301", 4, True), ("서울은", 2, True), ("서울 은", 2, False), ("漢城", 1, False), ("1954;", 4, False),
    ("wa\u200btch", 2, False), ("ab", 0, False), ("ab", 2, False),
])
def test_what_counts_as_inside_a_word(text: str, offset: int, inside: bool) -> None:
    """Letters, digits and combining marks of any script; ’ and ' between two of them. Han has no
    visible word boundary, so every character is its own word there."""
    assert inside_word(text, offset) is inside


# The warning an editor reads, and pasting its proposal ---------------------------------------------

def test_the_proposed_quote_is_whole_words_and_anchors_exactly_once_pasted(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "adversarial", root)
    seed = root / "seeds" / f"{TEXT_ID}.txt"
    seed.write_text(STRESS.replace("founding ceremony in", "founding ceremonies in"), encoding="utf-8")
    drifted = build_edition(root)
    [warning] = [w for w in drifted.warnings if "'kim-1954' drifted" in w.message]
    assert 're-anchored to "attended China’s fifth anniversary founding ceremonies" (94% similar)' in warning.message
    [quote_line] = [hint for hint in warning.hints if re.match(r"\s+quote: ", hint)]
    proposal = yaml.safe_load(quote_line.strip())["quote"]
    assert proposal == "attended China’s fifth anniversary founding ceremonies"

    notes = root / "annotations" / TEXT_ID / "notes" / "notes.yml"
    notes.write_text(notes.read_text(encoding="utf-8").replace(f'quote: "{KIM_1954}"', quote_line.strip()),
                     encoding="utf-8")
    repaired = build_edition(root)
    assert not [w for w in repaired.warnings if "'kim-1954'" in w.message]
    [placed] = [p for p in repaired.placed[TEXT_ID] if p.note.id == "kim-1954"]
    assert (placed.status, repaired.essay(TEXT_ID).text[placed.start:placed.end]) == ("ok", proposal)


def test_the_did_you_mean_hint_widens_to_the_same_whole_words() -> None:
    """closest_passage (the hint for a note with no match) uses the same definition of a word:
    it widens through an apostrophe inside a word, and never past a paragraph."""
    from marginalia.anchoring.locate import closest_passage

    text = "Kim Jong-un attended China’s Victory Day parade in Beijing.\nSecond paragraph here."
    hint = closest_passage(text, "attended Chin")
    assert hint is not None and hint.text == "attended China’s"
    hint = closest_passage(text, "ictory Day parade in Beijin")
    assert hint is not None and hint.text == "Victory Day parade in Beijing"
