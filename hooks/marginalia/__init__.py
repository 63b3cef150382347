"""Marginalia: the annotation engine of the edition.

Pure Python, no MkDocs import: it loads and validates the editors' data, anchors notes
in the essay, and renders HTML fragments. `hooks/edition_hook.py` wires it into MkDocs.
"""
from __future__ import annotations

from marginalia.diagnostics import DataError, Diagnostic, Location

__all__ = ["DataError", "Diagnostic", "Location"]
