"""Read YAML safely, keeping line numbers and refusing duplicate keys.

PyYAML keeps the last of two equal keys without a word; an editor who copies an entry and
forgets to rename it would lose a figure silently. Here that is a problem with both lines.

No input can make loading slow, deep or a traceback. The values are built in one pass over the
parser's events (no node tree), checked as they come, refusing what the data files never need
and what could blow up: explicit tags (`!!python/...`, `!foo`, even `!!str`),
merge keys (`<<:`), lists or mappings used as keys, nesting deeper than MAX_DEPTH, a file larger
than MAX_BYTES, and aliases that would expand the file beyond MAX_VALUES values (an alias bomb)
or that point into the value they name (a recursive alias). Small anchors and aliases, as
facts.yaml uses for shared sources, still load: each alias as a copy of its value, written out.
A value that cannot be read (a number of thousands of digits, an impossible date) is a problem
on its line, and so is a byte that is not UTF-8 or a control character. Every problem is one
`path:line:col: message. Fix: ...` line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .problems import ContentError, Problem

MAX_BYTES = 8 * 1024 * 1024  # the real facts.yaml is about 20 KB; the benchmark's 10,000 facts take 3.4 MB
MAX_DEPTH = 12  # levels of lists and mappings; the data files use five
# Scalars, lists and mappings, each alias counted as its value written out: 10,000 facts of the
# benchmark hold 280,000; building 500,000 numbers takes about 2 s.
MAX_VALUES = 500_000
# Characters of a number. Python refuses integers of more than 4,300 digits, and YAML's base-60
# numbers (1:30:00) cost the square of their length; the figures' own sense (a finite value, not
# absurdly large) is judged by facts.py, which names the fact.
MAX_NUMBER_LENGTH = 1000
MAX_PROBLEMS = 100  # problems listed for one file; the last says that more were left out
LINT_MAX_DEPTH = 64  # for configuration files (mkdocs.yml, workflows), only checked, never built
# A syntax error is worded by the pure-Python parser, as before libyaml was used; above this many
# characters (ten times the real facts.yaml) it would take seconds, and libyaml's wording is kept.
PURE_WORDING_LIMIT = 256 * 1024
NON_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE
STR_TAG = "tag:yaml.org,2002:str"
MERGE_TAG = "tag:yaml.org,2002:merge"
NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
KINDS = {
    "tag:yaml.org,2002:int": "a whole number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:timestamp": "a date",
}
QUOTE_IT = "or put it in quotes to keep it as text"
DUPLICATE_FIX = "rename one of the two entries or delete the copy"


class Mapping(dict):
    """A YAML mapping that remembers where it and each of its keys stand (1-based)."""

    line: int = 1
    col: int = 1
    key_positions: dict

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.key_positions = {}

    def position_of(self, key: str) -> tuple[int, int]:
        return self.key_positions.get(key, (self.line, self.col))


# libyaml's parser when PyYAML has it (the same events, with the same marks, many times faster
# than the pure-Python one); the pure-Python one otherwise, and for error messages.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Stop(Exception):
    """Raised when a file has MAX_PROBLEMS problems: the rest are not looked for."""


class _Found:
    """The problems of one text, each listed once, at most MAX_PROBLEMS."""

    def __init__(self, display_path: str, line_offset: int):
        self.display_path = display_path
        self.line_offset = line_offset
        self.problems: dict[Problem, None] = {}

    def add(self, mark, message: str, fix: str) -> None:
        """A problem at a YAML mark (0-based line and column of the text)."""
        self.add_at(mark.line + 1, mark.column + 1, message, fix)

    def add_at(self, line: int, col: int, message: str, fix: str) -> None:
        problem = Problem(self.display_path, line + self.line_offset, col, message, fix)
        if problem in self.problems:
            return
        if len(self.problems) == MAX_PROBLEMS - 1:
            more = Problem(
                self.display_path,
                problem.line,
                problem.col,
                f"more than {MAX_PROBLEMS} problems; the rest are not listed",
                "fix these and check the file again",
            )
            self.problems[more] = None
            raise _Stop
        self.problems[problem] = None

    def __bool__(self) -> bool:
        return bool(self.problems)

    def list(self) -> list[Problem]:
        return list(self.problems)


def _shown(value) -> str:
    """A value or key for a one-line message: quoted, shortened, with line breaks escaped."""
    text = str(value)
    text = text if len(text) <= 40 else text[:40] + "…"
    return f"'{text}'" if text.isprintable() else repr(text)


@dataclass(frozen=True)
class _Rules:
    data: bool  # the data files' rules: no tags, no merge keys, only scalars as keys
    max_depth: int
    duplicates: bool  # compare the keys of each mapping here (data files compare them when built)


DATA_RULES = _Rules(data=True, max_depth=MAX_DEPTH, duplicates=False)
LINT_RULES = _Rules(data=False, max_depth=LINT_MAX_DEPTH, duplicates=True)


class _Anchor:
    """A named value: its counts, for the aliases that repeat it, and its value, which each copies."""

    __slots__ = ("height", "is_open", "size", "value")

    def __init__(self):
        self.size, self.height, self.is_open, self.value = 1, 0, True, None


_SKIP = object()  # the key of a value that is not kept: a duplicate key, or a refused one


class _Open:
    """A list or mapping whose end event has not come yet."""

    __slots__ = ("anchor", "height", "is_key", "is_mapping", "key", "key_next", "keys", "size", "value")

    def __init__(self, is_mapping: bool, anchor: _Anchor | None, is_key: bool, value):
        self.is_mapping = is_mapping
        self.key_next = is_mapping  # whether the next node in it is a key
        self.anchor = anchor
        self.is_key = is_key  # itself a key of the mapping it is in (refused)
        self.size = 1  # values in it, itself included, aliases written out (at most MAX_VALUES + 1)
        self.height = 1  # levels of lists and mappings in it, itself included
        self.keys: dict = {}  # key -> line, when the walk compares keys (LINT_RULES)
        self.value = value  # the Mapping or list being built, or None
        self.key = _SKIP  # the key whose value comes next, in a Mapping being built


class _Walk:
    """One pass over a text's parser events: each is checked, then, for data, built into values.

    Sizes and heights are counted, not built: an alias adds its anchor's counts, so a billion
    laughs costs a few additions, and counts stop just above MAX_VALUES. An alias's value is
    copied only while the file's count, the alias's copy included, stays within MAX_VALUES.
    """

    def __init__(self, found: _Found, rules: _Rules, build: bool):
        self.found = found
        self.rules = rules
        self.build = build
        self.stack: list[_Open] = []
        self.anchors: dict[str, _Anchor] = {}
        self.total = 0
        self.documents = 0
        self.too_many = False
        self.root = _SKIP  # the document's value, once built
        self.root_mark = None
        self.resolve = yaml.resolver.Resolver().resolve
        self.constructor = yaml.constructor.SafeConstructor()

    def run(self, text: str) -> None:
        stack = self.stack
        keys_here = self.rules.duplicates
        build = self.build
        try:
            for event in yaml.parse(text, Loader=FAST_LOADER):
                kind = type(event)
                if kind is yaml.ScalarEvent:  # most events: a plain text is counted and kept, nothing more
                    is_key = False
                    parent = stack[-1] if stack else None
                    if parent is None:
                        self.root_mark = event.start_mark
                    else:
                        parent.size += 1
                        if parent.is_mapping:
                            is_key = parent.key_next
                            parent.key_next = not is_key
                    self.total += 1
                    value = (event.value if event.style else self.plain(event)) if build else None
                    special = event.tag is not None or event.anchor is not None or self.total > MAX_VALUES
                    if special or (is_key and keys_here) or event.value == "<<":
                        self.scalar(event, is_key, value)
                    if build:
                        if is_key:
                            self.key(parent, value, event.start_mark)
                        else:
                            self.attach(parent, value)
                elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                    self.start(event, kind is yaml.MappingStartEvent)
                elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                    self.end()
                elif kind is yaml.AliasEvent:
                    self.alias(event)
                elif kind is yaml.DocumentStartEvent:
                    self.document(event)
        except _Stop:
            return
        except yaml.YAMLError as error:
            _add_syntax_error(self.found, text, error)

    def is_key(self) -> bool:
        """Whether the node that starts now is a mapping key; moves its mapping on to the next."""
        if not self.stack:
            return False
        parent = self.stack[-1]
        if not parent.is_mapping:
            return False
        parent.key_next = not parent.key_next
        return not parent.key_next

    def check_total(self, event, alias: str | None = None) -> None:
        """The file's count of values may not pass MAX_VALUES; it stops just above."""
        if self.total > MAX_VALUES:
            self.total = MAX_VALUES + 1
            if not self.too_many:
                self.too_many = True
                if alias:
                    message = f"more than {MAX_VALUES:,} values once alias {_shown('*' + alias)} is written out"
                    fix = "write shared values out where they are needed, not as aliases of aliases"
                else:
                    message, fix = f"more than {MAX_VALUES:,} values in the file", "split it"
                self.found.add(event.start_mark, message, fix)
                raise _Stop  # the last problem looked for: reading on would only build more

    def finish(self, size: int, height: int) -> None:
        """Add a finished list, mapping or alias's values and levels to the collection it is in."""
        if self.stack:
            parent = self.stack[-1]
            parent.size = min(parent.size + size, MAX_VALUES + 1)
            parent.height = max(parent.height, height + 1)

    def properties(self, event) -> _Anchor | None:
        """Check a node's tag and anchor; the anchor's record, open until the node ends."""
        if event.tag is not None and self.rules.data:
            self.found.add(
                event.start_mark,
                f"explicit tag {_shown(event.tag)} is not allowed in data",
                f"delete the tag and write the value plainly, {QUOTE_IT}",
            )
        if event.anchor is None:
            return None
        if event.anchor in self.anchors:
            self.found.add(
                event.start_mark,
                f"anchor {_shown('&' + event.anchor)} is defined twice",
                "rename one of the two anchors",
            )
        anchor = _Anchor()
        self.anchors[event.anchor] = anchor
        return anchor

    def scalar(self, event, is_key: bool, value) -> None:
        """A scalar with a tag, an anchor or a key to check (run has counted it already)."""
        anchor = self.properties(event)
        if anchor is not None:
            anchor.is_open, anchor.value = False, value
        if self.rules.data and event.value == "<<" and not event.style and event.tag is None:
            if is_key:
                message, fix = "merge key '<<' is not supported", "write the shared fields out in full in each entry"
            else:
                message, fix = "'<<' alone is a merge key, not a value", f"write the value, {QUOTE_IT}"
            self.found.add(event.start_mark, message, fix)
        if is_key and self.rules.duplicates:
            keys = self.stack[-1].keys
            if event.value in keys:
                self.found.add(event.start_mark, *_duplicate(event.value, keys[event.value]))
            else:
                keys[event.value] = event.start_mark.line + 1 + self.found.line_offset
        self.check_total(event)

    def plain(self, event):
        """The value of a plain scalar: text, or what YAML reads in it (a number, true, null, a date)."""
        tag = self.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag in (STR_TAG, MERGE_TAG):  # "<<" is refused by scalar()
            return event.value
        if tag in NUMBER_TAGS and len(event.value) > MAX_NUMBER_LENGTH:
            self.found.add(
                event.start_mark,
                f"number {_shown(event.value)} is longer than {MAX_NUMBER_LENGTH:,} characters",
                f"write the figure with fewer digits, {QUOTE_IT}",
            )
            return event.value
        constructors = self.constructor.yaml_constructors
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark)
        try:
            return constructors.get(tag, constructors[None])(self.constructor, node)
        except (ValueError, ArithmeticError, yaml.YAMLError) as error:
            reason = " ".join(str(error.problem if isinstance(error, yaml.MarkedYAMLError) else error).split())
            self.found.add(
                event.start_mark,
                f"{_shown(event.value)} cannot be read as {KINDS.get(tag, 'a value')} ({reason})",
                f"correct it, {QUOTE_IT}",
            )
            return event.value

    def key(self, parent: _Open, key, mark) -> None:
        """A key of the Mapping being built: the next value goes under it, unless it is a duplicate."""
        mapping = parent.value
        if key in mapping.key_positions:
            self.found.add(mark, *_duplicate(key, mapping.key_positions[key][0]))
            parent.key = _SKIP
        else:
            mapping.key_positions[key] = (mark.line + 1 + self.found.line_offset, mark.column + 1)
            parent.key = key

    def attach(self, parent: _Open | None, value) -> None:
        """A finished value, into the list or under the key of the mapping it is in, or as the document."""
        if parent is None:
            self.root = value
        elif not parent.is_mapping:
            parent.value.append(value)
        elif parent.key is not _SKIP:
            parent.value[parent.key] = value

    def start(self, event, is_mapping: bool) -> None:
        is_key = self.is_key()
        if is_key and self.rules.data:
            self.found.add(
                event.start_mark,
                f"a {'mapping' if is_mapping else 'list'} used as a key",
                "write each key as a plain word followed by ':'",
            )
        if not self.stack:
            self.root_mark = event.start_mark
        value = None
        if self.build:
            value = Mapping() if is_mapping else []
            if is_mapping:
                value.line, value.col = event.start_mark.line + 1 + self.found.line_offset, event.start_mark.column + 1
        self.stack.append(_Open(is_mapping, self.properties(event), is_key, value))
        self.total += 1
        self.check_total(event)
        if len(self.stack) > self.rules.max_depth:
            self.deep(event, f"lists and mappings nested deeper than {self.rules.max_depth} levels")

    def end(self) -> None:
        collection = self.stack.pop()
        anchor = collection.anchor
        if anchor is not None:
            anchor.size, anchor.height, anchor.is_open = collection.size, collection.height, False
            anchor.value = collection.value
        self.finish(collection.size, collection.height)
        if self.build:
            self.place(collection.is_key, collection.value)

    def place(self, is_key: bool, value) -> None:
        """A finished list, mapping or alias: a refused key drops the value that follows it."""
        parent = self.stack[-1] if self.stack else None
        if is_key:
            parent.key = _SKIP
        else:
            self.attach(parent, value)

    def alias(self, event) -> None:
        name = event.anchor
        shown = _shown("*" + name)
        is_key = self.is_key()
        if not self.stack:
            self.root_mark = event.start_mark
        if is_key and self.rules.data:
            self.found.add(event.start_mark, f"alias {shown} used as a key", "write the key out as a plain word")
        anchor = self.anchors.get(name)
        value = None
        if anchor is None:
            self.found.add(
                event.start_mark,
                f"alias {shown} names no anchor above it",
                f"define {_shown('&' + name)} on a value above, or write the value out in full",
            )
        elif anchor.is_open:
            self.found.add(
                event.start_mark,
                f"alias {shown} is inside the value it names, so that value never ends",
                "write the value out in full",
            )
        else:
            if len(self.stack) + anchor.height > self.rules.max_depth:
                self.deep(event, f"nesting deeper than {self.rules.max_depth} levels once alias {shown} is written out")
            self.total += anchor.size
            self.check_total(event, alias=name)
            if self.build and not self.too_many:
                value = _copy(anchor.value)
        size, height = (anchor.size, anchor.height) if anchor is not None and not anchor.is_open else (1, 0)
        self.finish(size, height)
        if self.build:
            self.place(is_key, value)

    def deep(self, event, message: str) -> None:
        """Too deep: the last problem looked for. Both parsers check each open level of a flow list
        or mapping at each token, so reading on through deep nesting would cost its depth squared."""
        self.found.add(event.start_mark, message, "flatten the structure: the data needs only a few levels")
        raise _Stop

    def document(self, event) -> None:
        self.documents += 1
        self.anchors = {}
        if self.documents > 1 and self.rules.data:
            self.found.add(
                event.start_mark,
                "a second YAML document starts here",
                "delete the '---' line: the file holds one document",
            )


def _copy(value):
    """An alias's own copy of its anchor's value (lists and Mappings new; texts, numbers and dates shared)."""
    if isinstance(value, Mapping):
        copy = Mapping((key, _copy(item)) for key, item in value.items())
        copy.line, copy.col, copy.key_positions = value.line, value.col, dict(value.key_positions)
        return copy
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


def _add_syntax_error(found: _Found, text: str, error: yaml.YAMLError) -> None:
    """A parser's error as one problem, worded by the pure-Python parser when the text is small."""
    if FAST_LOADER is not yaml.SafeLoader and len(text) <= PURE_WORDING_LIMIT:
        try:
            for _ in yaml.parse(text, Loader=yaml.SafeLoader):
                pass
        except yaml.YAMLError as pure_error:
            error = pure_error
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = " ".join(part for part in (error.context, error.problem) if part)
    else:
        line, col, reason = 1, 1, str(error)
    found.add_at(
        line,
        col,
        f"YAML syntax error: {' '.join(reason.split())}",
        "check the indentation and quoting on this line and the one above",
    )


def _add_character_problems(found: _Found, text: str) -> None:
    """Control characters and other code points that YAML does not allow, each on its line."""
    for match in NON_PRINTABLE.finditer(text):
        index = match.start()
        line = text.count("\n", 0, index) + 1
        col = index - text.rfind("\n", 0, index)
        found.add_at(
            line,
            col,
            f"character U+{ord(match.group()):04X} is not allowed in YAML",
            "delete it (invisible characters often come with text copied from a PDF or a word processor)",
        )


def _duplicate(key, first_line: int) -> tuple[str, str]:
    """The message and fix of a key defined a second time."""
    return f"duplicate key {_shown(key)} (first defined on line {first_line})", DUPLICATE_FIX


def _read(path: Path, display_path: str) -> str:
    """A file's text; ContentError when it is missing, unreadable, too large or not UTF-8."""
    try:
        with path.open("rb") as file:
            data = file.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise ContentError([Problem(display_path, 1, 1, "file not found", "create it")]) from None
    except OSError as error:
        problem = Problem(
            display_path, 1, 1, f"cannot read the file ({error.strerror or error})", "make it a readable file"
        )
        raise ContentError([problem]) from None
    if len(data) > MAX_BYTES:
        raise ContentError([_too_large(display_path, 1, "file")])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line_start = data.rfind(b"\n", 0, error.start) + 1
        line = data.count(b"\n", 0, error.start) + 1
        col = len(data[line_start : error.start].decode("utf-8", "replace")) + 1
        problem = Problem(
            display_path,
            line,
            col,
            f"not valid UTF-8 (byte 0x{data[error.start]:02X})",
            "save the file as UTF-8 (and retype the character if it shows wrongly)",
        )
        raise ContentError([problem]) from None


def _too_large(display_path: str, line: int, what: str) -> Problem:
    return Problem(
        display_path,
        line,
        1,
        f"{what} larger than {MAX_BYTES // (1024 * 1024)} MiB",
        "split it, or remove what does not belong in it",
    )


def _load(text: str, display_path: str, line_offset: int) -> Mapping:
    found = _Found(display_path, line_offset)
    walk = _Walk(found, DATA_RULES, build=True)
    try:
        _add_character_problems(found, text)
        if not found:
            walk.run(text)
        if not found and walk.root is not _SKIP and not isinstance(walk.root, Mapping):
            found.add(
                walk.root_mark,
                "the top level must be a mapping of 'name: value' lines",
                "start each top-level entry at the left margin with its name and ':'",
            )
    except _Stop:
        pass
    if found:
        raise ContentError(found.list())
    if walk.root is _SKIP:  # an empty text, or only comments
        empty = Mapping()
        empty.line += line_offset
        return empty
    return walk.root


def load_yaml(path: Path, display_path: str) -> Mapping:
    """Parse a YAML data file into Mappings; raise ContentError listing its problems, one line each.

    A syntax error, a duplicate key, a value that cannot be read, and anything the data files do
    not need or that could make loading slow or deep (see the module's text) is a problem.
    """
    return _load(_read(path, display_path), display_path, 0)


def load_yaml_text(text: str, display_path: str, first_line: int = 1) -> Mapping:
    """Parse YAML text (a page's front matter, say) with the rules of load_yaml.

    Problems name display_path, and their lines count from first_line, the line of the page on
    which the text starts. An empty text is an empty Mapping.
    """
    if len(text) > MAX_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise ContentError([_too_large(display_path, first_line, "text")])
    return _load(text, display_path, first_line - 1)


def check_yaml_file(path: Path, display_path: str) -> list[Problem]:
    """Syntax errors and duplicate keys of any YAML file, whatever tags it uses (mkdocs.yml's !ENV).

    The file is only parsed, never built, in one pass: aliases are counted, not followed, so an
    alias bomb or a recursive alias is a problem, not a hang; so are deep nesting, a file larger
    than MAX_BYTES, a byte that is not UTF-8 and a control character.
    """
    try:
        text = _read(path, display_path)
    except ContentError as error:
        return error.problems
    found = _Found(display_path, 0)
    try:
        _add_character_problems(found, text)
        if not found:
            _Walk(found, LINT_RULES, build=False).run(text)
    except _Stop:
        pass
    return sorted(found.list())
