"""Data is text: one function per place a value of data/ lands, each making it read literally there.

Labels, titles, notes and names are written by editors, not by programmers: whatever they hold
(quotes, `<script>`, Markdown, a leading `=`) a reader must see as the same characters, and no
context may read them as code. Each function below is for one context; HTML outside Markdown uses
`html.escape` or markupsafe as usual.
"""

from __future__ import annotations

import json
import re
from html import escape

# What Python-Markdown reads as syntax after a backslash with this site's extensions (attr_list,
# abbr, admonition, def_list, md_in_html, tables, toc): its core ESCAPED_CHARS plus the tables
# extension's "|". tests/test_data_is_text.py checks this list against Python-Markdown itself.
MARKDOWN_ESCAPED_CHARS = "\\`*_{}[]()>#+-.!|"
# Characters of HTML, written as references in every context that holds HTML.
HTML_CHARS = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
# The characters Python-Markdown reads as syntax in the middle of a line: inline code, escapes,
# emphasis, attribute lists, links and images, table cells. In HTML that a page's Markdown holds
# (an inline tag's attributes, or the text of a block that may be raw HTML or may be inline),
# they are written as character references, which Python-Markdown keeps as they are and a
# browser reads as the character.
MARKDOWN_INLINE_SYNTAX = "\\`*_{}[]!|"

_MARKDOWN_TEXT = str.maketrans({**{c: "\\" + c for c in MARKDOWN_ESCAPED_CHARS}, **HTML_CHARS})
_HTML_IN_MARKDOWN = str.maketrans({**{c: f"&#{ord(c)};" for c in MARKDOWN_INLINE_SYNTAX}, **HTML_CHARS, "'": "&#39;"})
_JSON_IN_SCRIPT = str.maketrans({c: f"\\u{ord(c):04x}" for c in "<>&\u2028\u2029"})
# A line break in a value would open a new Markdown block (a list, a heading, a definition).
LINE_BREAKS = re.compile(r"[ \t]*(?:\r\n|[\r\n\v\f\x1c-\x1e\x85\u2028\u2029])+[ \t]*")
# What XML 1.0 (and so SVG) does not allow in a document at all: C0 controls but tab, line feed
# and carriage return; lone surrogates; U+FFFE and U+FFFF. Vega's text layout aborts the
# whole process on them (a Rust panic), and a browser refuses an SVG file that holds one.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# A spreadsheet reads a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def one_line(text: str) -> str:
    """The text with each line break, and the spaces around it, as one space."""
    return LINE_BREAKS.sub(" ", text)


def markdown_text(text: str) -> str:
    """Text placed into Markdown (a heading, a table cell, a definition, a link's text) that
    Python-Markdown must show literally: every syntax character backslash-escaped, HTML's
    characters as references, on one line."""
    return xml_safe(one_line(text)).translate(_MARKDOWN_TEXT)


def html_in_markdown(text: str) -> str:
    """Text or an attribute value of HTML that stands in a page's Markdown: HTML-escaped, and
    with Markdown's inline syntax as character references, so it reads the same whether
    Python-Markdown keeps the HTML as a raw block or reads it as inline HTML in a paragraph."""
    return xml_safe(one_line(text)).translate(_HTML_IN_MARKDOWN)


def xml_safe(text: str) -> str:
    """The text without the characters XML forbids (see NOT_XML); nothing else changes."""
    return NOT_XML.sub("", text)


def xml_text(text: str) -> str:
    """Text or an attribute value of an SVG (XML) file."""
    return escape(xml_safe(text), quote=True)


def json_for_script(data, indent: int | None = None) -> str:
    """JSON that is safe inside an HTML <script> block, and anywhere else JSON goes: <, >, & and
    the two JavaScript line separators as \\u escapes, which every JSON reader turns back."""
    return json.dumps(data, ensure_ascii=False, indent=indent).translate(_JSON_IN_SCRIPT)


def csv_cell(value):
    """A CSV cell that no spreadsheet reads as a formula: text starting with =, +, -, @, a tab or a
    carriage return gets a leading apostrophe. Numbers and empty cells are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
