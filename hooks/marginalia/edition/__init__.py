"""Edition: the validated whole (anchored notes, term uses, references, links, backlinks).

`build` orchestrates; `model` holds the data; `anchor_notes`, `term_uses`, `docs_pages`,
`references` (check every piece of editor Markdown), `link_check` (relative links) and
`backlinks` each do one step.

May import every lower layer: diagnostics, loading, anchoring, markup, linking.
"""
