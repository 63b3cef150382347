"""Loading: YAML with a location for every value (bounded: no aliases, limited nesting and size), JSON
Schema validation, the data model, seed text, the inventory of data files (none ignored silently) and
the HTML ids derived from data ids (ids.py: unique by construction).

Owns files on disk -> located, validated model objects. May import: marginalia.diagnostics only.
"""
