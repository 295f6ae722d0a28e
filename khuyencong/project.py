"""Load a project's facts and check its pages: the one entry point for builds and `make check`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .charts import load_charts
from .evidence import check_evidence
from .facts import Facts, load_facts
from .problems import ContentError, Problem
from .site_checks import check_pages, read_pages

FACTS_FILE = "data/facts.yaml"
CHARTS_FILE = "data/charts.yaml"


@dataclass(frozen=True)
class Project:
    root: Path
    facts: Facts | None
    charts: dict
    pages: dict
    problems: tuple

    @property
    def ok(self) -> bool:
        return not self.problems


def fingerprint(root: Path, docs_dir: Path) -> tuple:
    """What the checks read, with modification times: equal fingerprints give equal results."""
    paths = [
        root / FACTS_FILE,
        root / CHARTS_FILE,
        *sorted(docs_dir.rglob("*.md")),
        *sorted((root / "sources").glob("*")),
    ]
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in paths if p.is_file())


@lru_cache(maxsize=4)
def _load(root: Path, docs_dir: Path, _fingerprint: tuple) -> Project:
    problems: list[Problem] = []
    facts = None
    try:
        facts = load_facts(root / FACTS_FILE, FACTS_FILE)
    except ContentError as error:
        problems.extend(error.problems)
    charts: dict = {}
    if facts is not None:
        problems.extend(check_evidence(facts, root))
        try:
            charts = load_charts(root / CHARTS_FILE, CHARTS_FILE, facts)
        except ContentError as error:
            problems.extend(error.problems)
    docs_prefix = docs_dir.relative_to(root).as_posix() + "/"
    pages = read_pages(docs_dir, root)
    problems.extend(check_pages(pages, facts, docs_prefix, charts if facts is not None else None))
    return Project(root, facts, charts, pages, tuple(sorted(set(problems))))


def load_project(root: Path, docs_dir: Path | None = None) -> Project:
    """Facts and problems of the project at root; cached until one of its files changes."""
    root = root.resolve()
    docs_dir = (docs_dir or root / "docs").resolve()
    return _load(root, docs_dir, fingerprint(root, docs_dir))
