"""Property-based tests (Hypothesis): anchoring and marking hold for texts nobody thought of.

- A quote with the prefix/suffix that `shortest_unique_context` generates anchors at exactly its
  range, whatever the text (repeats, Unicode, paragraph breaks).
- Fuzzy matching reports true edit distances (checked against a plain dynamic-programming table)
  and never re-anchors across a paragraph break.
- Marking (htmlmark.mark) with random overlapping wraps and marker insertions never changes the
  visible text, wraps exactly the requested text, and always yields well-formed HTML.
- The essay renderer, fed random overlapping notes on a fixture essay, keeps every word of the
  essay and every note, with well-formed HTML.

The example budget is fixed (derandomize=True) so `make test` is reproducible and its duration
steady; run with HYPOTHESIS_PROFILE=thorough for a deeper search.
"""
from __future__ import annotations

import dataclasses
import html
import os
import re

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from htmlcheck import FIXTURE_TEXT_ID as TEXT_ID
from htmlcheck import essay_blocks, wellformed_errors, wrapped_texts
from marginalia.anchoring import edit_distance, fuzzy
from marginalia.anchoring.context import shortest_unique_context
from marginalia.anchoring.exact import Selector, anchor_one
from marginalia.anchoring.similarity import fold_lookalikes
from marginalia.edition.build import PlacedNote, build_edition
from marginalia.rendering.htmlmark import Insertion, Wrap, mark, text_content
from marginalia.rendering.essay import render_essay
from marginalia.rendering.notes import RenderOptions
from project import FIXTURES

settings.register_profile("default", max_examples=150, derandomize=True, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=2000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# Few distinct characters make repeats (and so ambiguity) common; the rest are the hard cases.
HARD_CHARACTERS = "ab \n’“”–—\u00a0\u200b\u0301서울🇰🇷<&>\"'"
texts = st.text(alphabet=st.sampled_from(HARD_CHARACTERS), min_size=1, max_size=80)
words = st.lists(st.sampled_from(["the", "river", "runs", "north", "the river", "서울", "—", "’s", "\n"]),
                 min_size=1, max_size=30).map(" ".join)


@st.composite
def text_and_range(draw: st.DrawFn, source: st.SearchStrategy[str] = st.one_of(texts, words)) -> tuple[str, int, int]:
    text = draw(source)
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, len(text)))
    return text, start, end


# Anchoring ---------------------------------------------------------------------------------------

@given(text_and_range())
def test_generated_context_anchors_at_exactly_that_range(case: tuple[str, int, int]) -> None:
    text, start, end = case
    selector = shortest_unique_context(text, start, end)
    assert selector.exact == text[start:end]
    assert text[start - len(selector.prefix):start] == selector.prefix if selector.prefix else True
    assert text[end:end + len(selector.suffix)] == selector.suffix
    result = anchor_one(text, selector)
    assert (result.start, result.end) == (start, end)
    assert result.status == ("spans-blocks" if "\n" in selector.exact else "ok")


@given(text_and_range(), st.booleans())
def test_generated_context_without_word_rounding_also_anchors(case: tuple[str, int, int], _: bool) -> None:
    text, start, end = case
    selector = shortest_unique_context(text, start, end, word_boundaries=False)
    result = anchor_one(text, selector)
    assert (result.start, result.end) == (start, end)


def _edit_distance_table(pattern: str, text: str, anchored: bool) -> list[int]:
    """Row-by-row Levenshtein (Sellers' variant when not anchored): the reference implementation."""
    previous = list(range(len(pattern) + 1))
    out = []
    for char in text:
        current = [previous[0] + 1 if anchored else 0]
        for i in range(1, len(pattern) + 1):
            current.append(min(previous[i] + 1, current[i - 1] + 1, previous[i - 1] + (pattern[i - 1] != char)))
        previous = current
        out.append(current[-1])
    return out


@given(st.text(alphabet="abc ’", min_size=1, max_size=12), st.text(alphabet="abc ’", max_size=40), st.booleans())
def test_bit_parallel_distances_equal_the_dynamic_programming_table(pattern: str, text: str, anchored: bool) -> None:
    assert edit_distance.myers_scores(pattern, text, anchored) == _edit_distance_table(pattern, text, anchored)


@given(text_and_range(words), st.integers(0, 3), st.randoms(use_true_random=False))
def test_fuzzy_matches_report_true_distances_and_stay_in_one_paragraph(
        case: tuple[str, int, int], edits: int, rng) -> None:
    text, start, end = case
    quote = list(text[start:end])
    for _ in range(edits):  # damage the quote a little, as a changed essay would
        position = rng.randrange(len(quote) + 1)
        if rng.random() < 0.5 and quote:
            del quote[min(position, len(quote) - 1)]
        else:
            quote.insert(position, rng.choice("xyz"))
    quote_text = "".join(quote).replace("\n", " ")
    assume(len(quote_text) >= 2)
    for match in fuzzy.score_candidates(text, Selector(quote_text)):
        passage = text[match.start:match.end]
        assert "\n" not in passage
        assert match.errors == edit_distance.edit_distance(fold_lookalikes(quote_text), fold_lookalikes(passage)) <= len(quote_text) * fuzzy.ERROR_BUDGET
    result = fuzzy.reanchor(text, Selector(quote_text))
    if result.status == "drifted":
        others = fuzzy.score_candidates(text, Selector(quote_text))
        assert len(others) == 1, "a drifted note had a rival passage within the error budget"


# Marking -----------------------------------------------------------------------------------------

INLINE = ["em", "strong", "code", "a", "span"]
plain_text = st.text(alphabet=st.sampled_from("ab c&<>\"’서🇰\u200b\u00a0"), min_size=1, max_size=12)


@st.composite
def fragments(draw: st.DrawFn, depth: int = 0, in_link: bool = False) -> str:
    """HTML like the essay's blocks: escaped text, term links, emendation spans, nested inline tags
    (well formed, as the renderer's input always is: no link inside a link)."""
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["text", "text", "element"] if depth < 3 else ["text"]))
        if kind == "text":
            parts.append(html.escape(draw(plain_text), quote=False))
        else:
            tag = draw(st.sampled_from([t for t in INLINE if not (in_link and t == "a")]))
            attributes = ' href="../glossary/#term-x" class="anno-term"' if tag == "a" else (
                ' class="anno-emend" title="a &quot;title&quot;"' if tag == "span" else "")
            parts.append(f"<{tag}{attributes}>{draw(fragments(depth + 1, in_link or tag == 'a'))}</{tag}>")
    return "".join(parts)


@st.composite
def marking_case(draw: st.DrawFn) -> tuple[str, list[Wrap], list[Insertion]]:
    fragment = draw(fragments())
    length = len(text_content(fragment))
    wraps, insertions = [], []
    for number in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, length))
        end = draw(st.integers(start, length))
        wraps.append(Wrap(start, end, f'<span class="anno-hl" data-w="{number}">', "</span>", (number,)))
        insertions.append(Insertion(draw(st.integers(0, length)),
                                    f'<button type="button" class="anno-marker anno-skip">{number}</button>', number))
    return fragment, wraps, insertions


@given(marking_case())
def test_marking_keeps_the_visible_text_and_nesting(case: tuple[str, list[Wrap], list[Insertion]]) -> None:
    fragment, wraps, insertions = case
    marked = mark(fragment, wraps, insertions)
    assert text_content(marked) == text_content(fragment)
    assert wellformed_errors(marked) == []
    assert marked.count('class="anno-marker anno-skip"') == len(insertions)


@given(marking_case())
def test_each_wrap_covers_exactly_its_range(case: tuple[str, list[Wrap], list[Insertion]]) -> None:
    fragment, wraps, insertions = case
    text = text_content(fragment)
    found = wrapped_texts(mark(fragment, wraps, insertions))
    for number, wrap in enumerate(wraps):
        assert found.get(str(number), "") == text[wrap.start:wrap.end]


# The whole essay renderer ------------------------------------------------------------------------

FIXTURE_EDITION = build_edition(FIXTURES / "adversarial")
TEMPLATE_NOTES = [p.note for p in FIXTURE_EDITION.placed[TEXT_ID]]


@st.composite
def random_placements(draw: st.DrawFn) -> list[PlacedNote]:
    essay = FIXTURE_EDITION.essay(TEXT_ID)
    placed = []
    for number in range(1, draw(st.integers(1, 25)) + 1):
        index = draw(st.integers(0, len(essay.blocks) - 1))
        block = essay.blocks[index]
        start = draw(st.integers(0, len(block.text) - 1))
        end = draw(st.integers(start + 1, len(block.text)))
        template = TEMPLATE_NOTES[number % len(TEMPLATE_NOTES)]
        note = dataclasses.replace(template, id=f"p{number}", quote=block.text[start:end])
        placed.append(PlacedNote(note, block.offset + start, block.offset + end, number, index))
    return sorted(placed, key=lambda p: (p.start, -p.end))


@settings(max_examples=60)
@given(random_placements())
def test_rendered_essay_keeps_every_word_and_note(placed: list[PlacedNote]) -> None:
    edition = dataclasses.replace(FIXTURE_EDITION, placed={TEXT_ID: placed})
    page = render_essay(edition, TEXT_ID, RenderOptions())
    assert wellformed_errors(page) == []
    essay = FIXTURE_EDITION.essay(TEXT_ID)
    assert "".join(essay_blocks(page)) == "".join(b.text for b in essay.blocks)
    for item in placed:
        assert page.count(f'id="note-{item.note.id}"') == 1
        assert re.search(f'data-note="{item.note.id}"', page)
