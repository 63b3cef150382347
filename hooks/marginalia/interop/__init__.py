"""Interop: W3C Web Annotation export and import.

May import: every layer below (diagnostics ... rendering).
"""
