"""Load data/facts.yaml into checked, immutable facts.

Every problem in the file is collected and raised together as a ContentError, one line each,
with the file, the line, the key and the fix.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from .problems import ContentError, Problem
from .yaml_source import Mapping, load_yaml

LANGUAGES = ("vi", "en")
UNITS = ("count", "percent", "percent_per_year", "vnd", "years")
QUALIFIERS = ("exact", "nearly", "over", "more_than", "about", "about_over", "under")
# Every name written in data (fact keys, chart names, document keys) matches SAFE_NAME: it ends up
# in file names, URLs, HTML ids and attributes, where nothing but these characters is harmless.
SAFE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}(?:\.[a-z][a-z0-9_]{0,63}){0,3}$")
# A fact key names a topic and the figure: craft_villages.total.
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,63}(?:\.[a-z][a-z0-9_]{0,63}){1,3}$")
PERIOD_PATTERN = re.compile(r"^(\d{4})(?:-(\d{4}))?$")
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
    "period": (str, int),
    "label": Mapping,
    "source": Mapping,
}
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
    names = {int: "a whole number", float: "a number", list: "a list", str: "text"}
    names.update({Mapping: "a mapping", type(None): "null"})
    return " or ".join(names[t] for t in types)


class Checker:
    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []

    def add(self, where: Mapping, key: str | None, message: str, fix: str) -> None:
        line, col = where.position_of(key) if key else (where.line, where.col)
        self.problems.append(Problem(self.path, line, col, message, fix))

    def fields(self, entry, spec: dict, name: str) -> bool:
        """Check that `entry` is a mapping with exactly the fields of `spec`, each well typed."""
        if not isinstance(entry, Mapping):
            return False
        ok = True
        for field, expected in spec.items():
            if field not in entry:
                self.add(entry, None, f"{name}: missing field '{field}'", f"add '{field}:' ({_type_name(expected)})")
                ok = False
            elif not isinstance(entry[field], expected) or isinstance(entry[field], bool):
                self.add(
                    entry,
                    field,
                    f"{name}: field '{field}' must be {_type_name(expected)}, not {entry[field]!r}",
                    f"write {_type_name(expected)} after '{field}:'",
                )
                ok = False
        for field in entry:
            if field not in spec:
                close = difflib.get_close_matches(str(field), list(spec), n=1)
                hint = f"did you mean '{close[0]}'?" if close else f"allowed fields: {', '.join(spec)}"
                self.add(entry, field, f"{name}: unknown field '{field}'", hint)
                ok = False
        return ok


def _check_value(checker: Checker, entry: Mapping, key: str):
    value = entry["value"]
    if isinstance(value, list):
        if len(value) != 2 or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
            checker.add(entry, "value", f"{key}: a range must be two numbers", "write it as [15, 25]")
            return None
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
        if not isinstance(entry, Mapping):
            checker.add(raw, key, f"document {key}: must be a mapping of fields", "see the other documents")
        elif checker.fields(entry, DOCUMENT_FIELDS, f"document {key}"):
            documents[key] = Document(key=key, **{f: entry[f] for f in DOCUMENT_FIELDS})
    return documents


def _load_fact(checker: Checker, key: str, entry, documents: dict) -> Fact | None:
    if not isinstance(entry, Mapping):
        return None
    if not checker.fields(entry, FACT_FIELDS, key):
        return None
    ok = checker.fields(entry["label"], LABEL_FIELDS, f"{key}: label")
    ok = checker.fields(entry["source"], SOURCE_FIELDS, f"{key}: source") and ok
    value = _check_value(checker, entry, key)
    ok = _check_choice(checker, entry, key, "unit", UNITS) and ok
    ok = _check_choice(checker, entry, key, "qualifier", QUALIFIERS) and ok
    ok = _check_period(checker, entry, key) and ok
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
                f"fact key '{key}' is not of the form topic.name",
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
