"""Thin adapter between MkDocs (mkdocs-macros-plugin) and the fact engine in khuyencong/.

It loads the project once per build, reports every problem as one warning line (the
strict build turns warnings into a failure; `make serve` shows them and keeps serving), and
registers the macros pages use. Everything else lives in the engine, which knows no MkDocs.
"""

from __future__ import annotations

import logging
import posixpath
from pathlib import Path

from mkdocs.exceptions import Abort

# The engine is an installed package (pyproject.toml, installed by `make`). Python imports it once
# per process: under `make serve`, an edit to khuyencong/ shows after a restart; an edit to the
# content (pages, facts, charts, sources) shows at the next rebuild, as ever.
from khuyencong.catalogue import data_catalogue, dataset_jsonld, document_fact_table, downloads_list
from khuyencong.charts import chart_html, draw_chart
from khuyencong.document_page import document_page
from khuyencong.documents import sentence_anchor
from khuyencong.downloads import DOWNLOADS, write_downloads
from khuyencong.escaping import markdown_text
from khuyencong.messages import translations
from khuyencong.page_macros import MACROS, render_template
from khuyencong.pages import language_of
from khuyencong.project import load_project
from khuyencong.provenance import fact_link
from khuyencong.raw_html import RawHtml
from khuyencong.site_checks import document_pages
from khuyencong.sources import document_citation

log = logging.getLogger("mkdocs.plugins.khuyencong")
DATA_SOURCE = "data.md"
CHARTS_FOLDER = "charts"


def define_env(env):
    """Load and check the project, report every problem, and keep the macros for the pages.

    Pages are not Jinja templates: mkdocs-macros is set not to render them (render_by_default:
    false in mkdocs.yml), and on_pre_page_macros substitutes each checked call instead."""
    if getattr(env.conf.plugins.get("i18n"), "building", False):
        # The i18n plugin configures the site again for each other language of the same build:
        # every language is rendered from the one project read, and reported, for the first.
        project = env.khuyencong_project
    else:
        project = load_project(Path(env.project_dir), Path(env.conf["docs_dir"]))
        for problem in project.problems:
            log.warning(str(problem))
    # A strict build stops here, before any page or file is written: nothing half-made is published.
    if env.conf["strict"] and project.problems:
        count = len(project.problems)
        raise Abort(f"Aborted with {count} content problem{'s' * (count != 1)} in strict mode")
    env.khuyencong_project = project
    env.khuyencong_chart_files = getattr(env, "khuyencong_chart_files", {})
    env.khuyencong_macros = _page_macros(env, project)
    if set(env.khuyencong_macros) != set(MACROS):
        raise RuntimeError("macros.py and khuyencong/page_macros.py must define the same macros")


def _page_macros(env, project) -> dict:
    """The implementation of every macro of the registry (khuyencong/page_macros.py). They are
    called only with names the checks have found in the facts, the charts and the documents."""

    # The page that shows each document, found once: every figure of every page links into it.
    shown_in = document_pages(project.pages)

    def page_language() -> str:
        return language_of(env.page.file.src_uri)

    def to_root() -> str:
        return "../" * env.page.url.count("/")

    def url_from_here(src: str, language: str) -> str:
        """A page's URL (its Vietnamese source file given) relative to this page's URL: for links
        written as HTML, which MkDocs does not rewrite."""
        path = src[: -len(".md")]
        path = path[: -len("index")] if path == "index" or path.endswith("/index") else path + "/"
        target = ("" if language == "vi" else f"{language}/") + path
        return posixpath.relpath(target or ".", env.page.url or ".") + "/"

    def sentence_href(key: str, language: str) -> str:
        """Where a figure's source sentence stands, highlighted, on its document's page."""
        item = project.facts[key]
        page = shown_in[item.source.document.key]
        return f"{url_from_here(page, language)}#{sentence_anchor(item.source.sentence)}"

    def fact(key: str) -> str:
        """A figure from data/facts.yaml in the page's language, linked to its sentence highlighted
        in the source document, with its source (document, page, period) as a tooltip."""
        language = page_language()
        return fact_link(project.facts[key], language, sentence_href(key, language))

    def source_text(document: str) -> str:
        """The document's full text, its quoted sentences highlighted, with the site's translation in English."""
        to_root = "../" * env.page.file.src_uri.count("/")
        return document_page(project.texts[document], project.facts, project.pages, page_language(), to_root)

    def data_catalogue_entries() -> str:
        """Every fact, generated from data/facts.yaml, for the data page. Its blocks of HTML wait
        on the page, as one word each, for site_hooks.py to put them back after the Markdown."""
        raw = env.page.khuyencong_raw_html = getattr(env.page, "khuyencong_raw_html", None) or RawHtml()
        return data_catalogue(project.facts, project.pages, page_language(), env.page.canonical_url, raw.keep)

    def document_facts(document: str) -> str:
        """A table of every fact taken from one source document, generated from the facts."""
        to_data_page = posixpath.relpath(DATA_SOURCE, posixpath.dirname(env.page.file.src_uri) or ".")
        return document_fact_table(project.facts, document, page_language(), to_data_page)

    def data_downloads() -> str:
        """Links to facts.csv, facts.json and their schema, written at the site's root."""
        return downloads_list(page_language(), to_root())

    def dataset_description() -> str:
        """schema.org Dataset JSON-LD for the data page."""
        page_url = env.page.canonical_url
        root_url = page_url[: len(page_url) - len(env.page.url)]
        return dataset_jsonld(project.facts, fingerprints(project), page_language(), page_url, root_url)

    def chart(name: str) -> str:
        """A chart drawn from the facts at build time: static SVG, its name, description and data table."""
        drawn = draw_chart(project.charts[name], project.facts, page_language())
        env.khuyencong_chart_files.update(drawn.files)
        folder = f"{to_root()}{CHARTS_FOLDER}/"
        sentences = {bar.key: sentence_href(bar.key, page_language()) for bar in project.charts[name].bars}
        return chart_html(project.charts[name], drawn, project.facts, page_language(), folder, sentences)

    def source_citation(key: str) -> str:
        """The full citation of a source document, in the page's language."""
        return document_citation(project.facts.documents[key], page_language())

    return {
        "fact": fact,
        "chart": chart,
        "source_citation": source_citation,
        "document_facts": document_facts,
        "data_catalogue_entries": data_catalogue_entries,
        "data_downloads": data_downloads,
        "dataset_description": dataset_description,
        "source_text": source_text,
    }


def fingerprints(project) -> dict:
    """Each document's SHA-256, of the copy in sources/ that its facts were checked against."""
    return {key: text.sha256 for key, text in project.texts.items()}


def _notice(problems: list, language: str) -> str:
    """What the preview shows instead of a page it cannot render: the page's problems, as text."""
    lines = "\n".join(f"    - {markdown_text(str(problem))}" for problem in problems)
    notice = translations(language).gettext("This page has content problems and was not rendered")
    return f'!!! failure "{notice}"\n\n{lines}\n'


def on_pre_page_macros(env):
    """Render the page by substituting its checked macro calls. A page with a problem of its own,
    or whose calls need facts that did not load, shows its problems instead (only a preview gets
    here with problems: a strict build has stopped in define_env)."""
    project = env.khuyencong_project
    source = project.pages.get(env.page.file.src_uri)
    path = source.path if source else env.page.file.src_uri
    problems = [p for p in project.problems if p.path == path]
    if source is not None and source.calls and project.facts is None:
        problems += [p for p in project.problems if p.path != path]
    if source is None or problems or not source.renderable:
        env.page.meta.clear()
        env.markdown = _notice(problems or [f"{path}: not read"], language_of(env.page.file.src_uri))
        return
    macros = env.khuyencong_macros
    try:
        env.markdown = render_template(env.markdown, lambda call: macros[call.name](*call.arguments))
    except ValueError as error:
        # The file changed between the check and the render: the next rebuild checks it again.
        log.warning(f"{path}: {error}")
        env.markdown = _notice([f"{path}: {error}"], language_of(env.page.file.src_uri))
    except KeyError:
        # A call needs what another file's problem left out (a document's text, its page): the
        # preview shows those problems here. With no problem, this is a bug, and it is raised.
        if not project.problems:
            raise
        env.markdown = _notice(list(project.problems), language_of(env.page.file.src_uri))


def on_post_build(env):
    """The downloads and the charts' SVG files, written from the same facts into the site folder."""
    project = env.khuyencong_project
    site = Path(env.conf["site_dir"])
    # Only complete downloads: each document's fingerprint needs its text (a preview may lack one).
    # Written once into a site folder: by the first language's build (the i18n plugin builds the
    # others after it), and not again by a preview rebuild, as the folder is emptied whenever the
    # facts or the sources change (preview_rebuilds.py), so downloads found there are current.
    complete = project.facts is not None and set(project.texts) == set(project.facts.documents)
    if complete and not all((site / name).is_file() for name in DOWNLOADS):
        write_downloads(project.facts, fingerprints(project), site)
    if env.khuyencong_chart_files:
        (site / CHARTS_FOLDER).mkdir(parents=True, exist_ok=True)
        for file_name, svg in env.khuyencong_chart_files.items():
            (site / CHARTS_FOLDER / file_name).write_text(svg, encoding="utf-8")
