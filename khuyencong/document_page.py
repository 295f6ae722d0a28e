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
from .messages import N_, translations

MARKUP = re.compile(r"^#+\s+")
# What a block of the copy that is not the document's words is said to be.
NOT_THE_DOCUMENT = {
    "file_note": N_("A line of the copy's file, not part of the document:"),
    "page_number": N_("Printed page number:"),
}
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
    _ = translations(language).gettext
    if block.kind in RUNNING_TEXT:
        body = _marked(block, text)
    else:
        # The copy marks a printed heading with "## " and a drop capital with "**": layout, not words.
        body = html_in_markdown(MARKUP.sub("", block.text).replace("**", ""))
    if block.kind in NOT_THE_DOCUMENT:
        body = f'<span class="source-kind">{_(NOT_THE_DOCUMENT[block.kind])}</span> {body}'
    if block.stops_mid_sentence:
        stops = _("[the copy stops here, mid-sentence]")
        body += f' <span class="source-stops">{stops}</span>'
    elif block.continues:
        continues = _("(the sentence goes on below)")
        body += f' <span class="source-continues">{continues}</span>'
    original = (
        f'<p class="{CLASSES[block.kind]}" lang="vi"{" data-pagefind-ignore" if language == "en" else ""}>{body}</p>'
    )
    if language == "vi":
        return original
    return f'<div class="source-block">{original}<p class="source-translation">{html_in_markdown(block.en)}</p></div>'


def _facts_of(block: Block, text: DocumentText, facts: Facts, citing: dict, language: str, to_data: str) -> str:
    """Markdown: the facts of each sentence that ends in this block, and the pages that cite them."""
    _ = translations(language).gettext
    states, cited, nowhere = _("The highlighted sentence above states:"), _("cited on"), _("cited on no page yet")
    lines = []
    for sentence in text.sentences.values():
        if not block.start < sentence.end <= block.end:
            continue
        lines += [f'<div class="sentence-facts" markdown>\n\n{states}\n']
        for key in sentence.keys:
            fact = facts[key]
            pages = ", ".join(citing.get(key, ())) or nowhere
            lines.append(
                f"- [{markdown_text(fact.label[language])}: **{markdown_text(format_fact(fact, language))}**]"
                f"({to_data}#{key}) ({cited}: {pages})"
            )
        lines.append("\n</div>\n")
    return "\n".join(lines)


def document_page(text: DocumentText, facts: Facts, pages: dict, language: str, to_root: str) -> str:
    """Markdown for the document's page: fingerprint, then every block of the copy in order."""
    _ = translations(language).gettext
    citing = citing_pages(pages, language, to_root)
    fingerprint = _("SHA-256 fingerprint of the copy `{file}`").format(file=text.document.file)
    parts = [f"{fingerprint}: `{text.sha256}`", ""]
    # Only the English page carries the site's translation under each block.
    if language == "en":
        note = _("The English text under each block is this site's translation, not part of the document.")
        parts += [f"*{note}*", ""]
    for block in text.blocks:
        if block.kind == "blank":
            continue
        parts += [_block_html(block, text, language), ""]
        if block.kind in RUNNING_TEXT:
            parts += [_facts_of(block, text, facts, citing, language, f"{to_root}data.md"), ""]
    return "\n".join(parts)
