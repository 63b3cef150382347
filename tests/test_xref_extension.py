"""The cross-reference extension as other generators load it: by name, with plain options."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest
from markdown.preprocessors import Preprocessor
from project import ROOT

ESSAY = "kim-jong-un-watchtower-diplomacy"
NAME = "marginalia.linking.xref_extension"


def convert(source: str, **options: str) -> str:
    md = markdown.Markdown(extensions=[NAME], extension_configs={NAME: {"root": str(ROOT), **options}})
    return md.convert(source)


def test_loaded_by_name_it_links_and_leaves_code_alone() -> None:
    html = convert("See [[term:hedging]] and `[[term:hedging]]`.", page="about.md")
    assert '<a class="anno-xref" data-xref="term:hedging" href="glossary.md#term-hedging"' in html
    assert "<code>[[term:hedging]]</code>" in html


def test_source_links_are_relative_to_the_page_file_and_url_links_to_its_url() -> None:
    assert 'href="../glossary.md#term-hedging"' in convert("[[term:hedging]]", page="guides/reading.md")
    assert 'href="../glossary/#term-hedging"' in convert("[[term:hedging]]", page="about.md", links="url")
    assert 'href="#note-thaad"' in convert("[[note:thaad]]", page=f"{ESSAY}.md", text=ESSAY)


def test_the_page_and_its_text_come_from_a_generator_s_rendering_context() -> None:
    """Zensical registers a preprocessor holding the page (path, url, meta); the extension finds it by shape."""

    class Context(Preprocessor):
        def __init__(self, md: markdown.Markdown) -> None:
            super().__init__(md)
            self.page = SimpleNamespace(path="study-guide.md", url="study-guide/", meta={"text": ESSAY})

        def run(self, lines: list[str]) -> list[str]:
            return lines

    md = markdown.Markdown(extensions=[NAME], extension_configs={NAME: {"root": str(ROOT)}})
    md.preprocessors.register(Context(md), "rendering_context", 0)
    html = md.convert("Read [[section:2]].")
    assert f'href="{ESSAY}.md#section-2"' in html and "Kim Jong-un Standing on the Tiananmen Watchtower" in html


def test_a_wrong_root_is_an_error_not_silently_unlinked_references(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="the root option must be the project folder, which holds annotations/"):
        markdown.Markdown(extensions=[NAME], extension_configs={NAME: {"root": str(tmp_path)}})


# ---------------------------------------------------------------- note previews filled in after the check

def test_a_body_read_before_the_previews_were_known_renders_as_if_they_had_been() -> None:
    """The build reads every body once, before note previews (the text of those bodies) exist; the
    titles are filled in afterwards. The result must be what a conversion with the previews known
    writes, including previews with quotes, ampersands and angle brackets."""
    from dataclasses import replace

    from marginalia.markup.markdown_render import MarkdownRenderer
    from marginalia.markup.xref_extension import PREVIEW_OPEN, fill_previews
    from marginalia.markup.xrefs import Target, Targets

    preview = 'Fact-check note: "Fire & fury" <said> Trump’s aide, 8 August 2017'
    deferred = Targets(texts=("t",))
    deferred.add(Target("note", "fury", "Fire and fury", "t.md", "note-fury", None, "t"))
    deferred.add(Target("note", "calm", "Calm", "t.md", "note-calm", None, "t"))
    known = Targets(texts=("t",))
    known.add(replace(deferred.get("note", "t/fury"), preview=preview))
    known.add(replace(deferred.get("note", "t/calm"), preview=""))  # no words: the title stands in
    body = "See [[note:fury]], [[note:calm|the calm]] and `[[note:fury]]`; then *[[note:fury|again]]*."

    early = MarkdownRenderer(deferred).to_html(body, "t.md", "t")
    assert PREVIEW_OPEN in early
    for target in known.by_key.values():
        deferred.add(target)
    assert fill_previews(early, deferred) == MarkdownRenderer(known).to_html(body, "t.md", "t")


def test_placeholder_characters_typed_in_a_body_stay_as_typed() -> None:
    from marginalia.markup.markdown_render import MarkdownRenderer
    from marginalia.markup.xref_extension import PREVIEW_CLOSE, PREVIEW_OPEN, fill_previews
    from marginalia.markup.xrefs import Target, Targets

    targets = Targets(texts=("t",))
    targets.add(Target("note", "x", "X", "t.md", "note-x", "Event note: secret words", "t"))
    typed = f"Odd text {PREVIEW_OPEN}note:t/x{PREVIEW_CLOSE} and `{PREVIEW_OPEN}note:t/x{PREVIEW_CLOSE}`."
    html = MarkdownRenderer(targets).to_html(typed, "t.md", "t")
    assert fill_previews(html, targets) == html and "secret words" not in html


def test_no_page_of_the_built_site_keeps_a_preview_placeholder(built_site: Path) -> None:
    from marginalia.markup.xref_extension import PREVIEW_CLOSE, PREVIEW_OPEN

    pages = list(built_site.rglob("*.html")) + list(built_site.rglob("*.json*"))
    assert len(pages) > 5
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert PREVIEW_OPEN not in text and PREVIEW_CLOSE not in text, page
    essay = (built_site / ESSAY / "index.html").read_text(encoding="utf-8")
    assert 'data-xref="note:' in essay and 'title="Fact-check note: ' in essay
