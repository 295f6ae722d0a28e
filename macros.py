"""Thin adapter between MkDocs (mkdocs-macros-plugin) and the fact engine in khuyencong/.

It loads the project once per set of files, reports every problem as one warning line (the
strict build turns warnings into a failure; `make serve` shows them and keeps serving), and
registers the macros pages use. Everything else lives in the engine, which knows no MkDocs.
"""

from __future__ import annotations

import logging
import posixpath
import sys
from pathlib import Path

from markupsafe import Markup, escape

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

from khuyencong.catalogue import data_catalogue, dataset_jsonld, document_fact_table, downloads_list  # noqa: E402 (after the stale engine is forgotten)
from khuyencong.charts import chart_html, draw_chart  # noqa: E402 (after the stale engine is forgotten)
from khuyencong.downloads import write_downloads  # noqa: E402 (after the stale engine is forgotten)
from khuyencong.formatting import format_fact  # noqa: E402 (after the stale engine is forgotten)
from khuyencong.pages import language_of  # noqa: E402 (after the stale engine is forgotten)
from khuyencong.project import load_project  # noqa: E402 (after the stale engine is forgotten)
from khuyencong.provenance import source_summary  # noqa: E402 (after the stale engine is forgotten)
from khuyencong.raw_html import RawHtml  # noqa: E402 (after the stale engine is forgotten)
from khuyencong.sources import document_citation  # noqa: E402 (after the stale engine is forgotten)

log = logging.getLogger("mkdocs.plugins.khuyencong")
DATA_PAGE = "data.md"
CHARTS_FOLDER = "charts"


def define_env(env):
    project = load_project(Path(env.project_dir), Path(env.conf["docs_dir"]))
    # The i18n plugin runs the configuration again for each language: report a project once.
    if getattr(env, "khuyencong_reported", None) is not project:
        for problem in project.problems:
            log.warning(str(problem))
        env.khuyencong_reported = project
    env.khuyencong_project = project
    env.khuyencong_chart_files = getattr(env, "khuyencong_chart_files", {})

    def page_language() -> str:
        return language_of(env.page.file.src_uri)

    def missing(key: str) -> Markup:
        # Already reported as a problem; shown only in a non-strict preview.
        return Markup('<mark class="fact-missing">{}?</mark>').format(key)

    def relative(target: str) -> str:
        return posixpath.relpath(target, posixpath.dirname(env.page.file.src_uri) or ".")

    @env.macro
    def fact(key: str) -> str:
        """A figure from data/facts.yaml in the page's language, linked to its entry on the data
        page, with its source (document, page, period) as a tooltip on hover and keyboard focus."""
        if project.facts is None or key not in project.facts:
            return missing(key)
        item = project.facts[key]
        text = escape(format_fact(item, page_language()))
        title = escape(source_summary(item, page_language()))
        return f'[{text}]({relative(DATA_PAGE)}#{key} "{title}"){{ .fact data-fact="{key}" }}'

    @env.macro
    def data_catalogue_entries() -> str:
        """Every fact, generated from data/facts.yaml, for the data page. Its blocks of HTML wait
        on the page, as one word each, for site_hooks.py to put them back after the Markdown."""
        if project.facts is None:
            return missing("data/facts.yaml")
        raw = env.page.khuyencong_raw_html = getattr(env.page, "khuyencong_raw_html", None) or RawHtml()
        return data_catalogue(project.facts, project.pages, page_language(), env.page.canonical_url, raw.keep)

    @env.macro
    def document_facts(document: str) -> str:
        """A table of every fact taken from one source document, generated from the facts."""
        if project.facts is None or document not in project.facts.documents:
            return missing(document)
        return document_fact_table(project.facts, document, page_language(), relative(DATA_PAGE))

    @env.macro
    def data_downloads() -> Markup:
        """Links to facts.csv, facts.json and their schema, written at the site's root."""
        return Markup(downloads_list(page_language(), "../" * env.page.url.count("/")))

    @env.macro
    def dataset_description() -> Markup:
        """schema.org Dataset JSON-LD for the data page."""
        if project.facts is None:
            return missing("data/facts.yaml")
        page_url = env.page.canonical_url
        root_url = page_url[: len(page_url) - len(env.page.url)]
        return Markup(dataset_jsonld(project.facts, page_language(), page_url, root_url))

    @env.macro
    def chart(name: str) -> Markup:
        """A chart drawn from the facts at build time: static SVG, its name, description and data table."""
        if project.facts is None or name not in project.charts:
            return missing(name)
        drawn = draw_chart(project.charts[name], project.facts, page_language())
        env.khuyencong_chart_files[drawn.file_name] = drawn.svg
        src = "../" * env.page.url.count("/") + f"{CHARTS_FOLDER}/{drawn.file_name}"
        return Markup(chart_html(project.charts[name], drawn, project.facts, page_language(), src))

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


def on_post_build(env):
    """The downloads and the charts' SVG files, written from the same facts into the site folder."""
    project = env.khuyencong_project
    site = Path(env.conf["site_dir"])
    if project.facts is not None:
        write_downloads(project.facts, site)
    if env.khuyencong_chart_files:
        (site / CHARTS_FOLDER).mkdir(parents=True, exist_ok=True)
        for file_name, svg in env.khuyencong_chart_files.items():
            (site / CHARTS_FOLDER / file_name).write_text(svg, encoding="utf-8")
