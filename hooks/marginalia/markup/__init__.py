"""Markup: Markdown to sanitized HTML or to plain text, and the [[kind:ref]] reference syntax.

`xrefs` (syntax, targets, links), `xref_extension` (the Python-Markdown inline processor),
`reference_check` (the one checker of references), `markdown_render` (bodies: check and render),
`plain_text` (the one Markdown-to-text helper), `sanitize` (allow-list HTML).

May import: marginalia.diagnostics, marginalia.loading, marginalia.anchoring.
"""
