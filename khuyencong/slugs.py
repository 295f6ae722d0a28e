"""Heading slugs that keep Vietnamese readable: đ becomes d, marks are dropped, nothing else is lost."""

from __future__ import annotations

import re
import unicodedata

LETTERS_WITHOUT_DECOMPOSITION = str.maketrans({"đ": "d", "Đ": "D"})
WORD = re.compile(r"[a-z0-9]+")


def slugify(text: str, separator: str = "-") -> str:
    """'Hà Nội điểm sáng' -> 'ha-noi-diem-sang' (Python-Markdown's toc calls it with a separator)."""
    folded = unicodedata.normalize("NFD", text.translate(LETTERS_WITHOUT_DECOMPOSITION))
    ascii_text = "".join(c for c in folded if not unicodedata.combining(c))
    words = WORD.findall(ascii_text.lower())
    return separator.join(words)
