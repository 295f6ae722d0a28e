"""The rebuild under `make serve`: from saving an edit to one page until the served page shows it.

`mkdocs serve --no-strict` (livereload on: it is what watches and rebuilds) runs in the copy on
a free 127.0.0.1 port. After the first build is served, one page is edited several times; each
time the page is fetched over HTTP until it holds the new words. The server holds requests
while it rebuilds, so the time is the whole rebuild a reader waits for.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import time
import urllib.request
from pathlib import Path

from .measure import ENV, PYTHON

STARTUP_LIMIT = 300.0
REBUILD_LIMIT = 180.0
POLL = 0.05
# Words without digits: a typed figure would be a (non-strict) warning, not a different cost.
MARKS = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=REBUILD_LIMIT) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def _wait_for(url: str, needle: str, limit: float, server: subprocess.Popen) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        if server.poll() is not None:
            raise SystemExit(f"mkdocs serve stopped (exit {server.returncode}) while waiting for {url}")
        if needle in _fetch(url):
            return time.perf_counter() - start
        time.sleep(POLL)
    raise SystemExit(f"{url} did not show {needle!r} within {limit:.0f} s")


def serve_rebuild(project: Path, page: str, url_path: str, repetitions: int, log: Path) -> list[float]:
    """Seconds from each edit of docs/`page` until http://127.0.0.1:PORT/`url_path` shows it."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/{url_path}"
    source = project / "docs" / page
    original = source.read_text(encoding="utf-8")
    with log.open("w") as output:
        server = subprocess.Popen(
            [PYTHON, "-m", "mkdocs", "serve", "--no-strict", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            env=ENV,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for(url, "</html>", STARTUP_LIMIT, server)
        times = []
        for number in range(repetitions):
            mark = f"benchmark edit {MARKS[number % len(MARKS)]} {'x' * (number // len(MARKS))}".strip()
            time.sleep(1.0)  # let the watcher settle after the previous build
            start = time.perf_counter()
            source.write_text(original + f"\n{mark}\n", encoding="utf-8")
            _wait_for(url, mark, REBUILD_LIMIT, server)
            times.append(time.perf_counter() - start)
        return times
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        source.write_text(original, encoding="utf-8")


def median(values: list[float]) -> float:
    return statistics.median(values)


if __name__ == "__main__":  # pragma: no cover - manual use
    import sys

    times = serve_rebuild(Path(sys.argv[1]), sys.argv[2], sys.argv[3], 3, Path(os.devnull))
    print(times)
