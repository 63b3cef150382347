"""Linking: glossary term occurrences, the table of reference targets of every text, and the
cross-reference extension as generators load it by name (`marginalia.linking.xref_extension`).

May import: marginalia.diagnostics, loading, anchoring, markup.
"""
