"""The source documents as readers see them: the copy in sources/, laid out block by block from
data/documents/KEY.yaml with the site's English translation, and where each quoted sentence
stands in it.

The text always comes from the file in sources/; the layout file only says which lines form a
block, what kind of block it is, and how it reads in English. It records the SHA-256 of the
copy it was written for, so a changed copy cannot silently keep an old translation.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path

from .evidence import normalize_text, read_document_bytes
from .facts import Checker, Document, Facts
from .problems import ContentError, Problem
from .yaml_source import Mapping, load_yaml

LAYOUT_FOLDER = "data/documents"
KINDS = ("file_note", "title", "author", "byline", "heading", "paragraph", "page_number", "blank")
# The blocks whose words are the document's running text: the sentences the facts quote.
RUNNING_TEXT = ("paragraph",)
LAYOUT_FIELDS = {"file": str, "sha256": str, "blocks": list}
BLOCK_FIELDS = {"lines": list, "kind": str}
OPTIONAL_BLOCK_FIELDS = {"en": str, "continues": bool, "stops_mid_sentence": bool}


@dataclass(frozen=True)
class Block:
    kind: str
    first_line: int
    last_line: int
    text: str  # the lines of the copy, joined as one line of text
    en: str
    continues: bool
    stops_mid_sentence: bool
    start: int = -1  # where its text stands in the running text, for running-text blocks
    end: int = -1


@dataclass(frozen=True)
class Sentence:
    """A sentence that facts quote: its anchor, where it stands in the running text, the facts."""

    anchor: str
    start: int
    end: int
    keys: tuple


@dataclass
class DocumentText:
    document: Document
    sha256: str
    blocks: list
    sentences: dict = field(default_factory=dict)  # anchor -> Sentence

    def sentence_of(self, fact) -> Sentence | None:
        return self.sentences.get(sentence_anchor(fact.source.sentence))


def sentence_anchor(sentence: str) -> str:
    """A stable anchor for a source sentence: it changes only when the sentence does."""
    return "s-" + hashlib.sha256(normalize_text(sentence).encode("utf-8")).hexdigest()[:10]


def layout_path(document: Document) -> str:
    return f"{LAYOUT_FOLDER}/{document.key}.yaml"


def _blocks(checker: Checker, layout: Mapping, lines: list[str], name: str) -> list[Block] | None:
    blocks = []
    expected = 1
    for entry in layout["blocks"]:
        if not checker.fields(entry, BLOCK_FIELDS, f"{name}: block", OPTIONAL_BLOCK_FIELDS):
            return None
        span = entry["lines"]
        if len(span) != 2 or not all(isinstance(n, int) and not isinstance(n, bool) for n in span):
            checker.add(entry, "lines", f"{name}: block lines must be [first, last]", "write lines: [3, 4]")
            return None
        first, last = span
        if first != expected or last < first or last > len(lines):
            checker.add(
                entry,
                "lines",
                f"{name}: block lines [{first}, {last}] do not follow line {expected - 1} of the {len(lines)}",
                f"blocks cover every line once, in order: this one starts at line {expected}",
            )
            return None
        if entry["kind"] not in KINDS:
            checker.add(
                entry, "kind", f"{name}: unknown block kind '{entry['kind']}'", f"use one of: {', '.join(KINDS)}"
            )
            return None
        english = entry.get("en", "")
        if (entry["kind"] == "blank") == bool(english.strip()):
            fix = "a blank block has no 'en'" if entry["kind"] == "blank" else "translate the block in 'en:'"
            checker.add(entry, "kind", f"{name}: block of lines [{first}, {last}] and its translation", fix)
            return None
        text = " ".join(" ".join(lines[first - 1 : last]).split())
        blocks.append(
            Block(
                entry["kind"],
                first,
                last,
                text,
                " ".join(english.split()),
                entry.get("continues", False),
                entry.get("stops_mid_sentence", False),
            )
        )
        expected = last + 1
    if expected != len(lines) + 1:
        checker.add(layout, "blocks", f"{name}: the blocks end at line {expected - 1} of {len(lines)}", "add blocks")
        return None
    return blocks


def _with_positions(blocks: list[Block]) -> tuple[list[Block], str]:
    """Each running-text block's place in the running text, which is what the evidence check reads."""
    placed, parts, offset = [], [], 0
    for block in blocks:
        if block.kind in RUNNING_TEXT:
            text = normalize_text(block.text)
            offset += 1 if parts else 0
            placed.append(replace(block, start=offset, end=offset + len(text)))
            parts.append(text)
            offset += len(text)
        else:
            placed.append(block)
    return placed, " ".join(parts)


def load_document_text(root: Path, document: Document, facts: Facts) -> DocumentText:
    """The document's layout and translation, checked against its copy and its facts' sentences."""
    display = layout_path(document)
    layout = load_yaml(root / display, display)
    checker = Checker(display)
    name = f"document {document.key}"
    if not checker.fields(layout, LAYOUT_FIELDS, name):
        raise ContentError(checker.problems)
    data, message, fix = read_document_bytes(root, document.file)
    if data is None:
        raise ContentError([Problem(display, 1, 1, f"{name}: {message}", fix)])
    if layout["file"] != document.file:
        checker.add(layout, "file", f"{name}: the layout is for {layout['file']}, not {document.file}", "fix file:")
    digest = hashlib.sha256(data).hexdigest()
    if layout["sha256"] != digest:
        checker.add(
            layout,
            "sha256",
            f"{name}: {document.file} is not the copy this layout and translation were written for",
            f'review the blocks and the translation against the copy, then write sha256: "{digest}"',
        )
    if checker.problems:
        raise ContentError(checker.problems)
    blocks = _blocks(checker, layout, data.decode("utf-8").splitlines(), name)
    if blocks is None:
        raise ContentError(checker.problems)
    blocks, running = _with_positions(blocks)
    text = DocumentText(document, digest, blocks)
    by_anchor: dict[str, list] = {}
    for fact in facts:
        if fact.source.document.key != document.key:
            continue
        sentence = normalize_text(fact.source.sentence)
        start = running.find(sentence)
        if start < 0:
            line = fact.positions.get("source.sentence", (fact.line, 1))
            raise ContentError(
                [
                    Problem(
                        facts.path,
                        line[0],
                        line[1],
                        f"{fact.key}: its sentence is not in the paragraphs of {display}",
                        "make the blocks of the sentence paragraphs, or copy the sentence from them",
                    )
                ]
            )
        anchor = sentence_anchor(fact.source.sentence)
        by_anchor.setdefault(anchor, [start, start + len(sentence), []])[2].append(fact.key)
    text.sentences = {a: Sentence(a, s, e, tuple(keys)) for a, (s, e, keys) in by_anchor.items()}
    return text


def load_document_texts(root: Path, facts: Facts) -> tuple[dict, list[Problem]]:
    texts, problems = {}, []
    for document in facts.documents.values():
        try:
            texts[document.key] = load_document_text(root, document, facts)
        except ContentError as error:
            problems.extend(error.problems)
    return texts, problems
