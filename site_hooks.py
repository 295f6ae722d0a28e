"""MkDocs hooks: the parts of the site that belong to the theme and the build, not to the facts.

- no file reached through a symlink under docs/ is read or published;
- heading slugs keep đ as d (the engine's slugify, set on Python-Markdown's toc);
- absolute hreflang alternates, with x-default, from each page's canonical URL;
- one 404 page per language (the i18n plugin writes every language's 404 to the root);
- after the last language: the theme's files no page loads are removed, the theme's stylesheets
  are cut to the rules that can apply to this site's pages, and Pagefind indexes each language,
  with table cells, list items and definitions kept apart (javascripts/search.js searches it);
  the preview (`make serve`) keeps the theme's files as they come and indexes in the background.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import logging
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import jinja2
import tinycss2
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

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


class _CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates compiled once per process, not again for each language (each has its
    own Jinja environment) and at each rebuild of the preview. Jinja keeps each template's source
    checksum with its code and compiles a template again when its source changed."""

    def __init__(self):
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket):
        self.code[bucket.key] = bucket.bytecode_to_string()


_compiled_templates = _CompiledTemplates()


def on_env(env, config, files):
    env.bytecode_cache = _compiled_templates
    return env


def on_config(config):
    if os.environ.get(UNTRIMMED) and config.strict:
        raise PluginError(f"{UNTRIMMED} is for the visual-regression test's non-strict build only: unset it")
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
    """The 404 page links to every language's home, by absolute URL (it is served at any depth), in
    its text and in the language menu. The menu would otherwise offer the alternates of whichever
    page the i18n plugin configured last (it sets them per page; the 404 page is not one)."""
    if template_name == NOT_FOUND:
        i18n = config.plugins.get("i18n")
        languages = i18n.config.languages if i18n else []
        context["language_homes"] = [
            (language.locale, language.name, urljoin(config.site_url or "/", f"{language.locale}/"))
            if not language.default
            else (language.locale, language.name, config.site_url or "/")
            for language in languages
        ]
        if config.extra.get("alternate"):
            homes = context["language_homes"]
            homes = [{"name": name, "link": urlsplit(url).path, "lang": lang} for lang, name, url in homes]
            # The i18n plugin sets the attribute (which templates read first) and the item.
            config.extra.alternate = config.extra["alternate"] = homes
    return context


@event_priority(100)  # before the minifier rewrites the attributes
def on_post_template(output, template_name, config):
    output = _without_checkbox_autocomplete(output)
    if template_name == NOT_FOUND:
        not_found_pages[_language(config)] = output
    return output


# The preview (`mkdocs serve`) publishes nothing: it serves the theme's files as they come (the cut
# is proved to change no pixel, tests/test_looks_unchanged.py) and indexes for search in the
# background, so an edit is shown without waiting for either.
_serving = False
_indexing: subprocess.Popen | None = None


def on_startup(command, dirty):
    global _serving
    _serving = command == "serve"


def on_pre_build(config):
    _stop_indexing()  # the index of the previous preview build: the pages are about to change


def on_shutdown():
    _stop_indexing()


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
    if _serving:
        _rewrite_pages(site, {})
        _start_indexing(site)
        return
    renamed = _remove_unread_theme_files(site)
    if not os.environ.get(UNTRIMMED):
        renamed.update(_trim_theme_css(site))
    _rewrite_pages(site, renamed)
    _index_for_search(site)


def _rewrite_pages(site: Path, renamed: dict[str, str]) -> None:
    """Each page read and written once after the build: the theme's assets it links under their new
    names, and its cells, items and definitions kept apart for search."""
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        rewritten = html
        for old, new in renamed.items():
            rewritten = rewritten.replace(old, new)
        rewritten = _space_between_cells_and_items(rewritten)
        if rewritten != html:
            page.write_text(rewritten, encoding="utf-8")


# ---------------------------------------------------------------- what no reader needs

# The theme's lunr search (its worker and language files) is not the site's search, and source
# maps serve only a developer's debugger: no page loads any of them.
UNREAD_THEME_FILES = ("assets/javascripts/lunr", "assets/javascripts/workers")
SOURCE_MAP_COMMENT = re.compile(r"\n?/[/*]# sourceMappingURL=\S+?\.map(?: \*/)?\s*$")


def _remove_unread_theme_files(site: Path) -> dict[str, str]:
    """Removes what no page loads; returns the theme's script renamed, as {old name: new name}."""
    for folder in UNREAD_THEME_FILES:
        shutil.rmtree(site / folder, ignore_errors=True)
    for source_map in (site / "assets").rglob("*.map"):
        source_map.unlink()
    bundle = next((site / "assets" / "javascripts").glob("bundle.*.min.js"), None)
    if bundle is None:
        return {}
    text = bundle.read_text(encoding="utf-8")
    return dict([_replace_asset(bundle, SOURCE_MAP_COMMENT.sub("", text))])


def _replace_asset(asset: Path, text: str) -> tuple[str, str]:
    """Write an asset's new text under a name hashed from it (as the theme names its files, so a
    browser never keeps an old copy); returns (old name, new name) for the pages (_rewrite_pages)."""
    stem = asset.name.split(".", 1)[0]
    suffix = asset.name.rsplit(".min.", 1)[1]
    renamed = asset.with_name(f"{stem}.{hashlib.sha256(text.encode()).hexdigest()[:8]}.min.{suffix}")
    asset.unlink()
    renamed.write_text(text, encoding="utf-8")
    return asset.name, renamed.name


# ---------------------------------------------------------------- the theme's CSS, cut to what the site uses

# Tests only: the visual-regression test compares a build without the cut against one with it; a
# strict build refuses it, so what is published is always cut.
UNTRIMMED = "KHUYENCONG_UNTRIMMED_THEME_CSS"
HTML_CLASS = re.compile(r"""\sclass=(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")
# Attributes whose values the theme styles by ([dir=rtl], [data-md-color-primary=red]): a value no
# page sets never matches. The theme's script sets data-md-color-* only from the pages' own inputs.
STYLED_ATTRIBUTE = re.compile(r"""\s(dir|data-md-color-[a-z]+)=(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")
# A class the theme's script builds from parts ("md-tooltip2--" + side) counts as used when its
# block ("md-tooltip2--") is written in the script.
CLASS_BLOCK = re.compile(r"^(.*?(?:--|__))[^_-]+$")


@dataclass
class _Usage:
    """What the built pages and the scripts they load can name: classes, and the styled attributes' values."""

    classes: set[str]
    attributes: dict[str, set[str]]
    scripts: str

    def uses_class(self, name: str) -> bool:
        if name in self.classes:
            return True
        block = CLASS_BLOCK.match(name)
        used = name in self.scripts or (bool(block) and block.group(1) in self.scripts)
        if used:
            self.classes.add(name)
        return used

    def uses_value(self, attribute: str, value: str) -> bool:
        return value in self.attributes.get(attribute, set())


def _usage(site: Path) -> _Usage:
    classes: set[str] = set()
    attributes: dict[str, set[str]] = {}
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for match in HTML_CLASS.finditer(html):
            classes.update("".join(match.groups(default="")).split())
        for match in STYLED_ATTRIBUTE.finditer(html):
            attributes.setdefault(match.group(1), set()).add("".join(match.groups(default="")[1:]))
    scripts = "\n".join(path.read_text(encoding="utf-8") for path in site.rglob("*.js"))
    return _Usage(classes, attributes, scripts)


def _trim_theme_css(site: Path) -> dict[str, str]:
    """The theme's stylesheets keep only the rules that can apply to a page of this site: a selector
    naming a class no page or script names, or a styled attribute's value no page sets (a colour,
    a right-to-left direction), never matches. Selectors inside :not(), :is() and the like are kept as they are.
    Returns each stylesheet renamed, as {old name: new name}."""
    usage = _usage(site)
    renamed = {}
    for stylesheet in sorted((site / "assets" / "stylesheets").glob("*.min.css")):
        css = stylesheet.read_text(encoding="utf-8")
        rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
        old, new = _replace_asset(stylesheet, _kept_rules(rules, usage))
        renamed[old] = new
    return renamed


def _kept_rules(rules, usage: _Usage) -> str:
    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [s for s in _split_selectors(rule.prelude) if _may_match(s, usage)]
            if selectors:
                kept.append(",".join(tinycss2.serialize(s).strip() for s in selectors))
                kept.append("{" + tinycss2.serialize(rule.content) + "}")
        elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports") and rule.content is not None:
            inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
            body = _kept_rules(inner, usage)
            if body:
                kept.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{body}}}")
        else:
            kept.append(rule.serialize())
    return "".join(kept)


def _split_selectors(prelude) -> list[list]:
    """A selector list's selectors, each as its tokens."""
    selectors: list[list] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append([])
        else:
            selectors[-1].append(token)
    return selectors


def _may_match(tokens: list, usage: _Usage) -> bool:
    for before, token in zip([None, *tokens[:-1]], tokens, strict=True):
        is_class = token.type == "ident" and before is not None and before.type == "literal" and before.value == "."
        if is_class and not usage.uses_class(token.value):
            return False
        if token.type == "[] block" and not _attribute_may_match(token.content, usage):
            return False
    return True


def _attribute_may_match(attribute_selector, usage: _Usage) -> bool:
    """[dir=rtl] or [data-md-color-primary=red] matches only if a page sets that value."""
    parts = [token for token in attribute_selector if token.type != "whitespace"]
    if len(parts) != 3 or parts[0].type != "ident" or not STYLED_ATTRIBUTE.match(f" {parts[0].value}=x"):
        return True
    if parts[1].type != "literal" or parts[1].value != "=" or parts[2].type not in ("ident", "string"):
        return True
    return usage.uses_value(parts[0].value, parts[2].value)


# ---------------------------------------------------------------- search

ADJACENT_CELLS_AND_ITEMS = re.compile(r"(</(?:t[dh]|d[td]|li|summary)>)(<(?:t[dh]|d[td]|li|table)[\s>])")


def _space_between_cells_and_items(html: str) -> str:
    """The minifier writes table cells, list items, a definition list's terms and definitions, and
    a table after its summary with nothing between them; Pagefind then glues their words together
    in its excerpts ("Nhóm hoạt độngKết quả", "Giá trị16,2%"). One space between them keeps them
    apart; between block boxes it is not drawn."""
    return ADJACENT_CELLS_AND_ITEMS.sub(r"\1 \2", html)


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


# Pagefind writes its ready-made search interfaces and its web worker beside the index. The site
# searches through Pagefind's JS API on the page itself (javascripts/search-results.js), so they
# are not published.
PAGEFIND_UNUSED_FILES = (
    "pagefind-component-ui.css",
    "pagefind-component-ui.js",
    "pagefind-highlight.js",
    "pagefind-modular-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-ui.css",
    "pagefind-ui.js",
    "pagefind-worker.js",
)


def _pagefind_command(site: Path) -> list[str]:
    # Heading permalinks ("¶") are not words of the page.
    return [*_pagefind(), "--site", str(site), "--exclude-selectors", ".headerlink", "--quiet"]


def _index_for_search(site: Path) -> None:
    """Pagefind indexes each <html lang> separately, so each language searches only its own pages."""
    result = subprocess.run(_pagefind_command(site), capture_output=True, text=True)
    if result.returncode != 0:
        raise PluginError(f"Pagefind could not index {site}: {result.stderr.strip() or result.stdout.strip()}")
    for name in PAGEFIND_UNUSED_FILES:
        (site / "pagefind" / name).unlink(missing_ok=True)


def _start_indexing(site: Path) -> None:
    """Pagefind in the background, at low priority: the next save's rebuild goes first."""
    global _indexing
    _indexing = subprocess.Popen(_pagefind_command(site), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if hasattr(os, "setpriority"):
        with contextlib.suppress(ProcessLookupError):  # done already
            os.setpriority(os.PRIO_PROCESS, _indexing.pid, 10)


def _stop_indexing() -> None:
    """The preview's background index: stopped if still running (its pages are changing), its
    failure reported if it failed."""
    global _indexing
    if _indexing is None:
        return
    if _indexing.poll() is None:
        _indexing.terminate()
        _indexing.wait()
    elif _indexing.returncode != 0:
        log.warning(f"Pagefind could not index the preview: {_indexing.stderr.read().strip()}")
    _indexing.stderr.close()
    _indexing = None
