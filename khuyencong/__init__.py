"""The fact engine of Khuyến công Hà Nội: load, validate and format the site's figures.

Plain Python with no MkDocs import, so the facts and the pages outlive the theme.
`macros.py` at the project root is the thin adapter that wires this package to MkDocs.
"""
