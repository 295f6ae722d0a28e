"""Describe a source document for a reader, in Vietnamese or English."""

from __future__ import annotations

from .escaping import html_in_markdown as text
from .facts import Document
from .messages import translations


def document_citation(document: Document, language: str) -> str:
    """HTML for one document: author, title, kind, pages, and the note. Every value is escaped for
    HTML and for the Markdown of the page it stands in, wherever on the page the macro is."""
    _ = translations(language).gettext
    english = language == "en"
    pages = (
        _("printed page {page}, page {file_page} of the original file").format(
            page=document.page, file_page=document.file_page
        )
        if document.page
        else _("no page number given")
    )
    author = document.author_en if english else document.author
    citation = f'{text(author)}. <cite lang="vi">{text(document.title)}</cite>'
    if english:
        translated = _("Title in English")
        citation += f" ({text(translated)}: “{text(document.title_en)}”)"
    citation += f". {text(document.kind_en if english else document.kind)}; {text(pages)}."
    note = document.note_en if english else document.note
    return f'<p class="citation">{citation}</p>\n<p>{text(note)}</p>'
