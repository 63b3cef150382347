"""Edition: the validated whole (anchored notes, term uses, references, backlinks) and its messages.

May import every lower layer: diagnostics, loading, anchoring, markup, linking.
"""
