"""Shared helpers: build a real copy of the site into a temporary folder and read its HTML."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pytest
from html_reading import read_html
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, BuildError

from tools.local_site import chromium, free_port, serve  # one server and browser for tests, checks and bench
from tools.project_copy import PROJECT_PARTS, copy_project  # noqa: F401 (the tests' helpers)

ROOT = Path(__file__).resolve().parent.parent
# Every HTML page of the real site in one language, the 404 page last: the Vietnamese at the root,
# the English under en/.
SITE_PAGES = [
    "index.html",
    "rural-industry/index.html",
    "results-2008-2012/index.html",
    "results-2012-2022/index.html",
    "glossary/index.html",
    "sources/index.html",
    "documents/ket-qua-10-nam/index.html",
    "documents/diem-sang-khuyen-cong/index.html",
    "data/index.html",
    "404.html",
]
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


@pytest.fixture(scope="session")
def served_build(tmp_path_factory) -> tuple[Path, str]:
    """The real site built for, and served on, its own 127.0.0.1 port (so its absolute links work): folder, address."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    site = tmp_path_factory.mktemp("served")
    with mock.patch.dict(os.environ, SITE_URL=url):
        build(load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site), strict=True))
    with serve(site, port) as served:
        yield site, served


@pytest.fixture(scope="session")
def served_site(served_build) -> str:
    """The address of the served real site."""
    return served_build[1]


@pytest.fixture(scope="session")
def browser():
    with chromium() as instance:
        yield instance


@pytest.fixture
def page(browser, served_site):
    """A desktop tab of the shared browser, closed after the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()
