"""Cross-references for generators that load Markdown extensions by name (Zensical, plain Python-Markdown).

    markdown_extensions:
      - marginalia.linking.xref_extension:
          root: .          # the project folder (annotations/, seeds/), relative to the working directory
          links: source    # hrefs to the target's .md file, which the generator turns into URLs
          page: ""         # the page's source path; empty: taken from the generator's rendering context
          text: ""         # the text unqualified note/section references mean; empty: page meta `text`

The extension reads the data itself (about 50 ms, once per Markdown instance, nothing kept
between builds) and only resolves: checking every reference, with file and line, is the build's
job (`marginalia.edition.build.build_edition`), which the generator's prepare step runs first.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from marginalia.diagnostics import DiagnosticSink
from marginalia.linking.targets import edition_targets
from marginalia.loading.load import load_edition
from marginalia.markup.xref_extension import XrefExtension


def makeExtension(**kwargs: Any) -> XrefExtension:  # noqa: N802 (the name Python-Markdown looks for)
    root = Path(str(kwargs.pop("root", ".")))
    kwargs.setdefault("links", "source")
    # Errors in the data are reported by the build's check; here the valid part is enough to link.
    data = load_edition(root, DiagnosticSink())
    return XrefExtension(edition_targets(data), **kwargs)
