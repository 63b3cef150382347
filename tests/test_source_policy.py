"""The sourcing policy, claim-level sourcing and the quotations check, as an editor meets them.

Each breach is a warning at the line and column of the offending value; `check --strict` fails on it;
the bibliography shows each source's supported claims and its reliability note.
"""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from minidata import write_project
from project import ROOT, run_cli

from marginalia.diagnostics import DiagnosticSink
from marginalia.edition.build import build_edition
from marginalia.loading.quotations import found_in, quotations
from marginalia.loading.schema import Schemas
from marginalia.loading.source_policy import load_policy
from marginalia.rendering.pages import render_sources

POLICY = """\
required:
  - {field: date, reason: Readers place a report in time.}
  - {field: language, reason: Readers need to know the language.}
  - {field: title_en, reason: Readers need an English gloss., languages: [ko, zh]}
descriptive_titles: warn
quotations: warn
http_only_hosts: [old.example.net]
copies:
  - {domain: mirror.example, reason: Copies other sites.}
weak:
  - {domain: small.example, reason: Rewrites agency copy.}
url_patterns:
  - {pattern: '/tag/', reason: Tag page.}
"""

GOOD = '  - {id: good, title: Good, publisher: Pub, date: "2025-01-02", language: en, url: "https://example.org/good"}\n'

NOTES = """\
notes:
  - id: choice
    quote: "Korea’s choice is hard"
    kind: context
    title: A hard choice
    body: Text.
    sources: [good]
"""


def project(tmp_path: Path, sources: str, notes: str = NOTES, policy: str | None = POLICY) -> Path:
    root = write_project(tmp_path, notes, sources="sources:\n" + GOOD + sources, glossary=None)
    if policy is not None:
        (root / "annotations" / "sources" / "policy.yml").write_text(policy, encoding="utf-8")
    return root


def warnings_of(root: Path) -> list[str]:
    return [d.format().split("\n")[0] for d in build_edition(root).warnings]


def at(root: Path, relative: str, needle: str) -> str:
    """`file:line:col` of the first occurrence of `needle` in a project file (a quoted value starts at its quote)."""
    text = (root / relative).read_text(encoding="utf-8")
    offset = text.index(needle)
    before = text[:offset]
    return f"{relative}:{before.count(chr(10)) + 1}:{offset - (before.rfind(chr(10)) + 1) + 1}"


SOURCES = "annotations/sources/sources.yml"
QUOTE = "\""  # a quoted YAML value is located at its opening quotation mark


def test_a_clean_source_passes(tmp_path: Path) -> None:
    assert warnings_of(project(tmp_path, "")) == []


def test_a_copy_is_reported_at_its_url_even_with_a_reliability_note(tmp_path: Path) -> None:
    root = project(tmp_path, '  - {id: copy, title: C, publisher: P, date: "2025", language: en, '
                             'reliability: Nothing else., url: "https://www.mirror.example/a"}\n')
    assert warnings_of(root) == [
        f"{at(root, SOURCES, QUOTE + 'https://www.mirror.example')}: warning: source 'copy' is a copy the "
        "sourcing policy does not accept (mirror.example): Copies other sites."]


def test_a_weak_outlet_is_reported_unless_a_reliability_note_explains_it(tmp_path: Path) -> None:
    entry = '  - {id: weak, title: W, publisher: P, date: "2025", language: en, url: "https://small.example/a"%s}\n'
    root = project(tmp_path, entry % "")
    assert warnings_of(root) == [
        f"{at(root, SOURCES, QUOTE + 'https://small.example')}: warning: source 'weak' is from a discouraged outlet "
        "(small.example): Rewrites agency copy."]
    assert warnings_of(project(tmp_path / "ok", entry % ", reliability: Only report of the event")) == []


def test_a_missing_date_is_reported_at_the_entry(tmp_path: Path) -> None:
    root = project(tmp_path, '  - {id: undated, title: U, publisher: P, language: en, url: "https://example.org/u"}\n')
    assert warnings_of(root) == [
        f"{at(root, SOURCES, '{id: undated')}: warning: source 'undated' has no date: Readers place a report in time."]


def test_an_http_url_is_reported_unless_the_host_serves_no_https(tmp_path: Path) -> None:
    root = project(tmp_path, '  - {id: plain, title: P, publisher: P, date: "2025", language: en, '
                             'url: "http://example.org/p"}\n'
                             '  - {id: legacy, title: L, publisher: P, date: "2025", language: en, '
                             'url: "http://old.example.net/l"}\n')
    assert warnings_of(root) == [
        f"{at(root, SOURCES, QUOTE + 'http://example.org/p')}: warning: source 'plain' uses an http: URL; "
        "give the https address of the same page"]


def test_a_korean_page_without_an_english_gloss_is_reported(tmp_path: Path) -> None:
    entry = ('  - {id: korean, title: 김정은 방중, publisher: KBS, date: "2025", language: ko%s, '
             'url: "https://news.kbs.co.kr/a"}\n')
    root = project(tmp_path, entry % "")
    assert warnings_of(root) == [
        f"{at(root, SOURCES, '{id: korean')}: warning: source 'korean' has no title_en (its language is 'ko'): "
        "Readers need an English gloss."]
    assert warnings_of(project(tmp_path / "ok", entry % ", title_en: Kim Jong-un visits China")) == []


def test_a_missing_language_a_bracketed_title_and_a_tag_page_are_reported(tmp_path: Path) -> None:
    root = project(tmp_path, '  - {id: tagged, title: "[Page about Xi]", publisher: P, date: "2025", '
                             'url: "https://example.org/tag/xi"}\n')
    assert warnings_of(root) == [
        f"{at(root, SOURCES, '{id: tagged')}: warning: source 'tagged' has no language: "
        "Readers need to know the language.",
        f"{at(root, SOURCES, QUOTE + '[Page')}: warning: source 'tagged' has a descriptive title in [brackets], "
        "not the title as published",
        f"{at(root, SOURCES, QUOTE + 'https://example.org/tag')}: warning: source 'tagged' URL is not the canonical "
        "article page: Tag page."]


def test_without_a_policy_nothing_is_checked(tmp_path: Path) -> None:
    root = project(tmp_path, '  - {id: copy, title: C, publisher: P, url: "http://www.mirror.example/a"}\n',
                   policy=None)
    assert warnings_of(root) == []


def test_check_strict_fails_on_a_policy_warning_and_prints_where(tmp_path: Path) -> None:
    root = project(tmp_path, '  - {id: undated, title: U, publisher: P, language: en, url: "https://example.org/u"}\n')
    result = run_cli(root, "check", "--strict", env_extra={"GITHUB_ACTIONS": "false"})
    assert result.returncode == 1
    assert f"{at(root, SOURCES, '{id: undated')}: warning: source 'undated' has no date" in result.stdout
    fixed = project(tmp_path / "fixed", "")
    assert run_cli(fixed, "check", "--strict", env_extra={"GITHUB_ACTIONS": "false"}).returncode == 0


def test_an_invalid_policy_is_a_located_error(tmp_path: Path) -> None:
    root = project(tmp_path, "", policy="weak:\n  - {domain: small.example}\n")
    result = run_cli(root, "check", env_extra={"GITHUB_ACTIONS": "false"})
    assert result.returncode == 1
    assert "annotations/sources/policy.yml:2:5: error:" in result.stdout


def test_the_real_policy_rejects_the_copies_the_audit_found() -> None:
    policy = load_policy(ROOT, Schemas.for_project(ROOT), DiagnosticSink())
    assert policy is not None
    for url in ("https://m.newspic.kr/summary.html?nid=1", "https://ginoworld.tistory.com/1442",
                "https://docslib.org/doc/6915604/x", "https://glblgeopolitics.wordpress.com/2017/11/13/x/"):
        host = url.split("/")[2]
        assert any(o.matches(url, host) for o in policy.copies), url
    assert any(p.search("https://www.newstatesman.com/tag/xi-jinping") for p, _ in policy.url_patterns)


# --- Claim-level sourcing ------------------------------------------------------------------------------

CLAIMED = """\
notes:
  - id: choice
    quote: "Korea’s choice is hard"
    kind: context
    title: A hard choice
    body: Trump said "we really weren't able to work out timing".
    sources:
      - good
      - id: agency
        supports: "“We really weren’t able to work out timing,” Trump told reporters."
      - id: agency
        supports: [Trump left Korea on 30 October]
"""
AGENCY = '  - {id: agency, title: A, publisher: Agency, date: "2025", language: en, url: "https://agency.example/a"}\n'


def test_supports_are_valid_and_shown_under_the_citing_note_in_the_bibliography(tmp_path: Path) -> None:
    edition = build_edition(project(tmp_path, AGENCY, notes=CLAIMED))
    assert edition.warnings == []
    page = render_sources(edition)
    entry = page[page.index('id="source-agency"'):]
    entry = entry[:entry.index("</li>\n") if "</li>\n" in entry else len(entry)]
    assert "Note: A hard choice</a>" in entry
    assert "<li class=\"anno-claim\">“We really weren’t able to work out timing,” Trump told reporters.</li>" in entry
    assert '<li class="anno-claim">Trump left Korea on 30 October</li>' in entry
    good = page[page.index('id="source-good"'):]
    assert "anno-claim" not in good[:good.index("</li>")]


def test_reliability_and_title_gloss_are_shown_in_the_bibliography(tmp_path: Path) -> None:
    root = project(tmp_path, '  - {id: weak, title: 김정은 방중, title_en: Kim visits China, publisher: P, '
                             'date: "2025", language: ko, url: "https://small.example/a", '
                             'reliability: The only report of the visit.}\n')
    page = render_sources(build_edition(root))
    assert '“<span lang="ko">김정은 방중</span>.” [Kim visits China]' in page
    assert "<strong>Reliability:</strong> The only report of the visit.</p>" in page


def test_an_unknown_source_in_the_mapping_form_is_an_error_at_its_id(tmp_path: Path) -> None:
    notes = CLAIMED.replace("id: agency\n        supports: [", "id: agncy\n        supports: [")
    root = project(tmp_path, AGENCY, notes=notes)
    result = run_cli(root, "check", env_extra={"GITHUB_ACTIONS": "false"})
    where = at(root, "annotations/short-essay/notes/notes.yml", "agncy")
    assert f"{where}: error: note 'choice' cites unknown source 'agncy'" in result.stdout


# --- Quotations ----------------------------------------------------------------------------------------

NOTE_FILE = "annotations/short-essay/notes/notes.yml"


def quoting(body: str, supports: str | None = None) -> str:
    citation = f"\n      - id: agency\n        supports: {supports}" if supports else "\n      - agency"
    return ("notes:\n  - id: choice\n    quote: \"Korea’s choice is hard\"\n    kind: context\n"
            f"    title: A hard choice\n    body: |\n      {body}\n    sources:{citation}\n")


def test_a_quotation_found_nowhere_is_reported_at_its_opening_mark(tmp_path: Path) -> None:
    root = project(tmp_path, AGENCY, notes=quoting("He said “couldn't agree on a time” twice."))
    assert warnings_of(root) == [
        f"{at(root, NOTE_FILE, '“couldn')}: warning: note 'choice' (body) quotes “couldn't agree on a time”, "
        "which is neither in the essay nor in a supports: of its sources"]


@pytest.mark.parametrize("body, supports", [
    # In the essay, whatever the quotation marks and apostrophes.
    ('The essay calls it "tariff imperialism".', None),
    ("The essay says “Korea's choice is hard.”", None),
    # In a supports: quote, with typographic differences and an ellipsis.
    ('Trump said "we really weren\'t able to work out timing."', "'“We really weren’t able to work out timing”'"),
    ("Kim called it a “criminal act … carelessness”.", "'a criminal act caused by absolute carelessness'"),
    # In the title of a cited source.
    ('The agency reported "Kim visits Beijing".', None),
])
def test_quotations_found_in_the_essay_a_supports_or_a_title_pass(tmp_path: Path, body: str,
                                                                  supports: str | None) -> None:
    sources = AGENCY.replace("title: A,", "title: Kim visits Beijing,")
    assert warnings_of(project(tmp_path, sources, notes=quoting(body, supports))) == []


def test_quotations_ignore_code_cross_references_and_marks_alone() -> None:
    text = 'The seed has "?" here; see [[term:x|"Asian NATO"]] and `"raw"`, but "this" counts.'
    assert [q.text for q in quotations(text)] == ["this"]


def test_matching_forgives_typography_not_wording() -> None:
    assert found_in("we weren't able", "We weren’t able, he said")
    assert found_in("Korea–U.S. ties", "korea-u.s. ties")
    assert not found_in("we were able", "We weren’t able, he said")
    assert not found_in("timing … agree", "agree on the timing")  # fragments must come in order


def test_the_notes_schema_still_accepts_plain_ids_and_rejects_a_mapping_without_supports(tmp_path: Path) -> None:
    notes = textwrap.dedent(NOTES).replace("sources: [good]", "sources: [{id: good}]")
    result = run_cli(project(tmp_path, "", notes=notes), "check", env_extra={"GITHUB_ACTIONS": "false"})
    assert result.returncode == 1
    assert f"{NOTE_FILE}:7:" in result.stdout and "error" in result.stdout
