"""Describe a source document for a reader, in Vietnamese or English."""

from __future__ import annotations

from .escaping import html_in_markdown as text
from .facts import Document

WORDS = {
    "vi": {
        "page": "trang in số {page}, là trang {file_page} của tệp gốc",
        "no_page": "không ghi số trang",
        "translated": "Dịch tên",
    },
    "en": {
        "page": "printed page {page}, page {file_page} of the original file",
        "no_page": "no page number given",
        "translated": "Title in English",
    },
}


def document_citation(document: Document, language: str) -> str:
    """HTML for one document: author, title, kind, pages, and the note. Every value is escaped for
    HTML and for the Markdown of the page it stands in, wherever on the page the macro is."""
    words = WORDS[language]
    english = language == "en"
    pages = (
        words["page"].format(page=document.page, file_page=document.file_page) if document.page else words["no_page"]
    )
    author = document.author_en if english else document.author
    citation = f'{text(author)}. <cite lang="vi">{text(document.title)}</cite>'
    if english:
        citation += f" ({text(words['translated'])}: “{text(document.title_en)}”)"
    citation += f". {text(document.kind_en if english else document.kind)}; {text(pages)}."
    note = document.note_en if english else document.note
    return f'<p class="citation">{citation}</p>\n<p>{text(note)}</p>'
