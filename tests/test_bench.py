"""`make bench` builds what it claims to: a synthetic project that follows the site's rules, plain
Material and the stack's floor with the same pages, figures typed in; its counts repeat; its
`make serve` timing waits for the edit and checks the twin."""

import subprocess
import sys

import pytest
import yaml
from html_reading import read_html

from bench.measure import build_calls, serve_edits
from bench.projects import BENCH_DIR, make_project, plain_and_floor

CITATIONS = '<a class="fact"'


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("bench") / "project", pairs=3, facts=40, documents=4)


def test_a_synthetic_project_has_what_was_asked_for_and_no_problem(project):
    data = yaml.safe_load((project / "data/facts.yaml").read_text(encoding="utf-8"))
    assert (len(data["facts"]), len(data["documents"])) == (40, 4)
    pages = sorted(page.name for page in (project / "docs" / BENCH_DIR).iterdir())
    pairs = ["b0001", "b0002", "b0003", "document-aaa", "document-aab", "facts"]
    assert pages == sorted(f"{pair}{suffix}" for pair in pairs for suffix in (".en.md", ".md"))
    result = subprocess.run([sys.executable, "-m", "khuyencong", "check", str(project)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "40 facts" in result.stderr


def test_plain_material_and_the_floor_build_the_same_pages_with_figures_typed_in(project, tmp_path):
    plain, floor = plain_and_floor(project, tmp_path / "baseline")
    calls = {name: build_calls(folder, tmp_path / name) for name, folder in (("plain", plain), ("floor", floor))}
    # Plain Material builds both languages side by side and has no search; the floor builds English
    # under en/ and indexes with Pagefind, not lunr.
    pages = {"plain": read_html(tmp_path / "plain/bench/b0001.en/index.html")}
    pages["floor"] = read_html(tmp_path / "floor/en/bench/b0001/index.html")
    for html in pages.values():
        assert html.count(CITATIONS) == 6 and "{{" not in html and "Sample page aab" in html
    assert '<html class="no-js" lang="en">' in pages["floor"]
    assert (tmp_path / "floor/pagefind/pagefind-entry.json").is_file()
    assert not (tmp_path / "plain/search").exists() and not (tmp_path / "floor/search").exists()
    # The floor runs the i18n plugin and mkdocs-macros over the same pages: more calls, never fewer.
    assert calls["floor"] > calls["plain"] > 100_000
    again = build_calls(plain, tmp_path / "plain-again")
    assert abs(again - calls["plain"]) <= calls["plain"] / 1000


def test_the_preview_is_timed_until_the_edit_is_served(project):
    page = project / "docs/bench/b0002.md"
    before = page.read_text(encoding="utf-8")
    times = serve_edits(project, "bench/b0002.md", "bench/b0002/", "en/bench/b0002/", edits=1)
    assert len(times) == 1 and 0 < times[0] < 300
    assert page.read_text(encoding="utf-8") == before
