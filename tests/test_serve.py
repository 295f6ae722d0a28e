"""`make serve` shows a mistake as a warning line and keeps serving."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

from conftest import copy_project


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_reports_a_problem_and_keeps_serving(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project / "docs/glossary.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n{{ fact("no_such.fact") }}\n', encoding="utf-8")
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
                "--no-livereload",
                "--dev-addr",
                f"127.0.0.1:{port}",
            ],
            cwd=project,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        body = ""
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not body:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/en/glossary/", timeout=5) as response:
                    body = response.read().decode("utf-8")
            except OSError:
                time.sleep(0.5)
        assert "Glossary" in body
        lines = log.read_text(encoding="utf-8").splitlines()
        assert any(
            "WARNING" in line and "docs/glossary.md:" in line and "unknown fact 'no_such.fact'" in line
            for line in lines
        ), lines
        assert not any("Traceback" in line for line in lines)
    finally:
        server.terminate()
        server.wait(timeout=30)
