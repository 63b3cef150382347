"""Anchoring: W3C TextQuoteSelectors located in a text (exact, then fuzzy), drift and orphans.

Owns offsets, never HTML. May import: marginalia.diagnostics, marginalia.loading.
"""
