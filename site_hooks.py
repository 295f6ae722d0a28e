"""MkDocs hooks: the parts of the site that belong to the theme and the build, not to the facts.

- no file reached through a symlink under docs/ is read or published;
- heading slugs keep đ as d (the engine's slugify, set on Python-Markdown's toc);
- absolute hreflang alternates, with x-default, from each page's canonical URL;
- one 404 page per language (the i18n plugin writes every language's 404 to the root);
- the Pagefind search index, built once after the last language, with table cells kept apart;
- an empty sitemap beside every page: the theme's script fetches sitemap.xml next to each
  hreflang URL and would log a 404 for each page-level alternate; with an empty one it falls
  back to the alternate URL itself, which is the twin page. The real sitemap stays at the root.
"""

from __future__ import annotations

import importlib
import logging
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).resolve().parent))

from khuyencong.slugs import slugify

log = logging.getLogger("mkdocs.plugins.khuyencong")
DEFAULT_LANGUAGE = "vi"
NOT_FOUND = "404.html"
not_found_pages: dict[str, str] = {}
THEME_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle"[^>]*?type="checkbox"[^>]*?) autocomplete="off"')


def _language(config) -> str:
    return str(config.theme["language"])


def _i18n_is_building_other_languages(config) -> bool:
    i18n = config.plugins.get("i18n")
    return bool(getattr(i18n, "building", False))


def _through_symlink(path: Path, docs: Path) -> bool:
    while path != docs and docs in path.parents:
        if path.is_symlink():
            return True
        path = path.parent
    return False


def on_files(files, config):
    """No file reached through a symlink under docs/ is read or published, even in a preview (the
    engine reports each symlink; a strict build has already stopped)."""
    docs = Path(os.path.abspath(config.docs_dir))
    for file in list(files):
        if file.abs_src_path and _through_symlink(Path(os.path.abspath(file.abs_src_path)), docs):
            files.remove(file)
    return files


def on_config(config):
    config.mdx_configs.setdefault("toc", {})["slugify"] = slugify
    return config


@event_priority(100)  # before any other plugin reads the page's HTML
def on_page_content(html, page, config, files):
    """The data page's blocks of HTML, kept out of Python-Markdown by macros.py (see raw_html.py)."""
    raw = getattr(page, "khuyencong_raw_html", None)
    return raw.restore(html) if raw is not None else html


@event_priority(-50)  # after the i18n plugin has pointed each alternate at this page's twin
def on_page_context(context, page, config, nav):
    """hreflang links as absolute URLs (search engines ignore relative ones), plus x-default."""
    site_root = page.canonical_url[: len(page.canonical_url) - len(page.url)]
    alternates = []
    # The i18n plugin sets the page's twins as an attribute, which the theme's templates read first.
    for alternate in getattr(config.extra, "alternate", None) or config.extra.get("alternate") or []:
        # "/en/" from the plugin already holds site_url's path; "en/glossary/" is relative to it.
        url = urljoin(site_root, alternate["link"])
        alternates.append((alternate["lang"], url))
        if alternate["lang"] == DEFAULT_LANGUAGE:
            alternates.append(("x-default", url))
    context["hreflang_alternates"] = alternates
    return context


def _without_checkbox_autocomplete(html: str) -> str:
    """The theme marks its checkbox toggles autocomplete="off", which HTML allows on text-like inputs only."""
    return THEME_CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)


@event_priority(100)  # before the minifier rewrites the attributes
def on_post_page(output, page, config):
    return _without_checkbox_autocomplete(output)


def on_template_context(context, template_name, config):
    """The 404 page links to every language's home, by absolute URL (it is served at any depth)."""
    if template_name == NOT_FOUND:
        i18n = config.plugins.get("i18n")
        languages = i18n.config.languages if i18n else []
        context["language_homes"] = [
            (language.locale, language.name, urljoin(config.site_url or "/", f"{language.locale}/"))
            if not language.default
            else (language.locale, language.name, config.site_url or "/")
            for language in languages
        ]
    return context


@event_priority(100)  # before the minifier rewrites the attributes
def on_post_template(output, template_name, config):
    output = _without_checkbox_autocomplete(output)
    if template_name == NOT_FOUND:
        not_found_pages[_language(config)] = output
    return output


@event_priority(-200)  # after the i18n plugin (-100) has built the other languages
def on_post_build(config):
    if _i18n_is_building_other_languages(config):
        return
    site = Path(config.site_dir)
    for language, html in not_found_pages.items():
        folder = site if language == DEFAULT_LANGUAGE else site / language
        folder.mkdir(parents=True, exist_ok=True)
        (folder / NOT_FOUND).write_text(html, encoding="utf-8")
    not_found_pages.clear()
    _empty_sitemap_beside_pages(site)
    _space_between_cells(site)
    _index_for_search(site)


EMPTY_SITEMAP = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n'
)


def _empty_sitemap_beside_pages(site: Path) -> None:
    for page in site.rglob("index.html"):
        if page.parent != site and not (page.parent / "sitemap.xml").exists():
            (page.parent / "sitemap.xml").write_text(EMPTY_SITEMAP, encoding="utf-8")


ADJACENT_CELLS = re.compile(r"(</t[dh]>)(<t[dh][\s>])")


def _space_between_cells(site: Path) -> None:
    """The minifier writes table cells with nothing between them; Pagefind then glues their words
    together in its excerpts ("Nhóm hoạt độngKết quả"). One space between cells keeps them apart."""
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        spaced = ADJACENT_CELLS.sub(r"\1 \2", html)
        if spaced != html:
            page.write_text(spaced, encoding="utf-8")


def _pagefind() -> list[str]:
    """Pagefind's binary, found as `python -m pagefind` finds it (PAGEFIND_BINARY_PATH, then the
    extended and the plain binary packages), without starting a second Python that imports
    asyncio only to start it (about 50 ms of every build); `python -m pagefind` otherwise."""
    if os.environ.get("PAGEFIND_BINARY_PATH"):
        return [os.environ["PAGEFIND_BINARY_PATH"]]
    for package in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            return [str(importlib.import_module(package).get_executable())]
        except (ImportError, FileNotFoundError):
            continue
    return [sys.executable, "-m", "pagefind"]


def _index_for_search(site: Path) -> None:
    """Pagefind indexes each <html lang> separately, so each language searches only its own pages."""
    result = subprocess.run(
        # Heading permalinks ("¶") are not words of the page.
        [*_pagefind(), "--site", str(site), "--exclude-selectors", ".headerlink", "--quiet"],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise PluginError(f"Pagefind could not index {site}: {result.stderr.strip() or result.stdout.strip()}")
