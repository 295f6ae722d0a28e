"""Thin adapter between MkDocs (mkdocs-macros-plugin) and the fact engine in khuyencong/.

It loads the project once per set of files, reports every problem as one warning line (the
strict build turns warnings into a failure; `make serve` shows them and keeps serving), and
registers the macros pages use. Everything else lives in the engine, which knows no MkDocs.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from markupsafe import Markup

# mkdocs-macros loads this file by path, without putting the project on sys.path: the engine
# package beside it must be importable however MkDocs is started (make, mkdocs serve, tests).
ENGINE = Path(__file__).resolve().parent / "khuyencong"
sys.path.insert(0, str(ENGINE.parent))


def _forget_stale_engine() -> None:
    """Under `make serve`, an edit to the engine's code must reach the next rebuild: MkDocs
    runs this file again, but Python would keep the engine modules it imported first."""
    newest = max(p.stat().st_mtime_ns for p in ENGINE.glob("*.py"))
    loaded = sys.modules.get("khuyencong")
    if loaded is not None and getattr(loaded, "loaded_at", newest) < newest:
        for name in [n for n in sys.modules if n == "khuyencong" or n.startswith("khuyencong.")]:
            del sys.modules[name]
    import khuyencong

    khuyencong.loaded_at = newest


_forget_stale_engine()

from khuyencong.formatting import format_fact  # noqa: E402 (after the stale engine is forgotten)
from khuyencong.pages import language_of  # noqa: E402 (after the stale engine is forgotten)
from khuyencong.project import load_project  # noqa: E402 (after the stale engine is forgotten)
from khuyencong.sources import document_citation  # noqa: E402 (after the stale engine is forgotten)

log = logging.getLogger("mkdocs.plugins.khuyencong")


def define_env(env):
    project = load_project(Path(env.project_dir), Path(env.conf["docs_dir"]))
    # The i18n plugin runs the configuration again for each language: report a project once.
    if getattr(env, "khuyencong_reported", None) is not project:
        for problem in project.problems:
            log.warning(str(problem))
        env.khuyencong_reported = project
    env.khuyencong_project = project

    def page_language() -> str:
        return language_of(env.page.file.src_uri)

    @env.macro
    def fact(key: str) -> Markup:
        """A figure from data/facts.yaml, formatted for the page's language."""
        if project.facts is None or key not in project.facts:
            # Already reported as a problem; shown only in a non-strict preview.
            return Markup('<mark class="fact-missing">{}?</mark>').format(key)
        text = format_fact(project.facts[key], page_language())
        return Markup('<span class="fact" data-fact="{}">{}</span>').format(key, text)

    @env.macro
    def source_citation(key: str) -> Markup:
        """The full citation of a source document, in the page's language."""
        if project.facts is None or key not in project.facts.documents:
            return Markup('<mark class="fact-missing">{}?</mark>').format(key)
        return Markup(document_citation(project.facts.documents[key], page_language()))


def on_pre_page_macros(env):
    """A page whose macros cannot render is replaced by a notice: its problems are already
    reported, and the preview stays up instead of stopping on a Jinja error."""
    page = env.khuyencong_project.pages.get(env.page.file.src_uri)
    if page is not None and not page.renderable:
        env.markdown = "!!! failure\n\n    This page has macro errors: see the terminal."
