"""Load data/facts.yaml into checked, immutable facts.

Every problem in the file is collected and raised together as a ContentError, one line each,
with the file, the line, the key and the fix.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal
from pathlib import Path

from .page_numbers import numbers_in
from .problems import ContentError, Problem
from .yaml_source import Mapping, load_yaml

LANGUAGES = ("vi", "en")
UNITS = ("count", "percent", "percent_per_year", "vnd", "years")
QUALIFIERS = ("exact", "nearly", "over", "more_than", "about", "about_over", "under")
# Every name written in data (fact keys, chart names, document keys) matches SAFE_NAME: it ends up
# in file names, URLs, HTML ids and attributes, where nothing but these characters is harmless.
# (\Z, not $: $ also matches before a final line break, and "name\n" is no safe name.)
SAFE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}(?:\.[a-z][a-z0-9_]{0,63}){0,3}\Z")
# A fact key names a topic and the figure: craft_villages.total.
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,63}(?:\.[a-z][a-z0-9_]{0,63}){1,3}\Z")
PERIOD_PATTERN = re.compile(r"^(\d{4})(?:-(\d{4}))?\Z")
# A source document is read from sources/ and nowhere else: a plain file name in that folder, no
# sub-folder, no "..", no absolute path, no backslash, no hidden file.
DOCUMENT_FILE = re.compile(r"^sources/(?!.*\.\.)[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}\Z")
# No figure of this site comes near a million billion: a larger value is a typing slip.
VALUE_LIMIT = 1e15
UNDATED = "undated"

DOCUMENT_FIELDS = {
    "title": str,
    "title_en": str,
    "author": str,
    "author_en": str,
    "kind": str,
    "kind_en": str,
    "file": str,
    "page": (int, type(None)),
    "file_page": (int, type(None)),
    "note": str,
    "note_en": str,
}
FACT_FIELDS = {
    "value": (int, float, list),
    "unit": str,
    "qualifier": str,
    "words": str,
    "period": (str, int),
    "label": Mapping,
    "source": Mapping,
}
# unit_in_source: false says that the source writes the figure without its unit (dưới 1 tỷ, no
# "đồng"): the unit is the site's reading. evidence.py accepts it only where the words lack the unit.
OPTIONAL_FACT_FIELDS = {"unit_in_source": bool}
SOURCE_FIELDS = {"document": str, "page": (int, type(None)), "sentence": str, "sentence_en": str}
LABEL_FIELDS = {"vi": str, "en": str}


@dataclass(frozen=True)
class Document:
    key: str
    title: str
    title_en: str
    author: str
    author_en: str
    kind: str
    kind_en: str
    file: str
    page: int | None
    file_page: int | None
    note: str
    note_en: str
    # (line, column) in the facts file of each field, for problems found after loading.
    positions: dict = dataclass_field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Source:
    document: Document
    page: int | None
    sentence: str
    sentence_en: str


@dataclass(frozen=True)
class Fact:
    key: str
    value: float | int | tuple
    unit: str
    qualifier: str
    period: str
    label: dict
    source: Source
    line: int
    # The words of the source sentence that state the figure, as the source writes them: "gần 22.000".
    words: str = ""
    # False when the source does not write the unit (dưới 1 tỷ, no "đồng"): the unit is the site's reading.
    unit_in_source: bool = True
    # (line, column) in the facts file of each field ("value", "source.sentence", ...).
    positions: dict = dataclass_field(default_factory=dict, compare=False, repr=False)

    @property
    def is_range(self) -> bool:
        return isinstance(self.value, tuple)

    @property
    def numbers(self) -> tuple:
        """The plain numbers of the value: one, or the two ends of a range."""
        return self.value if self.is_range else (self.value,)


@dataclass(frozen=True)
class Facts:
    path: str
    documents: dict
    facts: dict

    def __getitem__(self, key: str) -> Fact:
        return self.facts[key]

    def __contains__(self, key: str) -> bool:
        return key in self.facts

    def __iter__(self):
        return iter(self.facts.values())

    def __len__(self) -> int:
        return len(self.facts)

    def closest_keys(self, key: str) -> list[str]:
        return difflib.get_close_matches(key, list(self.facts), n=3, cutoff=0.5)


def _type_name(expected) -> str:
    types = expected if isinstance(expected, tuple) else (expected,)
    names = {int: "a whole number", float: "a number", list: "a list", str: "text", bool: "true or false"}
    names.update({Mapping: "a mapping", type(None): "null"})
    return " or ".join(names[t] for t in types)


class Checker:
    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []

    def add(self, where: Mapping, key: str | None, message: str, fix: str) -> None:
        line, col = where.position_of(key) if key else (where.line, where.col)
        self.problems.append(Problem(self.path, line, col, message, fix))

    def no_figures(self, entry: Mapping, fields, name: str) -> bool:
        """Text a reader sees (a label, a note) holds no number of its own: a figure belongs in
        a fact, shown through a macro, where its source goes with it."""
        ok = True
        for field in fields:
            for number in numbers_in(entry[field]):
                if not number.in_words:
                    self.add(
                        entry,
                        field,
                        f"{name}: number '{number.text}' in '{field}' comes from no fact",
                        "leave figures to the facts and the pages that cite them; years are written "
                        "as 'năm 2012'/'in 2012' or a span 2008–2012",
                    )
                    ok = False
        return ok

    def fields(self, entry, spec: dict, name: str, optional: dict | None = None) -> bool:
        """Check that `entry` is a mapping with the fields of `spec`, maybe some of `optional`, and no
        other, each well typed."""
        if not isinstance(entry, Mapping):
            return False
        allowed = {**spec, **(optional or {})}
        ok = True
        for field, expected in allowed.items():
            if field not in entry:
                if field in spec:
                    self.add(
                        entry, None, f"{name}: missing field '{field}'", f"add '{field}:' ({_type_name(expected)})"
                    )
                    ok = False
            elif not _has_type(entry[field], expected):
                self.add(
                    entry,
                    field,
                    f"{name}: field '{field}' must be {_type_name(expected)}, not {entry[field]!r}",
                    f"write {_type_name(expected)} after '{field}:'",
                )
                ok = False
        for field in entry:
            if field not in allowed:
                close = difflib.get_close_matches(str(field), list(allowed), n=1)
                hint = f"did you mean '{close[0]}'?" if close else f"allowed fields: {', '.join(allowed)}"
                self.add(entry, field, f"{name}: unknown field '{field}'", hint)
                ok = False
        return ok


def _has_type(value, expected) -> bool:
    """isinstance, except that true and false are no numbers: only a field that asks for bool takes them."""
    types = expected if isinstance(expected, tuple) else (expected,)
    if isinstance(value, bool):
        return bool in types
    return isinstance(value, types)


def _check_value(checker: Checker, entry: Mapping, key: str):
    value = entry["value"]
    numbers = value if isinstance(value, list) else [value]
    if isinstance(value, list) and (
        len(value) != 2 or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
    ):
        checker.add(entry, "value", f"{key}: a range must be two numbers", "write it as [15, 25]")
        return None
    for number in numbers:
        if isinstance(number, float) and not math.isfinite(number):  # an int is finite (and may not fit a float)
            checker.add(
                entry, "value", f"{key}: value {number} is not a finite number", "write the figure the source states"
            )
            return None
        if abs(number) >= VALUE_LIMIT:
            checker.add(
                entry,
                "value",
                f"{key}: value {number if abs(number) < 10**24 else f'{Decimal(number):.3e}'} is absurdly large "
                "(1e15 or more)",
                "write the figure the source states, in full units: 1 tỷ is 1000000000",
            )
            return None
    if isinstance(value, list):
        if value[0] >= value[1]:
            checker.add(entry, "value", f"{key}: range {value} does not go up", "write the lower end first")
            return None
        return tuple(value)
    return value


def _check_choice(checker: Checker, entry: Mapping, key: str, field: str, choices) -> bool:
    if entry[field] in choices:
        return True
    close = difflib.get_close_matches(entry[field], choices, n=1)
    hint = f"did you mean '{close[0]}'?" if close else f"use one of: {', '.join(choices)}"
    checker.add(entry, field, f"{key}: unknown {field} '{entry[field]}'", hint)
    return False


def _check_period(checker: Checker, entry: Mapping, key: str) -> bool:
    period = str(entry["period"])
    match = PERIOD_PATTERN.match(period)
    if period == UNDATED or (match and (not match.group(2) or match.group(1) < match.group(2))):
        return True
    checker.add(
        entry,
        "period",
        f"{key}: period '{period}' is not a year, a span of years or '{UNDATED}'",
        f"write 2012, 2008-2012, or {UNDATED} when the source gives no date",
    )
    return False


def _load_documents(checker: Checker, data: Mapping) -> dict:
    documents = {}
    raw = data.get("documents")
    if not isinstance(raw, Mapping):
        checker.add(
            data,
            "documents" if "documents" in data else None,
            "missing 'documents:' mapping",
            "list each source document under 'documents:'",
        )
        return documents
    for key, entry in raw.items():
        if not isinstance(key, str) or not SAFE_NAME.match(key):
            # The document is kept, so that its facts do not each report it as unknown: one line.
            checker.add(
                raw,
                key,
                f"document key {key!r} is not a safe name",
                "use lower-case letters, digits and '_', starting with a letter, e.g. ket_qua_10_nam",
            )
        if not isinstance(entry, Mapping):
            checker.add(raw, key, f"document {key}: must be a mapping of fields", "see the other documents")
        elif checker.fields(entry, DOCUMENT_FIELDS, f"document {key}"):
            # The title and author are the document's own names, quoted as it gives them.
            checker.no_figures(entry, ("kind", "kind_en", "note", "note_en"), f"document {key}")
            if not DOCUMENT_FILE.match(entry["file"]):
                checker.add(
                    entry,
                    "file",
                    f"document {key}: file {entry['file']!r} is not a file of sources/",
                    "write sources/NAME, NAME of letters, digits, '_', '-' and '.' "
                    "(no sub-folder, no '..', no absolute path)",
                )
            positions = {f: entry.position_of(f) for f in DOCUMENT_FIELDS}
            documents[key] = Document(key=key, **{f: entry[f] for f in DOCUMENT_FIELDS}, positions=positions)
    return documents


def _load_fact(checker: Checker, key: str, entry, documents: dict) -> Fact | None:
    if not isinstance(entry, Mapping):
        return None
    if not checker.fields(entry, FACT_FIELDS, key, OPTIONAL_FACT_FIELDS):
        return None
    ok = checker.fields(entry["label"], LABEL_FIELDS, f"{key}: label")
    ok = ok and checker.no_figures(entry["label"], LABEL_FIELDS, f"{key}: label")
    ok = checker.fields(entry["source"], SOURCE_FIELDS, f"{key}: source") and ok
    value = _check_value(checker, entry, key)
    ok = _check_choice(checker, entry, key, "unit", UNITS) and ok
    ok = _check_choice(checker, entry, key, "qualifier", QUALIFIERS) and ok
    ok = _check_period(checker, entry, key) and ok
    if not entry["words"].strip():
        checker.add(
            entry,
            "words",
            f"{key}: words must not be empty",
            'copy the words of the sentence that state the figure, e.g. words: "gần 22.000"',
        )
        ok = False
    if not ok or value is None:
        return None
    source = entry["source"]
    document = documents.get(source["document"])
    if document is None:
        checker.add(
            source,
            "document",
            f"{key}: unknown document '{source['document']}'",
            f"use one of: {', '.join(documents) or 'none defined'}",
        )
        return None
    if (document.page is None) != (source["page"] is None):
        if document.page is None:
            message, fix = "null (the document has no page numbers)", "write 'page: null'"
        else:
            message, fix = "the printed page number", f"write the page the sentence is on, e.g. 'page: {document.page}'"
        checker.add(source, "page", f"{key}: source page must be {message}", fix)
        return None
    return Fact(
        key=key,
        value=value,
        unit=entry["unit"],
        qualifier=entry["qualifier"],
        period=str(entry["period"]),
        label=dict(entry["label"]),
        source=Source(document, source["page"], source["sentence"], source["sentence_en"]),
        line=entry.line,
        words=entry["words"],
        unit_in_source=entry.get("unit_in_source", True),
        positions={
            **{f: entry.position_of(f) for f in (*FACT_FIELDS, *OPTIONAL_FACT_FIELDS) if f in entry},
            **{f"source.{f}": source.position_of(f) for f in SOURCE_FIELDS},
        },
    )


def load_facts(path: Path, display_path: str | None = None) -> Facts:
    """Load and check the facts file; raise ContentError listing every problem in it."""
    display = display_path or str(path)
    data = load_yaml(path, display)
    checker = Checker(display)
    for field in data:
        if field not in ("documents", "facts"):
            checker.add(data, field, f"unknown top-level key '{field}'", "only 'documents:' and 'facts:' belong here")
    documents = _load_documents(checker, data)
    facts = {}
    raw = data.get("facts")
    if not isinstance(raw, Mapping):
        checker.add(
            data, "facts" if "facts" in data else None, "missing 'facts:' mapping", "list the figures under 'facts:'"
        )
        raw = Mapping()
    for key, entry in raw.items():
        if not isinstance(key, str) or not KEY_PATTERN.match(key):
            checker.add(
                raw,
                key,
                f"fact key {key!r} is not of the form topic.name",
                "use lower-case words joined by '_' and '.', e.g. craft_villages.total",
            )
            continue
        if not isinstance(entry, Mapping):
            checker.add(raw, key, f"{key}: must be a mapping of fields", "see the other facts for the fields")
            continue
        fact = _load_fact(checker, key, entry, documents)
        if fact is not None:
            facts[key] = fact
    if checker.problems:
        raise ContentError(checker.problems)
    return Facts(path=display, documents=documents, facts=facts)
