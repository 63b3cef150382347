"""Rendering: HTML for the essay, notes and generated pages; the generator-neutral site description.

May import: every layer below (diagnostics ... edition). Knows no site generator.
"""
