"""Load a project's facts and check its pages: the one entry point for builds and `make check`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .charts import load_charts
from .documents import LAYOUT_FOLDER, load_document_texts
from .evidence import check_evidence
from .facts import Facts, load_facts
from .messages import CATALOGUE_PROBLEMS
from .problems import ContentError, Problem
from .site_checks import check_pages, read_pages, symlink_problem, symlinks_under

FACTS_FILE = "data/facts.yaml"
CHARTS_FILE = "data/charts.yaml"


@dataclass(frozen=True)
class Project:
    root: Path
    facts: Facts | None
    charts: dict
    pages: dict
    problems: tuple
    texts: dict  # document key -> DocumentText: the documents as their pages show them

    @property
    def ok(self) -> bool:
        return not self.problems


def _load_data(root: Path) -> tuple:
    """Facts, charts, the documents' texts and their problems."""
    linked_folders = [*symlinks_under(root / "sources"), *symlinks_under(root / LAYOUT_FOLDER)]
    problems: list[Problem] = [symlink_problem(path, root) for path in linked_folders]
    # A data file through a link, or in a linked data/ folder, is never read.
    linked = [root / name for name in ("data", FACTS_FILE, CHARTS_FILE) if (root / name).is_symlink()]
    problems.extend(symlink_problem(path, root) for path in linked)
    facts = None
    if not linked:
        try:
            facts = load_facts(root / FACTS_FILE, FACTS_FILE)
        except ContentError as error:
            problems.extend(error.problems)
    charts: dict = {}
    texts: dict = {}
    if facts is not None:
        problems.extend(check_evidence(facts, root))
        try:
            charts = load_charts(root / CHARTS_FILE, CHARTS_FILE, facts)
        except ContentError as error:
            problems.extend(error.problems)
        if not linked_folders:
            texts, text_problems = load_document_texts(root, facts)
            problems.extend(text_problems)
    return facts, charts, texts, tuple(problems)


def load_project(root: Path, docs_dir: Path | None = None) -> Project:
    """Facts and problems of the project at root, read afresh: nothing is kept from an earlier call
    but the parsed pages whose text is unchanged (khuyencong/site_checks.py)."""
    root = root.resolve()
    docs = Path(docs_dir or root / "docs")
    if docs.is_symlink():
        # Pages through a link could be any folder of the build machine: none of them is read.
        problem = symlink_problem(docs.absolute(), docs.absolute().parent)
        return Project(root, None, {}, {}, (problem,), {})
    docs_dir = docs.resolve()
    facts, charts, texts, data_problems = _load_data(root)
    problems: list[Problem] = list(data_problems)
    docs_prefix = docs_dir.relative_to(root).as_posix() + "/"
    problems.extend(CATALOGUE_PROBLEMS)
    pages, page_problems = read_pages(docs_dir, root)
    problems.extend(page_problems)
    problems.extend(check_pages(pages, facts, docs_prefix, charts if facts is not None else None))
    return Project(root, facts, charts, pages, tuple(sorted(set(problems))), texts)
