"""Load a project's facts and check its pages: the one entry point for builds and `make check`."""

from __future__ import annotations

import hashlib
import os
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
    data_problems: tuple = ()  # the problems of data/ and sources/ alone
    data_fingerprint: str = ""  # of every file under data/ and sources/

    @property
    def ok(self) -> bool:
        return not self.problems


# The project read before, per folder. Under `make serve` every rebuild reads the project again; what
# did not change is reused, judged by content: the facts, charts and documents when no file under
# data/ or sources/ changed a byte, and each page whose text is the same. Only the checks across
# them all run again in full.
_read_before: dict[tuple[Path, Path], Project] = {}
READ_BEFORE_KEPT = 4
DATA_FOLDERS = ("data", "sources")


def files_fingerprint(root: Path, paths) -> str:
    """A SHA-256 over the names and bytes of the given files and of every file under the given
    folders. Only what is inside root is read: a path outside it is skipped, and a symlink counts
    by where it points, never followed."""
    digest = hashlib.sha256()
    root = Path(os.path.abspath(root))
    for top in (Path(os.path.abspath(path)) for path in paths):
        if root not in top.parents:
            continue
        found = [top]
        if top.is_dir() and not top.is_symlink():
            for parent, folders, files in os.walk(top):
                folders.sort()
                found += [Path(parent) / entry for entry in sorted(folders + files)]
        for path in found:
            digest.update(f"{path.relative_to(root).as_posix()}\0".encode())
            if path.is_symlink():
                digest.update(f"link {os.readlink(path)}\0".encode())
            elif path.is_file():
                digest.update(path.read_bytes())
    return digest.hexdigest()


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
    """Facts and problems of the project at root: read afresh but for what is byte for byte as the
    project read before in the same folders had it (see _read_before)."""
    root = root.resolve()
    docs = Path(docs_dir or root / "docs")
    if docs.is_symlink():
        # Pages through a link could be any folder of the build machine: none of them is read.
        problem = symlink_problem(docs.absolute(), docs.absolute().parent)
        return Project(root, None, {}, {}, (problem,), {})
    docs_dir = docs.resolve()
    before = _read_before.pop((root, docs_dir), None)
    fingerprint = files_fingerprint(root, [root / name for name in DATA_FOLDERS])
    if before is not None and before.data_fingerprint == fingerprint:
        facts, charts, texts, data_problems = before.facts, before.charts, before.texts, before.data_problems
    else:
        facts, charts, texts, data_problems = _load_data(root)
    problems: list[Problem] = list(data_problems)
    docs_prefix = docs_dir.relative_to(root).as_posix() + "/"
    problems.extend(CATALOGUE_PROBLEMS)
    pages, page_problems = read_pages(docs_dir, root, before.pages if before is not None else {})
    problems.extend(page_problems)
    problems.extend(check_pages(pages, facts, docs_prefix, charts if facts is not None else None))
    project = Project(root, facts, charts, pages, tuple(sorted(set(problems))), texts, data_problems, fingerprint)
    _read_before[(root, docs_dir)] = project
    while len(_read_before) > READ_BEFORE_KEPT:
        del _read_before[next(iter(_read_before))]
    return project
