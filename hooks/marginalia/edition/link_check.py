"""Relative links in editor Markdown must land on a page or an element of the built site."""
from __future__ import annotations

from marginalia.diagnostics import DiagnosticSink
from marginalia.edition.docs_pages import DocsPage
from marginalia.edition.model import Edition
from marginalia.edition.references import Place


def check_relative_links(edition: Edition, places: list[Place], pages: list[DocsPage], sink: DiagnosticSink) -> None:
    return None
