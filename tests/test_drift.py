"""Drift: when the essay's text changes, a note is re-anchored with a warning or fails as an orphan.

It is never attached silently to the wrong passage. The policy (error budget, weights, threshold,
uniqueness rule) is documented in hooks/marginalia/anchoring/fuzzy.py. A drifted note renders at its new
passage and the build says so:

    annotations/…/notes.yml:15:12: warning: quote of note 'kim-1954' drifted; re-anchored to "…" (98% similar)

`mkdocs build --strict` (make build, CI) turns that warning into a failure, so drift is repaired
in the data before publishing; a plain `mkdocs build` or `mkdocs serve` shows the note in place.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from fixturesite import make_fixture_project
from htmlcheck import FIXTURE_TEXT_ID as TEXT_ID
from marginalia.anchoring import fuzzy
from marginalia.anchoring.exact import Selector
from marginalia.diagnostics import DataError, Diagnostic
from marginalia.edition.build import Edition, build_edition
from project import FIXTURES, copy_project, run_mkdocs

FIXTURE = FIXTURES / "adversarial"
SEED = f"seeds/{TEXT_ID}.txt"
NOTES = f"annotations/{TEXT_ID}/notes/notes.yml"
EMENDATIONS = f"annotations/{TEXT_ID}/emendations.yml"
WARNING = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<col>\d+): warning: quote of note '(?P<id>[a-z0-9-]+)' "
                     r"drifted; re-anchored to \"(?P<text>[^\n]*)\" \((?P<similar>\d+)% similar\)$")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    return root


def edit(root: Path, file: str, old: str, new: str) -> None:
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def passage(edition: Edition, note_id: str) -> tuple[str, str]:
    """(status, text) of a placed note."""
    placed = next(p for p in edition.placed[TEXT_ID] if p.note.id == note_id)
    return placed.status, edition.essay(TEXT_ID).text[placed.start:placed.end]


def drift_warnings(edition: Edition) -> dict[str, Diagnostic]:
    found = {}
    for warning in edition.warnings:
        match = WARNING.match(warning.format().splitlines()[0])
        assert match, f"not a drift warning in the documented form: {warning.format()}"
        found[match["id"]] = warning
    return found


def proposed_selector(warning: Diagnostic) -> dict[str, str]:
    """The YAML lines the warning proposes (quote, and prefix/suffix when needed)."""
    lines = [hint.strip() for hint in warning.hints if re.match(r"\s+(quote|prefix|suffix): ", hint)]
    return yaml.safe_load("\n".join(lines))


def errors_of(root: Path) -> str:
    with pytest.raises(DataError) as caught:
        build_edition(root)
    return caught.value.report()


def test_typo_fixed_in_the_seed_reanchors_with_a_warning_that_proposes_the_new_text(project: Path) -> None:
    edit(project, SEED, "China’s fifth anniversary founding", "China’s fifth-anniversary founding")
    edition = build_edition(project)
    warnings = drift_warnings(edition)
    assert set(warnings) == {"kim-1954", "fifth"}
    assert passage(edition, "kim-1954") == ("drifted", "attended China’s fifth-anniversary founding ceremony")
    assert passage(edition, "fifth") == ("drifted", "fifth-anniversary")
    first_line = warnings["kim-1954"].format().splitlines()[0]
    assert first_line.startswith(f"{NOTES}:15:12: warning: quote of note 'kim-1954' drifted; re-anchored to "
                                 '"attended China’s fifth-anniversary founding ceremony" (')
    assert proposed_selector(warnings["kim-1954"]) == {"quote": "attended China’s fifth-anniversary founding ceremony"}


def test_writing_the_proposed_yaml_makes_the_warning_go_away_at_the_same_passage(project: Path) -> None:
    edit(project, SEED, "China’s fifth anniversary founding", "China’s fifth-anniversary founding")
    drifted = build_edition(project)
    proposal = proposed_selector(drift_warnings(drifted)["fifth"])
    edit(project, NOTES, 'quote: "fifth anniversary"', f'quote: "{proposal["quote"]}"')
    repaired = build_edition(project)
    assert not [w for w in repaired.warnings if "'fifth'" in w.message]
    assert passage(repaired, "fifth") == ("ok", passage(drifted, "fifth")[1])


def test_an_emendation_declared_after_the_note_was_written(project: Path) -> None:
    """The note quoted the seed's lost character; once the emendation exists, the note drifts."""
    edit(project, NOTES, 'quote: "runs—north"', 'quote: "river runs?north here"')
    edition = build_edition(project)
    assert passage(edition, "dash") == ("drifted", "river runs—north here")
    warning = drift_warnings(edition)["dash"]
    assert "(95% similar)" in warning.message
    assert proposed_selector(warning) == {"quote": "river runs—north here"}


def test_an_emendation_withdrawn(project: Path) -> None:
    (project / EMENDATIONS).write_text("emendations: []\n", encoding="utf-8")
    edition = build_edition(project)
    assert passage(edition, "dash") == ("drifted", "runs?north")


def test_straight_apostrophe_drifts_with_the_typographic_hint(project: Path) -> None:
    edit(project, NOTES, 'quote: "attended China’s fifth', "quote: \"attended China's fifth")
    warning = drift_warnings(build_edition(project))["kim-1954"]
    assert any("typographic characters" in hint for hint in warning.hints)


def test_invisible_differences_are_spelled_out_in_the_proposal(project: Path) -> None:
    """A zero-width space the editor cannot see is written as an escape they can."""
    (project / NOTES).write_text((project / NOTES).read_text(encoding="utf-8") + (
        '  - {id: hidden, quote: "hides in watch, and", kind: context, title: T, body: B, sources: [fixture-source]}\n'),
        encoding="utf-8")
    warning = drift_warnings(build_edition(project))["hidden"]
    assert '  quote: "hides in wa\\u200btch, and"' in warning.hints


def test_deleted_passage_is_an_orphan_error_naming_each_note(project: Path) -> None:
    edit(project, SEED, "Kim Il-sung attended China’s fifth anniversary founding ceremony in 1954; ", "")
    report = errors_of(project)
    assert (f"{NOTES}:15:12: error: quote of note 'kim-1954' not found in the essay: "
            "'attended China’s fifth anniversary founding ceremony'") in report
    assert f"{NOTES}:22:12: error: quote of note 'fifth' not found in the essay: 'fifth anniversary'" in report


def test_near_twins_make_an_orphan_not_a_guess(project: Path) -> None:
    """The quote's own sentence is reworded; its twin is now closer to the old quote. Attaching the
    note to the twin would be wrong, so the note is an orphan and the error shows both passages."""
    edit(project, NOTES, 'quote: "opened at dawn"', 'quote: "border opened at dawn and the guards"')
    edit(project, SEED, "opened at dawn", "opened at sunrise")
    report = errors_of(project)
    assert "quote of note 'dawn' not found in the essay: 'border opened at dawn and the guards'" in report
    assert "cannot tell them apart" in report
    assert "opened at sunrise" in report and "opened at dusk" in report


def test_near_twins_can_be_told_apart_by_the_prefix(project: Path) -> None:
    edit(project, NOTES, 'quote: "opened at dawn"', 'quote: "the guards waved the traders"\n    prefix: "at dawn and "')
    edit(project, SEED, "the guards waved", "the guards wave")
    edit(project, SEED, "the guards waved", "the guards wave")
    edition = build_edition(project)
    placed = next(p for p in edition.placed[TEXT_ID] if p.note.id == "dawn")
    text = edition.essay(TEXT_ID).text
    assert placed.status == "drifted" and text[placed.start - 12:placed.start] == "at dawn and "


def test_without_fuzzy_matching_every_near_miss_is_an_error(project: Path) -> None:
    edit(project, SEED, "China’s fifth anniversary founding", "China’s fifth-anniversary founding")
    with pytest.raises(DataError) as caught:
        build_edition(project, fuzzy=False)
    assert "quote of note 'fifth' not found in the essay: 'fifth anniversary'" in caught.value.report()


# The policy itself, on small texts ---------------------------------------------------------------

ESSAY = ("The first paragraph talks about the river and the hills.\n"
         "The second paragraph talks about the sea and the hills.\n"
         "A third one mentions the mountains beyond the river valley.")


def test_short_quotes_are_never_reanchored() -> None:
    assert fuzzy.reanchor(ESSAY, Selector("rivr")).status == "orphan"


def test_a_fuzzy_match_never_spans_two_paragraphs() -> None:
    result = fuzzy.reanchor(ESSAY, Selector("and the hills. The second paragraph"))
    assert result.status == "orphan"


def test_exact_quote_with_stale_context_follows_the_context() -> None:
    result = fuzzy.reanchor(ESSAY, Selector("and the hills", prefix="about the se "))
    assert result.status == "drifted"
    assert ESSAY[result.match.start - 8:result.match.end] == "the sea and the hills"


def test_context_that_agrees_nowhere_is_refused() -> None:
    result = fuzzy.reanchor(ESSAY, Selector("mountains beyond", prefix="Zebra crossing ",
                                                          suffix=" quickly jumped"))
    assert (result.status, result.reason) == ("orphan", "below-threshold")


def test_scores_fall_as_the_quote_moves_away_from_the_passage() -> None:
    """Hypothesis' own property: quotes listed by decreasing similarity score strictly lower."""
    quotes = ["mentions the mountains beyond", "mentions the mountain beyond", "mention the mountain beyon",
              "mention th mountain beyon", "menton th mountain beyon"]
    scores = [fuzzy.score_candidates(ESSAY, Selector(q))[0].score for q in quotes]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) == len(scores)


# A real essay, and a real build ------------------------------------------------------------------

def test_drift_in_the_real_essay(tmp_path: Path) -> None:
    """A one-letter change inside a real note's passage, in a copy of the real seed."""
    root = copy_project(tmp_path / "real")
    edition = build_edition(root, root / "docs")
    seed_path = root / "seeds" / "kim-jong-un-watchtower-diplomacy.txt"
    seed = seed_path.read_text(encoding="utf-8")
    # A long quote that occurs once in the seed, away from the lost-dash characters emendations fix.
    note = next(p.note for p in edition.placed["kim-jong-un-watchtower-diplomacy"]
                if len(p.note.quote) >= 30 and seed.count(p.note.quote) == 1 and " " in p.note.quote[8:-8]
                and "?" not in seed[seed.index(p.note.quote) - 80:seed.index(p.note.quote) + len(p.note.quote) + 80])
    middle = note.quote.index(" ", len(note.quote) // 2)
    fixed = note.quote[:middle] + "  " + note.quote[middle + 1:]  # a doubled space, say
    seed_path.write_text(seed.replace(note.quote, fixed), encoding="utf-8")
    drifted = build_edition(root, root / "docs")
    placed = next(p for p in drifted.placed["kim-jong-un-watchtower-diplomacy"] if p.note.id == note.id)
    assert placed.status == "drifted"
    assert drifted.essay("kim-jong-un-watchtower-diplomacy").text[placed.start:placed.end] == fixed
    assert any(f"quote of note '{note.id}' drifted" in w.message for w in drifted.warnings)


@pytest.mark.build
def test_drifted_note_renders_but_strict_build_fails(tmp_path: Path) -> None:
    project = make_fixture_project(FIXTURE, tmp_path / "site-project")
    edit(project, SEED, "China’s fifth anniversary founding", "China’s fifth-anniversary founding")
    strict = run_mkdocs(project, "build", "--strict")
    assert strict.returncode != 0
    assert "quote of note 'kim-1954' drifted" in strict.stderr
    assert "Aborted with 2 warnings in strict mode" in strict.stdout + strict.stderr
    relaxed = run_mkdocs(project, "build")
    assert relaxed.returncode == 0, relaxed.stderr
    assert "WARNING" in relaxed.stderr and "quote of note 'fifth' drifted" in relaxed.stderr
    page = (project / "site" / TEXT_ID / "index.html").read_text(encoding="utf-8")
    assert 'id="note-kim-1954"' in page and 'id="note-fifth"' in page
    assert re.search(r'data-note="fifth"[^>]*>fifth-anniversary<', page)
