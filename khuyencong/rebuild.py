"""Which pages an edit changes: what the preview (`make serve`) must render again after a save,
so that it redoes the edited page and the pages that show something of it, not the whole site.

A page's HTML is made from its own text, its own problems, the project's other inputs (facts,
charts, documents, theme, configuration), the title of every page (the navigation) and, for the
pages that list every page (the data page, the documents' pages), what those show of each page: its
title, the heading above each fact it cites, its macro calls. Which page shows each document (its
`source_text` call) decides every figure's link, so moving one redoes every page, as does a new
title (a page with problems of its own is shown as their list, without its title).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from .page_macros import READS_EVERY_PAGE, SHOWS_A_DOCUMENT
from .pages import PageSource


@dataclass(frozen=True)
class Snapshot:
    """What the pages of one build were made from, compared with the next build's."""

    inputs: str  # a fingerprint of everything but the pages: the facts, the sources, the theme
    pages: dict  # page path (relative to docs/) -> (its text and problems, what listing pages show of it)
    titles: dict  # page path -> its title as the navigation of every page shows it
    readers: frozenset  # the pages that call a macro listing every page
    documents_shown: tuple  # (page, document) of every source_text call


def _seen_elsewhere(page: PageSource) -> tuple:
    first_anchors: dict[str, str | None] = {}
    for citation in page.citations:
        first_anchors.setdefault(citation.key, page.anchor_before(citation.line))
    calls = tuple((call.name, call.arguments) for call in page.calls)
    return page.title, tuple(first_anchors.items()), calls


def snapshot(project, inputs: str) -> Snapshot | None:
    """The project's pages as this build renders them; None when the facts did not load (then
    every page with a call shows every problem, so any edit redoes them all)."""
    if project.facts is None:
        return None
    problems: dict[str, list] = {}
    for problem in project.problems:
        problems.setdefault(problem.path, []).append(problem)
    pages, titles, readers, shown = {}, {}, set(), []
    for relative, page in project.pages.items():
        own = hashlib.sha256(page.text.encode()).hexdigest(), tuple(problems.get(page.path, ()))
        pages[relative] = own, _seen_elsewhere(page)
        titles[relative] = page.title if page.renderable and not own[1] else None
        names = {call.name for call in page.calls}
        if names & READS_EVERY_PAGE:
            readers.add(relative)
        shown.extend((relative, call.arguments) for call in page.calls if call.name in SHOWS_A_DOCUMENT)
    return Snapshot(inputs, pages, titles, frozenset(readers), tuple(sorted(shown)))


def pages_to_redo(before: Snapshot | None, after: Snapshot | None) -> frozenset[str] | None:
    """The pages (relative to docs/) to render again, or None for every page: on the first build,
    after an edit to anything but the pages, when a page was added, removed, renamed or given
    another title, or when a document is shown on another page."""
    if before is None or after is None or before.inputs != after.inputs or before.titles != after.titles:
        return None
    if before.pages.keys() != after.pages.keys() or before.documents_shown != after.documents_shown:
        return None
    redo = {path for path, (own, _) in after.pages.items() if before.pages[path][0] != own}
    if any(before.pages[path][1] != seen for path, (_, seen) in after.pages.items()):
        redo |= after.readers
    return frozenset(redo)
