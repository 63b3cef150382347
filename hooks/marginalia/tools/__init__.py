"""Tools for editors: `python -m marginalia` (check, note stubs, import, from-issue, prepare).

The top layer: may import any other layer; nothing in the engine imports it.
"""
