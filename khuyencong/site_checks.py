"""The content rules every build and every `make check` apply to the pages and the facts.

One implementation: the MkDocs adapter and the command line both call `check_pages`.
"""

from __future__ import annotations

import difflib
import os
import posixpath
from pathlib import Path

from .facts import Facts
from .page_macros import MACROS, SHOWS_A_DOCUMENT
from .pages import PageSource, language_of, parse_page, twin_of
from .problems import Problem

CITE = '{{{{ fact("{}") }}}}'


def read_pages(
    docs_dir: Path, root: Path, before: dict[str, PageSource] | None = None
) -> tuple[dict[str, PageSource], list[Problem]]:
    """Every Markdown page under docs_dir, by its path relative to docs_dir, and a problem for
    each symlink there: a link may point anywhere on the build machine, so none is read. A page
    of `before` (read earlier) is reused when its text is the same, whatever the file's time and size."""
    before = before or {}
    now: dict[str, PageSource] = {}
    problems = []
    for path in symlinks_under(docs_dir):
        problems.append(symlink_problem(path, root))
    for folder, folders, files in os.walk(docs_dir):
        folders[:] = sorted(f for f in folders if not (Path(folder) / f).is_symlink())
        for name in sorted(files):
            path = Path(folder) / name
            if not name.endswith(".md") or path.is_symlink():
                continue
            relative = path.relative_to(docs_dir).as_posix()
            known = before.get(relative)
            if known is not None and known.text == path.read_text(encoding="utf-8"):
                now[relative] = known
            else:
                now[relative] = parse_page(path, path.relative_to(root).as_posix())
    return dict(sorted(now.items())), problems


def symlinks_under(folder: Path) -> list[Path]:
    """Every symlink in a folder's tree, without following any; the folder itself if it is one."""
    if folder.is_symlink():
        return [folder]
    found = []
    for parent, folders, files in os.walk(folder):
        for name in sorted(folders + files):
            if (Path(parent) / name).is_symlink():
                found.append(Path(parent) / name)
    return sorted(found)


def symlink_problem(path: Path, root: Path) -> Problem:
    return Problem(
        path.relative_to(root).as_posix(),
        1,
        1,
        "symlinks are not allowed: the build would read and publish whatever it points to",
        "replace it with the file itself, or remove it",
    )


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


ARGUMENT_FILES = {"fact": "data/facts.yaml", "chart": "data/charts.yaml", "document": "data/facts.yaml"}


def _check_calls(page: PageSource, names: dict[str, list[str]]) -> list[Problem]:
    """Each call's names exist: facts, charts and documents, with the closest names as the fix."""
    problems = []
    for call in page.calls:
        for kind, argument in zip(MACROS[call.name], call.arguments, strict=True):
            if argument in names[kind]:
                continue
            close = difflib.get_close_matches(argument, names[kind], n=2, cutoff=0.5)
            fix = (
                f"did you mean {' or '.join(repr(k) for k in close)}?"
                if close
                else f"add '{argument}' to {ARGUMENT_FILES[kind]}, or use one of: {', '.join(names[kind][:5])}"
            )
            problems.append(Problem(page.path, call.line, call.col, f"unknown {kind} '{argument}'", fix))
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
        # Headings and other ids alike: a link to a page lands on the same place in either language.
        mine = [a for a, _, _ in page.anchors if a] + [i for i, _, _ in page.ids]
        theirs = [a for a, _, _ in twin.anchors if a] + [i for i, _, _ in twin.ids]
        if mine != theirs:
            missing = [a for a in mine if a not in theirs] + [a for a in theirs if a not in mine]
            detail = f"differ: {', '.join(missing)}" if missing else "are in a different order"
            problems.append(
                Problem(
                    page.path,
                    1,
                    1,
                    f"anchors of this page and {twin.path} {detail}",
                    "give both pages the same headings and terms with the same { #anchor } in the same order",
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
        elif anchor and anchor not in target_page.targets():
            problems.append(
                Problem(
                    page.path,
                    line,
                    col,
                    f"broken link '{target}': no heading or term {{ #{anchor} }} there",
                    f"use one of the anchors of {target_page.path}",
                )
            )
    return problems


def _check_numbers(page: PageSource, values: dict) -> list[Problem]:
    """A number in the prose is a figure typed by hand: the value of a fact, or of none."""
    problems = []
    for number in page.numbers:
        keys = sorted({key for value in number.values for key in values.get(value, ())})
        if keys:
            kind = "written in words" if number.in_words else "typed by hand"
            problems.append(
                Problem(
                    page.path,
                    number.line,
                    number.col,
                    f"figure '{number.text}' is {kind}; it is the value of fact {', '.join(keys)}",
                    f"write {' or '.join(CITE.format(k) for k in keys)} instead",
                )
            )
        elif not number.in_words:
            problems.append(
                Problem(
                    page.path,
                    number.line,
                    number.col,
                    f"number '{number.text}' comes from no fact",
                    "add it to data/facts.yaml with its source sentence and cite it with "
                    f"{CITE.format('topic.name')}; years are written as 'năm 2012'/'in 2012' or a span 2008–2012",
                )
            )
    return problems


def _values_to_keys(facts: Facts) -> dict:
    values: dict = {}
    for fact in facts:
        for number in fact.numbers:
            values.setdefault(float(number), []).append(fact.key)
    return values


def document_pages(pages: dict[str, PageSource]) -> dict[str, str]:
    """The Vietnamese page that shows each document's text, by document key."""
    shown = {}
    for relative, page in sorted(pages.items()):
        if language_of(relative) == "vi":
            for call in page.calls:
                if call.name in SHOWS_A_DOCUMENT:
                    shown.setdefault(call.arguments[0], relative)
    return shown


def _check_document_pages(pages: dict[str, PageSource], facts: Facts, docs_prefix: str) -> list[Problem]:
    """Every figure links to its sentence in its document's page: each document needs one."""
    shown = document_pages(pages)
    problems = []
    for document in facts.documents.values():
        if document.key not in shown:
            line, col = document.positions.get("file", (1, 1))
            slug = document.key.replace("_", "-")
            problems.append(
                Problem(
                    facts.path,
                    line,
                    col,
                    f"document {document.key} has no page showing its text",
                    f'create {docs_prefix}documents/{slug}.md and .en.md with {{{{ source_text("{document.key}") }}}}',
                )
            )
    return problems


def _check_document_sections(pages: dict[str, PageSource], facts: Facts, docs_prefix: str) -> list[Problem]:
    """The data page links each fact's document to its section of the sources page, in the data
    page's language: that section must exist (the link is written by the engine, not the editor)."""
    problems = []
    for relative, page in sorted(pages.items()):
        if not any(call.name == "data_catalogue_entries" for call in page.calls):
            continue
        sources = posixpath.join(posixpath.dirname(relative), "sources.md")
        if language_of(relative) == "en":
            sources = twin_of(sources)
        sources_page = pages.get(sources)
        for document in facts.documents.values():
            if sources_page is None or document.key not in sources_page.targets():
                problems.append(
                    Problem(
                        page.path,
                        1,
                        1,
                        f"the data page links document {document.key} to {sources}#{document.key}, which is missing",
                        f"add a section to {docs_prefix}{sources} headed ## Title {{ #{document.key} }}",
                    )
                )
    return problems


def check_pages(
    pages: dict[str, PageSource], facts: Facts | None, docs_prefix: str = "docs/", charts: dict | None = None
) -> list[Problem]:
    """Every problem of the pages: code, calls, twins, anchors, links, numbers, facts never cited."""
    problems = _check_twins(pages, docs_prefix)
    values = _values_to_keys(facts) if facts is not None else {}
    names = None
    if facts is not None:
        names = {"fact": list(facts.facts), "chart": list(charts or {}), "document": list(facts.documents)}
    for relative, page in pages.items():
        problems.extend(page.front_matter_problems)
        problems.extend(Problem(page.path, p.line, p.col, p.message, p.fix) for p in page.code_problems)
        twin = pages.get(twin_of(relative))
        if not page.description and not page.front_matter_problems:
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
        problems.extend(_check_numbers(page, values))
        # Twins are compared by their citations alone: this runs even when the facts did not load.
        # A page whose code could not be read has no citations to compare: its problem is reported.
        if twin is not None and not page.code_problems and not twin.code_problems:
            problems.extend(_check_twin_citations(page, twin))
        if names is not None:
            problems.extend(_check_calls(page, names))
    if facts is not None:
        problems.extend(_check_document_pages(pages, facts, docs_prefix))
        problems.extend(_check_document_sections(pages, facts, docs_prefix))
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
