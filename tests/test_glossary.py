"""Glossary auto-linking, the glossary page, cross-references and backlinks."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from minidata import DEFAULT_SEED, DEFAULT_TEXT, write_project

from marginalia import DataError
from marginalia.edition.build import build_edition
from marginalia.linking.glossary import find_terms, select_links
from marginalia.loading.model import Term
from marginalia.rendering.essay import render_essay
from marginalia.rendering.notes import RenderOptions
from marginalia.rendering.pages import render_glossary, render_sources

NOTES = """\
notes:
  - id: tariffs
    quote: "tariff imperialism"
    kind: context
    title: Tariff imperialism
    body: A label; compare [[term:anmi-gyeongjung]] and [[note:old-rule|the old rule]]. Anmi Gyeongjung again.
    sources: [src-one]
  - id: old-rule
    quote: "was the rule"
    kind: context
    title: The old rule
    body: See [[note:tariffs]] and [[section:2]].
    sources: [src-two]
"""


def term(term_id: str, name: str, *aliases: str, autolink: bool = True) -> Term:
    from marginalia.diagnostics import Location

    return Term(term_id, name, "short", "definition", ("s",), Location("g.yml"), tuple(aliases), autolink=autolink)


@pytest.mark.parametrize("text, expected", [
    ("The Asian NATO worries Beijing.", ["Asian NATO"]),
    ("Two Asian NATOs would be worse.", ["Asian NATOs"]),
    ("the Asian NATO’s members", ["Asian NATO’s"]),
    ("strategic buffers matter", ["strategic buffers"]),
    ("A STRATEGIC BUFFER, they said", ["STRATEGIC BUFFER"]),
    ("security with the U.S., economy with China (Anmi Gyeongjung)",
     ["security with the U.S., economy with China", "Anmi Gyeongjung"]),
    ("non-Asian NATOish ideas", []),  # whole words only
    ("the strategic buffering of", []),
])
def test_aliases_case_plurals_possessives_whole_words(text: str, expected: list[str]) -> None:
    terms = [term("asian-nato", "Asian NATO"), term("strategic-buffer", "strategic buffer"),
             term("anmi-gyeongjung", "Anmi Gyeongjung", "security with the U.S., economy with China")]
    assert [hit.matched for hit in find_terms(text, terms)] == expected


def test_longest_form_wins() -> None:
    terms = [term("nato", "NATO"), term("asian-nato", "Asian NATO")]
    assert [(h.term_id, h.matched) for h in find_terms("an Asian NATO, not NATO", terms)] == [
        ("asian-nato", "Asian NATO"), ("nato", "NATO")]


def test_terms_that_opt_out_are_not_linked() -> None:
    assert find_terms("The Asian NATO", [term("asian-nato", "Asian NATO", autolink=False)]) == []


@pytest.mark.parametrize("rule, expected", [
    ("first-per-section", {"a", "c"}),
    ("first", {"a"}),
    ("all", {"a", "b", "c"}),
    ("none", set()),
])
def test_link_selection_rules(rule: str, expected: set[str]) -> None:
    # (section, term id, key): the caller's key comes back for each chosen hit, whatever its shape.
    hits = [(1, "t", "a"), (1, "t", "b"), (2, "t", "c"), (2, "u", ("block", 7))]
    assert select_links(hits, rule) == expected | ({("block", 7)} if rule != "none" else set())


@pytest.fixture
def edition(tmp_path: Path):
    write_project(tmp_path, NOTES)
    return build_edition(tmp_path, None)


def test_first_occurrence_per_section_is_linked_and_headings_are_not(edition) -> None:
    html = render_essay(edition, "short-essay", RenderOptions())
    links = re.findall(r'<a class="anno-term" data-term="([a-z-]+)" id="([a-z0-9-]+)"', html)
    # Section 1 has the alias and then the romanization: only the first is linked there;
    # section 2 links Anmi Gyeongjung again, and the plural "Asian NATO"/"strategic buffers".
    assert links == [("anmi-gyeongjung", "use-anmi-gyeongjung--1"), ("anmi-gyeongjung", "use-anmi-gyeongjung--2"),
                     ("asian-nato", "use-asian-nato--1"), ("strategic-buffer", "use-strategic-buffer--1")]
    headings = re.findall(r"<h[12][^>]*>.*?</h[12]>", html)
    assert headings and not any("anno-term" in h for h in headings)
    assert all("anno-term" not in note for note in re.findall(r"<aside.*?</aside>", html, re.DOTALL))


def test_term_links_point_at_glossary_entries_with_a_toggletip(edition) -> None:
    html = render_essay(edition, "short-essay", RenderOptions())
    assert 'href="../glossary/#term-anmi-gyeongjung"' in html
    assert 'aria-describedby="tip-anmi-gyeongjung"' in html
    tip = re.search(r'<span class="anno-tip" id="tip-anmi-gyeongjung".*?</span></span>', html).group(0)
    assert '<span lang="ko">안미경중</span>' in tip and '<span lang="ko-Hani">安美經中</span>' in tip


def test_glossary_page_entries_native_forms_and_backlinks(edition) -> None:
    page = render_glossary(edition)
    for term_id in ("anmi-gyeongjung", "asian-nato", "strategic-buffer"):
        assert f'id="term-{term_id}"' in page
    entry = page[page.index('id="term-anmi-gyeongjung"'):page.index('id="term-asian-nato"')]
    assert '<span lang="ko">안미경중</span>' in entry and '<span lang="ko-Hani">安美經中</span>' in entry
    # Backlinks: both essay sections, the note that mentions the term, the glossary entry that refers to it.
    assert 'href="../short-essay/#use-anmi-gyeongjung--1"' in entry
    assert 'href="../short-essay/#use-anmi-gyeongjung--2"' in entry
    assert 'href="../short-essay/#note-tariffs"' in entry
    assert 'href="#term-asian-nato"' in entry  # see also, and "Used in" from asian-nato's definition


def test_see_also_cycles_render_once_without_looping(edition) -> None:
    page = render_glossary(edition)
    assert page.count('id="term-anmi-gyeongjung"') == 1
    assert "See also: <a href=\"#term-asian-nato\"" in page and "See also: <a href=\"#term-anmi-gyeongjung\"" in page


def test_cross_references_render_with_titles_and_backlinks(edition) -> None:
    html = render_essay(edition, "short-essay", RenderOptions())
    tariffs = re.search(r'<aside[^>]*id="note-tariffs".*?</aside>', html, re.DOTALL).group(0)
    old_rule = re.search(r'<aside[^>]*id="note-old-rule".*?</aside>', html, re.DOTALL).group(0)
    assert '<a class="anno-xref" data-xref="note:old-rule" href="#note-old-rule"' in tariffs
    assert ">the old rule</a>" in tariffs
    assert 'data-xref="term:anmi-gyeongjung" href="../glossary/#term-anmi-gyeongjung"' in tariffs
    assert '>Anmi Gyeongjung</a>' in tariffs
    assert 'data-xref="section:2" href="#section-2"' in old_rule and ">2. Second Thoughts</a>" in old_rule
    # Each note shows who refers to it.
    assert 'Referenced by: <a href="#note-old-rule">Note: The old rule</a>' in tariffs
    assert 'Referenced by: <a href="#note-tariffs">Note: Tariff imperialism</a>' in old_rule


def test_sources_page_lists_citing_notes_and_terms(edition) -> None:
    page = render_sources(edition)
    one = re.search(r'<li id="source-src-one".*?</li></ul></div></li>', page, re.DOTALL).group(0)
    assert 'href="../short-essay/#note-tariffs"' in one and 'href="../glossary/#term-anmi-gyeongjung"' in one


@pytest.mark.parametrize("reference, message, suggestion", [
    ("[[note:tarifs]]", "unresolved cross-reference [[note:tarifs]]", "did you mean [[note:tariffs]]?"),
    ("[[term:asian-natto]]", "unresolved cross-reference [[term:asian-natto]]", "did you mean [[term:asian-nato]]?"),
    ("[[source:src-tree]]", "unresolved cross-reference [[source:src-tree]]", "did you mean [[source:src-two]]?"),
    ("[[section:9]]", "unresolved cross-reference [[section:9]]", ""),
    ("[[page:about]]", "unknown cross-reference kind 'page'", "allowed kinds"),
])
def test_unresolved_references_are_located_errors_with_suggestions(tmp_path: Path, reference: str, message: str,
                                                                    suggestion: str) -> None:
    write_project(tmp_path, NOTES.replace("See [[note:tariffs]]", f"See {reference}"))
    with pytest.raises(DataError) as caught:
        build_edition(tmp_path, None)
    report = caught.value.report()
    # The body of old-rule is on line 12 of the notes file; the reference starts after "See ".
    assert f"annotations/short-essay/notes/notes.yml:12:15: error: {message}" in report
    assert suggestion in report


def test_reference_in_a_docs_page_is_checked_with_its_line(tmp_path: Path) -> None:
    write_project(tmp_path, NOTES)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "guide.md").write_text("---\ntitle: Guide\n---\n\nRead [[note:tarifs]] first.\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        build_edition(tmp_path, docs)
    assert "docs/guide.md:5:6: error: unresolved cross-reference [[note:tarifs]]" in caught.value.report()


def test_glossary_see_also_to_unknown_term_is_an_error(tmp_path: Path) -> None:
    from minidata import DEFAULT_GLOSSARY

    glossary = DEFAULT_GLOSSARY.replace("see_also: [asian-nato]", "see_also: [asian-natto]")
    write_project(tmp_path, NOTES, glossary=glossary)
    with pytest.raises(DataError) as caught:
        build_edition(tmp_path, None)
    assert "has see-also to unknown term 'asian-natto'" in caught.value.report()
    assert "did you mean 'asian-nato'?" in caught.value.report()


def test_default_seed_is_what_these_tests_assume() -> None:
    assert "Asian NATOs" in DEFAULT_SEED and "strategic buffers" in DEFAULT_SEED


def test_references_in_code_stay_literal_and_are_not_checked(tmp_path: Path) -> None:
    body = "Write `[[note:no-such-note]]` to link a note, as in [[note:tariffs|this one]]."
    write_project(tmp_path, NOTES.replace("See [[note:tariffs]] and [[section:2]].", body))
    edition = build_edition(tmp_path, None)  # the reference in code is text, not an unresolved reference
    old_rule = re.search(r'<aside[^>]*id="note-old-rule".*?</aside>',
                         render_essay(edition, "short-essay", RenderOptions()), re.DOTALL).group(0)
    assert "<code>[[note:no-such-note]]</code>" in old_rule
    assert '<a class="anno-xref" data-xref="note:tariffs" href="#note-tariffs"' in old_rule
    assert ">this one</a>" in old_rule


def test_a_docs_page_shows_the_syntax_in_code_and_is_checked_outside_it(tmp_path: Path) -> None:
    write_project(tmp_path, NOTES)
    docs = tmp_path / "docs"
    docs.mkdir()
    page = ("---\ntitle: Guide\n---\n\n```markdown\nSee [[note:tarifs]].\n```\n\n"
            "Inline `[[term:nothing]]` too.\n\n    [[source:indented-code]]\n\nRead [[note:tarifs]] first.\n")
    (docs / "guide.md").write_text(page, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        build_edition(tmp_path, docs)
    errors = [line for line in caught.value.report().splitlines() if ": error: " in line]
    assert errors == ["docs/guide.md:13:6: error: unresolved cross-reference [[note:tarifs]] in page guide.md"]


# The same text metadata as the mini project's, under another title.
SECOND_TEXT = DEFAULT_TEXT.replace("A Short Essay", "An Earlier Essay")
SECOND_SEED = ("\nAn Earlier Essay\nKim, Min-ji\nCorrespondent\n1. Opening\nA plain opening.\n2. Middle Part\n"
               "A plain middle.\nNote: A test text.\n(※ Fictional.)\n")
SECOND_NOTES = """\
notes:
  - id: opening
    quote: "A plain opening."
    kind: context
    title: The opening
    body: BODY
    sources: [src-one]
"""


def two_text_project(root: Path, second_body: str, glossary: str | None = None) -> Path:
    """The mini essay plus a text whose slug sorts before it and has its own sections 1 and 2."""
    from minidata import DEFAULT_GLOSSARY

    write_project(root, NOTES, glossary=glossary or DEFAULT_GLOSSARY)
    write_project(root, SECOND_NOTES.replace("BODY", second_body), seed=SECOND_SEED, emendations=None,
                  text_id="an-earlier-essay", text_yml=SECOND_TEXT, glossary=glossary or DEFAULT_GLOSSARY)
    return root


def test_each_note_s_references_resolve_in_its_own_text(tmp_path: Path) -> None:
    body = "See [[section:2]] and [[section:short-essay/2|the other]]."
    edition = build_edition(two_text_project(tmp_path, body), None)
    assert next(iter(edition.data.texts)) == "an-earlier-essay"
    earlier = render_essay(edition, "an-earlier-essay", RenderOptions())
    assert re.search(r'data-xref="section:2" href="#section-2"[^>]*>2\. Middle Part</a>', earlier)
    assert 'data-xref="section:short-essay/2" href="../short-essay/#section-2"' in earlier
    essay = render_essay(edition, "short-essay", RenderOptions())
    assert re.search(r'data-xref="section:2" href="#section-2"[^>]*>2\. Second Thoughts</a>', essay)


@pytest.mark.parametrize("body, message, hint", [
    ("See [[note:tariffs]].", "unresolved cross-reference [[note:tariffs]] in note 'opening' (body)",
     "note 'tariffs' is not in 'an-earlier-essay', the text this reference belongs to; "
     "to link into another text, write [[note:short-essay/tariffs]]"),
    ("See [[section:short-esay/2]].", "unresolved cross-reference [[section:short-esay/2]]",
     "did you mean [[section:short-essay/2]]?"),
    ("See [[term:short-essay/asian-nato]].", "unresolved cross-reference [[term:short-essay/asian-nato]]",
     "terms are shared by all texts: write [[term:asian-nato]]"),
])
def test_a_reference_into_another_text_must_name_it(tmp_path: Path, body: str, message: str, hint: str) -> None:
    with pytest.raises(DataError) as caught:
        build_edition(two_text_project(tmp_path, body), None)
    report = caught.value.report()
    assert f"annotations/an-earlier-essay/notes/notes.yml:6:15: error: {message}" in report
    assert hint in report


def test_the_glossary_says_which_text_it_means_once_there_are_several(tmp_path: Path) -> None:
    from minidata import DEFAULT_GLOSSARY

    glossary = DEFAULT_GLOSSARY.replace("definition: A buffer.", "definition: A buffer ([[section:2]]).")
    with pytest.raises(DataError) as caught:
        build_edition(two_text_project(tmp_path, "Plain.", glossary), None)
    report = caught.value.report()
    assert "error: unresolved cross-reference [[section:2]] in term 'strategic-buffer' (definition)" in report
    assert "the edition has 2 texts and this reference does not say which one it means" in report
    assert "hint: write [[section:an-earlier-essay/2]], or give the page a `text: <text-id>` front-matter key" in report


def test_the_about_page_shows_the_syntax_literally_and_links_it(built_site: Path) -> None:
    about = (built_site / "about" / "index.html").read_text(encoding="utf-8")
    # A fenced block, as pymdownx.superfences and highlight write it (with or without a language class).
    code = re.search(r'<pre>(?:<span></span>)?<code[^>]*>(.*?)</code></pre>', about, re.DOTALL)
    assert code and code.group(1).strip() == "See [[term:hedging|hedging]], [[note:thaad]] and [[section:2]]."
    live = about[about.index("Written outside code"):]
    live = live[:live.index("</p>")]
    assert re.search(r'<a class="anno-xref" data-xref="term:hedging" href="../glossary/#term-hedging"[^>]*>hedging</a>',
                     live)
    assert 'data-xref="note:thaad" href="../kim-jong-un-watchtower-diplomacy/#note-thaad"' in live
    assert re.search(r'data-xref="section:2" href="../kim-jong-un-watchtower-diplomacy/#section-2"[^>]*>2\. ', live)
    assert "[[" not in live.replace("<code>[[section:kim-jong-un-watchtower-diplomacy/2]]</code>", "")
