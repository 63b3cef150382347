"""Loading: YAML with a location for every value, JSON Schema validation, the data model, seed text.

Owns files on disk -> located, validated model objects. May import: marginalia.diagnostics only.
"""
