"""Blocks of HTML that a generated page holds by the thousand, kept out of Python-Markdown's way.

Python-Markdown copies the rest of the page at the end of every block of raw HTML (to look for
the blank line after it), so a page of n such blocks costs n × its length: the data page, with
two or three blocks per fact, took minutes at 10,000 facts. Each block is replaced by a short
paragraph of one word before the Markdown is converted, and put back, byte for byte as
Python-Markdown would have written it, in the page's HTML after.
"""

from __future__ import annotations

import re
import secrets


class RawHtml:
    def __init__(self):
        # A word no page holds: letters and digits only, which no Markdown rule changes.
        self.prefix = f"KHUYENCONGRAWHTML{secrets.token_hex(6).upper()}N"
        self.blocks: dict[str, str] = {}
        self.pattern = re.compile(rf"<p>({self.prefix}\d+)</p>\n?")

    def keep(self, html: str) -> str:
        """The word that stands in the Markdown for a block of HTML (between blank lines)."""
        word = f"{self.prefix}{len(self.blocks)}"
        self.blocks[word] = html
        return word

    def restore(self, html: str) -> str:
        """The page's HTML with each block back where its word was; any word left is an error."""
        if not self.blocks:
            return html
        restored = self.pattern.sub(lambda match: self.blocks[match.group(1)] + "\n\n", html)
        if self.prefix in restored:
            raise ValueError("a block of HTML of a generated page was not put back")
        return restored
