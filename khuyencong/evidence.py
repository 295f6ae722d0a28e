"""Check each fact against the copy of its source document kept in sources/.

A source sentence must stand in the document letter for letter, and must contain the figure
as the source writes it. Line breaks, the ** of a drop capital, and the layout lines that a
printed page puts in the middle of a sentence (the article's heading and byline) are not text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .facts import Facts
from .formatting import format_number
from .problems import Problem

LAYOUT_LINE = re.compile(r"^\s*(#+ |●).*$", re.MULTILINE)
SCALE_WORDS_VI = {1_000_000_000: "tỷ", 1_000_000: "triệu"}


def normalize_text(text: str) -> str:
    text = LAYOUT_LINE.sub(" ", text).replace("**", "")
    return " ".join(text.split())


@lru_cache(maxsize=8)
def _document_text(path: Path) -> str:
    return normalize_text(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=4096)
def _figure_pattern(spelling: str) -> re.Pattern:
    """The figure as a whole number in a sentence: 1.350 but not 21.350 or 1.3505."""
    return re.compile(rf"(?<![\d.,]){re.escape(spelling)}(?![\d])")


@lru_cache(maxsize=4096, typed=True)  # typed: 16 and 16.0 are equal keys but may be written apart
def source_spellings(number) -> frozenset[str]:
    """How a Vietnamese source may write a number: 22.000, 16,2, or 1 tỷ for a billion."""
    spellings = {format_number(number, "vi")}
    for scale, word in SCALE_WORDS_VI.items():
        if number >= scale and number % scale == 0:
            spellings.add(f"{format_number(number // scale, 'vi')} {word}")
    return frozenset(spellings)


def check_evidence(facts: Facts, root: Path) -> list[Problem]:
    """Problems where a fact's sentence or figure is not in its source document."""
    problems = []
    for document in facts.documents.values():
        if not (root / document.file).is_file():
            problems.append(
                Problem(
                    facts.path,
                    1,
                    1,
                    f"document {document.key}: file {document.file} not found",
                    "keep a copy of the source document in sources/",
                )
            )
    for fact in facts:
        path = root / fact.source.document.file
        if not path.is_file():
            continue
        sentence = normalize_text(fact.source.sentence)
        if sentence not in _document_text(path):
            problems.append(
                Problem(
                    facts.path,
                    fact.line,
                    1,
                    f"{fact.key}: source sentence is not in {fact.source.document.file} word for word",
                    "copy the sentence exactly from the document",
                )
            )
            continue
        for number in fact.numbers:
            if not any(_figure_pattern(s).search(sentence) for s in source_spellings(number)):
                problems.append(
                    Problem(
                        facts.path,
                        fact.line,
                        1,
                        f"{fact.key}: value {number} does not appear in its source sentence",
                        "check the value against the sentence",
                    )
                )
    return problems
