"""Provenance on every figure, the data page, the downloads and the dataset description."""

import csv
import io
import json
import re
from html import unescape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import jsonschema
import pytest
from conftest import build_project, copy_project
from html_reading import read_html

from khuyencong.documents import sentence_anchor
from khuyencong.evidence import normalize_text
from khuyencong.facts import load_facts
from khuyencong.formatting import format_fact

ROOT = Path(__file__).resolve().parent.parent
CONTENT_PAGES = ["", "rural-industry", "results-2008-2012", "results-2012-2022", "sources"]
FACT_LINK = re.compile(r'<a class="fact" data-fact="([^"]+)" href="([^"]+)" title="([^"]+)">([^<]*)</a>')


@pytest.fixture(scope="module")
def facts():
    return load_facts(ROOT / "data/facts.yaml", "data/facts.yaml")


def page_url(page: str, language: str) -> str:
    return "http://site/" + ("en/" if language == "en" else "") + (f"{page}/" if page else "")


def resolve(real_site, base: str, href: str) -> tuple[Path, str]:
    url = urlsplit(urljoin(base, href))
    path = real_site.site / url.path.lstrip("/")
    return (path / "index.html" if url.path.endswith("/") else path), url.fragment


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_figure_links_to_its_sentence_highlighted_in_its_document(real_site, facts, language):
    seen = 0
    for page in CONTENT_PAGES:
        for key, href, title, text in FACT_LINK.findall(real_site.html(page, language)):
            seen += 1
            fact = facts[key]
            target, fragment = resolve(real_site, page_url(page, language), href)
            assert target.parent.parent.name == "documents", href
            assert target.parent.parent.parent == real_site.site / ("en" if language == "en" else "")
            assert fragment == sentence_anchor(fact.source.sentence)
            document = read_html(target)
            # The anchor stands right before the highlighted sentence, whose words are the fact's sentence.
            marked = re.search(rf'id="{fragment}"></span><mark class="source-sentence">([^<]*)</mark>', document)
            assert marked and normalize_text(fact.source.sentence).startswith(unescape(marked.group(1))), fragment
            title = unescape(title)
            assert title.startswith({"vi": "Nguồn: ", "en": "Source: "}[language])
            assert fact.source.document.title in title
            assert {"vi": "câu nguồn", "en": "source sentence"}[language] in title
            page_word = {"vi": f"tr. {fact.source.page}", "en": f"p. {fact.source.page}"}[language]
            assert (
                page_word if fact.source.page else {"vi": "không ghi số trang", "en": "no page number"}[language]
            ) in title
            assert unescape(text) == format_fact(fact, language)
    assert seen >= len(facts)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_data_page_lists_every_fact_with_its_source_sentence(real_site, facts, language):
    html = real_site.html("data", language)
    ids = re.findall(r'<h3 id="([^"]+)"', html)
    assert ids == [fact.key for fact in facts]
    text = unescape(html)
    for fact in facts:
        assert fact.source.sentence in text
        assert format_fact(fact, language) in text
        if language == "en":
            assert fact.source.sentence_en in text


@pytest.mark.parametrize("language", ["vi", "en"])
def test_each_entry_links_back_to_the_pages_that_cite_it(real_site, facts, language):
    html = real_site.html("data", language)
    entries = re.split(r'<h3 id="', html)[1:]
    assert len(entries) == len(facts)
    for entry in entries:
        key = entry[: entry.index('"')]
        cited = entry[entry.index({"vi": "Được nêu ở", "en": "Cited on"}[language]) :].split("</dd>")[0]
        links = re.findall(r'<a href="([^"]+)"', cited)
        assert links, f"{key} has no page citing it"
        for href in links:
            target, fragment = resolve(real_site, page_url("data", language), href)
            target_html = read_html(target)
            assert f'data-fact="{key}"' in target_html
            assert not fragment or f'id="{fragment}"' in target_html


@pytest.mark.parametrize("language", ["vi", "en"])
def test_each_entry_offers_a_plain_text_citation_with_its_permalink(real_site, facts, language):
    html = real_site.html("data", language)
    pattern = r'<div class="fact-citation">.*?<p class="fact-citation__text">(.*?)</p>'
    citations = [unescape(c) for c in re.findall(pattern, html, re.DOTALL)]
    assert len(citations) == len(facts)
    prefix = "http://127.0.0.1:8000/" + ("en/" if language == "en" else "")
    for fact, citation in zip(facts, citations, strict=True):
        assert citation.startswith(f"{fact.label[language]}: {format_fact(fact, language)}")
        assert citation.endswith(f"{prefix}data/#{fact.key}")


def read_csv(path: Path) -> list[dict]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "facts.csv must start with a UTF-8 byte-order mark"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def number(text: str):
    return float(text) if text else None


def test_facts_csv_round_trips_to_the_facts(real_site, facts):
    rows = read_csv(real_site.site / "facts.csv")
    assert [row["key"] for row in rows] == [fact.key for fact in facts]
    for row, fact in zip(rows, facts, strict=True):
        if fact.is_range:
            assert (number(row["value_low"]), number(row["value_high"])) == fact.value and row["value"] == ""
        else:
            assert number(row["value"]) == fact.value
        assert (row["unit"], row["qualifier"], row["period"]) == (fact.unit, fact.qualifier, fact.period)
        assert (row["label_vi"], row["label_en"]) == (fact.label["vi"], fact.label["en"])
        assert row["sentence_vi"] == fact.source.sentence and row["document"] == fact.source.document.key
        assert row["display_vi"] == format_fact(fact, "vi") and row["display_en"] == format_fact(fact, "en")


def test_facts_json_matches_its_schema_and_round_trips(real_site, facts):
    data = json.loads((real_site.site / "facts.json").read_text(encoding="utf-8"))
    schema = json.loads((real_site.site / "facts.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema)
    assert [record["key"] for record in data["facts"]] == [fact.key for fact in facts]
    for record, fact in zip(data["facts"], facts, strict=True):
        value = (record["range"]["low"], record["range"]["high"]) if record["range"] else record["value"]
        assert value == fact.value
        assert record["label"] == fact.label
        assert record["source"]["sentence"] == fact.source.sentence
        assert record["source"]["page"] == fact.source.page


def test_the_schema_rejects_a_display_string_as_value(real_site):
    data = json.loads((real_site.site / "facts.json").read_text(encoding="utf-8"))
    schema = json.loads((real_site.site / "facts.schema.json").read_text(encoding="utf-8"))
    data["facts"][0]["value"] = "1.350"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_data_page_describes_a_dataset_whose_distributions_are_files_of_the_site(real_site, language):
    html = real_site.html("data", language)
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert len(blocks) == 1
    dataset = json.loads(blocks[0])
    assert dataset["@type"] == "Dataset" and dataset["name"] and dataset["description"]
    assert "license" not in dataset
    assert len(dataset["distribution"]) == 2
    for distribution in dataset["distribution"]:
        path = urlsplit(distribution["contentUrl"]).path.lstrip("/")
        assert (real_site.site / path).is_file(), distribution["contentUrl"]


def test_a_label_with_a_script_tag_is_shown_as_text(tmp_path, caplog):
    project = copy_project(tmp_path / "project")
    facts_file = project / "data/facts.yaml"
    text = facts_file.read_text(encoding="utf-8")
    facts_file.write_text(
        text.replace(
            'en: "Craft villages and villages with crafts in Hanoi"',
            'en: "Craft villages <script>alert(document.domain)</script>"',
            1,
        ),
        encoding="utf-8",
    )
    result = build_project(project, tmp_path / "site", caplog)
    assert result.ok, result.warnings
    html = result.html("data", "en")
    assert "<script>alert(document.domain)</script>" not in html
    assert "&lt;script&gt;alert(document.domain)&lt;/script&gt;" in html


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_sources_page_lists_which_facts_come_from_each_document(real_site, facts, language):
    html = real_site.html("sources", language)
    for document, section in (("ket_qua_10_nam", "report-figures"), ("diem_sang_khuyen_cong", "article-figures")):
        table = html[html.index(f'id="{section}"') :].split("</table>")[0]
        listed = re.findall(r'<a href="[^"]*data/#([^"]+)"', table)
        assert listed == [fact.key for fact in facts if fact.source.document.key == document]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_each_entry_is_one_flat_definition_list(real_site, facts, language):
    html = real_site.html("data", language)
    entries = re.split(r'<h3 id="', html)[1:]
    for entry in entries:
        definitions = entry[entry.index("<dl>") : entry.index("</dl>")]
        assert definitions.count("<dt>") == 7 and "<dl>" not in definitions[4:], definitions[:300]


@pytest.mark.parametrize(
    "language,exact,nearly",
    [("vi", "không có: tài liệu ghi con số", "“gần”"), ("en", "none: the document gives", "“gần”")],
)
def test_the_data_page_says_what_each_qualifier_tells_and_vouches_for_no_precision(real_site, language, exact, nearly):
    text = unescape(re.sub(r"<[^>]+>", " ", real_site.html("data", language)))
    assert exact in text and nearly in text
    assert not re.search(r"(Từ chỉ mức độ|Qualifier)\s+(chính xác|exact)\b", text)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_each_source_sentence_is_quoted_once_on_the_data_page(real_site, facts, language):
    html = real_site.html("data", language)
    quotes = [unescape(q) for q in re.findall(r'<blockquote class="source-sentence" lang="vi"><p>(.*?)</p>', html)]
    sentences = {" ".join(fact.source.sentence.split()) for fact in facts}
    assert len(quotes) == len(sentences) < len(facts)
    for sentence in sentences:
        assert sum(sentence in " ".join(re.sub(r"<[^>]+>", "", q).split()) for q in quotes) == 1, sentence


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_facts_section_opens_with_a_table_of_every_fact_linked_to_its_entry(real_site, facts, language):
    html = real_site.html("data", language)
    facts_section = html[html.index('id="facts"') :]
    table = facts_section[: facts_section.index("</table>")]
    assert table.index('<div class="fact-table">') < facts_section.index('<h3 id="')
    rows = re.findall(r'<tr><td class="fact-table__figure"><a href="#([^"]+)">(.*?)</a>(.*?)</tr>', table)
    assert [key for key, _, _ in rows] == [fact.key for fact in facts]
    for (_, label, cells), fact in zip(rows, facts, strict=True):
        assert unescape(label) == fact.label[language]
        assert format_fact(fact, language) in unescape(cells)
        assert fact.source.document.title in unescape(cells)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_each_entry_is_folded_in_a_details_whose_summary_names_it(real_site, facts, language):
    html = real_site.html("data", language)
    entries = re.findall(
        r'<details class="fact-entry"><summary>(.*?)</summary>\s*<h3 id="([^"]+)"(.*?)</details>', html, re.DOTALL
    )
    assert [key for _, key, _ in entries] == [fact.key for fact in facts]
    for (summary, _, body), fact in zip(entries, facts, strict=True):
        assert unescape(re.sub(r"<[^>]+>", "", summary)) == f"{fact.label[language]} {format_fact(fact, language)}"
        assert '<div class="fact-citation">' in body
