"""Read a Markdown page as it will be rendered: its macro calls, its front matter, its heading
anchors, its links and every number in its prose, each with its line and column.

What counts as a macro call here is what page_macros reads with Jinja's own lexer, and the
same reading renders the page: a check and a render cannot disagree about a page.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from .markdown_syntax import LINK, REFERENCE_LINK
from .page_macros import CodeProblem, read_template
from .page_numbers import numbers_in
from .problems import ContentError, Problem
from .yaml_source import load_yaml_text

LANGUAGE_SUFFIX = ".en.md"
# MkDocs' own pattern for a page's front matter (mkdocs.utils.meta), so both read the same block.
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
# What a page's front matter may set. Anything else (render_macros, template, title, ...) would
# change how MkDocs or a plugin treats the page, which is not the content's to decide.
FRONT_MATTER_FIELDS = ("description",)
FRONT_MATTER_FIX = 'the front matter holds one line, description: "One sentence on the page."'
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
HEADING_ANCHOR = re.compile(r"\{\s*#([A-Za-z0-9_-]+)\s*\}\s*$")
# Pages are Markdown: a raw HTML tag or comment could carry a script or an event handler, and no
# page needs one. Autolinks (<https://...>) are Markdown, not HTML.
RAW_HTML = re.compile(r"<(?!(?:https?|mailto):)[A-Za-z!/?]")
CODE = re.compile(r"^(?:```|~~~).*?^(?:```|~~~)|`[^`\n]*`", re.MULTILINE | re.DOTALL)
# attr_list sets any attribute ({ onclick=... }); a page may set ids and classes only.
ATTRIBUTE_LIST = re.compile(r"\{:?[^}\n]*=[^}\n]*\}")
# The scheme of a link as a browser reads it: after character references are decoded and tabs,
# line breaks and spaces dropped ("javascript&#58;…" and "java\tscript:…" are javascript: links).
URL_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
SAFE_SCHEMES = ("http", "https", "mailto")
URL_IGNORED = re.compile(r"[\x00-\x20]")
NEWLINE = re.compile("\n")


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
class PageNumberAt:
    text: str
    values: frozenset
    in_words: bool
    line: int
    col: int


@dataclass
class PageSource:
    path: str
    text: str
    calls: list = field(default_factory=list)
    citations: list = field(default_factory=list)
    code_problems: list = field(default_factory=list)
    front_matter_problems: list = field(default_factory=list)
    anchors: list = field(default_factory=list)
    ids: list = field(default_factory=list)  # (id, line, col) of blocks other than headings
    numbers: list = field(default_factory=list)
    links: list = field(default_factory=list)
    title: str = ""
    description: str = ""

    @property
    def renderable(self) -> bool:
        """Only literal calls of known macros, and a front matter that loads: safe to render."""
        return not self.code_problems and not self.front_matter_problems

    def targets(self) -> set[str]:
        """Every #fragment a link may land on: heading anchors and the ids of other blocks."""
        return {a for a, _, _ in self.anchors if a} | {i for i, _, _ in self.ids}

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


def _read_front_matter(page: PageSource, block: str) -> None:
    """The page's description; any other field, or a block that does not load, is a problem."""
    try:
        meta = load_yaml_text(block, page.path, first_line=2)
    except ContentError as error:
        page.front_matter_problems.extend(error.problems)
        return
    for key in meta:
        if key not in FRONT_MATTER_FIELDS:
            line, col = meta.position_of(key)
            page.front_matter_problems.append(
                Problem(page.path, line, col, f"front matter field '{key}' is not allowed", FRONT_MATTER_FIX)
            )
    description = meta.get("description")
    if description is not None and not isinstance(description, str):
        line, col = meta.position_of("description")
        page.front_matter_problems.append(
            Problem(page.path, line, col, "front matter 'description' must be text", FRONT_MATTER_FIX)
        )
    elif isinstance(description, str):
        page.description = " ".join(description.split())


def _numbers(page: PageSource, markdown: str, start: int, lines: _Lines) -> None:
    for number in numbers_in(markdown):
        line, col = lines.line_col(start + number.offset)
        page.numbers.append(PageNumberAt(number.text, number.values, number.in_words, line, col))


def _active_content(page: PageSource, markdown: str, start: int, lines: _Lines) -> None:
    """Raw HTML and links that are not web, mail or page links: what could run in a reader's browser."""
    lines_with_html = set()
    for tag in RAW_HTML.finditer(markdown):
        line, col = lines.line_col(start + tag.start())
        if line in lines_with_html:
            continue  # one line for <b>...</b>
        lines_with_html.add(line)
        page.code_problems.append(
            CodeProblem(
                line, col, "raw HTML is not allowed in a page", "write it in Markdown: [text](page.md), **bold**"
            )
        )
    for attributes in ATTRIBUTE_LIST.finditer(markdown):
        line, col = lines.line_col(start + attributes.start())
        page.code_problems.append(
            CodeProblem(line, col, "attributes are not allowed in a page", "give a heading { #anchor } only")
        )
    for link in [*LINK.finditer(markdown), *REFERENCE_LINK.finditer(markdown)]:
        scheme = URL_SCHEME.match(URL_IGNORED.sub("", html.unescape(link.group(1))))
        if scheme and scheme.group(1).lower() not in SAFE_SCHEMES:
            line, col = lines.line_col(start + link.start(1))
            page.code_problems.append(
                CodeProblem(
                    line, col, f"link '{link.group(1)}' is not allowed", "link to a page, or an http(s) address"
                )
            )


def parse_page(path: Path, relative_path: str) -> PageSource:
    text = path.read_text(encoding="utf-8")
    page = PageSource(relative_path, text)
    lines = _Lines(text)
    front = FRONT_MATTER.match(text)
    body_start = 0
    if front:
        _read_front_matter(page, front.group(1))
        body_start = front.end()
        # The description is shown in search results and link previews: its numbers count too.
        _numbers(page, front.group(1), front.start(1), lines)
    read = read_template(text[body_start:], first_line=lines.line_col(body_start)[0])
    page.calls = read.calls
    page.code_problems = read.problems
    page.citations = [Citation(c.arguments[0], c.line, c.col) for c in read.calls if c.name == "fact"]
    for offset, data in read.text_spans:
        _numbers(page, data, body_start + offset, lines)
        _active_content(page, CODE.sub(lambda m: " " * len(m.group(0)), data), body_start + offset, lines)
        for link in LINK.finditer(data):
            line, col = lines.line_col(body_start + offset + link.start(1))
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
        elif not in_fence and (term := HEADING_ANCHOR.search(line)):
            # An id on a block that is no heading, such as a glossary term: a link may land on it.
            page.ids.append((term.group(1), number, term.start(1)))
    return page
