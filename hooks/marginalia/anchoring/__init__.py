"""Anchoring: W3C TextQuoteSelectors located in a text (exact, then fuzzy), drift and orphans.

Owns offsets, never HTML. May import: marginalia.diagnostics, marginalia.loading.

- exact.py: Selector, exact anchoring (Aho-Corasick, one pass for all quotes)
- edit_distance.py: Myers' bit-parallel edit distance and alignments
- similarity.py: the one "% similar" figure, and typographic look-alike folding
- fuzzy.py: drift: scored approximate re-anchoring with an error budget, or orphan
- words.py: word boundaries (any script); a drifted passage's edges moved to whole words
- locate.py: the one locator (exact, then fuzzy) used by build, `make note` and import
- context.py: the shortest prefix/suffix that make a selection unique
- selector_yaml.py: the one YAML emitter for selectors shown to editors
"""
