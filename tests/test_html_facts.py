"""One reading of rendered HTML (markup/html_facts.py) serves the body check, the link check,
previews and search: each must get from it what it got from its own parser before."""
from __future__ import annotations

from marginalia.markup.html_facts import read_html
from marginalia.markup.markdown_render import MarkdownRenderer
from marginalia.markup.xrefs import Target, Targets


def test_words_links_ids_and_unsafe_parts_in_one_reading() -> None:
    facts = read_html('<p id="a">One&nbsp;<em>two</em></p><p>three<br>four</p>'
                      '<ul><li><a href="../glossary/#term-x" class="anno-xref" id="b">five</a></li>'
                      '<li><a href="https://example.org/x?a=1&amp;b=2">six</a></li></ul>'
                      '<img src="cat.png" alt="cat"><a href="javascript:alert(1)">seven</a><a name="n">eight</a>')
    # Block starts (p, li, br…) separate words; inline elements do not: "six", "seven" and
    # "eight" run together as the old text reader ran them.
    assert facts.text == "One two three four five sixseveneight"
    assert facts.links == (("../glossary/#term-x", "anno-xref"), ("https://example.org/x?a=1&b=2", ""),
                           ("javascript:alert(1)", ""))
    assert facts.ids == {"a", "b"}
    assert facts.problems == (("image", "cat.png"), ("link", "javascript:alert(1)"))


def test_a_reading_reads_its_html_once_and_keeps_what_it_found() -> None:
    targets = Targets(texts=("t",))
    targets.add(Target("term", "hedging", "hedging", "glossary.md", "term-hedging", "Hedging."))
    reading = MarkdownRenderer(targets).read("See [[term:hedging]] and [the FAQ](faq.md#top).", "t.md", "t")
    assert reading.facts is reading.facts  # computed once per reading
    assert reading.facts.text == "See hedging and the FAQ."
    assert [href for href, css in reading.facts.links if "anno-xref" not in css] == ["faq.md#top"]
