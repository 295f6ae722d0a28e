"""The engine is an installed package; the adapter and the hooks edit no import path; a build
starts no git process; the engine's caches are keyed by the content of the files, not their times."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from small_project import make_small_project

from khuyencong.charts import draw_chart
from khuyencong.project import load_project

ROOT = Path(__file__).resolve().parent.parent
ENGINE_MODULES = sorted(path.stem for path in (ROOT / "khuyencong").glob("*.py") if not path.stem.startswith("__"))


def test_the_engine_imports_as_an_installed_package_without_mkdocs(tmp_path):
    """From any folder and with no PYTHONPATH, the venv's Python finds the engine of this tree, and
    none of its modules imports MkDocs."""
    imports = "; ".join(f"import khuyencong.{name}" for name in ENGINE_MODULES)
    script = f"import sys, khuyencong; {imports}; print(khuyencong.__file__); print('mkdocs' in sys.modules)"
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    result = subprocess.run(
        [sys.executable, "-P", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    location, mkdocs_loaded = result.stdout.splitlines()
    assert Path(location) == ROOT / "khuyencong" / "__init__.py"
    assert mkdocs_loaded == "False"


@pytest.mark.parametrize("file_name", ["macros.py", "site_hooks.py"])
def test_the_adapter_and_the_hooks_edit_no_import_path(file_name):
    tree = ast.parse((ROOT / file_name).read_text(encoding="utf-8"))
    edits = [
        f"{file_name}:{node.lineno}: sys.{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "sys"
        and node.attr in ("path", "modules")
    ]
    assert edits == []


class _Figures(HTMLParser):
    """The fact keys of the figures a page shows (<a class="fact" data-fact="...">)."""

    def __init__(self):
        super().__init__()
        self.keys: list[str] = []

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag == "a" and "fact" in (found.get("class") or "").split():
            self.keys.append(found.get("data-fact"))


def test_a_build_starts_no_git_process(tmp_path):
    """mkdocs-macros would run git twelve times per language for page variables no page uses."""
    fake = tmp_path / "bin"
    fake.mkdir()
    calls = tmp_path / "git-calls"
    (fake / "git").write_text(f'#!/bin/sh\necho "git $*" >> "{calls}"\nexit 128\n', encoding="utf-8")
    (fake / "git").chmod(0o755)
    env = {**os.environ, "PATH": f"{fake}{os.pathsep}{os.environ['PATH']}", "NO_MKDOCS_2_WARNING": "1"}
    site = tmp_path / "site"
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "-q",
        "-f",
        str(ROOT / "mkdocs.yml"),
        "-d",
        str(site),
    ]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert not calls.exists(), calls.read_text(encoding="utf-8")
    for page in (site / "index.html", site / "en" / "index.html"):
        figures = _Figures()
        figures.feed(page.read_text(encoding="utf-8"))
        assert figures.keys, f"{page} shows no figure"


def _edit_keeping_size_and_time(path: Path, old: str, new: str) -> None:
    """Replace old with new (of the same length) and put the file's times back as they were."""
    assert len(old.encode()) == len(new.encode())
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} not once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


@pytest.mark.parametrize(
    ("file_name", "old", "new", "problem"),
    [
        ("data/facts.yaml", "value: 1350", "value: 1351", "villages.total"),
        ("sources/report.txt", "1.350 làng", "1.351 làng", "villages.total"),
        ("docs/index.md", 'fact("jobs.total")', 'fact("jobs.totaX")', "jobs.totaX"),
    ],
)
def test_an_edit_of_same_size_and_time_is_seen(tmp_path, file_name, old, new, problem):
    project = make_small_project(tmp_path / "project")
    assert load_project(project).problems == ()
    _edit_keeping_size_and_time(project / file_name, old, new)
    problems = [str(p) for p in load_project(project).problems]
    assert any(problem in p for p in problems), problems


def test_a_chart_is_drawn_again_when_its_figure_changes(tmp_path):
    """Drawings are kept by what they show (khuyencong/charts.py): a new figure is a new drawing."""
    project_folder = make_small_project(tmp_path / "project")

    def drawing() -> str:
        project = load_project(project_folder)
        svg = draw_chart(project.charts["villages_and_jobs"], project.facts, "vi").drawings["light", "desktop"].svg
        return svg.split("</desc>", 1)[1]  # the drawing itself, after its name and description

    assert "1.350" in drawing()
    _edit_keeping_size_and_time(project_folder / "data/facts.yaml", "value: 1350", "value: 1351")
    _edit_keeping_size_and_time(project_folder / "sources/report.txt", "1.350 làng", "1.351 làng")
    _edit_keeping_size_and_time(project_folder / "data/facts.yaml", 'words: "1.350"', 'words: "1.351"')
    redrawn = drawing()
    assert "1.351" in redrawn
    assert "1.350" not in redrawn
