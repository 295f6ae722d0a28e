"""Built pages read in one spelling, whatever the minifier chose.

minify-html drops quotes where HTML allows it and may reorder attributes. Tests read what a
reader's browser reads, so every page is parsed by the standard library's HTML parser and written
back with each attribute quoted and attributes sorted by name: `<a class="fact" href="…">`, and
with `&`, `<` and `>` in text written as references (`&lt;script&gt;`). Comments and the contents
of scripts and styles are kept as they are.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape
from html.parser import HTMLParser
from pathlib import Path

RAW_TEXT = {"script", "style"}


class _Canonical(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.raw_text = False

    def _tag(self, tag, attrs, closing: str) -> str:
        written = "".join(
            f" {name}" if value is None else f' {name}="{escape(value, quote=True)}"' for name, value in sorted(attrs)
        )
        return f"<{tag}{written}{closing}>"

    def handle_starttag(self, tag, attrs):
        self.parts.append(self._tag(tag, attrs, ""))
        self.raw_text = tag in RAW_TEXT

    def handle_startendtag(self, tag, attrs):
        self.parts.append(self._tag(tag, attrs, "/"))

    def handle_endtag(self, tag):
        self.parts.append(f"</{tag}>")
        self.raw_text = False

    def handle_data(self, data):
        self.parts.append(data if self.raw_text else escape(data, quote=False))

    def handle_comment(self, data):
        self.parts.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.parts.append(f"<!{decl}>")


def canonical_html(html: str) -> str:
    parser = _Canonical()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def read_html(path: Path) -> str:
    """A built page in the canonical spelling; each version of a file is parsed once, however many
    links and tests read it."""
    status = path.stat()
    return _read_version(str(path), status.st_mtime_ns, status.st_size)


@lru_cache(maxsize=256)
def _read_version(path: str, _mtime_ns: int, _size: int) -> str:
    return canonical_html(Path(path).read_text(encoding="utf-8"))
