"""Check each fact against the copy of its source document kept in sources/.

A source sentence must stand in the document letter for letter. Line breaks, the ** of a drop
capital, and the layout lines that a printed page puts in the middle of a sentence (the article's
heading and byline) are not text.

Each fact is pinned to its place in that sentence by its `words`, the words that state it as the
source writes them ("gần 22.000", "trên 12%/năm", "15-25%", "5 năm", "dưới 1 tỷ"). The words
must stand once in the sentence, whole (not inside a longer number or word), and hold one number
or range. At that place the sentence is read, not the words alone: the qualifier phrase that ends
right before the number (the longest one: "khoảng trên", not "trên"), the number as Vietnamese
writes it (1.350, 16,2, 15-25 or 15–25) with its scale word (tỷ, triệu, nghìn, ngàn), and the unit
markers right after it (%, /năm or mỗi/hàng/hằng/một năm, năm, đồng; a per-year marker may also
open the words: "hàng năm tăng khoảng 8%"). The words must span all of that, and the fact's
qualifier, value and unit must agree with it. A qualifying word the site has no qualifier for
(xấp xỉ, ít nhất, tối đa, ... or a trailing "trở lên") is an error naming it.

A source document is read only from a regular file in sources/: a symbolic link, or anything
that is not a regular file, is refused unread. Documents are read at every check (two small
files), so that an edited copy is seen at once under `make serve`.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from .facts import DOCUMENT_FILE, Fact, Facts
from .formatting import QUALIFIER_TEMPLATES
from .problems import Problem

LAYOUT_LINE = re.compile(r"^\s*(#+ |●).*$", re.MULTILINE)
SOURCES_DIR = "sources"

# A number or a range as the source writes it; the words must hold exactly one.
_NUMBER = r"\d+(?:[.,]\d+)*"
FIGURE = re.compile(rf"({_NUMBER})(?: ?[-–] ?({_NUMBER}))?")
# Vietnamese marks: "." groups thousands, "," starts the decimals: 1.350 · 22.000 · 16,2 · 1350.
VI_NUMBER = re.compile(r"(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?\Z")
SCALE_WORDS = {"tỷ": 10**9, "tỉ": 10**9, "triệu": 10**6, "nghìn": 10**3, "ngàn": 10**3}
SCALE = re.compile(r" (tỷ|tỉ|triệu|nghìn|ngàn)(?!\w)", re.IGNORECASE)
# The qualifier phrases of the site, as it writes them in Vietnamese: gần, trên, khoảng trên, ...
QUALIFIER_WORDS = {
    template["vi"].replace("{}", "").strip(): qualifier
    for qualifier, template in QUALIFIER_TEMPLATES.items()
    if template["vi"].replace("{}", "").strip()
}
# Words that qualify a number but that no qualifier of the site renders: the site would misstate them.
UNSUPPORTED_BEFORE = (
    "xấp xỉ", "ít nhất", "tối thiểu", "tối đa", "hàng", "chừng", "khoảng chừng", "ước tính", "ước khoảng",
    "gần như", "ngót", "ngót nghét", "trên dưới", "không quá", "không dưới", "chưa đến", "chưa tới",
    "chưa đầy", "lên đến", "lên tới", "đến", "tới", "hơn kém",
)  # fmt: skip
UNSUPPORTED_AFTER = ("trở lên", "trở xuống", "đổ lại", "có lẻ", "có dư")
_BEFORE_PHRASES = sorted({*QUALIFIER_WORDS, *UNSUPPORTED_BEFORE}, key=len, reverse=True)
# The longest phrase that ends right before a position: searched in the text up to it, the leftmost
# match is the longest phrase ("khoảng trên" before "trên").
PHRASE_BEFORE = re.compile(rf"(?<!\w)({'|'.join(map(re.escape, _BEFORE_PHRASES))}) \Z", re.IGNORECASE)
# A trailing one qualifies the number from anywhere in its clause: "200 cơ sở trở lên".
PHRASE_AFTER = re.compile(rf"(?<!\w)({'|'.join(map(re.escape, UNSUPPORTED_AFTER))})(?!\w)", re.IGNORECASE)
CLAUSE_END = re.compile(r"[,;:.!?()]")
# Unit markers right after the number (and its scale word), in the order a sentence may chain them;
# "năm" is the unit of years only right after the number.
MARKERS = (
    ("percent", re.compile(r" ?%")),
    ("per_year", re.compile(r" ?/ ?năm(?!\w)| (?:mỗi|hàng|hằng|một) năm(?!\w)", re.IGNORECASE)),
    # "5 năm" is five years, but "20% năm 2012" is 20% in the year 2012: a year is no unit.
    ("years", re.compile(r" năm(?!\w)(?! ?\d)", re.IGNORECASE)),
    ("currency", re.compile(r" (?:đồng|vnđ|vnd)(?!\w)", re.IGNORECASE)),
)
# A per-year marker may also open the words, before the qualifier: "hàng năm tăng khoảng 8%" (not
# "một năm" there: "sau một năm" is "after one year").
PER_YEAR_WORDS = re.compile(r"(?:mỗi|hàng|hằng) năm(?!\w)", re.IGNORECASE)
MARKER_NAMES = {
    "percent": "'%'",
    "per_year": "per-year marker ('/năm', 'mỗi năm', 'hàng năm')",
    "years": "'năm'",
    "currency": "'đồng'",
}
UNIT_MARKERS = {
    "count": frozenset(),
    "percent": frozenset({"percent"}),
    "percent_per_year": frozenset({"percent", "per_year"}),
    "years": frozenset({"years"}),
    "vnd": frozenset({"currency"}),
}


def normalize_text(text: str) -> str:
    text = LAYOUT_LINE.sub(" ", text).replace("**", "")
    return " ".join(text.split())


@dataclass(frozen=True)
class Finding:
    """A disagreement found in a fact: the field at fault, what disagrees, and the fix."""

    field: str
    message: str
    fix: str


@dataclass(frozen=True)
class Reading:
    """What the sentence states at the place of a fact's words."""

    words: str  # the words, whitespace normalized
    numbers: tuple  # Decimal, one or the two ends of a range, scale word applied
    stated: str  # the number as written, with its scale word: "1 tỷ", "15-25"
    qualifier: str | None  # a qualifier of the site; None when the sentence uses one the site lacks
    qualifier_words: str  # as the sentence writes it; "" for exact
    markers: dict  # marker kind -> as the sentence writes it: {"percent": "%", "per_year": "/năm"}
    others: tuple  # the other numbers of the sentence (Decimal), for a clearer message


def _vi_number(text: str) -> Decimal | None:
    match = VI_NUMBER.match(text)
    if not match:
        return None
    return Decimal(match.group(1).replace(".", "") + (f".{match.group(2)}" if match.group(2) else ""))


def _plain(number: Decimal) -> str:
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _word_at(text: str, index: int) -> str:
    """The whole word of text that holds the character at index."""
    left, right = index, index + 1
    while left and _word_char(text[left - 1]):
        left -= 1
    while right < len(text) and _word_char(text[right]):
        right += 1
    return text[left:right]


def _occurrences(sentence: str, words: str, figures: list) -> tuple[list[int], str]:
    """Where the words stand whole in the sentence, and the longer number or word they stand inside
    of when they stand nowhere whole."""
    places, inside = [], ""
    start = sentence.find(words)
    while start >= 0:
        end = start + len(words)
        cut = [
            m.group()
            for m in figures
            if m.start() < end and m.end() > start and not start <= m.start() < m.end() <= end
        ]
        if cut:
            inside = inside or f"the number {cut[0]!r}"
        elif start and _word_char(words[0]) and _word_char(sentence[start - 1]):
            inside = inside or f"the word {_word_at(sentence, start)!r}"
        elif end < len(sentence) and _word_char(words[-1]) and _word_char(sentence[end]):
            inside = inside or f"the word {_word_at(sentence, end - 1)!r}"
        else:
            places.append(start)
        start = sentence.find(words, start + 1)
    return places, inside


def read_words(sentence: str, words: str) -> tuple[Reading | None, tuple[Finding, ...]]:
    """Read the sentence at the place of the words; the findings that need no fact to be found."""
    sentence = unicodedata.normalize("NFC", normalize_text(sentence))
    words = unicodedata.normalize("NFC", " ".join(words.split()))
    shown = f"'{words}'"
    if not words:
        return None, (Finding("words", "no words pin the figure to its sentence", 'write words: "gần 22.000"'),)
    figures = list(FIGURE.finditer(sentence))
    places, inside = _occurrences(sentence, words, figures)
    if not places:
        if inside:
            return None, (
                Finding(
                    "words",
                    f"words {shown} stand only inside {inside} of the sentence",
                    "copy the whole number, with its qualifier and unit, from the sentence",
                ),
            )
        return None, (
            Finding(
                "words",
                f"words {shown} are not in the source sentence",
                "copy the words that state the figure exactly from the sentence",
            ),
        )
    if len(places) > 1:
        return None, (
            Finding(
                "words",
                f"words {shown} stand {len(places)} times in the source sentence",
                "add a neighbouring word of the sentence so that the words point to one place",
            ),
        )
    start, end = places[0], places[0] + len(words)
    inner = [m for m in figures if start <= m.start() and m.end() <= end]
    if len(inner) != 1:
        count = f"{len(inner)} numbers ({', '.join(m.group() for m in inner)})" if inner else "no number"
        return None, (
            Finding(
                "words",
                f"words {shown} hold {count}",
                "pin the words that state this figure alone: its qualifier, number and unit",
            ),
        )
    figure = inner[0]
    ends = [g for g in figure.groups() if g is not None]
    numbers = [_vi_number(n) for n in ends]
    if None in numbers:
        return None, (
            Finding(
                "words",
                f"words {shown}: '{figure.group()}' is not a number as Vietnamese writes it",
                "the source writes 1.350 for a thousand three hundred and fifty, 16,2 for sixteen point two",
            ),
        )
    findings = []
    # The scale words and unit markers right after the number.
    position, scale = figure.end(), 1
    while match := SCALE.match(sentence, position):
        scale *= SCALE_WORDS[match.group(1).lower()]
        position = match.end()
    stated = sentence[figure.start() : position]
    markers: dict = {}
    while True:
        for kind, pattern in MARKERS:
            if kind in markers or (kind == "years" and markers):
                continue
            if match := pattern.match(sentence, position):
                markers[kind] = match.group().strip()
                position = match.end()
                break
        else:
            break
    statement_end = position
    clause_end = CLAUSE_END.search(sentence, position)
    clause_end = clause_end.start() if clause_end else len(sentence)
    clause_end = min([clause_end, *(m.start() for m in figures if m.start() >= position)])
    if match := PHRASE_AFTER.search(sentence, position, clause_end):
        findings.append(_unsupported(match.group(1), shown, "after"))
    # The qualifier: the longest known phrase that ends right before the number.
    qualifier, qualifier_words, statement_start = "exact", "", figure.start()
    match = PHRASE_BEFORE.search(sentence, 0, figure.start())
    if match:
        phrase = match.group(1)
        if phrase.lower() in QUALIFIER_WORDS:
            qualifier, qualifier_words, statement_start = QUALIFIER_WORDS[phrase.lower()], phrase, match.start()
            before = PHRASE_BEFORE.search(sentence, 0, match.start())
            if before and before.group(1).lower() not in QUALIFIER_WORDS:
                findings.append(_unsupported(before.group(1), shown, "before"))
        else:
            qualifier = None
            findings.append(_unsupported(phrase, shown, "before"))
    # The words span the statement: from its qualifier to its last unit marker.
    whole = sentence[min(start, statement_start) : max(end, statement_end)]
    if start > statement_start:
        findings.append(
            Finding(
                "words",
                f"words {shown} leave out '{sentence[statement_start:start].strip()}' that the sentence writes "
                "before the number",
                f'write words: "{whole}"',
            )
        )
    if end < statement_end:
        findings.append(
            Finding(
                "words",
                f"words {shown} stop before '{sentence[end:statement_end].strip()}' that the sentence writes "
                "after the number",
                f'write words: "{whole}"',
            )
        )
    if "per_year" not in markers and (match := PER_YEAR_WORDS.match(sentence, start, statement_start)):
        markers["per_year"] = match.group()
    others = []
    for other in figures:
        if other is not figure:
            others.extend(n for n in map(_vi_number, (g for g in other.groups() if g)) if n is not None)
    reading = Reading(
        words=words,
        numbers=tuple(n * scale for n in numbers),
        stated=stated,
        qualifier=qualifier,
        qualifier_words=qualifier_words,
        markers=markers,
        others=tuple(others),
    )
    return reading, tuple(findings)


def _unsupported(phrase: str, shown: str, side: str) -> Finding:
    return Finding(
        "words",
        f"the sentence writes '{phrase}' {side} the number of the words {shown}, and the site has no qualifier "
        f"for '{phrase}'",
        "do not cite this figure as a fact, or ask for a qualifier that renders it faithfully in both languages",
    )


def _decimal(number) -> Decimal:
    return Decimal(repr(number)) if isinstance(number, float) else Decimal(number)


def _shown_value(numbers) -> str:
    parts = [_plain(n) for n in numbers]
    return f"[{', '.join(parts)}]" if len(parts) == 2 else parts[0]


def _value_findings(fact: Fact, reading: Reading) -> list[Finding]:
    values = tuple(_decimal(n) for n in fact.numbers)
    if values == reading.numbers:
        return []
    stated = _shown_value(reading.numbers)
    if len(values) != len(reading.numbers):
        kind = "a range" if fact.is_range else "one number"
        return [
            Finding(
                "value",
                f"value {_shown_value(values)} is {kind}, but its words '{reading.words}' state {reading.stated}",
                f"write value: {stated}",
            )
        ]
    others = [_plain(v) for v in values if v in reading.others and v not in reading.numbers]
    also = f" ({', '.join(others)} is another number of the sentence)" if others else ""
    return [
        Finding(
            "value",
            f"value {_shown_value(values)} disagrees with its words '{reading.words}', which state {stated}{also}",
            f"write value: {stated}, or pin the words that state {_shown_value(values)}",
        )
    ]


def _qualifier_findings(fact: Fact, reading: Reading) -> list[Finding]:
    if reading.qualifier is None or reading.qualifier == fact.qualifier:
        return []
    written = f"'{reading.qualifier_words}'" if reading.qualifier_words else "no qualifier word"
    return [
        Finding(
            "qualifier",
            f"qualifier is {fact.qualifier}, but the sentence writes {written} before the number "
            f"of the words '{reading.words}' ({reading.qualifier})",
            f"write qualifier: {reading.qualifier}",
        )
    ]


def _unit_findings(fact: Fact, reading: Reading) -> list[Finding]:
    needed = UNIT_MARKERS[fact.unit]
    present = set(reading.markers)
    findings = []
    extra = sorted(present - needed)
    if extra:
        matching = [unit for unit, markers in UNIT_MARKERS.items() if markers == present]
        written = ", ".join(f"'{reading.markers[kind]}'" for kind in extra)
        findings.append(
            Finding(
                "unit",
                f"unit is {fact.unit}, but the sentence writes {written} with the number of the words "
                f"'{reading.words}'",
                f"write unit: {matching[0]}" if matching else "check the unit against the sentence",
            )
        )
    missing = sorted(needed - present)
    if fact.unit_in_source and missing:
        names = " and ".join(MARKER_NAMES[kind] for kind in missing)
        findings.append(
            Finding(
                "unit",
                f"unit is {fact.unit}, but the sentence writes no {names} after the number of the words "
                f"'{reading.words}'",
                "pin the words with the unit the sentence writes; if the source does not write it, add "
                "'unit_in_source: false' to say the unit is the site's reading",
            )
        )
    if not fact.unit_in_source and not missing:
        written = ", ".join(f"'{reading.markers[kind]}'" for kind in sorted(needed)) or "nothing (count has no unit)"
        findings.append(
            Finding(
                "unit_in_source",
                f"unit_in_source is false, but the words '{reading.words}' write the unit: {written}",
                "delete 'unit_in_source: false'",
            )
        )
    return findings


def check_words(fact: Fact) -> list[Finding]:
    """Where the fact's value, qualifier or unit disagrees with the words that pin it to its sentence."""
    reading, findings = read_words(fact.source.sentence, fact.words)
    if reading is None:
        return list(findings)
    return [
        *findings,
        *_value_findings(fact, reading),
        *_qualifier_findings(fact, reading),
        *_unit_findings(fact, reading),
    ]


def read_document_bytes(root: Path, file: str) -> tuple[bytes | None, str, str]:
    """The bytes of a source document, or None with what is wrong and the fix.

    Only a regular file of sources/ is read: never through a symbolic link, never a device or a
    pipe, never a path outside sources/ (the loader refuses those paths too)."""
    refuse = "keep a plain copy of the source document in sources/ (not a link)"
    if not DOCUMENT_FILE.match(file):
        return None, f"file {file!r} is not a file of sources/", "write sources/NAME"
    folder = root / SOURCES_DIR
    if folder.is_symlink() or not folder.is_dir():
        return None, f"{SOURCES_DIR}/ is a symbolic link or no folder", refuse
    path = root / file
    try:
        status = path.lstat()
    except FileNotFoundError:
        return None, f"file {file} not found", "keep a copy of the source document in sources/"
    except OSError as error:
        return None, f"file {file} cannot be read ({error.strerror})", refuse
    if stat.S_ISLNK(status.st_mode):
        return None, f"file {file} is a symbolic link, not read", refuse
    if not stat.S_ISREG(status.st_mode):
        return None, f"file {file} is not a regular file, not read", refuse
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:  # replaced by a link or removed since lstat
        return None, f"file {file} cannot be read ({error.strerror})", refuse
    with open(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return None, f"file {file} is not a regular file, not read", refuse
        return handle.read(), "", ""


def read_document(root: Path, file: str) -> tuple[str | None, str, str]:
    """The normalized text of a source document, or None with what is wrong and the fix."""
    data, message, fix = read_document_bytes(root, file)
    if data is None:
        return None, message, fix
    try:
        return normalize_text(data.decode("utf-8")), "", ""
    except UnicodeDecodeError:
        return None, f"file {file} is not UTF-8 text", "save the copy of the document as UTF-8"


def check_evidence(facts: Facts, root: Path) -> list[Problem]:
    """Problems where a fact's sentence is not in its source document, or where its value,
    qualifier or unit disagrees with the words that state it in that sentence."""
    problems = []
    texts = {}
    for document in facts.documents.values():
        text, message, fix = read_document(root, document.file)
        texts[document.key] = text
        if text is None:
            line, col = document.positions.get("file", (1, 1))
            problems.append(Problem(facts.path, line, col, f"document {document.key}: {message}", fix))
    for fact in facts:
        document = fact.source.document
        text = texts.get(document.key)
        if text is not None and normalize_text(fact.source.sentence) not in text:
            line, col = fact.positions.get("source.sentence", (fact.line, 1))
            problems.append(
                Problem(
                    facts.path,
                    line,
                    col,
                    f"{fact.key}: source sentence is not in {document.file} word for word",
                    "copy the sentence exactly from the document",
                )
            )
        for finding in check_words(fact):
            line, col = fact.positions.get(finding.field, (fact.line, 1))
            problems.append(Problem(facts.path, line, col, f"{fact.key}: {finding.message}", finding.fix))
    return problems
