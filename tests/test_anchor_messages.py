"""What an editor reads when a quote does not anchor, and what happens when they follow it.

Every drift, orphan and ambiguity message names the note. Every suggested fix is a block of YAML
lines (quote, then prefix/suffix when needed); each block, pasted as shown in place of the note's
own quote/prefix/suffix, makes the note anchor exactly at the passage the message showed. The
test does exactly that, one suggestion at a time, in a fresh copy of the data.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from marginalia import DataError
from marginalia.anchoring.exact import Selector, anchor_one
from marginalia.anchoring.selector_yaml import selector_lines, yaml_string
from marginalia.diagnostics import Diagnostic
from marginalia.edition.build import Edition, build_edition
from minidata import DEFAULT_SEED, write_project

TEXT_ID = "short-essay"
SELECTOR_LINE = re.compile(r"^  (quote|prefix|suffix): ")
# A paragraph, twice, full of characters that YAML treats specially.
ODD = 'Odd: a "quoted \\ slash" # hash, ‘curly’ — dash;  two  spaces'
ODD_SEED = DEFAULT_SEED.replace("Note: A test text.", f"First {ODD} end.\nSecond {ODD} end.\nNote: A test text.")


def note_yaml(note_id: str, quote: str, prefix: str = "", suffix: str = "") -> str:
    lines = [f"  - id: {note_id}", *selector_lines(Selector(quote, prefix, suffix), indent="    "),
             "    kind: context", "    title: T", "    body: B", "    sources: [src-one]"]
    return "notes:\n" + "\n".join(lines) + "\n"


def outcome(root: Path) -> tuple[Edition | None, list[Diagnostic]]:
    """The edition (None when the data has errors) and every diagnostic."""
    try:
        edition = build_edition(root)
    except DataError as error:
        return None, list(error.diagnostics)
    return edition, list(edition.warnings)


def suggestions(diagnostic: Diagnostic) -> list[list[str]]:
    """Each run of consecutive `quote:`/`prefix:`/`suffix:` hint lines, as shown to the editor."""
    runs: list[list[str]] = []
    previous = False
    for hint in diagnostic.hints:
        current = bool(SELECTOR_LINE.match(hint))
        if current and not previous:
            runs.append([])
        if current:
            runs[-1].append(hint)
        previous = current
    return runs


def paste(root: Path, note_id: str, lines: list[str]) -> None:
    """Replace the note's quote/prefix/suffix lines by the suggestion, indented under the note."""
    path = root / "annotations" / TEXT_ID / "notes" / "notes.yml"
    kept = [line for line in path.read_text(encoding="utf-8").split("\n")
            if not re.match(r"^    (quote|prefix|suffix): ", line)]
    at = kept.index(f"  - id: {note_id}") + 1
    path.write_text("\n".join([*kept[:at], *(f"  {line}" for line in lines), *kept[at:]]), encoding="utf-8")


CASES = {
    # id: (quote, prefix, suffix, seed, expected start of the message, how many suggestions)
    "twice": ("Korea’s choice", "", "", DEFAULT_SEED, "ambiguous quote in note 'twice'", 2),
    "straight": ('called "tariff imperialism"', "", "", DEFAULT_SEED, "quote of note 'straight' drifted", 1),
    "typo": ("economy wth China", "", "", DEFAULT_SEED, "quote of note 'typo' drifted", 1),
    "spans": ("is hard.\nKorea’s choice is also", "", "", DEFAULT_SEED, "quote in note 'spans' spans two paragraphs", 1),
    "twins": ("Koreas choice is hard", "", "", DEFAULT_SEED, "quote of note 'twins' not found in the essay", 2),
    "context": ("Anmi Gyeongjung", "Zebra ", " xylophone", DEFAULT_SEED,
                "quote in note 'context' is in the essay, but not with the given prefix/suffix", 2),
    "weak": ("securty with the U.S.", "Zebra crossing ", " quickly jumped", DEFAULT_SEED,
             "quote of note 'weak' not found in the essay", 1),
    "odd": (ODD, "", "", ODD_SEED, "ambiguous quote in note 'odd'", 2),
    "odd-typo": (ODD.replace("hash", "hsh"), "Second ", "", ODD_SEED, "quote of note 'odd-typo' drifted", 1),
    "gone": ("the moon landing was staged", "", "", DEFAULT_SEED, "quote of note 'gone' not found in the essay", 0),
}


@pytest.mark.parametrize("note_id", sorted(CASES))
def test_each_suggestion_pasted_as_shown_anchors_the_note(tmp_path: Path, note_id: str) -> None:
    quote, prefix, suffix, seed, message, count = CASES[note_id]
    root = write_project(tmp_path / "broken", note_yaml(note_id, quote, prefix, suffix), seed=seed)
    edition, diagnostics = outcome(root)
    [diagnostic] = diagnostics
    assert diagnostic.message.startswith(message), diagnostic.format()
    blocks = suggestions(diagnostic)
    assert len(blocks) == count, diagnostic.format()
    anchored_at = set()
    for number, block in enumerate(blocks):
        shown = yaml.safe_load("\n".join(line.strip() for line in block))
        copy = write_project(tmp_path / f"fixed-{number}", note_yaml(note_id, quote, prefix, suffix), seed=seed)
        paste(copy, note_id, block)
        fixed, remaining = outcome(copy)
        assert fixed is not None and remaining == [], "\n".join(d.format() for d in remaining)
        [placed] = fixed.placed[TEXT_ID]
        assert placed.status == "ok"
        assert fixed.essay(TEXT_ID).text[placed.start:placed.end] == shown["quote"]
        anchored_at.add(placed.start)
    assert len(anchored_at) == count, "two suggestions anchor at the same passage"


def test_a_quote_typed_with_straight_quotes_keeps_its_closing_quote(tmp_path: Path) -> None:
    root = write_project(tmp_path, note_yaml("straight", 'aptly called "tariff imperialism"'))
    _, [warning] = outcome(root)
    assert warning.message.endswith('re-anchored to "aptly called “tariff imperialism”" (100% similar)')
    assert suggestions(warning) == [['  quote: "aptly called “tariff imperialism”"']]
    assert any("typographic characters" in hint for hint in warning.hints)


@pytest.mark.parametrize("value", [
    'a "quoted" word', "back\\slash", "key: value", "not # a comment", "#start", "  two leading spaces",
    "trailing space ", "“typographic” ‘quotes’ – and — dashes", "no\u00a0break and zero\u200bwidth", "tab\there",
    "line\nbreak", "\ufeffbom", "del\x7f and nel\x85", "ls\u2028ps\u2029", "- dash first", "'single'", "@at", "`tick",
    "yes", "~", "null", "123", "[flow]", "{map}", "*alias", "&anchor", "!tag", "%percent", "|pipe", ">fold",
    "emoji 👩‍👩‍👧 and 🇰🇷", "\\u00e9 is not é",
])
def test_the_selector_emitter_round_trips_every_string(value: str) -> None:
    line = f"quote: {yaml_string(value)}"
    assert yaml.safe_load(line) == {"quote": value}
    assert "\n" not in line


def test_invisible_characters_are_written_as_escapes_and_typography_as_is() -> None:
    assert yaml_string("a\u00a0b\u200bc") == '"a\\u00a0b\\u200bc"'
    assert yaml_string("“x” – y’s") == '"“x” – y’s"'


def test_emitted_selectors_anchor_in_a_text_full_of_yaml_syntax() -> None:
    text = f"First {ODD} end.\nSecond {ODD} end."
    second = text.index(ODD, text.index(ODD) + 1)
    lines = selector_lines(Selector(ODD, "Second "), indent="  ")
    shown = yaml.safe_load("\n".join(line.strip() for line in lines))
    found = anchor_one(text, Selector(shown["quote"], shown.get("prefix", ""), shown.get("suffix", "")))
    assert (found.status, found.start) == ("ok", second)
