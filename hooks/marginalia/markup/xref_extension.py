"""Cross-references as Markdown: a Python-Markdown extension for [[kind:ref]] and [[kind:ref|label]].

A reference is an inline element of the Markdown, not a pattern in the raw text: inside a code
span or a fenced block it stays literal, so the syntax can be shown on the site itself. The same
extension renders note bodies, glossary entries and docs pages, and the build's checker runs it
over the same text to find the references to check (so code is skipped there too).

The extension needs, per page, the page's source path (links are relative to it) and the text
that unqualified note and section references mean. An adapter sets both with `set_page`; a
generator that loads extensions by name gives them as options, or provides them through a
rendering context (see `marginalia.linking.xref_extension`).
"""
from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from typing import Any

import markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.serializers import _escape_attrib_html  # type: ignore[attr-defined]
from markdown.util import AtomicString

from marginalia.markup.xrefs import XREF_BODY, Target, Targets, XrefUse, href_for

# Before `reference` (170) and `link` (160), which would read "[[x]]" as a link; after `backtick`
# (190) and `escape` (180), so code spans and \[ keep the text literal.
PRIORITY = 175
# The checker numbers each [[ of the source with private-use marks, so a reference the parser
# finds can be traced back to its exact offset (Markdown hands inline processors fragments).
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"
PATTERN = r"\[\[(?:" + MARK_OPEN + r"(?P<mark>\d+)" + MARK_CLOSE + r")?" + XREF_BODY
NAME = "marginalia_xref"
# A note's preview is the text of its own body, which the build reads in the same pass as every
# other body: until then a reference's title holds this placeholder (private-use characters
# Markdown leaves alone), and fill_previews writes the preview in.
PREVIEW_OPEN, PREVIEW_CLOSE = "\ue002", "\ue003"
# Only a whole title attribute is a placeholder: the same characters typed in a note's text are
# the editor's, and stay as typed.
_DEFERRED = re.compile(r'(?<= title=")' + PREVIEW_OPEN + r"([a-z]+):([^" + PREVIEW_CLOSE + r'"]*)' + PREVIEW_CLOSE
                       + r'(?=")')


class _XrefProcessor(InlineProcessor):
    def __init__(self, extension: XrefExtension, md: markdown.Markdown) -> None:
        super().__init__(PATTERN, md)
        self.extension = extension

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element | str, int, int]:  # type: ignore[override]
        label = m.group("label")
        mark = m.group("mark")
        use = XrefUse(m.group("kind"), m.group("id"), label.strip() if label else None,
                      int(mark) if mark is not None else -1, -1)
        self.extension.seen.append(use)
        page, text = self.extension.page_and_text(self.md)
        target = self.extension.targets.resolve(use.kind, use.id, text)
        if target is None:
            # Unresolved references are build errors (reported by the checker before rendering);
            # if one reaches a page anyway, the reader sees its words, not the syntax.
            return use.label or use.id, m.start(0), m.end(0)
        return self.extension.link(target, use, page), m.start(0), m.end(0)


class XrefExtension(markdown.Extension):
    """Options: `links` ("url" or "source", see `xrefs.href_for`), `page` (source path of the page),
    `text` (text id that unqualified note/section references mean)."""

    def __init__(self, targets: Targets, **kwargs: Any) -> None:
        self.config = {
            "links": ["url", 'hrefs relative to the page URL ("url") or to the page\'s .md file ("source")'],
            "page": ["", "source path of the page being converted, e.g. about.md"],
            "text": ["", "id of the text that unqualified note and section references mean"],
        }
        super().__init__(**kwargs)
        self.targets = targets
        self.seen: list[XrefUse] = []  # references met by the last conversion, in document order

    def set_page(self, page: str, text: str | None) -> None:
        self.setConfig("page", page)
        self.setConfig("text", text or "")

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.registerExtension(self)
        md.inlinePatterns.register(_XrefProcessor(self, md), NAME, PRIORITY)

    def reset(self) -> None:
        self.seen = []

    def page_and_text(self, md: markdown.Markdown) -> tuple[str, str | None]:
        """The page and scope text: as set, else from a generator's rendering context."""
        page, text = str(self.getConfig("page")), str(self.getConfig("text")) or None
        if page:
            return page, text
        context = _rendering_context(md)
        if context is None:
            return page, text
        meta = getattr(context, "meta", None) or {}
        meta_text = meta.get("text") if isinstance(meta, dict) else None
        return str(getattr(context, "path", "")), text or (str(meta_text) if meta_text else None)

    def link(self, target: Target, use: XrefUse, page: str) -> etree.Element:
        element = etree.Element("a")
        element.set("class", "anno-xref")
        element.set("data-xref", f"{use.kind}:{use.id}")
        element.set("href", href_for(target, page, str(self.getConfig("links"))))
        # The theme reads title attributes as HTML (see sanitize.tooltip_attribute): escaped once
        # here, and once more when the tree is written out.
        if target.preview is None:  # filled in by fill_previews once the build knows it
            element.set("title", f"{PREVIEW_OPEN}{target.kind}:{target.ref}{PREVIEW_CLOSE}")
        else:
            element.set("title", html.escape(target.preview or target.title, quote=False))
        element.text = AtomicString(use.label or target.title)
        return element


def _rendering_context(md: markdown.Markdown) -> Any:
    """The page object a generator registers for extensions (Zensical's `rendering_context`
    preprocessor holds `.page` with `.path`, `.url` and `.meta`); found by shape, not by import."""
    for processor in md.preprocessors:
        page = getattr(processor, "page", None)
        if page is not None and hasattr(page, "path"):
            return page
    return None


def _as_attribute(text: str) -> str:
    """What the serializer writes for a title set to `html.escape(text, quote=False)` (see link).
    Its own escaping function, so the two cannot differ (tests/test_xref_extension.py compares)."""
    return str(_escape_attrib_html(html.escape(text, quote=False)))


def fill_previews(fragment: str, targets: Targets) -> str:
    """HTML converted while note previews were unknown, with each placeholder title replaced by
    the title `link` writes now that they are known."""
    if PREVIEW_OPEN not in fragment:
        return fragment

    def title(match: re.Match[str]) -> str:
        target = targets.get(match.group(1), match.group(2))
        if target is None:
            return ""
        return _as_attribute(target.preview or target.title)

    return _DEFERRED.sub(title, fragment)
