"""The benchmark's synthetic project follows the site's rules, so that its strict build can pass."""

import subprocess
import sys

import conftest
import yaml

from bench import synthetic
from bench.measure import ENV
from bench.plain import plain_twin


def test_the_benchmark_copies_what_the_tests_copy():
    assert synthetic.PROJECT_PARTS == conftest.PROJECT_PARTS


def test_a_small_synthetic_project_has_no_problem(tmp_path):
    project = synthetic.make_project(tmp_path / "project", pairs=3, facts=40)
    facts = yaml.safe_load((project / "data/facts.yaml").read_text(encoding="utf-8"))["facts"]
    assert len(facts) == 40
    assert len(list((project / "docs" / synthetic.BENCH_DIR).glob("*.md"))) == 2 * 3 + 2
    result = subprocess.run(
        [sys.executable, "-m", "khuyencong", "check", str(project)], capture_output=True, text=True, cwd=project
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 problems; 40 facts checked" in result.stderr


def test_the_plain_baseline_and_the_stack_floor_build_the_same_pages_with_figures_typed_in(tmp_path):
    project = synthetic.make_project(tmp_path / "project", pairs=2, facts=30)
    plain, floor = plain_twin(project, tmp_path / "baseline")
    sites = {}
    for name, folder in (("plain", plain), ("floor", floor)):
        sites[name] = tmp_path / f"site-{name}"
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(sites[name])],
            capture_output=True,
            text=True,
            cwd=folder,
            env=ENV,
        )
        assert result.returncode == 0, result.stdout + result.stderr
    # The plain build has both languages side by side; the floor builds English under en/.
    plain_page = (sites["plain"] / "bench/b0001.en/index.html").read_text(encoding="utf-8")
    floor_page = (sites["floor"] / "en/bench/b0001/index.html").read_text(encoding="utf-8")
    for html in (plain_page, floor_page):
        assert "{{" not in html and 'class="fact"' in html
    assert '<html lang="en"' in floor_page
