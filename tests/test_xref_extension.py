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
