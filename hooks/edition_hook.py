"""MkDocs hook: wires MkDocs events to the marginalia engine. All logic lives in the engine.

MkDocs 1.6 puts this file's folder on sys.path only while importing the hook, so the engine
package is imported here, at the top.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from marginalia import DataError
from marginalia.markup.xref_extension import XrefExtension
from marginalia.markup.xrefs import Targets
from marginalia.rendering.notes import RenderOptions
from marginalia.rendering.site import EditionSite
from marginalia_mkdocs.csp import add_content_security_policy
from marginalia_mkdocs.support import (
    element_ids,
    exclude_from_theme_search,
    extra_files,
    finish_page_html,
    minify_assets,
    rewrite_search_index,
)
from marginalia_mkdocs.template_cache import TemplateCodeCache

if TYPE_CHECKING:  # annotations only: `mkdocs build` need not import the live-reload server (http, ssl, watchdog)
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.hooks.edition")
_site: EditionSite | None = None  # rebuilt from scratch on every build (on_files), never reused
# Under `mkdocs serve` only: the theme's compiled templates, kept for the session's rebuilds
# (marginalia_mkdocs/template_cache.py; MkDocs loads this module once per process).
_templates: TemplateCodeCache | None = None
# The cross-reference extension MkDocs runs on docs pages: registered in on_config (before any
# page is read), given this build's targets in on_files, told the page in on_page_markdown.
_xrefs: XrefExtension | None = None
BY_NAME = "marginalia.linking.xref_extension"


def on_startup(command: str, dirty: bool) -> None:
    global _templates
    _templates = TemplateCodeCache() if command == "serve" else None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _xrefs
    # mkdocs.yml may name the extension for generators without hooks (Zensical); under MkDocs the
    # hook's instance, which shares the build's targets, replaces it.
    extensions = [e for e in config.markdown_extensions if not isinstance(e, XrefExtension) and e != BY_NAME]
    config.mdx_configs.pop(BY_NAME, None)
    _xrefs = XrefExtension(Targets(), links="source")
    # MkDocs hands the list to Python-Markdown, which accepts extension instances as well as names.
    config.markdown_extensions = [*extensions, _xrefs]  # type: ignore[list-item]
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    global _site
    root = Path(config.config_file_path).resolve().parent
    options = RenderOptions(repo_url=config.repo_url, site_url=config.site_url,
                            edit_branch=config.extra.get("edit_branch", "main"))
    try:
        _site = EditionSite(root, Path(config.docs_dir), options)
    except DataError as error:
        _site = None
        raise PluginError("the annotation data has errors:\n" + error.report()) from None
    if _xrefs is not None:
        _xrefs.targets = _site.edition.targets
    for warning in _site.warnings:
        log.warning(warning.format())
    for page in _site.pages.values():
        if files.get_file_from_path(page.src_uri) is None:
            files.append(File.generated(config, page.src_uri, content=_site.stub_markdown(page)))
    # Registered as files (not written after the build) so that links to them validate.
    for path, content in extra_files(_site).items():
        if files.get_file_from_path(path) is None:
            files.append(File.generated(config, path, content=content))
    return files


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    if _templates is not None:
        env.bytecode_cache = _templates
    return env


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if _xrefs is not None:
        _xrefs.set_page(page.file.src_uri, page.meta.get("text"))
    if _site is not None and _site.indexes_itself(page.file.src_uri):
        exclude_from_theme_search(page.meta)
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    rendered = _site.render_page(page.file.src_uri) if _site else None
    if rendered is None:
        return html
    # MkDocs checks links to anchors against the ids it saw in the page's Markdown; a generated
    # page's content comes from the engine, so its ids are handed over here.
    page.present_anchor_ids = (page.present_anchor_ids or set()) | element_ids(rendered)
    return rendered


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    # The policy comes last: its script hashes are taken from the final HTML.
    return add_content_security_policy(finish_page_html(output))


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    # The 404 page is a theme template, not a page: it needs the same HTML fixes.
    if not template_name.endswith(".html"):
        return output_content
    return add_content_security_policy(finish_page_html(output_content))


def on_post_build(config: MkDocsConfig) -> None:
    minify_assets(Path(config.site_dir))
    if _site:
        rewrite_search_index(Path(config.site_dir), _site)


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Callable[..., Any]) -> LiveReloadServer:
    root = Path(config.config_file_path).resolve().parent
    for folder in ("seeds", "annotations", "schemas"):
        if (root / folder).exists():
            server.watch(str(root / folder))
    from marginalia_mkdocs.watch import use_native_watcher  # serve only: `build` need not import watchdog

    use_native_watcher(server)
    return server
