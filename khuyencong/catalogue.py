"""The data page: a table of every fact (label, value, period, document, page), then every fact's
entry, its body folded in a <details>: value, unit, qualifier, period, source, the exact source
sentence, the pages that cite it and a ready citation, generated from the facts at build time.
javascripts/data-table.js makes the table sortable and filterable and adds a copy button to each
citation; without JavaScript the table and the entries read as they are.
"""

from __future__ import annotations

from urllib.parse import quote

from .documents import sentence_anchor
from .downloads import CSV_NAME, JSON_NAME, SCHEMA_NAME
from .escaping import html_in_markdown, json_for_script, markdown_text
from .evidence import normalize_text
from .facts import Fact, Facts
from .formatting import QUALIFIER_NAMES, format_fact, format_period, unit_name
from .messages import N_, translations
from .pages import PageSource, language_of, twin_of
from .provenance import document_title, fact_citation, page_reference
from .site_checks import document_pages

# What data-table.js says as it sorts, filters and copies: its words in the page's language,
# given to it in the page, so that the script itself holds none.
SCRIPT_WORDS = {
    "filter": N_("Filter the figures (with or without Vietnamese marks)"),
    "shown": N_("{shown} of {total} figures shown"),
    "copy": N_("Copy citation"),
    "copyName": N_("Copy citation: {label}"),
    "copied": N_("Citation copied."),
    "failed": N_("Could not copy: select the citation and copy it."),
}
# The block's class, by which the script finds it (an id would be one more anchor in the search index).
SCRIPT_WORDS_CLASS = "fact-table__words"


def citing_pages(pages: dict[str, PageSource], language: str, to_root: str = "") -> dict[str, list[str]]:
    """For every fact key, links to the pages of one language that cite it, in page order, each to
    the heading above its first citation there. One pass over the citations, not one per fact."""
    links: dict[str, list[str]] = {}
    for relative, page in sorted(pages.items()):
        if language_of(relative) != language:
            continue
        target = relative if language == "vi" else twin_of(relative)
        first_lines: dict[str, int] = {}
        for citation in page.citations:
            first_lines.setdefault(citation.key, citation.line)
        for key, line in first_lines.items():
            anchor = page.anchor_before(line)
            fragment = f"#{quote(anchor, safe='')}" if anchor else ""
            links.setdefault(key, []).append(f"[{markdown_text(page.title)}]({to_root}{quote(target)}{fragment})")
    return links


def _as_is(html: str) -> str:
    return html


def _entry(fact: Fact, citing: dict, language: str, permalink: str, shown_in: dict, first: Fact, raw=_as_is) -> str:
    """One fact's entry. Its source sentence is quoted in full under the first fact that quotes
    it (first is fact itself then); a later fact of the same sentence points to that entry."""
    _ = translations(language).gettext
    document = fact.source.document
    source = (
        f"[{markdown_text(document_title(document, language))}](sources.md#{quote(document.key, safe='')}), "
        f"{markdown_text(page_reference(fact, language))}"
    )
    if document.key in shown_in:
        sentence = f"{quote(shown_in[document.key])}#{sentence_anchor(fact.source.sentence)}"
        in_document = _("See the sentence highlighted in the document")
        source += f" · [{in_document}]({sentence})"
    # Every value is data or words: escaped for Markdown, so none of it is read as syntax.
    definitions = [
        (_("Key"), f"`{fact.key}`"),
        (_("Value"), f"**{markdown_text(format_fact(fact, language))}**"),
        (_("Unit"), markdown_text(unit_name(fact, language))),
        (_("Qualifier"), markdown_text(_(QUALIFIER_NAMES[fact.qualifier]))),
        (_("Period"), markdown_text(format_period(fact.period, language))),
        (_("Source"), source),
        (_("Cited on"), ", ".join(citing.get(fact.key, ()))),
    ]
    # The whole entry folds into a <details> whose summary is its label and value. Its heading
    # (anchor = key) is inside the body: a link to #key opens the entry (the browser opens a
    # closed <details> around the target of a fragment).
    summary = (
        f'<details class="fact-entry"><summary><span class="fact-entry__label">'
        f"{html_in_markdown(fact.label[language])}</span> "
        f'<span class="fact-entry__value">{html_in_markdown(format_fact(fact, language))}</span></summary>'
    )
    lines = [
        raw(summary),
        "",
        f"### {markdown_text(fact.label[language])} {{ #{fact.key} }}",
        "",
        # A blank line between the pairs: without it Python-Markdown nests each pair in the last.
        "\n\n".join(f"{term}\n:   {definition}" for term, definition in definitions),
        "",
    ]
    if first is fact:
        original, translation = _("Source sentence (Vietnamese)"), _("English translation")
        quotes = [
            f'<blockquote class="source-sentence" lang="vi"><p><strong>{original}:</strong> '
            f"{html_in_markdown(fact.source.sentence)}</p></blockquote>",
        ]
        if language == "en":
            quotes.append(f'<blockquote class="source-sentence"><p><strong>{translation}:</strong> '
                          f"{html_in_markdown(fact.source.sentence_en)}</p></blockquote>")  # fmt: skip
        lines += [raw("\n".join(quotes)), ""]
    else:
        same = _("Source sentence: the same sentence as the figure")
        lines += [f"{same} [{markdown_text(first.label[language])}](#{first.key}).", ""]
    citation = html_in_markdown(fact_citation(fact, language, permalink))
    cite_this = _("Cite this figure")
    # The citation is a paragraph drawn as a code block (extra.css), not <pre><code>: the theme
    # measures every code block as the page loads, and one in a closed <details> costs it a forced
    # layout of that whole entry, which made the data page's main thread the slowest of the site.
    cite = (
        f'<div class="fact-citation"><p><strong>{cite_this}</strong></p>'
        f'<p class="fact-citation__text">{citation}</p></div>'
    )
    lines += [raw(cite), "", raw("</details>"), ""]
    return "\n".join(lines)


def data_catalogue(facts: Facts, pages: dict, language: str, page_url: str, raw=_as_is) -> str:
    """Markdown for every fact, in file order, each under a heading whose anchor is its key.

    `raw` gives what stands in the Markdown for each block of HTML (a source sentence, a ready
    citation): the HTML itself by default. Each block stands alone, between blank lines."""
    citing = citing_pages(pages, language)
    shown_in = document_pages(pages)
    first_of: dict[str, Fact] = {}
    entries = [raw(script_words(language) + "\n" + fact_table(facts, language)), ""]
    for fact in facts:
        first = first_of.setdefault(normalize_text(fact.source.sentence), fact)
        entries.append(_entry(fact, citing, language, f"{page_url}#{fact.key}", shown_in, first, raw))
    return "\n".join(entries)


def _sort_value(fact: Fact):
    """What the value column sorts by: the number, or a range's low end."""
    return fact.value[0] if fact.is_range else fact.value


def fact_table(facts: Facts, language: str) -> str:
    """One compact table of every fact, each label linked to its entry. Each cell that does not
    sort by its text carries data-sort; the document and page columns are left out on a phone
    (extra.css), where each fact's entry still tells them."""
    _ = translations(language).gettext
    columns = (
        ("figure", "text", N_("Figure")),
        ("value", "number", N_("Value")),
        ("period", "text", N_("Period")),
        ("document", "text", N_("Document")),
        ("page", "number", N_("Page")),
    )
    head = "".join(
        f'<th scope="col" class="fact-table__{name}" data-type="{kind}">{_(title)}</th>'
        for name, kind, title in columns
    )
    rows = []
    for fact in facts:
        document = fact.source.document
        lang = "" if language == "vi" else ' lang="vi"'
        page = fact.source.page
        rows.append(
            f'<tr><td class="fact-table__figure"><a href="#{html_in_markdown(fact.key)}">'
            f"{html_in_markdown(fact.label[language])}</a></td>"
            f'<td class="fact-table__value" data-sort="{_sort_value(fact)}">'
            f"{html_in_markdown(format_fact(fact, language))}</td>"
            f'<td class="fact-table__period" data-sort="{html_in_markdown(fact.period)}">'
            f"{html_in_markdown(format_period(fact.period, language))}</td>"
            f'<td class="fact-table__document"{lang}>{html_in_markdown(document.title)}</td>'
            f'<td class="fact-table__page" data-sort="{"" if page is None else page}">'
            f"{html_in_markdown(page_reference(fact, language))}</td></tr>"
        )
    return (
        f'<div class="fact-table"><table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n'
        + "\n".join(rows)
        + "\n</tbody>\n</table></div>"
    )


def script_words(language: str) -> str:
    """data-table.js's words in the page's language, as a JSON block the script finds by its class."""
    _ = translations(language).gettext
    words = {name: _(msgid) for name, msgid in SCRIPT_WORDS.items()}
    return f'<script type="application/json" class="{SCRIPT_WORDS_CLASS}">{json_for_script(words)}</script>'


def document_fact_table(facts: Facts, document_key: str, language: str, to_data_page: str) -> str:
    """A Markdown table of the facts taken from one document, each linked to its data entry."""
    _ = translations(language).gettext
    figure, value, period = _("Figure"), _("Value"), _("Period")
    header = f"| {figure} | {value} | {period} |\n|---|---|---|"
    rows = [
        f"| [{markdown_text(fact.label[language])}]({to_data_page}#{fact.key}) "
        f"| {markdown_text(format_fact(fact, language))} | {markdown_text(format_period(fact.period, language))} |"
        for fact in facts
        if fact.source.document.key == document_key
    ]
    return "\n".join([header, *rows])


def downloads_list(language: str, to_root: str) -> str:
    _ = translations(language).gettext
    downloads = (
        (N_("CSV spreadsheet (UTF-8)"), CSV_NAME),
        (N_("JSON"), JSON_NAME),
        (N_("JSON Schema describing the JSON file"), SCHEMA_NAME),
    )
    return "\n".join(
        f'- <a href="{to_root}{name}" download>{_(kind)}</a>: <code>{name}</code>' for kind, name in downloads
    )


def dataset_jsonld(facts: Facts, fingerprints: dict, language: str, page_url: str, root_url: str) -> str:
    """schema.org Dataset for search engines; the distributions are the downloads."""
    _ = translations(language).gettext
    data = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": _("Industrial promotion in Hanoi: figures"),
        "description": _(
            "Every figure of the site Industrial promotion in Hanoi, with its unit, qualifier, "
            "period and the exact source sentence in the two original documents."
        ),
        "url": page_url,
        "inLanguage": language,
        "variableMeasured": [fact.label[language] for fact in facts],
        "isBasedOn": [
            {
                "@type": "CreativeWork",
                "name": d.title,
                "author": d.author,
                "inLanguage": "vi",
                "identifier": {"@type": "PropertyValue", "propertyID": "sha256", "value": fingerprints[d.key]},
            }
            for d in facts.documents.values()
        ],
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": fmt, "contentUrl": root_url + name}
            for fmt, name in (("text/csv", CSV_NAME), ("application/json", JSON_NAME))
        ],
    }
    return f'<script type="application/ld+json">\n{json_for_script(data, indent=1)}\n</script>'
