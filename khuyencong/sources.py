"""Describe a source document for a reader, in Vietnamese or English."""

from __future__ import annotations

from markupsafe import Markup

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
    """HTML for one document: author, title, kind, pages, and the note, all escaped."""
    words = WORDS[language]
    english = language == "en"
    pages = (
        words["page"].format(page=document.page, file_page=document.file_page) if document.page else words["no_page"]
    )
    parts = [
        Markup('{}. <cite lang="vi">{}</cite>').format(
            document.author_en if english else document.author, document.title
        ),
    ]
    if english:
        parts.append(Markup(" ({}: “{}”)").format(words["translated"], document.title_en))
    parts.append(Markup(". {}; {}.").format(document.kind_en if english else document.kind, pages))
    note = document.note_en if english else document.note
    return str(Markup('<p class="citation">{}</p>\n<p>{}</p>').format(Markup("").join(parts), note))
