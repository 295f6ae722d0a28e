"""The one registry of the macros a page may call, and the reading and rendering of those calls.

A page is content, never code: it may hold text and `{{ name("key", ...) }}` calls of the
macros below with literal keys, and nothing else that Jinja would execute. Jinja's own lexer
finds what Jinja would treat as code; anything there that is not such a call is a problem at
its line and column. Pages are then rendered by substituting each call with its output: no
page is ever compiled or run as a template.
"""

from __future__ import annotations

import difflib
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

import jinja2

from .facts import SAFE_NAME

# Each macro and the kind of name each of its arguments is: a fact key, a chart name or a
# document key. The adapter (macros.py) implements exactly these; the checks use them too.
MACROS: dict[str, tuple[str, ...]] = {
    "fact": ("fact",),
    "chart": ("chart",),
    "source_citation": ("document",),
    "document_facts": ("document",),
    "source_text": ("document",),
    "data_catalogue_entries": (),
    "data_downloads": (),
    "dataset_description": (),
}
# The macros whose output lists every page (who cites each fact, under which heading), and the one
# that makes its page the place each figure of a document links to: the preview's rebuild of one
# page also redoes the pages calling them (khuyencong/rebuild.py).
READS_EVERY_PAGE = frozenset({"data_catalogue_entries", "source_text"})
SHOWS_A_DOCUMENT = frozenset({"source_text"})
ARGUMENT_EXAMPLES = {"fact": "topic.name", "chart": "chart_name", "document": "document_key"}

JINJA = jinja2.Environment()
CODE_CLOSINGS = {"block_begin": "block_end", "comment_begin": "comment_end", "raw_begin": "raw_end"}


def example_call(name: str) -> str:
    arguments = ", ".join(f'"{ARGUMENT_EXAMPLES[kind]}"' for kind in MACROS[name])
    return f"{{{{ {name}({arguments}) }}}}"


@dataclass(frozen=True)
class MacroCall:
    name: str
    arguments: tuple[str, ...]
    line: int
    col: int
    start: int
    end: int


@dataclass(frozen=True)
class CodeProblem:
    line: int
    col: int
    message: str
    fix: str


@dataclass
class ReadTemplate:
    calls: list
    text_spans: list  # (offset, text) of everything outside the calls
    problems: list


@dataclass(frozen=True)
class _Place:
    offset: int
    line: int
    col: int


class _Places:
    """Line and column of an offset in a text (Jinja's tokens carry only a line)."""

    def __init__(self, text: str, first_line: int):
        self.starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
        self.first_line = first_line

    def at(self, offset: int) -> _Place:
        line = bisect_right(self.starts, offset)
        return _Place(offset, self.first_line + line - 1, offset - self.starts[line - 1] + 1)


def _call_problem(tokens: list, start: _Place) -> tuple[MacroCall | None, CodeProblem | None]:
    """A {{ }} expression's tokens as a call of a registered macro with literal names, or why not."""
    significant = [(kind, value) for kind, value in tokens if kind != "whitespace"]
    shape = [kind if kind != "operator" else value for kind, value in significant]
    name = significant[0][1] if significant and significant[0][0] == "name" else None
    if name is not None and name not in MACROS:
        close = difflib.get_close_matches(name, list(MACROS), n=1)
        fix = f"did you mean {example_call(close[0])}?" if close else f"use one of: {', '.join(MACROS)}"
        return None, CodeProblem(start.line, start.col, f"unknown macro '{name}'", fix)
    well_formed = (
        name is not None
        and shape[1:2] == ["("]
        and shape[-1:] == [")"]
        and all(kind == "string" for kind in shape[2:-1:2])
        and all(kind == "," for kind in shape[3:-1:2])
        and (len(shape) == 3 or shape[-2] == "string")
    )
    if not well_formed:
        what = f"'{name}' is not called as {example_call(name)}" if name else "only a macro call may stand in {{ }}"
        fix = (
            f"write {example_call(name)} with its names in quotes, and nothing else between {{{{ and }}}}"
            if name
            else f"cite a figure as {example_call('fact')}; no variables, expressions, filters or attributes"
        )
        return None, CodeProblem(start.line, start.col, f"page code is not allowed: {what}", fix)
    arguments = tuple(value[1:-1] for kind, value in significant[2:-1:2])
    for argument, (_, value) in zip(arguments, significant[2:-1:2], strict=True):
        if value[0] not in "\"'" or not SAFE_NAME.match(argument):
            return None, CodeProblem(
                start.line,
                start.col,
                f"'{name}' argument {value} is not a key",
                f'write a key of lower-case letters, digits, "_" and ".", as in {example_call(name)}',
            )
    expected = MACROS[name]
    if len(arguments) != len(expected):
        wanted = f"{len(expected)} argument{'s' * (len(expected) != 1)}" if expected else "no argument"
        return None, CodeProblem(
            start.line,
            start.col,
            f"'{name}' takes {wanted}, not {len(arguments)}",
            f"write {example_call(name)}",
        )
    return MacroCall(name, arguments, start.line, start.col, start.offset, start.offset), None


def read_template(text: str, first_line: int = 1) -> ReadTemplate:
    """The macro calls of a page's text, the text around them, and everything else Jinja would run.

    Offsets come from finding each of Jinja's code tokens in the text itself, not from adding up
    the lengths of its text tokens, which {{- and -}} would have trimmed."""
    read = ReadTemplate([], [], [])
    places = _Places(text, first_line)
    try:
        tokens = [(kind, value) for _, kind, value in JINJA.lex(text)]
    except jinja2.TemplateSyntaxError as error:
        line = first_line + (error.lineno or 1) - 1
        read.problems.append(
            CodeProblem(line, 1, f"unclosed or broken {{{{ }}}}: {error.message}", f"write {example_call('fact')}")
        )
        return read
    position = index = 0
    while index < len(tokens):
        kind, value = tokens[index]
        if kind == "data":
            index += 1
            continue
        start = places.at(text.find(value, position))
        if start.offset > position:
            read.text_spans.append((position, text[position : start.offset]))
        closing = "variable_end" if kind == "variable_begin" else CODE_CLOSINGS.get(kind)
        end = next((i for i in range(index + 1, len(tokens)) if tokens[i][0] == closing), None)
        position = start.offset
        for _, part in tokens[index : (len(tokens) if end is None else end + 1)]:
            position = text.find(part, position) + len(part)
        if end is None:
            read.problems.append(
                CodeProblem(start.line, start.col, f"'{value}' is never closed", "close it, or remove it")
            )
            return read
        if kind != "variable_begin":
            # A statement, comment or raw block is one problem, from its opening to its closing token.
            read.problems.append(
                CodeProblem(
                    start.line,
                    start.col,
                    f"page code is not allowed: '{value.strip()}' opens a Jinja statement or comment",
                    f"pages hold text and macro calls such as {example_call('fact')} only",
                )
            )
        elif (value, tokens[end][1]) != ("{{", "}}"):
            # {{- and -}} make Jinja eat the text around the call: the page would not read as written.
            read.problems.append(
                CodeProblem(
                    start.line, start.col, "page code is not allowed: whitespace control in {{- -}}", "write {{ and }}"
                )
            )
        else:
            call, problem = _call_problem(tokens[index + 1 : end], start)
            if call is not None:
                read.calls.append(MacroCall(call.name, call.arguments, call.line, call.col, start.offset, position))
            else:
                read.problems.append(problem)
        index = end + 1
    if position < len(text):
        read.text_spans.append((position, text[position:]))
    return read


def render_template(text: str, render_call: Callable[[MacroCall], str]) -> str:
    """The text with each macro call replaced by its output; ValueError if the text holds
    anything but text and valid calls (pages are checked before they are rendered)."""
    read = read_template(text)
    if read.problems:
        raise ValueError(str(read.problems[0].message))
    parts = []
    cursor = 0
    for call in read.calls:
        parts.append(text[cursor : call.start])
        parts.append(render_call(call))
        cursor = call.end
    parts.append(text[cursor:])
    return "".join(parts)
