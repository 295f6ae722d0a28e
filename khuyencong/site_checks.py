"""The content rules every build and every `make check` apply to the pages and the facts.

One implementation: the MkDocs adapter and the command line both call `check_pages`.
"""

from __future__ import annotations

import difflib
import posixpath
from pathlib import Path

from .facts import Facts
from .pages import MACROS, PageSource, language_of, parse_page, twin_of
from .problems import Problem

CITE = '{{{{ fact("{}") }}}}'


# The pages read before, per docs folder: relative path -> ((modification time, size), page).
# Under `make serve` an edit re-parses the edited page only, not every page of the site.
_parsed: dict[tuple[Path, Path], dict[str, tuple[tuple, PageSource]]] = {}
PARSED_FOLDERS = 4


def read_pages(docs_dir: Path, root: Path) -> dict[str, PageSource]:
    """Every Markdown page under docs_dir, by its path relative to docs_dir."""
    before = _parsed.pop((docs_dir, root), {})
    now: dict[str, tuple[tuple, PageSource]] = {}
    for path in sorted(docs_dir.rglob("*.md")):
        relative = path.relative_to(docs_dir).as_posix()
        status = path.stat()
        stamp = (status.st_mtime_ns, status.st_size)
        known = before.get(relative)
        now[relative] = (
            known if known and known[0] == stamp else (stamp, parse_page(path, path.relative_to(root).as_posix()))
        )
    _parsed[(docs_dir, root)] = now
    while len(_parsed) > PARSED_FOLDERS:
        del _parsed[next(iter(_parsed))]
    return {relative: page for relative, (_, page) in now.items()}


def _check_twins(pages: dict[str, PageSource], docs_prefix: str) -> list[Problem]:
    problems = []
    for relative, page in pages.items():
        twin = twin_of(relative)
        if twin not in pages:
            language = {"vi": "Vietnamese", "en": "English"}[language_of(twin)]
            problems.append(
                Problem(
                    page.path,
                    1,
                    1,
                    f"page has no {language} twin {docs_prefix}{twin}",
                    f"create {docs_prefix}{twin} with the translated page",
                )
            )
    return problems


def _check_citations(page: PageSource, facts: Facts) -> list[Problem]:
    problems = []
    for line, col in page.bad_calls:
        problems.append(
            Problem(
                page.path, line, col, "fact() must be called with one key in quotes", 'write {{ fact("topic.name") }}'
            )
        )
    for citation in page.citations:
        if citation.key not in facts:
            close = facts.closest_keys(citation.key)
            fix = (
                f"did you mean {' or '.join(repr(k) for k in close)}?"
                if close
                else f"add '{citation.key}' to {facts.path}"
            )
            problems.append(Problem(page.path, citation.line, citation.col, f"unknown fact '{citation.key}'", fix))
    return problems


def _check_twin_citations(page: PageSource, twin: PageSource) -> list[Problem]:
    twin_keys = {c.key for c in twin.citations}
    problems = []
    reported = set()
    for citation in page.citations:
        if citation.key not in twin_keys and citation.key not in reported:
            reported.add(citation.key)
            problems.append(
                Problem(
                    page.path,
                    citation.line,
                    citation.col,
                    f"fact '{citation.key}' is cited here but not in the twin page {twin.path}",
                    f"cite {CITE.format(citation.key)} in {twin.path} too, or remove it here",
                )
            )
    return problems


def _check_anchors(page: PageSource, twin: PageSource | None) -> list[Problem]:
    problems = []
    for anchor, line, col in page.anchors:
        if anchor is None:
            problems.append(
                Problem(
                    page.path,
                    line,
                    col,
                    "heading has no explicit anchor",
                    "end the heading with { #anchor-in-english }, the same in both languages",
                )
            )
    if twin is not None and language_of(page.path) == "vi":
        mine = [a for a, _, _ in page.anchors if a]
        theirs = [a for a, _, _ in twin.anchors if a]
        if mine != theirs:
            missing = [a for a in mine if a not in theirs] + [a for a in theirs if a not in mine]
            detail = f"differ: {', '.join(missing)}" if missing else "are in a different order"
            problems.append(
                Problem(
                    page.path,
                    1,
                    1,
                    f"heading anchors of this page and {twin.path} {detail}",
                    "give both pages the same headings with the same { #anchor } in the same order",
                )
            )
    return problems


def _check_links(page: PageSource, relative: str, pages: dict[str, PageSource]) -> list[Problem]:
    """Links between pages: the target page exists, and so does its #anchor."""
    problems = []
    folder = posixpath.dirname(relative)
    for target, line, col in page.links:
        if "://" in target or target.startswith("mailto:"):
            continue
        path, _, anchor = target.partition("#")
        if path and not path.endswith(".md"):
            continue
        target_relative = posixpath.normpath(posixpath.join(folder, path)) if path else relative
        if language_of(relative) == "en" and path and language_of(target_relative) == "vi":
            target_relative = twin_of(target_relative)
        target_page = pages.get(target_relative)
        if target_page is None:
            problems.append(
                Problem(
                    page.path,
                    line,
                    col,
                    f"broken link '{target}': no such page",
                    "link to an existing page, by its Vietnamese file name (glossary.md)",
                )
            )
        elif anchor and anchor not in {a for a, _, _ in target_page.anchors if a}:
            problems.append(
                Problem(
                    page.path,
                    line,
                    col,
                    f"broken link '{target}': no heading {{ #{anchor} }} there",
                    f"use one of the anchors of {target_page.path}",
                )
            )
    return problems


def _check_typed_figures(page: PageSource, values: dict) -> list[Problem]:
    problems = []
    for typed in page.typed_numbers:
        keys = sorted({key for value in typed.values for key in values.get(value, ())})
        if keys:
            fix = " or ".join(CITE.format(k) for k in keys)
            problems.append(
                Problem(
                    page.path,
                    typed.line,
                    typed.col,
                    f"figure '{typed.text}' is typed by hand; it is the value of fact {', '.join(keys)}",
                    f"write {fix} instead",
                )
            )
    return problems


def _values_to_keys(facts: Facts) -> dict:
    values: dict = {}
    for fact in facts:
        for number in fact.numbers:
            values.setdefault(float(number), []).append(fact.key)
    return values


def _check_charts(page: PageSource, charts: dict) -> list[Problem]:
    problems = []
    for use in page.charts:
        if use.key not in charts:
            close = difflib.get_close_matches(use.key, list(charts), n=2)
            fix = f"did you mean {' or '.join(repr(k) for k in close)}?" if close else "define it in data/charts.yaml"
            problems.append(Problem(page.path, use.line, use.col, f"unknown chart '{use.key}'", fix))
    return problems


def check_pages(
    pages: dict[str, PageSource], facts: Facts | None, docs_prefix: str = "docs/", charts: dict | None = None
) -> list[Problem]:
    """Every problem of the pages: twins, citations, anchors, figures typed by hand, facts never cited."""
    problems = _check_twins(pages, docs_prefix)
    values = _values_to_keys(facts) if facts is not None else {}
    for relative, page in pages.items():
        if page.syntax_error:
            line, message = page.syntax_error
            problems.append(
                Problem(
                    page.path, line, 1, f"macro syntax error: {message}", 'cite a figure as {{ fact("topic.name") }}'
                )
            )
            continue
        for name, line, col in page.unknown_names:
            problems.append(
                Problem(page.path, line, col, f"unknown macro or variable '{name}'", f"use one of: {', '.join(MACROS)}")
            )
        twin = pages.get(twin_of(relative))
        if not page.description:
            problems.append(
                Problem(
                    page.path,
                    1,
                    1,
                    "page has no description for search engines and link previews",
                    'start the page with ---, description: "One sentence on the page.", ---',
                )
            )
        problems.extend(_check_anchors(page, twin))
        problems.extend(_check_links(page, relative, pages))
        # Twins are compared by their citations alone: this runs even when the facts did not load.
        if twin is not None and not twin.syntax_error:
            problems.extend(_check_twin_citations(page, twin))
        if facts is None:
            continue
        problems.extend(_check_citations(page, facts))
        if charts is not None:
            problems.extend(_check_charts(page, charts))
        problems.extend(_check_typed_figures(page, values))
    if facts is not None:
        cited = {c.key for page in pages.values() for c in page.citations}
        for fact in facts:
            if fact.key not in cited:
                problems.append(
                    Problem(
                        facts.path,
                        fact.line,
                        1,
                        f"fact '{fact.key}' is cited by no page",
                        f"cite {CITE.format(fact.key)} on a page in both languages, or remove it",
                    )
                )
    return problems
