"""Read a Markdown page as the macros will see it: its fact citations, heading anchors and
figures typed by hand, each with its line and column.

The page is parsed with Jinja's own parser, not with a regular expression beside it, so what
counts as a citation here is exactly what the macros will render.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import yaml
from jinja2 import meta, nodes

JINJA = jinja2.Environment()
LANGUAGE_SUFFIX = ".en.md"
# The names a page may use inside {{ }}: the macros that macros.py registers.
MACROS = (
    "fact",
    "chart",
    "source_citation",
    "document_facts",
    "data_catalogue_entries",
    "data_downloads",
    "dataset_description",
)

FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
HEADING_ANCHOR = re.compile(r"\{\s*#([A-Za-z0-9_-]+)\s*\}\s*$")
# Parts of Markdown that hold no prose figures: code, link targets, attribute lists, HTML tags.
NOT_PROSE = re.compile(r"`[^`\n]*`|\]\([^)\n]*\)|\{[^}\n]*\}|<[^>\n]*>|^\s*\d+\.\s", re.MULTILINE)
NUMBER = re.compile(r"(?<![\w/.,-])\d+(?:[.,]\d+)*(?:\s*(?:tỷ|billion|triệu|million))?(?![\w/-])")
LINK = re.compile(r"\]\(([^)\s]+)\)")
SCALES = {"tỷ": 1_000_000_000, "billion": 1_000_000_000, "triệu": 1_000_000, "million": 1_000_000}


def language_of(relative_path: str) -> str:
    """vi for page.md, en for its twin page.en.md."""
    return "en" if relative_path.endswith(LANGUAGE_SUFFIX) else "vi"


def twin_of(relative_path: str) -> str:
    if relative_path.endswith(LANGUAGE_SUFFIX):
        return relative_path[: -len(LANGUAGE_SUFFIX)] + ".md"
    return relative_path[: -len(".md")] + LANGUAGE_SUFFIX


@dataclass(frozen=True)
class Citation:
    key: str
    line: int
    col: int


@dataclass(frozen=True)
class TypedNumber:
    text: str
    values: frozenset
    line: int
    col: int


@dataclass
class PageSource:
    path: str
    text: str
    citations: list = field(default_factory=list)
    charts: list = field(default_factory=list)
    bad_calls: list = field(default_factory=list)
    anchors: list = field(default_factory=list)
    typed_numbers: list = field(default_factory=list)
    links: list = field(default_factory=list)
    title: str = ""
    description: str = ""
    syntax_error: tuple | None = None
    unknown_names: list = field(default_factory=list)

    @property
    def renderable(self) -> bool:
        return not self.syntax_error and not self.unknown_names

    def anchor_before(self, line: int) -> str | None:
        """The anchor of the last heading above a line: where a reader finds what stands there."""
        found = None
        for anchor, heading_line, _ in self.anchors:
            if heading_line <= line and anchor:
                found = anchor
        return found


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _readings(token: str) -> set:
    """The values a typed number may mean: 1.350 is 1350 in Vietnamese and 1.35 in English."""
    match = re.match(r"([\d.,]+)\s*(\D*)$", token)
    digits, scale_word = match.group(1), match.group(2)
    scale = SCALES.get(scale_word, 1)
    values = {float(digits.replace(".", "").replace(",", ".")), float(digits.replace(",", ""))}
    return {v * scale for v in values}


def _prose_numbers(data: str, start: int, text: str) -> list[TypedNumber]:
    blanked = NOT_PROSE.sub(lambda m: " " * len(m.group(0)), data)
    found = []
    for match in NUMBER.finditer(blanked):
        line, col = _line_col(text, start + match.start())
        found.append(TypedNumber(match.group(0), frozenset(_readings(match.group(0))), line, col))
    return found


def _column_of(text: str, line: int, needle: str) -> int:
    line_text = text.split("\n")[line - 1] if line <= text.count("\n") + 1 else ""
    return max(line_text.find(needle), 0) + 1


def _front_matter(text: str) -> dict:
    """The YAML block between --- lines at the top of a page, as MkDocs reads it."""
    match = FRONT_MATTER.match(text)
    if not match:
        return {}
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return {}
    return meta if isinstance(meta, dict) else {}


def parse_page(path: Path, relative_path: str) -> PageSource:
    text = path.read_text(encoding="utf-8")
    page = PageSource(relative_path, text)
    page.description = str(_front_matter(text).get("description") or "").strip()
    try:
        template = JINJA.parse(text)
    except jinja2.TemplateSyntaxError as error:
        page.syntax_error = (error.lineno, error.message)
        return page
    for name in sorted(meta.find_undeclared_variables(template) - set(MACROS)):
        line = next((n.lineno for n in template.find_all(nodes.Name) if n.name == name), 1)
        page.unknown_names.append((name, line, _column_of(text, line, name)))
    for call in template.find_all(nodes.Call):
        name = call.node.name if isinstance(call.node, nodes.Name) else None
        if name != "fact":
            continue
        if (
            len(call.args) == 1
            and not call.kwargs
            and isinstance(call.args[0], nodes.Const)
            and isinstance(call.args[0].value, str)
        ):
            key = call.args[0].value
            page.citations.append(Citation(key, call.lineno, _column_of(text, call.lineno, key)))
        else:
            page.bad_calls.append((call.lineno, _column_of(text, call.lineno, "fact(")))
    cursor = 0
    for data in template.find_all(nodes.TemplateData):
        start = text.find(data.data, cursor)
        if start < 0:
            continue
        cursor = start + len(data.data)
        page.typed_numbers.extend(_prose_numbers(data.data, start, text))
        for link in LINK.finditer(data.data):
            line, col = _line_col(text, start + link.start(1))
            page.links.append((link.group(1), line, col))
    in_fence = False
    for number, line in enumerate(text.split("\n"), start=1):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        heading = None if in_fence else HEADING.match(line)
        if heading:
            anchor = HEADING_ANCHOR.search(heading.group(2))
            if len(heading.group(1)) == 1 and not page.title:
                page.title = HEADING_ANCHOR.sub("", heading.group(2)).strip()
            page.anchors.append((anchor.group(1) if anchor else None, number, len(heading.group(1)) + 2))
    return page
