"""How a build is measured: its wall time in a fresh process; the Python function calls it makes,
counted in a fresh process (the same on a loaded machine); and under `make serve`, the wait from
saving an edit until the served page shows it, its twin in the other language checked too."""

from __future__ import annotations

import os
import platform
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from importlib import metadata
from pathlib import Path

import pagefind_bin

from tools.local_site import free_port

# A fixed hash seed: the same sets are walked in the same order, so a count repeats itself.
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1", PYTHONHASHSEED="0")
BUILD = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d"]
# cProfile counting Python functions only (no built-ins, no caller/callee pairs): under twice the
# build's own time. Pagefind, a compiled binary the build starts, is not counted: wall time only.
COUNT = """import cProfile, runpy, sys
profile = cProfile.Profile(subcalls=False, builtins=False)
sys.argv = ["mkdocs", "build", "--strict", "-q", "-d", sys.argv[1]]
profile.enable()
try:
    runpy.run_module("mkdocs", run_name="__main__")
finally:
    profile.disable()
    print(sum(entry.callcount for entry in profile.getstats()))
"""
LANGUAGE_AND_TITLE = re.compile(r"<html[^>]*\blang=\"?(\w+).*?<title>(.*?)</title>", re.DOTALL)
PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "mkdocs-macros-plugin", "Markdown", "Jinja2", "pagefind")


def run_in(project: Path, command: list[str], **env: str) -> str:
    """Run a command in `project`; its output, or the end of it in the error when it fails."""
    result = subprocess.run(command, cwd=project, env=dict(ENV, **env), capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{project}: {' '.join(command[:4])} failed:\n{(result.stdout + result.stderr)[-3000:]}")
    return result.stdout


def build_seconds(project: Path) -> float:
    """One strict build, as `make build` runs it, into a fresh folder."""
    with tempfile.TemporaryDirectory(prefix="bench-site-") as site:
        start = time.perf_counter()
        run_in(project, [*BUILD, site])
        return time.perf_counter() - start


def build_calls(project: Path, site: Path) -> int:
    """The Python function calls of one strict build of `project` into `site`."""
    return int(run_in(project, [sys.executable, "-c", COUNT, str(site)]).split()[-1])


def pagefind_seconds(site: Path) -> float:
    """Pagefind alone, as the site's build starts it, over a built site."""
    start = time.perf_counter()
    run_in(site, [str(pagefind_bin.get_executable()), "--site", str(site), "--exclude-selectors", ".headerlink"])
    return time.perf_counter() - start


def _served(url: str, shows, server: subprocess.Popen, limit: float = 300) -> str:
    """Poll `url` until its HTML `shows` what is awaited."""
    end = time.perf_counter() + limit
    while time.perf_counter() < end and server.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=limit) as response:
                html = response.read().decode("utf-8")
            if shows(html):
                return html
        except OSError:
            pass
        time.sleep(0.02)
    raise SystemExit(f"{url} did not show the edit within {limit:.0f} s (server exit code {server.poll()})")


def serve_edits(project: Path, page: str, path: str, twin_path: str, edits: int) -> list[float]:
    """Seconds from each save of docs/`page` until `mkdocs serve`, run as `make serve` runs it,
    serves the edit at `path` and the page's twin at `twin_path`, each in its own language."""
    port = free_port()
    url, twin_url = (f"http://127.0.0.1:{port}/{p}" for p in (path, twin_path))
    command = [sys.executable, "-m", "mkdocs", "serve", "--no-strict", "--dirty", "--dev-addr", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, cwd=project, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    source = project / "docs" / page
    original = source.read_text(encoding="utf-8")
    try:
        pages = {u: _served(u, lambda html: "</html>" in html, server, 900) for u in (url, twin_url)}
        before = {u: LANGUAGE_AND_TITLE.search(html).groups() for u, html in pages.items()}
        times = []
        for number in range(edits):
            time.sleep(1)  # the watcher settles after the previous build
            mark = f"benchmark edit {'abcdefgh'[number % 8]}"
            start = time.perf_counter()
            source.write_text(f"{original}\n{mark}\n", encoding="utf-8")
            after = {url: _served(url, lambda html, mark=mark: mark in html, server)}
            after[twin_url] = _served(twin_url, lambda html: "</html>" in html, server)
            times.append(time.perf_counter() - start)
            if mark in after[twin_url] or any(LANGUAGE_AND_TITLE.search(after[u]).groups() != before[u] for u in after):
                raise SystemExit(f"{twin_url}: not the page it was, in its own language, after an edit of {page}")
        return times
    finally:
        server.terminate()
        server.wait(timeout=30)
        source.write_text(original, encoding="utf-8")


def machine() -> str:
    cpu = re.search(r"model name\s*: (.*)", Path("/proc/cpuinfo").read_text()).group(1)
    versions = ", ".join(f"{name} {metadata.version(name)}" for name in PACKAGES)
    return f"{os.cpu_count()} processors ({cpu}), {platform.platform()}, Python {platform.python_version()}; {versions}"
