"""Read a Markdown page as the macros will see it: its fact citations, heading anchors and
figures typed by hand, each with its line and column.

The page is parsed with Jinja's own parser, not with a regular expression beside it, so what
counts as a citation here is exactly what the macros will render.
"""

from __future__ import annotations

import re
from bisect import bisect_right
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
READING = re.compile(r"([\d.,]+)\s*(\D*)$")
NEWLINE = re.compile("\n")
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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


class _Lines:
    """Where each line of a text starts, to turn offsets into lines and columns without rescanning
    the text from its start for every citation, figure and link (a page of thousands of citations
    took quadratic time)."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [match.end() for match in NEWLINE.finditer(text)]

    def line_col(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def column_of(self, line: int, needle: str) -> int:
        """The column of needle in a line, 1 when it is not there."""
        if line > len(self.starts):
            return 1
        end = self.starts[line] - 1 if line < len(self.starts) else len(self.text)
        found = self.text.find(needle, self.starts[line - 1], end)
        return (found - self.starts[line - 1] if found >= 0 else 0) + 1


def _readings(token: str) -> set:
    """The values a typed number may mean: 1.350 is 1350 in Vietnamese and 1.35 in English."""
    match = READING.match(token)
    digits, scale_word = match.group(1), match.group(2)
    scale = SCALES.get(scale_word, 1)
    values = {float(digits.replace(".", "").replace(",", ".")), float(digits.replace(",", ""))}
    return {v * scale for v in values}


def _prose_numbers(data: str, start: int, lines: _Lines) -> list[TypedNumber]:
    blanked = NOT_PROSE.sub(lambda m: " " * len(m.group(0)), data)
    found = []
    for match in NUMBER.finditer(blanked):
        line, col = lines.line_col(start + match.start())
        found.append(TypedNumber(match.group(0), frozenset(_readings(match.group(0))), line, col))
    return found


def _front_matter(text: str) -> dict:
    """The YAML block between --- lines at the top of a page, as MkDocs reads it."""
    match = FRONT_MATTER.match(text)
    if not match:
        return {}
    try:
        meta = yaml.load(match.group(1), Loader=FAST_LOADER)
    except yaml.YAMLError:
        return {}
    return meta if isinstance(meta, dict) else {}


# Nodes that declare names in a template ({% set %}, {% for %}, macros, ...) and the name a
# template declares for itself: with any of them, Jinja's own scope analysis finds the names.
DECLARING = (
    nodes.Assign,
    nodes.AssignBlock,
    nodes.For,
    nodes.Macro,
    nodes.CallBlock,
    nodes.FilterBlock,
    nodes.With,
    nodes.Import,
    nodes.FromImport,
    nodes.Block,
)
SELF = "self"


def _walk(template: nodes.Template) -> tuple[set, list, list]:
    """The names a page uses without declaring them, its calls and its text, in one walk of the
    tree. A page declares nothing, so every name it reads is undeclared: Jinja's analysis
    (meta.find_undeclared_variables generates the template's code) is needed only when it does."""
    names: set = set()
    calls: list = []
    data_nodes: list = []
    declares = False
    for node in template.find_all(nodes.Node):
        if isinstance(node, nodes.TemplateData):
            data_nodes.append(node)
        elif isinstance(node, nodes.Name):
            if node.ctx == "load":
                names.add(node.name)
        elif isinstance(node, nodes.Call):
            calls.append(node)
        elif isinstance(node, DECLARING):
            declares = True
    if declares or SELF in names:
        names = meta.find_undeclared_variables(template)
    return names, calls, data_nodes


def parse_page(path: Path, relative_path: str) -> PageSource:
    text = path.read_text(encoding="utf-8")
    page = PageSource(relative_path, text)
    lines = _Lines(text)
    page.description = str(_front_matter(text).get("description") or "").strip()
    try:
        template = JINJA.parse(text)
    except jinja2.TemplateSyntaxError as error:
        page.syntax_error = (error.lineno, error.message)
        return page
    names, calls, data_nodes = _walk(template)
    for name in sorted(names - set(MACROS)):
        line = next((n.lineno for n in template.find_all(nodes.Name) if n.name == name), 1)
        page.unknown_names.append((name, line, lines.column_of(line, name)))
    for call in calls:
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
            page.citations.append(Citation(key, call.lineno, lines.column_of(call.lineno, key)))
        else:
            page.bad_calls.append((call.lineno, lines.column_of(call.lineno, "fact(")))
    cursor = 0
    for data in data_nodes:
        start = text.find(data.data, cursor)
        if start < 0:
            continue
        cursor = start + len(data.data)
        page.typed_numbers.extend(_prose_numbers(data.data, start, lines))
        for link in LINK.finditer(data.data):
            line, col = lines.line_col(start + link.start(1))
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
