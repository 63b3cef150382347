"""A Markdown extension that puts the engine's HTML into the generated pages under Zensical.

Loaded by name from the derived config (`marginalia_zensical.pages: {root: …}`). Zensical makes a
Markdown instance per page; on a stub page written by `marginalia prepare` this extension renders
the page with the engine and replaces the whole output, as the MkDocs hook does in on_page_content.
Any other page passes through untouched, and the edition is only built for stub pages.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from marginalia.markup.xrefs import page_url, relative_url
from marginalia.tools.prepare import STUB_BODY, read_site_config, render_options

# Zensical resolves a relative link in raw HTML against the page's SOURCE file (docs/x.md) and
# rewrites it for the page's URL (x/). The engine writes links relative to the page's URL, as
# MkDocs (which leaves raw HTML alone) needs. So, for Zensical, each relative link is re-expressed
# relative to the source file's folder; Zensical's rewrite then gives back the same address.
_LINK = re.compile(r'(\s(?:href|src)=")([^"#][^"]*)(")')
_ABSOLUTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|/)", re.I)


def source_relative_links(html: str, src_uri: str) -> str:
    """The page's links, relative to its source file's folder instead of its URL."""
    base = "http://site/" + page_url(src_uri)
    folder = src_uri.rpartition("/")[0] + "/" if "/" in src_uri else ""

    def rebase(match: re.Match[str]) -> str:
        link = match.group(2)
        if _ABSOLUTE.match(link):
            return match.group(0)
        target = urljoin(base, link)[len("http://site/"):]
        relative = relative_url(folder, target)
        if relative == "./" or relative.startswith("./#"):
            # Zensical joins "./" onto its own prefix (".././"); the home page's source file it
            # turns into the clean address ("../"), like any .md link.
            relative = "index.md" + relative[2:]
        return match.group(1) + relative + match.group(3)

    return _LINK.sub(rebase, html)


class _StubFinder(Preprocessor):
    def __init__(self, md: markdown.Markdown, extension: PagesExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        self.extension.is_stub = "\n".join(lines).strip() == STUB_BODY.strip()
        return lines


class _PageRenderer(Postprocessor):
    def __init__(self, md: markdown.Markdown, extension: PagesExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        if not self.extension.is_stub:
            return text
        page = _context_page(self.md)
        if page is None:
            return text
        from marginalia.rendering.site import EditionSite

        root = self.extension.root
        config = read_site_config(root)
        site = EditionSite(root, root / str(config.get("docs_dir") or "docs"), render_options(config))
        src_uri = str(page.path).replace("\\", "/")
        rendered = site.render_page(src_uri)
        return text if rendered is None else source_relative_links(rendered, src_uri)


class PagesExtension(markdown.Extension):
    def __init__(self, **kwargs: Any) -> None:
        self.config = {"root": [".", "the project folder (mkdocs.yml, annotations/, seeds/, docs/)"]}
        super().__init__(**kwargs)
        self.root = Path(str(self.getConfig("root"))).resolve()
        self.is_stub = False

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.registerExtension(self)
        md.preprocessors.register(_StubFinder(md, self), "marginalia_stub", 1000)
        # Last of all (raw HTML is restored at 30): the engine's page replaces the whole output.
        md.postprocessors.register(_PageRenderer(md, self), "marginalia_page", 0)

    def reset(self) -> None:
        self.is_stub = False


def _context_page(md: markdown.Markdown) -> Any:
    """Zensical's page being rendered (its `rendering_context` preprocessor), found by shape."""
    for processor in md.preprocessors:
        page = getattr(processor, "page", None)
        if page is not None and hasattr(page, "path"):
            return page
    return None


def makeExtension(**kwargs: Any) -> PagesExtension:  # the name Python-Markdown looks for
    return PagesExtension(**kwargs)
