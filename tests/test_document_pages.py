"""The two documents on the site: full text from sources/, every quoted sentence highlighted and
anchored, its facts and citing pages listed, the site's translation on the English page, and
each copy's SHA-256 shown and published."""

import hashlib
import json
import re
from collections import defaultdict
from html import unescape

import pytest
from conftest import ROOT
from small_project import DEFAULT_LAYOUT_YAML, DEFAULT_SOURCES, make_small_project

from khuyencong.documents import sentence_anchor
from khuyencong.evidence import normalize_text
from khuyencong.facts import load_facts
from khuyencong.project import load_project

DOCUMENT_PAGES = {
    "ket_qua_10_nam": "documents/ket-qua-10-nam",
    "diem_sang_khuyen_cong": "documents/diem-sang-khuyen-cong",
}


@pytest.fixture(scope="module")
def facts():
    return load_facts(ROOT / "data/facts.yaml", "data/facts.yaml")


def sentences_by_document(facts) -> dict:
    found = defaultdict(dict)
    for fact in facts:
        found[fact.source.document.key].setdefault(sentence_anchor(fact.source.sentence), []).append(fact)
    return found


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_quoted_sentence_is_highlighted_once_with_its_facts(real_site, facts, language):
    counted = 0
    for key, sentences in sentences_by_document(facts).items():
        html = real_site.html(DOCUMENT_PAGES[key], language)
        anchors = re.findall(r'<span class="sentence-anchor" id="(s-[0-9a-f]{10})"></span>', html)
        # Exactly the sentences facts quote: none missing, none highlighted that no fact quotes.
        assert sorted(anchors) == sorted(sentences), key
        text = unescape(re.sub(r"<[^>]+>", "", html))
        for anchor, quoting in sentences.items():
            sentence = normalize_text(quoting[0].source.sentence)
            # The highlight starts at the anchor, with the sentence's first words.
            first = re.search(rf'id="{anchor}"></span><mark class="source-sentence">([^<]*)</mark>', html)
            assert first and len(first.group(1)) > 10 and sentence.startswith(unescape(first.group(1))), anchor
            for fact in quoting:
                assert f'href="../../data/#{fact.key}"' in html, fact.key
                assert fact.label[language] in text
                counted += 1
    assert counted == len(facts)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_page_shows_the_whole_copy_and_its_fingerprint(real_site, facts, language):
    for key, page in DOCUMENT_PAGES.items():
        document = facts.documents[key]
        copy = (ROOT / document.file).read_bytes()
        html = real_site.html(page, language)
        assert hashlib.sha256(copy).hexdigest() in html
        shown = normalize_text(unescape(re.sub(r"<[^>]+>", " ", html)))
        # Every word of the copy's running text is on the page, in order.
        for line in copy.decode("utf-8").splitlines():
            words = normalize_text(line.replace("## ", "").replace("●", ""))
            if words:
                assert words in shown or words.split()[0] in shown, line


def test_the_english_page_puts_the_translation_under_each_block_and_keeps_it_out_of_vietnamese_search(real_site):
    for page in DOCUMENT_PAGES.values():
        html = real_site.html(page, "en")
        blocks = re.findall(r'<div class="source-block">(.*?)</div>', html, flags=re.DOTALL)
        assert len(blocks) > 5
        for block in blocks:
            assert 'data-pagefind-ignore lang="vi"' in block
            assert '<p class="source-translation">' in block
        assert "this site's translation, not part of the document" in html
        assert "source-translation" not in real_site.html(page, "vi")


def test_facts_json_and_the_data_page_carry_each_documents_fingerprint(real_site, facts):
    published = json.loads((real_site.site / "facts.json").read_text(encoding="utf-8"))
    data_page = real_site.html("data", "vi")
    for document in published["documents"]:
        digest = hashlib.sha256((ROOT / document["file"]).read_bytes()).hexdigest()
        assert document["sha256"] == digest
        assert f'"value": "{digest}"' in unescape(data_page)


def test_a_data_entry_links_to_its_sentence(real_site, facts):
    html = real_site.html("data", "en")
    for fact in facts:
        assert f"/#{sentence_anchor(fact.source.sentence)}" in html, fact.key


def problems_of(tmp_path, **changes) -> list[str]:
    return [str(p) for p in load_project(make_small_project(tmp_path / "project", **changes)).problems]


def test_a_changed_copy_needs_its_translation_reviewed(tmp_path):
    sources = {"report.txt": DEFAULT_SOURCES["report.txt"] + "Một dòng mới.\n"}
    layout = DEFAULT_LAYOUT_YAML.replace("{sha256}", "0" * 64)
    problems = problems_of(tmp_path, sources=sources, layout_yaml=layout)
    assert [p for p in problems if "is not the copy this layout and translation were written for" in p], problems
    assert all(p.startswith("data/documents/report.yaml:2:") for p in problems if "copy this layout" in p)


def test_blocks_must_cover_every_line_once(tmp_path):
    layout = DEFAULT_LAYOUT_YAML.replace("lines: [2, 2]", "lines: [3, 3]")
    problems = problems_of(tmp_path, layout_yaml=layout)
    assert [p for p in problems if "do not follow line 1" in p and "starts at line 2" in p], problems


def test_a_sentence_outside_the_paragraphs_is_an_error_naming_the_fact(tmp_path):
    layout = DEFAULT_LAYOUT_YAML.replace("kind: paragraph", "kind: heading")
    problems = problems_of(tmp_path, layout_yaml=layout)
    assert [p for p in problems if "villages.total: its sentence is not in the paragraphs" in p], problems


def test_a_document_without_a_page_is_an_error(tmp_path):
    from small_project import DEFAULT_PAGES

    pages = {k: v for k, v in DEFAULT_PAGES.items() if not k.startswith("documents/")}
    problems = problems_of(tmp_path, pages=pages)
    assert [p for p in problems if "document report has no page showing its text" in p], problems


@pytest.mark.parametrize("sources_page", ["sources.md", "sources.en.md"])
def test_a_document_without_its_section_on_the_sources_page_is_an_error(tmp_path, sources_page):
    from small_project import DEFAULT_PAGES

    without_section = DEFAULT_PAGES[sources_page].replace("{ #report }", "{ #other }")
    assert without_section != DEFAULT_PAGES[sources_page]
    problems = problems_of(tmp_path, pages={**DEFAULT_PAGES, sources_page: without_section})
    expected = f"links document report to {sources_page}#report, which is missing"
    assert [p for p in problems if expected in p and f"docs/{sources_page}" in p], problems
