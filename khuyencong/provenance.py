"""Where a figure comes from, told to a reader in Vietnamese or English."""

from __future__ import annotations

from .escaping import html_in_markdown, markdown_text
from .facts import Document, Fact
from .formatting import format_fact, format_period

WORDS = {
    "vi": {
        "source": "Nguồn",
        "page": "tr. {}",
        "no_page": "không ghi số trang",
        "period": "Thời kỳ",
        "site": "Khuyến công Hà Nội",
        "opens": "Bấm để xem câu nguồn được tô sáng trong tài liệu.",
    },
    "en": {
        "source": "Source",
        "page": "p. {}",
        "no_page": "no page number",
        "period": "Period",
        "site": "Industrial promotion in Hanoi (Khuyến công Hà Nội)",
        "opens": "Opens the source sentence, highlighted in the document.",
    },
}


def document_title(document: Document, language: str) -> str:
    return document.title if language == "vi" else f"{document.title} ({document.title_en})"


def page_reference(fact: Fact, language: str) -> str:
    page = fact.source.page
    return WORDS[language]["page"].format(page) if page is not None else WORDS[language]["no_page"]


def _source(fact: Fact, language: str) -> str:
    """Source: author, “title”, page."""
    document = fact.source.document
    author = document.author if language == "vi" else document.author_en
    return (
        f"{WORDS[language]['source']}: {author}, “{document_title(document, language)}”, "
        f"{page_reference(fact, language)}."
    )


def source_summary(fact: Fact, language: str) -> str:
    """One line for a tooltip: document, page and period."""
    return f"{_source(fact, language)} {WORDS[language]['period']}: {format_period(fact.period, language)}."


def fact_citation(fact: Fact, language: str, permalink: str) -> str:
    """A ready citation of the figure itself, as plain text."""
    return (
        f"{fact.label[language]}: {format_fact(fact, language)} ({format_period(fact.period, language)}). "
        f"{_source(fact, language)} {WORDS[language]['site']}, {permalink}"
    )


def fact_link(fact: Fact, language: str, href: str) -> str:
    """One figure as it stands in a page's Markdown: a link to its source sentence on its document's
    page (href, relative to the citing page, e.g. "../documents/ket-qua-10-nam/#s-0123456789"), with
    its source and where the link goes as the tooltip. Raw inline HTML, so no Markdown link syntax
    is built from data; its attributes and its text are escaped for HTML and for the Markdown that
    still reads them."""
    return (
        f'<a class="fact" data-fact="{html_in_markdown(fact.key)}" href="{html_in_markdown(href)}" '
        f'title="{html_in_markdown(source_summary(fact, language) + " " + WORDS[language]["opens"])}">'
        f"{markdown_text(format_fact(fact, language))}</a>"
    )
