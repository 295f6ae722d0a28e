"""Each bad input fails the strict build with one clear line, and never reaches a page.

Every scenario is a copy of the real project with one thing broken on purpose.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, build_project, copy_project


def edit(project: Path, relative: str, old: str, new: str, count: int = 1) -> None:
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"scenario is stale: {old!r} not in {relative}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def yaml_syntax_error(project):
    edit(project, "data/facts.yaml", "    unit: count\n", "      unit: count\n")


def duplicate_fact(project):
    edit(project, "data/facts.yaml", "  craft_villages.recognised_traditional:", "  craft_villages.total:")


def missing_field(project):
    edit(project, "data/facts.yaml", "    value: 308\n", "")


def unknown_key_in_page(project):
    edit(project, "docs/index.md", 'fact("craft_villages.total")', 'fact("craft_village.total")')
    edit(project, "docs/index.en.md", 'fact("craft_villages.total")', 'fact("craft_village.total")')


def page_missing_in_english(project):
    (project / "docs/glossary.en.md").unlink()


def fact_cited_in_one_language_only(project):
    page = project / "docs/glossary.md"
    page.write_text(page.read_text(encoding="utf-8") + '\nCó {{ fact("craft_villages.total") }}.\n', encoding="utf-8")


def broken_internal_link(project):
    page = project / "docs/glossary.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[Xem](no-such-page.md)\n", encoding="utf-8")


def figure_typed_by_hand(project):
    page = project / "docs/glossary.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nCó 1.350 làng nghề.\n", encoding="utf-8")


SCENARIOS = {
    "yaml syntax error": (yaml_syntax_error, "data/facts.yaml:", "YAML syntax error"),
    "duplicate key": (duplicate_fact, "data/facts.yaml:", "duplicate key 'craft_villages.total'"),
    "missing field": (missing_field, "data/facts.yaml:", "missing field 'value'"),
    "unknown fact key": (
        unknown_key_in_page,
        "docs/index.md:",
        "unknown fact 'craft_village.total'. Fix: did you mean 'craft_villages.total'",
    ),
    "page missing in one language": (
        page_missing_in_english,
        "docs/glossary.md:1:1:",
        "page has no English twin docs/glossary.en.md",
    ),
    "fact cited in one language only": (
        fact_cited_in_one_language_only,
        "docs/glossary.md:",
        "fact 'craft_villages.total' is cited here but not in the twin page",
    ),
    "broken internal link": (broken_internal_link, "docs/glossary.md:", "broken link 'no-such-page.md': no such page"),
    "figure typed by hand": (figure_typed_by_hand, "docs/glossary.md:", "figure '1.350' is typed by hand"),
}


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_bad_input_fails_the_strict_build_with_one_clear_line(tmp_path, caplog, scenario):
    breaker, where, what = SCENARIOS[scenario]
    project = copy_project(tmp_path / "project")
    breaker(project)
    result = build_project(project, tmp_path / "site", caplog)
    assert not result.ok
    lines = [w for w in result.warnings if where in w and what in w]
    assert len(lines) == 1, result.warnings
    for html in (tmp_path / "site").rglob("*.html"):
        assert "Macro Rendering Error" not in html.read_text(encoding="utf-8")


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_make_check_rejects_the_same_fixtures_without_building(tmp_path, scenario):
    breaker, where, what = SCENARIOS[scenario]
    project = copy_project(tmp_path / "project")
    breaker(project)
    result = subprocess.run(
        [sys.executable, "-m", "khuyencong", "check", str(project)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert [line for line in lines if line.startswith(where) and what in line], lines
    assert all(re.match(r"^[\w./-]+:\d+:\d+: ", line) for line in lines), lines
    assert "Traceback" not in result.stderr


def test_make_check_passes_on_the_real_site():
    # Its speed is measured by make bench, not asserted here: a loaded machine must not turn a test red.
    result = subprocess.run([sys.executable, "-m", "khuyencong", "check"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    assert "0 problems; 23 facts checked" in result.stderr


def run_mkdocs(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", *args], cwd=project, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.mark.parametrize("scenario", ["yaml syntax error", "unknown fact key"])
def test_the_command_line_shows_the_line_and_no_traceback(tmp_path, scenario):
    breaker, where, what = SCENARIOS[scenario]
    project = copy_project(tmp_path / "project")
    breaker(project)
    result = run_mkdocs(project, "build", "--strict", "--site-dir", str(tmp_path / "site"))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert any(where in line and what in line for line in result.stderr.splitlines()), result.stderr
