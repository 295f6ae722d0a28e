"""Shared helpers: build a real copy of the site into a temporary folder and read its HTML."""

from __future__ import annotations

import functools
import logging
import os
import socket
import sys
import threading
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from html_reading import read_html
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, BuildError

# The browser and its flags are the page-quality tool's: one definition for tests and checks.
from tools.check_site import CHROMIUM_FLAGS, chromium_path
from tools.project_copy import PROJECT_PARTS, copy_project  # noqa: F401 (the tests' helpers)

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("vi", "en")


@dataclass
class BuildResult:
    ok: bool
    site: Path
    warnings: list

    def html(self, page: str, language: str) -> str:
        prefix = "" if language == "vi" else "en/"
        return read_html(self.site / prefix / page / "index.html")


def build_project(project: Path, site: Path, caplog: pytest.LogCaptureFixture) -> BuildResult:
    """The strict build, in process, as `make build` runs it."""
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=True)
        try:
            build(config)
            ok = True
        except (Abort, BuildError, SystemExit):
            ok = False
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    return BuildResult(ok, site, warnings)


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> BuildResult:
    """The real project built once for the whole session."""
    site = tmp_path_factory.mktemp("site")
    handler = ListHandler()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site), strict=True)
        build(config)
    finally:
        logger.removeHandler(handler)
    return BuildResult(True, site, handler.messages)


class ListHandler(logging.Handler):
    """Keeps the message of every warning it is given."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def served_site(tmp_path_factory):
    """The real site built for, and served on, its own 127.0.0.1 port (so its absolute links work)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    site = tmp_path_factory.mktemp("served")
    previous = os.environ.get("SITE_URL")
    os.environ["SITE_URL"] = url
    try:
        build(load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site), strict=True))
    finally:
        if previous is None:
            os.environ.pop("SITE_URL", None)
        else:
            os.environ["SITE_URL"] = previous
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = _QuietServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield url
    server.shutdown()
    server.server_close()


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A browser that leaves a page cancels the requests it no longer needs; that is no error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if not Path(path).is_file():
        pytest.fail(f"no browser at {path}: install Debian's chromium or set CHROMIUM_PATH")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=path, args=list(CHROMIUM_FLAGS))
        yield instance
        instance.close()


@pytest.fixture
def page(browser, served_site):
    """A desktop tab of the shared browser, closed after the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()
