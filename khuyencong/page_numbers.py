"""Every number in a page's prose, and the few kinds of number that are not figures.

A figure on a page comes from a fact through a macro. Any other number a reader would see is a
problem, unless it is one of the declared kinds below (a span of years, a year named as such, a
document number, a technical name). Figures written in words are read too, so that "hai mươi
hai nghìn" cannot stand in for a fact's 22.000.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .markdown_syntax import LINK, REFERENCE_LINK

MAGNITUDES = {
    "nghìn": 1_000,
    "ngàn": 1_000,
    "thousand": 1_000,
    "triệu": 1_000_000,
    "million": 1_000_000,
    "tỷ": 1_000_000_000,
    "tỉ": 1_000_000_000,
    "billion": 1_000_000_000,
}
_MAGNITUDE = "|".join(sorted(MAGNITUDES, key=len, reverse=True))
# Digits with group or decimal marks in either language's style, and a magnitude word after them.
NUMBER = re.compile(rf"\d+(?:[.,]\d+)*(?:\s+(?:{_MAGNITUDE})(?!\w))?")

NOT_MORE_DIGITS = r"(?![.,]?\d|\w)"
# The kinds of number that are not figures, each written once. A year alone must be named as a
# year ("năm 2012", "in 2012"): a bare 2012 could as well be a count.
NON_FIGURES = {
    "span of years": re.compile(rf"(?<![\d.,])((?:19|20)\d\d)\s*[–-]\s*((?:19|20)\d\d){NOT_MORE_DIGITS}"),
    "year": re.compile(rf"(?<!\w)(?:năm|Năm|in|In|since|Since|until|Until|year|Year)\s+(?:19|20)\d\d{NOT_MORE_DIGITS}"),
    "document number": re.compile(r"(?<![\w/])\d{1,4}/(?:19|20)\d\d/[A-ZĐ][A-Za-zĐđ]*(?:-[A-ZĐ][A-Za-zĐđ]*)*(?!\w)"),
    "technical name": re.compile(r"(?<!\w)(?:UTF-8)(?!\w)"),
    "page of a document": re.compile(
        rf"(?<!\w)(?:[Tt]rang(?: in)?(?: số)?|[Pp]age|[Pp]\.|tr\.)\s+\d{{1,4}}{NOT_MORE_DIGITS}"
    ),
}

# Markdown that a reader does not see as text: link targets, heading ids and classes, list
# numbers, HTML tags (but not the attributes a reader sees), code that names a file or key.
ID_AND_CLASS_LIST = re.compile(r"\{:?\s*(?:[#.][\w-]+\s*)+\}")
LIST_NUMBER = re.compile(r"^\s*\d+[.)]\s", re.MULTILINE)
HTML_TAG = re.compile(r"<[^>\n]*>")
READABLE_ATTRIBUTE = re.compile(r"""\b(?:title|alt|aria-label|placeholder|content|label)\s*=\s*(["'])(.*?)\1""")
CODE_NAME = re.compile(r"`[\w./:-]*[A-Za-z_][\w./:-]*`")

WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
VI_DIGITS = {
    "không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5,
    "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9,
}  # fmt: skip
EN_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
TENS_WORDS = {"mười", "mươi", "chục"}
HUNDRED_WORDS = {"trăm", "hundred"}
FILLERS = {"linh", "lẻ", "and"}
NUMBER_WORDS = set(VI_DIGITS) | set(EN_UNITS) | TENS_WORDS | HUNDRED_WORDS | FILLERS | set(MAGNITUDES)
# Words that are numbers but also everyday words (a, not, year, fourth, ...): alone, they are
# read as the everyday word.
AMBIGUOUS_ALONE = {"một", "mốt", "không", "năm", "lăm", "tư", "linh", "lẻ", "and", "one"} | set(MAGNITUDES)


@dataclass(frozen=True)
class PageNumber:
    text: str
    offset: int
    values: frozenset
    in_words: bool = False


def _blank(match: re.Match) -> str:
    return " " * len(match.group(0))


def _keep_readable_attributes(match: re.Match) -> str:
    tag = match.group(0)
    kept = [" "] * len(tag)
    for attribute in READABLE_ATTRIBUTE.finditer(tag):
        kept[attribute.start(2) : attribute.end(2)] = attribute.group(2)
    return "".join(kept)


def prose_of(markdown: str) -> str:
    """The text a reader sees, at the same offsets: everything else is blanked out."""
    text = REFERENCE_LINK.sub(_blank, LINK.sub(_blank, markdown))
    text = ID_AND_CLASS_LIST.sub(_blank, text)
    text = LIST_NUMBER.sub(_blank, text)
    text = HTML_TAG.sub(_keep_readable_attributes, text)
    return CODE_NAME.sub(_blank, text)


def _digit_values(token: str) -> frozenset:
    """What a number may mean: 1.350 is 1350 in Vietnamese and 1.35 in English."""
    digits, _, word = token.partition(" ")
    scale = MAGNITUDES.get(word.strip(), 1)
    readings = set()
    for group, decimal in ((".", ","), (",", ".")):
        plain = digits.replace(group, "").replace(decimal, ".")
        if plain.count(".") <= 1:
            readings.add(float(plain) * scale)
    return frozenset(readings)


def _spans_of_years_are_ordered(match: re.Match) -> bool:
    return match.re is not NON_FIGURES["span of years"] or match.group(1) < match.group(2)


def _words_value(words: list[str]) -> float | None:
    """The value of a run of number words (vi or en), or None when they do not make a number."""
    total, group, pending, scaled = 0, 0, None, False
    for word in words:
        if word in FILLERS:
            continue
        if word in VI_DIGITS or word in EN_UNITS:
            value = VI_DIGITS.get(word, EN_UNITS.get(word))
            if pending is not None and not (pending >= 20 and value < 10):
                return None
            pending = value + (pending or 0)
        elif word == "mười":
            group += 10
        elif word in ("mươi", "chục"):
            group += (pending or 1) * 10
            pending = None
        elif word in HUNDRED_WORDS:
            group += (pending or 1) * 100
            pending = None
        elif word in MAGNITUDES:
            if scaled and not group and pending is None:
                total *= MAGNITUDES[word]  # "nghìn triệu": a thousand millions
            else:
                total += ((group + (pending or 0)) or 1) * MAGNITUDES[word]
            group, pending = 0, None
        scaled = word in MAGNITUDES
    return float(total + group + (pending or 0))


def _word_runs(prose: str):
    """Runs of number words, each as (text, offset, value)."""
    run: list[re.Match] = []
    for match in [*WORD.finditer(prose), None]:
        parts = match.group(0).lower().split("-") if match else []
        if (
            match
            and all(part in NUMBER_WORDS for part in parts)
            and (not run or prose[run[-1].end() : match.start()].strip(" ") == "")
        ):
            run.append(match)
            continue
        if run:
            words = [part for m in run for part in m.group(0).lower().split("-")]
            # "năm năm" is five years: the second "năm" is the word year, the first its number.
            of_years = words[-2:] == ["năm", "năm"]
            if of_years:
                words, run = words[:-1], run[:-1]
            alone = len(words) == 1 and words[0] in AMBIGUOUS_ALONE and not of_years
            if not alone and not all(w in FILLERS for w in words):
                value = _words_value(words)
                if value is not None:
                    yield prose[run[0].start() : run[-1].end()], run[0].start(), value
        run = [match] if match and all(p in NUMBER_WORDS for p in parts) else []


def numbers_in(markdown: str) -> list[PageNumber]:
    """Every number in a piece of a page's Markdown that is not of a declared kind, with its offset."""
    prose = prose_of(markdown)
    for pattern in NON_FIGURES.values():
        prose = pattern.sub(lambda m: _blank(m) if _spans_of_years_are_ordered(m) else m.group(0), prose)
    found = [PageNumber(m.group(0), m.start(), _digit_values(m.group(0))) for m in NUMBER.finditer(prose)]
    found += [PageNumber(text, offset, frozenset({value}), True) for text, offset, value in _word_runs(prose)]
    return sorted(found, key=lambda number: number.offset)
