"""`make serve` shows a mistake as a warning line, keeps serving, and recovers after the fix."""

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import free_port
from small_project import DEFAULT_PAGES, DEFAULT_SOURCES, make_small_project

WAIT = 120  # seconds: a bound so that a preview that never comes fails the test instead of hanging it
# As `make serve` runs it (tests/test_workflow.py reads the recipe).
SERVE = [sys.executable, "-m", "mkdocs", "serve", "--no-strict", "--dirty"]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(condition, what: str):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.3)
    raise AssertionError(f"not seen within {WAIT} s: {what}")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_serve_survives_content_mistakes_and_recovers(tmp_path):
    bad_call = '{{ fact("jobs.total", "extra") }}'
    pages = {**DEFAULT_PAGES, "index.md": DEFAULT_PAGES["index.md"] + f"\n{bad_call}\n"}
    project = make_small_project(tmp_path / "project", pages=pages)
    port = free_port()
    log = tmp_path / "serve.log"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    with log.open("w") as output:
        server = subprocess.Popen(
            # Not --no-livereload: without live reload, mkdocs serve watches no file at all.
            [*SERVE, "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    home = f"http://127.0.0.1:{port}/"
    try:
        # A macro called with a wrong number of arguments: the page shows its problem, the rest is served.
        body = wait_for(lambda: "takes 1 argument, not 2" in fetch(home) and fetch(home), "the problem on the page")
        assert "Craft villages" in wait_for(lambda: fetch(f"{home}en/"), "the twin page")
        assert any("WARNING" in line and "docs/index.md:" in line for line in log.read_text().splitlines())
        assert "Traceback" not in body

        # The fix is picked up without a restart.
        edit(project / "docs/index.md", f"\n{bad_call}\n", "\n")
        wait_for(lambda: 'data-fact="jobs.total"' in fetch(home) or "data-fact=jobs.total" in fetch(home), "the fix")

        # An edited source document is checked again: a fact's sentence that is gone is reported.
        source = project / "sources" / next(iter(DEFAULT_SOURCES))
        edit(source, "1.350 làng nghề", "1.351 làng nghề")
        wait_for(lambda: "villages.total: source sentence is not in" in log.read_text(), "the source document checked")

        assert server.poll() is None, "the preview stopped"
        assert "Traceback" not in log.read_text()
    finally:
        server.terminate()
        server.wait(timeout=30)


# ---------------------------------------------------------------- the preview renders only what an edit changed

ABOUT = {
    "about.md": '---\ndescription: "Giới thiệu."\n---\n\n# Giới thiệu { #about }\n\nXem [số liệu](index.md#figures).\n',
    "about.en.md": '---\ndescription: "About."\n---\n\n# About { #about }\n\nSee [the figures](index.en.md#figures).\n',
}
# Each edit, and what it changes beyond the edited page: nothing; the data page and the document's
# page (they link to the heading above a fact's first citation); every page's navigation (the page
# shows its problem instead, without its title); about.md's problem (its link's heading is gone);
# every page (a fact's label).
FIGURES, VILLAGES = "## Số liệu { #figures }", 'Làng nghề: {{ fact("villages.total") }}.'
EDITS = {
    "text": ("docs/index.md", "## Số liệu", "Một câu mới.\n\n## Số liệu"),
    "citation moved": ("docs/index.md", f"{FIGURES}\n\n{VILLAGES}", f"{VILLAGES}\n\n{FIGURES}\n\n"),
    "problem": ("docs/about.md", "Xem [số liệu]", 'Làng nghề: {{ fact("villages.total") }}. Xem [số liệu]'),
    "renamed heading": ("docs/index.md", "{ #figures }", "{ #numbers }"),
    "fact label": ("data/facts.yaml", 'en: "Craft villages"', 'en: "Craft villages and villages with crafts"'),
}
# What mkdocs serve adds to each page it sends, with a new number each time: its live-reload script.
LIVE_RELOAD = re.compile(r"<script>\s*var livereload = function.*?</script>", re.DOTALL)


class Preview:
    """`mkdocs serve` as `make serve` runs it, on a project: its pages as served, its builds counted."""

    def __init__(self, project: Path):
        self.project, self.port = project, free_port()
        self.log = project.parent / f"{project.name}-serve.log"
        with self.log.open("w") as output:
            self.server = subprocess.Popen(
                [*SERVE, "--dev-addr", f"127.0.0.1:{self.port}"],
                cwd=project,
                env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        wait_for(lambda: "Serving on" in self.log.read_text(), f"{project.name} served")

    def builds(self) -> int:
        return self.log.read_text().count("Reloading browsers")

    def pages(self) -> dict[str, str]:
        """Every page in both languages, the 404 pages and the downloads, with this server's own
        address and live-reload script taken out."""
        addresses = ["404.html", "en/404.html", "facts.csv", "facts.json", "facts.schema.json"]
        for source in sorted((self.project / "docs").rglob("*.md")):
            relative = source.relative_to(self.project / "docs").as_posix()
            english = relative.endswith(".en.md")
            path = relative.removesuffix(".en.md" if english else ".md").removesuffix("index")
            path = path if not path or path.endswith("/") else f"{path}/"
            addresses.append(f"en/{path}" if english else path)
        home = f"http://127.0.0.1:{self.port}/"
        return {a: LIVE_RELOAD.sub("", fetch(home + a)).replace(home, "ADDRESS/") for a in addresses}

    def stop(self) -> None:
        self.server.terminate()
        self.server.wait(timeout=30)
        assert "Traceback" not in self.log.read_text()


def test_after_each_edit_the_preview_serves_what_a_fresh_preview_serves(tmp_path):
    project = make_small_project(tmp_path / "project", pages={**DEFAULT_PAGES, **ABOUT})
    preview = Preview(project)
    try:
        for number, (name, (path, old, new)) in enumerate(EDITS.items()):
            builds = preview.builds()
            edited = project / path
            text = edited.read_text(encoding="utf-8")
            assert old in text
            # Saved as editors save: the new text written beside and moved over the old in one step.
            edited.with_suffix(".saving").write_text(text.replace(old, new), encoding="utf-8")
            os.replace(edited.with_suffix(".saving"), edited)
            wait_for(lambda builds=builds: preview.builds() > builds, f"the preview rebuilt after the {name} edit")
            fresh = Preview(shutil.copytree(project, tmp_path / f"fresh-{number}"))
            try:
                expected = fresh.pages()
            finally:
                fresh.stop()
            served = preview.pages()
            assert all(expected.values()), f"a page the fresh preview did not serve: {expected.keys()}"
            for address, html in expected.items():
                assert served[address] == html, f"after the {name} edit, /{address} is not what a fresh preview serves"
    finally:
        preview.stop()
