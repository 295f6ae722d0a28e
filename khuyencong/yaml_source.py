"""Read YAML keeping line numbers and refusing duplicate keys.

PyYAML keeps the last of two equal keys without a word; an editor who copies an entry and
forgets to rename it would lose a figure silently. Here that is a problem with both lines.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .problems import ContentError, Problem


class Mapping(dict):
    """A YAML mapping that remembers where it and each of its keys stand (1-based)."""

    line: int = 1
    col: int = 1
    key_positions: dict

    def position_of(self, key: str) -> tuple[int, int]:
        return self.key_positions.get(key, (self.line, self.col))


def _position(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


# libyaml's parser when PyYAML has it (it composes the same nodes, with the same marks, many
# times faster than the pure-Python one); the pure-Python one otherwise, and for error messages.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _convert(node: yaml.Node, path: str, problems: list[Problem], scalars: yaml.constructor.SafeConstructor):
    if isinstance(node, yaml.MappingNode):
        result = Mapping()
        result.line, result.col = _position(node)
        result.key_positions = {}
        for key_node, value_node in node.value:
            key = _convert(key_node, path, problems, scalars)
            line, col = _position(key_node)
            if key in result:
                problems.append(_duplicate(path, key, line, col, result.key_positions[key][0]))
                continue
            result[key] = _convert(value_node, path, problems, scalars)
            result.key_positions[key] = (line, col)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, path, problems, scalars) for item in node.value]
    return scalars.construct_scalar_value(node)


class _Scalars(yaml.constructor.SafeConstructor):
    """One constructor for every scalar of a file (a new loader per value cost more than the value)."""

    def construct_scalar_value(self, node: yaml.ScalarNode):
        return self.yaml_constructors.get(node.tag, self.yaml_constructors[None])(self, node)


def compose(text: str) -> yaml.Node | None:
    """The node tree of a YAML text; a syntax error is reported as the pure-Python parser words it."""
    try:
        return yaml.compose(text, Loader=FAST_LOADER)
    except yaml.MarkedYAMLError:
        if FAST_LOADER is yaml.SafeLoader:
            raise
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _duplicate_keys(node: yaml.Node, path: str, problems: list[Problem]) -> None:
    """Duplicate keys anywhere in a composed document, without constructing its values."""
    if isinstance(node, yaml.MappingNode):
        seen: dict = {}
        for key_node, value_node in node.value:
            line, col = _position(key_node)
            if isinstance(key_node, yaml.ScalarNode) and key_node.value in seen:
                problems.append(_duplicate(path, key_node.value, line, col, seen[key_node.value]))
            seen.setdefault(key_node.value, line)
            _duplicate_keys(value_node, path, problems)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _duplicate_keys(item, path, problems)


def _duplicate(path: str, key, line: int, col: int, first_line: int) -> Problem:
    return Problem(
        path,
        line,
        col,
        f"duplicate key '{key}' (first defined on line {first_line})",
        "rename one of the two entries or delete the copy",
    )


def check_yaml_file(path: Path, display_path: str) -> list[Problem]:
    """Syntax errors and duplicate keys of any YAML file, whatever tags it uses (mkdocs.yml's !ENV)."""
    try:
        for node in yaml.compose_all(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader):
            problems: list[Problem] = []
            _duplicate_keys(node, display_path, problems)
            if problems:
                return problems
    except yaml.MarkedYAMLError as error:
        return [_syntax_problem(error, display_path)]
    return []


def _syntax_problem(error: yaml.MarkedYAMLError, display_path: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    reason = " ".join(part for part in (error.context, error.problem) if part)
    return Problem(
        display_path,
        line,
        col,
        f"YAML syntax error: {reason}",
        "check the indentation and quoting on this line and the one above",
    )


def load_yaml(path: Path, display_path: str) -> Mapping:
    """Parse a YAML file into Mappings; raise ContentError on a syntax error or duplicate key."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError([Problem(display_path, 1, 1, "file not found", "create it")]) from None
    try:
        node = compose(text)
    except yaml.MarkedYAMLError as error:
        raise ContentError([_syntax_problem(error, display_path)]) from None
    if node is None:
        return Mapping()
    problems: list[Problem] = []
    data = _convert(node, display_path, problems, _Scalars())
    if problems:
        raise ContentError(problems)
    if not isinstance(data, Mapping):
        raise ContentError([Problem(display_path, 1, 1, "the file must be a mapping of keys", "start with 'facts:'")])
    return data
