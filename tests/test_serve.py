"""`make serve` shows a mistake as a warning line, keeps serving, and recovers after the fix."""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import free_port
from small_project import DEFAULT_PAGES, DEFAULT_SOURCES, make_small_project

WAIT = 120  # seconds: a bound so that a preview that never comes fails the test instead of hanging it


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
            [
                sys.executable,
                "-m",
                "mkdocs",
                "serve",
                "--no-strict",
                # Not --no-livereload: without live reload, mkdocs serve watches no file at all.
                "--dev-addr",
                f"127.0.0.1:{port}",
            ],
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
