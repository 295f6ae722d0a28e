"""Pages are content, never code; every call is checked before anything is rendered; symlinks
are refused. Each scenario is the small project with one thing broken on purpose."""

import os
import subprocess
import sys

import pytest
from conftest import build_project
from mkdocs.commands.build import build
from mkdocs.config import load_config
from small_project import DEFAULT_PAGES, make_small_project

from khuyencong.project import load_project

RUN_A_COMMAND = '{{ fact.__globals__["__builtins__"]["__import__"]("os").system("touch PWNED") }}'


def with_line(page: str, line: str) -> dict:
    """The default pages with a line added at the end of one page."""
    return {**DEFAULT_PAGES, page: DEFAULT_PAGES[page] + f"\n{line}\n"}


def page_line(page: str) -> int:
    return DEFAULT_PAGES[page].count("\n") + 2


SCENARIOS = {
    "code that runs a command": (with_line("index.md", RUN_A_COMMAND), "page code is not allowed"),
    "a statement": (with_line("index.md", "{% set x = 1 %}"), "opens a Jinja statement"),
    "a filter": (with_line("index.md", '{{ fact("jobs.total") | safe }}'), "page code is not allowed"),
    "an unknown chart": (with_line("index.md", '{{ chart("villages_and_job") }}'), "unknown chart 'villages_and_job'"),
    "an unknown document": (with_line("sources.md", '{{ source_citation("repor") }}'), "unknown document 'repor'"),
    "an unknown document's facts": (with_line("sources.md", '{{ document_facts("x") }}'), "unknown document 'x'"),
    "a missing argument": (with_line("index.md", "{{ chart() }}"), "'chart' takes 1 argument, not 0"),
    "an extra argument": (with_line("index.md", '{{ fact("jobs.total", "x") }}'), "'fact' takes 1 argument, not 2"),
    "an unknown macro": (with_line("index.md", "{{ lipsum() }}"), "unknown macro 'lipsum'"),
    "a script": (with_line("index.md", "<script>alert(document.domain)</script>"), "raw HTML is not allowed"),
    "an HTML comment": (with_line("index.md", "<!-- hidden -->"), "raw HTML is not allowed"),
    "an event handler": (with_line("index.md", '**x**{ onclick="alert(document.domain)" }'), "attributes are not"),
    "a javascript link": (with_line("index.md", "[x](javascript:alert(document.domain))"), "is not allowed"),
    "a javascript link in character references": (
        with_line("index.md", "[x](javascript&#58;alert(document.domain))"),
        "is not allowed",
    ),
    "a reference link": (with_line("index.md", "[a]: javascript:alert(document.domain)"), "is not allowed"),
    "a number from no fact": (with_line("index.md", "Có khoảng 1.305 làng chưa được công nhận."), "'1.305'"),
    "a fact's figure with a magnitude word": (
        with_line("index.md", "gần 22 nghìn lao động"),
        "figure '22 nghìn' is typed by hand; it is the value of fact jobs.total",
    ),
    "a fact's figure in words": (
        with_line("index.en.md", "one thousand three hundred and fifty villages"),
        "is written in words; it is the value of fact villages.total",
    ),
}
FRONT_MATTER = {
    "a field that turns Jinja on": "render_macros: true",
    "a template": "template: ../../../etc/passwd",
}


def assert_refused_with_one_line(tmp_path, caplog, pages: dict, what: str, page: str | None = None):
    project = make_small_project(tmp_path / "project", pages=pages)
    site = tmp_path / "site"
    result = build_project(project, site, caplog)
    assert not result.ok
    lines = [w for w in result.warnings if what in w]
    assert len(lines) == 1, result.warnings
    if page:
        assert lines[0].startswith(f"docs/{page}:{page_line(page)}:"), lines
    assert not site.exists() or not any(site.iterdir()), "a strict build with a problem wrote files"
    assert not (project / "PWNED").exists()
    return project


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_a_bad_page_fails_the_strict_build_with_one_line_and_writes_nothing(tmp_path, caplog, scenario):
    pages, what = SCENARIOS[scenario]
    page = next(name for name in pages if pages[name] != DEFAULT_PAGES[name])
    assert_refused_with_one_line(tmp_path, caplog, pages, what, page)


@pytest.mark.parametrize("scenario", sorted(FRONT_MATTER))
def test_front_matter_holds_a_description_only(tmp_path, caplog, scenario):
    field = FRONT_MATTER[scenario]
    pages = {**DEFAULT_PAGES, "index.md": DEFAULT_PAGES["index.md"].replace("---\n", f"---\n{field}\n", 1)}
    pages["index.md"] += f"\n{RUN_A_COMMAND}\n"
    assert_refused_with_one_line(tmp_path, caplog, pages, f"front matter field '{field.split(':')[0]}' is not allowed")


def test_a_preview_shows_the_problems_instead_of_running_the_page(tmp_path):
    project = make_small_project(tmp_path / "project", pages=with_line("index.md", RUN_A_COMMAND))
    site = tmp_path / "site"
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=False))
    html = (site / "index.html").read_text(encoding="utf-8")
    assert "page code is not allowed" in html
    assert not (project / "PWNED").exists()
    assert "jobs.total" in (site / "en/index.html").read_text(encoding="utf-8")  # the twin renders


@pytest.mark.parametrize("where", ["docs/leak.md", "docs/leak.txt", "docs/folder", "sources/linked.txt"])
def test_a_symlink_under_docs_or_sources_is_refused_and_never_read(tmp_path, caplog, where):
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "secret.txt").write_text("SECRET-OF-THE-BUILD-MACHINE", encoding="utf-8")
    project = make_small_project(tmp_path / "project")
    link = project / where
    link.symlink_to(secret if where.endswith("folder") else secret / "secret.txt")
    result = build_project(project, tmp_path / "site", caplog)
    assert not result.ok
    assert [w for w in result.warnings if w.startswith(f"{where}:1:1: symlinks are not allowed")], result.warnings
    preview = tmp_path / "preview"
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(preview), strict=False))
    for path in preview.rglob("*"):
        assert not path.is_file() or b"SECRET-OF-THE-BUILD-MACHINE" not in path.read_bytes(), path


def test_make_check_names_page_code_without_building(tmp_path):
    project = make_small_project(tmp_path / "project", pages=with_line("index.md", RUN_A_COMMAND))
    result = subprocess.run(
        [sys.executable, "-m", "khuyencong", "check", str(project)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    line = page_line("index.md")
    assert result.stdout.startswith(f"docs/index.md:{line}:1: page code is not allowed"), result.stdout
    assert not (project / "PWNED").exists() and not os.path.exists("PWNED")


@pytest.mark.parametrize("folder", ["docs", "data", "sources", "data/documents"])
def test_a_linked_content_folder_is_refused_and_never_read(tmp_path, folder):
    project = make_small_project(tmp_path / "project")
    elsewhere = tmp_path / "elsewhere"
    (project / folder).rename(elsewhere)
    (project / folder).symlink_to(elsewhere)
    problems = [str(p) for p in load_project(project).problems]
    assert [p for p in problems if p.startswith(f"{folder}:1:1: symlinks are not allowed")], problems
