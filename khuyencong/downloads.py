"""The facts as files a researcher can take away: CSV, JSON, and a JSON Schema for the JSON.

Values are machine-readable (numbers, ranges as low/high), never display strings. Text is
data: no CSV cell starts a spreadsheet formula, and the JSON holds each label exactly.
"""

from __future__ import annotations

import csv
import io
import json

from .escaping import csv_cell, json_for_script
from .facts import LANGUAGES, QUALIFIERS, UNITS, Fact, Facts
from .formatting import format_fact

CSV_COLUMNS = [
    "key", "value", "value_low", "value_high", "unit", "qualifier", "period", "label_vi", "label_en",
    "display_vi", "display_en", "document", "document_title", "page", "sentence_vi", "sentence_en",
]  # fmt: skip
JSON_NAME, CSV_NAME, SCHEMA_NAME = "facts.json", "facts.csv", "facts.schema.json"
DOWNLOADS = (CSV_NAME, JSON_NAME, SCHEMA_NAME)


def _value_fields(fact: Fact) -> dict:
    if fact.is_range:
        return {"value": None, "range": {"low": fact.value[0], "high": fact.value[1]}}
    return {"value": fact.value, "range": None}


def fact_record(fact: Fact) -> dict:
    return {
        "key": fact.key,
        **_value_fields(fact),
        "unit": fact.unit,
        "qualifier": fact.qualifier,
        "period": fact.period,
        "label": {language: fact.label[language] for language in LANGUAGES},
        "source": {
            "document": fact.source.document.key,
            "document_title": fact.source.document.title,
            "page": fact.source.page,
            "sentence": fact.source.sentence,
            "sentence_en": fact.source.sentence_en,
        },
    }


def facts_json(facts: Facts, fingerprints: dict) -> str:
    """fingerprints: each document's SHA-256, of the copy in sources/ its facts were checked against."""
    documents = [
        {
            "key": d.key, "title": d.title, "title_en": d.title_en, "author": d.author, "page": d.page,
            "file": d.file, "sha256": fingerprints[d.key],
        }
        for d in facts.documents.values()
    ]  # fmt: skip
    # The same JSON a reader gets from json.dumps, with <, > and & as \u escapes: a browser that
    # sniffs the file as HTML finds no tag in it.
    return json_for_script({"documents": documents, "facts": [fact_record(f) for f in facts]}, indent=2)


# The columns that hold text; the others hold numbers or nothing.
CSV_TEXT_COLUMNS = frozenset(CSV_COLUMNS) - {"value", "value_low", "value_high", "page"}


def facts_csv(facts: Facts) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheet programs read Vietnamese correctly. A text
    cell that would start a formula (=, +, -, @) starts with an apostrophe instead."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for fact in facts:
        low, high = fact.value if fact.is_range else ("", "")
        row = {
            "key": fact.key, "value": "" if fact.is_range else fact.value, "value_low": low, "value_high": high,
            "unit": fact.unit, "qualifier": fact.qualifier, "period": fact.period,
            "label_vi": fact.label["vi"], "label_en": fact.label["en"],
            "display_vi": format_fact(fact, "vi"), "display_en": format_fact(fact, "en"),
            "document": fact.source.document.key, "document_title": fact.source.document.title,
            "page": "" if fact.source.page is None else fact.source.page,
            "sentence_vi": fact.source.sentence, "sentence_en": fact.source.sentence_en,
        }  # fmt: skip
        writer.writerow({column: csv_cell(v) if column in CSV_TEXT_COLUMNS else v for column, v in row.items()})
    return buffer.getvalue().encode("utf-8-sig")


def facts_json_schema() -> dict:
    number = {"type": "number"}
    text = {"type": "string", "minLength": 1}
    fact = {
        "type": "object",
        "additionalProperties": False,
        "required": ["key", "value", "range", "unit", "qualifier", "period", "label", "source"],
        "properties": {
            "key": {"type": "string", "pattern": r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$"},
            "value": {"type": ["number", "null"], "description": "The figure; null when it is a range."},
            "range": {
                "oneOf": [
                    {"type": "null"},
                    {"type": "object", "additionalProperties": False, "required": ["low", "high"],
                     "properties": {"low": number, "high": number}},
                ],
                "description": "Both ends of a range such as 15–25; null for a single figure.",
            },
            "unit": {"enum": list(UNITS)},
            "qualifier": {"enum": list(QUALIFIERS), "description": "The source's own qualifier: gần, trên, hơn, ..."},
            "period": {"type": "string", "pattern": r"^(\d{4}(-\d{4})?|undated)$"},
            "label": {"type": "object", "additionalProperties": False, "required": list(LANGUAGES),
                      "properties": {language: text for language in LANGUAGES}},
            "source": {
                "type": "object",
                "additionalProperties": False,
                "required": ["document", "document_title", "page", "sentence", "sentence_en"],
                "properties": {"document": text, "document_title": text, "page": {"type": ["integer", "null"]},
                               "sentence": text, "sentence_en": text},
            },
        },
    }  # fmt: skip
    document = {
        "type": "object",
        "additionalProperties": False,
        "required": ["key", "title", "title_en", "author", "page", "file", "sha256"],
        "properties": {"key": text, "title": text, "title_en": text, "author": text,
                       "page": {"type": ["integer", "null"]}, "file": text,
                       "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$",
                                  "description": "SHA-256 of the copy of the document the figures cite."}},
    }  # fmt: skip
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Khuyến công Hà Nội: facts",
        "description": "Every figure of the site with its unit, qualifier, period, labels and source.",
        "type": "object",
        "additionalProperties": False,
        "required": ["documents", "facts"],
        "properties": {"documents": {"type": "array", "items": document}, "facts": {"type": "array", "items": fact}},
    }


def write_downloads(facts: Facts, fingerprints: dict, folder) -> list:
    """Write the three files into folder; return their paths."""
    files = {
        CSV_NAME: facts_csv(facts),
        JSON_NAME: facts_json(facts, fingerprints).encode("utf-8"),
        SCHEMA_NAME: json.dumps(facts_json_schema(), ensure_ascii=False, indent=2).encode("utf-8"),
    }
    written = []
    for name, content in files.items():
        path = folder / name
        path.write_bytes(content)
        written.append(path)
    return written
