"""Linking: glossary term occurrences, reference resolution within and across texts, backlinks.

May import: marginalia.diagnostics, loading, anchoring, markup.
"""
