"""The benchmark's synthetic project follows the site's rules, so that its strict build can pass."""

import subprocess
import sys

import conftest
import yaml

from bench import synthetic


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
