"""The MkDocs and Material adapter: search index entries, theme HTML fixes, extra files, asset minifying.

Outside the generator-neutral engine (`marginalia`), which it may import; the engine never imports it.
"""
