"""MkDocs hook: `make serve` (mkdocs serve --dirty) renders again only the pages an edit changed.

MkDocs' dirty build renders a page only when its output is missing or older than its source. This
hook decides by content instead (khuyencong/rebuild.py): before each build it removes the output of
every page to redo (the edited page, pages whose problems changed, the pages listing every page when
what they show changed), and empties the whole site folder, as a clean build would, on the first
build and after an edit to anything else the preview watches (facts, sources, theme, mkdocs.yml).
Both languages are rebuilt in the same build, so a page and its twin are served together.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.utils import clean_directory
from watchdog.observers.polling import PollingObserver

from khuyencong.project import files_fingerprint
from khuyencong.rebuild import pages_to_redo, snapshot

# What the previous build of this process rendered, the pages this build must render again (None:
# all), and each page's title as last rendered. The hook module is loaded once per `mkdocs serve`
# process, so they outlive a build.
_previous = None
_redo: frozenset[str] | None = None
_titles: dict[str, str] = {}


def _inputs(config) -> str:
    """A fingerprint of every file but the pages that the pages are made from: the configuration,
    what it watches (data/, sources/, macros.py), the theme's overrides; only the project's own."""
    paths = [config.config_file_path, *config.watch, config.theme.custom_dir]
    return files_fingerprint(Path(config.config_file_path).parent, [path for path in paths if path])


def on_pre_build(config):
    global _previous, _redo
    if getattr(config.plugins.get("i18n"), "building", False):
        return  # the other language of the same build: the pages to redo are already known
    # The project macros.py loaded for this build (its define_env runs at on_config, before this).
    project = config.plugins["macros"].khuyencong_project
    current = snapshot(project, _inputs(config))
    _redo = pages_to_redo(_previous, current)
    _previous = current
    if _redo is None and os.path.isdir(config.site_dir):
        clean_directory(config.site_dir)


@event_priority(-150)  # after the i18n plugin (-100) has chosen this language's pages
def on_files(files, config):
    for file in files.documentation_pages():
        if _redo and file.src_uri in _redo and os.path.isfile(file.abs_dest_path):
            os.remove(file.abs_dest_path)
    return files


def on_nav(nav, config, files):
    """A page not rendered again keeps the title it was rendered with: MkDocs, which reads a page's
    title from its first heading as it renders it, would name it "None" in the navigation."""
    for page in nav.pages:
        if not page.file.is_modified() and page.file.src_uri in _titles:
            page.title = _titles[page.file.src_uri]
    return nav


def on_page_context(context, page, config, nav):
    _titles[page.file.src_uri] = page.title
    return context


def on_build_error(error):
    """A build that failed half-way leaves outputs of unknown age: the next one redoes every page."""
    global _previous
    _previous = None


# MkDocs looks for saved files every half second. Every tenth of a second shortens the wait for a
# save by about 0.2 s on average, for a look at each watched file's time and size (some 300 files
# at the planned scale: about a millisecond per look).
POLL_SECONDS = 0.1


def on_serve(server, config, builder):
    """The preview's watcher, polling more often: what MkDocs watched before this event moves to it
    (the pages, mkdocs.yml, and the theme's folders with --watch-theme)."""
    watched = []
    for path in [config.docs_dir, config.config_file_path, *config.theme.dirs]:
        try:
            server.unwatch(path)
        except KeyError:  # not watched
            continue
        watched.append(path)
    server.observer = PollingObserver(timeout=POLL_SECONDS)
    for path in watched:
        server.watch(path)
    return server
