"""The Zensical adapter: what the MkDocs hook does, done the ways Zensical allows.

Zensical reads mkdocs.yml but runs no hooks; user code runs only as Python-Markdown extensions.
So the edition is built in three steps (`make build-zensical`):
1. `python -m marginalia prepare` copies docs/ with stub pages and JSON-LD files (engine, neutral);
2. `python -m marginalia_zensical config` writes a Zensical config derived from mkdocs.yml, which
   loads the engine's cross-reference extension and this adapter's page extension (pages.py);
3. after `zensical build`, `python -m marginalia_zensical finish` applies the page fixes and the
   Content Security Policy to the written files and minifies the edition's assets (finish.py).
Outside the generator-neutral engine, which it may import; the engine never imports it.
"""
