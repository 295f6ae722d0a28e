"""A source document's page: its full text as the copy in sources/ has it, every sentence that a
fact quotes highlighted under a stable anchor with the facts it states and the pages citing them,
and, on the English page, the site's translation below each block of the original.

The document's text is HTML, never Markdown: it is the source's words, shown as text. The lists of
facts are Markdown, so that MkDocs checks and rewrites their links to pages like any other.
"""

from __future__ import annotations

import re
from itertools import pairwise

from .catalogue import citing_pages
from .documents import RUNNING_TEXT, Block, DocumentText
from .escaping import html_in_markdown, markdown_text
from .evidence import normalize_text
from .facts import Facts
from .formatting import format_fact

WORDS = {
    "vi": {
        "fingerprint": "Dấu vân tay SHA-256 của bản sao `{file}`",
        "translation": "",
        "file_note": "Dòng của tệp bản sao, không thuộc tài liệu:",
        "page_number": "Số trang in:",
        "stops": "[bản sao dừng ở đây, giữa câu]",
        "continues": "(câu còn tiếp ở dưới)",
        "states": "Câu được tô sáng ở trên nêu:",
        "cited": "được nêu ở",
        "none": "chưa trang nào nêu",
    },
    "en": {
        "fingerprint": "SHA-256 fingerprint of the copy `{file}`",
        "translation": "The English text under each block is this site's translation, not part of the document.",
        "file_note": "A line of the copy's file, not part of the document:",
        "page_number": "Printed page number:",
        "stops": "[the copy stops here, mid-sentence]",
        "continues": "(the sentence goes on below)",
        "states": "The highlighted sentence above states:",
        "cited": "cited on",
        "none": "cited on no page yet",
    },
}
MARKUP = re.compile(r"^#+\s+")
CLASSES = {
    "file_note": "source-file-note",
    "title": "source-title",
    "author": "source-author",
    "byline": "source-byline",
    "heading": "source-heading",
    "paragraph": "source-paragraph",
    "page_number": "source-page-number",
}


def _marked(block: Block, text: DocumentText) -> str:
    """A running-text block as HTML, each quoted sentence's part in it marked, its anchor where it starts."""
    shown = normalize_text(block.text)
    points = {0, len(shown)}
    starts: dict[int, list[str]] = {}
    covering = []
    for sentence in text.sentences.values():
        start, end = max(sentence.start, block.start), min(sentence.end, block.end)
        if start >= end:
            continue
        covering.append((start - block.start, end - block.start))
        points |= {start - block.start, end - block.start}
        if sentence.start >= block.start:
            starts.setdefault(sentence.start - block.start, []).append(sentence.anchor)
    edges = sorted(points)
    html = []
    for left, right in pairwise(edges):
        html.extend(f'<span class="sentence-anchor" id="{anchor}"></span>' for anchor in starts.get(left, ()))
        part = html_in_markdown(shown[left:right])
        marked = any(start <= left and right <= end for start, end in covering)
        html.append(f'<mark class="source-sentence">{part}</mark>' if marked else part)
    return "".join(html)


def _block_html(block: Block, text: DocumentText, language: str) -> str:
    words = WORDS[language]
    if block.kind in RUNNING_TEXT:
        body = _marked(block, text)
    else:
        # The copy marks a printed heading with "## " and a drop capital with "**": layout, not words.
        body = html_in_markdown(MARKUP.sub("", block.text).replace("**", ""))
    if block.kind == "file_note":
        body = f'<span class="source-kind">{words["file_note"]}</span> {body}'
    elif block.kind == "page_number":
        body = f'<span class="source-kind">{words["page_number"]}</span> {body}'
    if block.stops_mid_sentence:
        body += f' <span class="source-stops">{words["stops"]}</span>'
    elif block.continues:
        body += f' <span class="source-continues">{words["continues"]}</span>'
    original = (
        f'<p class="{CLASSES[block.kind]}" lang="vi"{" data-pagefind-ignore" if language == "en" else ""}>{body}</p>'
    )
    if language == "vi":
        return original
    return f'<div class="source-block">{original}<p class="source-translation">{html_in_markdown(block.en)}</p></div>'


def _facts_of(block: Block, text: DocumentText, facts: Facts, citing: dict, language: str, to_data: str) -> str:
    """Markdown: the facts of each sentence that ends in this block, and the pages that cite them."""
    words = WORDS[language]
    lines = []
    for sentence in text.sentences.values():
        if not block.start < sentence.end <= block.end:
            continue
        lines += [f'<div class="sentence-facts" markdown>\n\n{words["states"]}\n']
        for key in sentence.keys:
            fact = facts[key]
            pages = ", ".join(citing.get(key, ())) or words["none"]
            lines.append(
                f"- [{markdown_text(fact.label[language])}: **{markdown_text(format_fact(fact, language))}**]"
                f"({to_data}#{key}) ({words['cited']}: {pages})"
            )
        lines.append("\n</div>\n")
    return "\n".join(lines)


def document_page(text: DocumentText, facts: Facts, pages: dict, language: str, to_root: str) -> str:
    """Markdown for the document's page: fingerprint, then every block of the copy in order."""
    words = WORDS[language]
    citing = citing_pages(pages, language, to_root)
    parts = [f"{words['fingerprint'].format(file=text.document.file)}: `{text.sha256}`", ""]
    if words["translation"]:
        parts += [f"*{words['translation']}*", ""]
    for block in text.blocks:
        if block.kind == "blank":
            continue
        parts += [_block_html(block, text, language), ""]
        if block.kind in RUNNING_TEXT:
            parts += [_facts_of(block, text, facts, citing, language, f"{to_root}data.md"), ""]
    return "\n".join(parts)
