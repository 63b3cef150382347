"""`python -m marginalia prepare`: a docs folder holding everything a generator reads from disk.

MkDocs learns of the generated pages and the JSON-LD files through the hook (as generated files).
A generator that runs no hook (Zensical finds pages on disk and runs user code only as Markdown
extensions) needs them as files: a stub page for each generated page and the data files, next to
a copy of docs/. The copy goes to a folder of its own (build/…), so docs/ in the repository stays
clean and nothing generated is ever committed. The content of the generated pages is rendered
later, inside the generator, by its adapter (for Zensical: marginalia_zensical.pages).
"""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from marginalia.rendering.notes import RenderOptions

if TYPE_CHECKING:
    from marginalia.rendering.site import EditionSite, GeneratedPage

# Python-Markdown returns "" for an empty document without running any extension, so a stub
# needs body text for the adapter's extension to see the page at all. Readers never see it:
# the adapter replaces the page's whole content.
STUB_BODY = "This page is generated from the edition's data when the site is built.\n"

# `mkdocs serve` replaces site_url by its own address; a build without any site_url still needs
# absolute IRIs in the W3C export, so it names the default local preview address.
FALLBACK_SITE_URL = "http://127.0.0.1:8000/"


def read_site_config(root: Path) -> dict[str, Any]:
    """The generator-neutral settings of mkdocs.yml (both MkDocs and Zensical read that file)."""
    path = root / "mkdocs.yml"
    if not path.exists():
        return {}
    # Plain data only: the edition's mkdocs.yml uses no `!!python/…` tags, so safe_load reads it.
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def render_options(config: dict[str, Any]) -> RenderOptions:
    extra = config.get("extra") or {}
    return RenderOptions(repo_url=config.get("repo_url"), site_url=config.get("site_url"),
                         edit_branch=extra.get("edit_branch", "main"))


def data_files(site: EditionSite) -> dict[str, str]:
    """Files that are not pages (the W3C Web Annotation collections), by their path in the site."""
    from marginalia.interop.export_w3c import (
        ANNOTATIONS_FILE,
        EMENDATIONS_FILE,
        annotation_collection,
        emendation_collection,
        to_json,
    )

    options = site.options
    site_url = options.site_url or FALLBACK_SITE_URL
    if not site_url.endswith("/"):
        site_url += "/"
    return {
        ANNOTATIONS_FILE: to_json(annotation_collection(site.edition, site_url)),
        EMENDATIONS_FILE: to_json(emendation_collection(site.edition, site_url, options.repo_url,
                                                        options.edit_branch)),
    }


def stub_page(site: EditionSite, page: GeneratedPage) -> str:
    return site.stub_markdown(page) + "\n" + STUB_BODY


def prepare_docs(root: Path, out: Path) -> list[str]:
    """Write docs/ plus the generated stubs and data files into `out` (replaced); returns the
    paths written, relative to `out`. Raises DataError when the data has errors, like the build."""
    from marginalia.rendering.site import EditionSite

    config = read_site_config(root)
    docs = root / str(config.get("docs_dir") or "docs")
    site = EditionSite(root, docs, render_options(config))
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(docs, out, ignore=shutil.ignore_patterns("__pycache__", ".*"))
    written: dict[str, str] = {}
    for page in site.pages.values():
        if not (docs / page.src_uri).exists():  # a hand-written page of the same name wins, as in MkDocs
            written[page.src_uri] = stub_page(site, page)
    written.update(data_files(site))
    for relative, content in written.items():
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    return sorted(written)
