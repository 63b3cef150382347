"""Every editor mistake stops the build with file:line:col, what is wrong and how to fix it."""
from __future__ import annotations

from pathlib import Path

import pytest

from marginalia import DataError
from marginalia.edition.build import build_edition
from minidata import write_project

NOTES = "annotations/short-essay/notes/notes.yml"


def errors_for(tmp_path: Path, notes: str, fuzzy: bool = True, **kwargs) -> str:
    write_project(tmp_path, notes, **kwargs)
    with pytest.raises(DataError) as caught:
        build_edition(tmp_path, fuzzy=fuzzy)
    return caught.value.report()


def test_quote_not_found_points_at_the_quote_and_shows_the_closest_passage(tmp_path: Path) -> None:
    report = errors_for(tmp_path, """\
        notes:
          - id: choice
            quote: "Koreas choice is hard"
            kind: context
            title: A choice
            body: Text.
            sources: [src-one]
        """, fuzzy=False)  # exact anchoring: by default this near miss is a "drifted" warning (test_drift.py)
    assert f"{NOTES}:3:12: error: quote of note 'choice' not found in the essay: 'Koreas choice is hard'" in report
    assert "closest passage (" in report and "'Korea’s choice is hard'" in report
    assert "typographic characters" not in report or "’" in report


def test_straight_apostrophe_gets_the_typographic_hint(tmp_path: Path) -> None:
    report = errors_for(tmp_path, """\
        notes:
          - {id: choice, quote: "Korea's choice is hard", kind: context, title: T, body: B, sources: [src-one]}
        """, fuzzy=False)  # exact anchoring: by default this near miss is a "drifted" warning (test_drift.py)
    assert "hint: the essay uses typographic characters" in report
    assert f"{NOTES}:2:" in report


def test_ambiguous_quote_lists_occurrences_with_prefix_suffix_fixes(tmp_path: Path) -> None:
    report = errors_for(tmp_path, """\
        notes:
          - id: choice
            quote: "Korea’s choice"
            kind: context
            title: T
            body: B
            sources: [src-one]
        """)
    assert f"{NOTES}:3:12: error: ambiguous quote in note 'choice': 'Korea’s choice' occurs 2 times" in report
    assert "occurrence 1:" in report and "occurrence 2:" in report
    assert '      quote: "Korea’s choice"\n      prefix: "ties. "\n' in report
    assert '      quote: "Korea’s choice"\n      suffix: " is also"\n' in report


def test_prefix_picks_one_occurrence(tmp_path: Path) -> None:
    write_project(tmp_path, """\
        notes:
          - {id: choice, quote: "Korea’s choice", prefix: "ties. ", kind: context, title: T, body: B, sources: [src-one]}
        """)
    edition = build_edition(tmp_path)
    placed = edition.placed["short-essay"][0]
    essay = edition.essay("short-essay").text
    assert essay[placed.start - 6:placed.start] == "ties. "


def test_duplicate_note_id_names_both_places(tmp_path: Path) -> None:
    report = errors_for(tmp_path, """\
        notes:
          - {id: twice, quote: "Second Thoughts", kind: context, title: T, body: B, sources: [src-one]}
          - {id: twice, quote: "First Things", kind: context, title: T, body: B, sources: [src-one]}
        """)
    assert f"{NOTES}:3:10: error: duplicate note id 'twice'" in report
    assert f"first defined at {NOTES}:2:5" in report


def test_unknown_field_suggests_the_right_one(tmp_path: Path) -> None:
    report = errors_for(tmp_path, """\
        notes:
          - id: typo
            qoute: "First Things"
            kind: context
            title: T
            body: B
            sources: [src-one]
        """)
    assert f"{NOTES}:3:5: error: unknown field 'qoute'" in report
    assert "did you mean 'quote'?" in report


def test_wrong_type_says_what_was_expected(tmp_path: Path) -> None:
    report = errors_for(tmp_path, """\
        notes:
          - id: typed
            quote: "First Things"
            kind: context
            title: T
            body: B
            sources: src-one
        """)
    assert f"{NOTES}:7:14: error: notes[0].sources must be a list, got text" in report
    assert "hint: write a list, e.g. [src-one]" in report


def test_unknown_kind_lists_allowed_values(tmp_path: Path) -> None:
    report = errors_for(tmp_path, """\
        notes:
          - {id: kinded, quote: "First Things", kind: factcheck, title: T, body: B, sources: [src-one]}
        """)
    assert "'factcheck' is not an allowed value" in report
    assert "did you mean 'fact-check'?" in report


def test_yaml_syntax_error_is_located(tmp_path: Path) -> None:
    report = errors_for(tmp_path, """\
        notes:
          - id: broken
            quote: "First Things
            kind: context
        """)
    assert f"{NOTES}:" in report and "YAML syntax error" in report


def test_tab_indentation_gets_a_hint(tmp_path: Path) -> None:
    report = errors_for(tmp_path, "notes:\n\t- id: tabbed\n")
    assert f"{NOTES}:2:1: error: YAML syntax error" in report
    assert "not tab characters" in report


def test_unknown_source_suggests_closest_id(tmp_path: Path) -> None:
    report = errors_for(tmp_path, """\
        notes:
          - {id: cited, quote: "First Things", kind: context, title: T, body: B, sources: [src-on]}
        """)
    assert "note 'cited' cites unknown source 'src-on'" in report
    assert "did you mean 'src-one'?" in report


def test_quote_spanning_paragraphs_is_an_error(tmp_path: Path) -> None:
    report = errors_for(tmp_path, """\
        notes:
          - {id: spans, quote: "hard.\\nKorea’s choice is also", kind: context, title: T, body: B, sources: [src-one]}
        """)
    assert "spans two paragraphs" in report


def test_every_error_is_reported_in_one_run_not_just_the_first(tmp_path: Path) -> None:
    report = errors_for(tmp_path, """\
        notes:
          - {id: a, quote: "not in the text at all", kind: context, title: T, body: B, sources: [src-one]}
          - {id: b, quote: "also missing from it", kind: context, title: T, body: B, sources: [nope]}
        """)
    assert report.count("error:") >= 3
    assert report.rstrip().endswith("error(s) in the annotation data")
