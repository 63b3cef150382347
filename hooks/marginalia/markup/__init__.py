"""Markup: Markdown to sanitized HTML or to plain text, and the [[kind:id]] reference syntax.

May import: marginalia.diagnostics, marginalia.loading, marginalia.anchoring.
"""
