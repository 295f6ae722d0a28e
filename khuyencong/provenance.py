"""Where a figure comes from, told to a reader in Vietnamese or English."""

from __future__ import annotations

from .escaping import html_in_markdown, markdown_text
from .facts import Document, Fact
from .formatting import format_fact, format_period
from .messages import N_, translations

# Where a figure's link goes, said after its source in the tooltip.
OPENS = N_("Opens the source sentence, highlighted in the document.")


def document_title(document: Document, language: str) -> str:
    return document.title if language == "vi" else f"{document.title} ({document.title_en})"


def page_reference(fact: Fact, language: str) -> str:
    _ = translations(language).gettext
    page = fact.source.page
    return _("p. {}").format(page) if page is not None else _("no page number")


def _source(fact: Fact, language: str) -> str:
    """Source: author, “title”, page."""
    document = fact.source.document
    author = document.author if language == "vi" else document.author_en
    source = translations(language).gettext("Source")
    return f"{source}: {author}, “{document_title(document, language)}”, {page_reference(fact, language)}."


def source_summary(fact: Fact, language: str) -> str:
    """One line for a tooltip: document, page and period."""
    period = translations(language).gettext("Period")
    return f"{_source(fact, language)} {period}: {format_period(fact.period, language)}."


def fact_citation(fact: Fact, language: str, permalink: str) -> str:
    """A ready citation of the figure itself, as plain text."""
    site = translations(language).gettext("Industrial promotion in Hanoi (Khuyến công Hà Nội)")
    return (
        f"{fact.label[language]}: {format_fact(fact, language)} ({format_period(fact.period, language)}). "
        f"{_source(fact, language)} {site}, {permalink}"
    )


def fact_link(fact: Fact, language: str, href: str) -> str:
    """One figure as it stands in a page's Markdown: a link to its source sentence on its document's
    page (href, relative to the citing page, e.g. "../documents/ket-qua-10-nam/#s-0123456789"), with
    its source and where the link goes as the tooltip. Raw inline HTML, so no Markdown link syntax
    is built from data; its attributes and its text are escaped for HTML and for the Markdown that
    still reads them."""
    opens = translations(language).gettext(OPENS)
    return (
        f'<a class="fact" data-fact="{html_in_markdown(fact.key)}" href="{html_in_markdown(href)}" '
        f'title="{html_in_markdown(source_summary(fact, language) + " " + opens)}">'
        f"{markdown_text(format_fact(fact, language))}</a>"
    )
