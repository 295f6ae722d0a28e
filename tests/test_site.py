"""The real site built into a temporary folder, read as a reader sees it, in both languages."""

import re
from html import unescape
from pathlib import Path
from urllib.parse import urljoin

import pytest
from html_reading import read_html

from khuyencong.facts import load_facts
from khuyencong.formatting import format_fact

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    "",
    "rural-industry",
    "results-2008-2012",
    "results-2012-2022",
    "glossary",
    "sources",
    "data",
    "documents/ket-qua-10-nam",
    "documents/diem-sang-khuyen-cong",
]
FACT_LINK = re.compile(r'<a class="fact" data-fact="([^"]+)" href="[^"]*" title="[^"]*">([^<]*)</a>')


def page_html(real_site, page: str, language: str) -> str:
    return real_site.html(page, language)


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.DOTALL)
    # A quotation in Vietnamese on an English page (a source sentence, a document's original text)
    # keeps its own number forms.
    html = re.sub(r'<(blockquote|p)\b[^>]*lang="vi".*?</\1>', " ", html, flags=re.DOTALL)
    return unescape(re.sub(r"<[^>]+>", " ", html))


def article(html: str) -> str:
    return html[html.index("<article") : html.index("</article>")]


@pytest.fixture(scope="module")
def facts():
    return load_facts(ROOT / "data/facts.yaml", "data/facts.yaml")


def test_both_languages_have_exactly_the_same_pages(real_site):
    files = sorted(p.relative_to(real_site.site).as_posix() for p in real_site.site.rglob("*.html"))
    vi = [f"{p}/index.html" if p else "index.html" for p in PAGES]
    expected = sorted(["404.html", "en/404.html"] + vi + [f"en/{p}" for p in vi])
    assert files == expected


def test_the_build_gives_no_warning(real_site):
    assert [w for w in real_site.warnings if "MkDocs 2.0" not in w] == []


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_html_lang_and_no_macro_leftovers(real_site, page, language):
    html = page_html(real_site, page, language)
    assert f'<html class="no-js" lang="{language}"' in html
    assert "{{" not in html and "Macro Rendering Error" not in html and "fact-missing" not in html


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_fact_appears_in_the_right_local_form(real_site, facts, language):
    shown = {}
    for page in PAGES:
        for key, text in FACT_LINK.findall(page_html(real_site, page, language)):
            shown.setdefault(key, set()).add(unescape(text))
    assert set(shown) == {fact.key for fact in facts}
    for fact in facts:
        assert shown[fact.key] == {format_fact(fact, language)}


@pytest.mark.parametrize(
    "language,expected",
    [
        ("vi", ["1.350", "16,2%", "gần 22.000", "15–25%", "dưới 1 tỷ [đồng]", "trên 12%/năm", "khoảng trên 300.000"]),
        (
            "en",
            [
                "1,350",
                "16.2%",
                "nearly 22,000",
                "15–25%",
                "under [VND] 1 billion",
                "over 12% per year",
                "about 300,000 or more",
            ],
        ),
    ],
)
def test_figures_read_as_written_in_each_language(real_site, language, expected):
    text = " ".join(visible_text(page_html(real_site, page, language)) for page in PAGES)
    for figure in expected:
        assert figure in text


OTHER_FORM = {
    # A Vietnamese page must not show English grouping (1,350) or decimals (16.2), and back.
    "vi": re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d])|(?<![\d.,/])\d+\.\d{1,2}(?![\d.])"),
    "en": re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?![\d])|(?<![\d.,/])\d+,\d{1,2}(?![\d,])"),
}


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_no_number_in_the_other_languages_form(real_site, page, language):
    text = visible_text(article(page_html(real_site, page, language)))
    assert OTHER_FORM[language].findall(text) == []


@pytest.mark.parametrize("page", PAGES)
def test_language_switcher_lands_on_the_same_page(real_site, page):
    urls = {"vi": f"/{page}/" if page else "/", "en": f"/en/{page}/" if page else "/en/"}
    for language in ("vi", "en"):
        html = page_html(real_site, page, language)
        links = re.findall(r'<a class="md-select__link" href="([^"]+)" hreflang="(vi|en)"', html)
        targets = {lang: urljoin("http://site" + urls[language], href) for href, lang in links}
        assert targets == {"vi": "http://site" + urls["vi"], "en": "http://site" + urls["en"]}


@pytest.mark.parametrize(
    "language,strings",
    [
        (
            "vi",
            [
                "Công nghiệp nông thôn và làng nghề",
                "Thuật ngữ",
                "Nguồn tài liệu",
                "Mục lục",
                "Số liệu và nội dung lấy từ hai tài liệu nguồn",
            ],
        ),
        (
            "en",
            [
                "Rural industry and craft villages",
                "Glossary",
                "Sources",
                "Table of contents",
                "Figures and content come from two source documents",
            ],
        ),
    ],
)
def test_navigation_and_interface_in_the_pages_language(real_site, language, strings):
    html = page_html(real_site, "results-2012-2022", language)
    for string in strings:
        assert string in html


@pytest.mark.parametrize("page", PAGES)
def test_heading_anchors_are_the_same_in_both_languages(real_site, page):
    def anchors(language):
        return re.findall(r'<h[1-6] id="([^"]+)"', page_html(real_site, page, language))

    assert anchors("vi") == anchors("en")
    assert anchors("vi"), "no heading anchors found"


def test_the_sources_page_cites_both_documents(real_site):
    vi = visible_text(page_html(real_site, "sources", "vi"))
    en = visible_text(page_html(real_site, "sources", "en"))
    assert "Kết quả 10 năm thực hiện công tác khuyến công trên địa bàn thành phố Hà Nội" in vi
    assert "Hà Nội điểm sáng về công tác khuyến công" in vi
    assert "Results of 10 years of industrial promotion work in Hanoi" in en
    assert "no page number given" in en and "printed page 87, page 88 of the original file" in en


@pytest.mark.parametrize("language", ["vi", "en"])
def test_no_interface_string_in_the_other_language(real_site, language):
    html = page_html(real_site, "results-2012-2022", language)
    foreign = {"vi": ["Table of contents", "Made with", "Back to top", "Search"], "en": ["Mục lục", "Tìm kiếm"]}
    for string in foreign[language]:
        assert string not in visible_text(html)


@pytest.mark.parametrize("page", PAGES)
def test_meta_description_canonical_and_hreflang(real_site, page):
    for language in ("vi", "en"):
        html = page_html(real_site, page, language)
        description = re.search(r'<meta content="([^"]+)" name="description"', html).group(1)
        assert len(description) > 40
        canonical = re.search(r'<link href="([^"]+)" rel="canonical"', html).group(1)
        assert canonical == "http://127.0.0.1:8000/" + ("en/" if language == "en" else "") + (
            f"{page}/" if page else ""
        )
        alternates = dict(
            (lang, href) for href, lang in re.findall(r'<link href="([^"]+)" hreflang="([^"]+)" rel="alternate"', html)
        )
        vi_url = "http://127.0.0.1:8000/" + (f"{page}/" if page else "")
        assert alternates == {
            "vi": vi_url,
            "x-default": vi_url,
            "en": "http://127.0.0.1:8000/en/" + (f"{page}/" if page else ""),
        }


def test_descriptions_differ_between_languages(real_site):
    def description(language):
        return re.search(r'<meta content="([^"]+)" name="description"', page_html(real_site, "", language)).group(1)

    assert description("vi") != description("en")


@pytest.mark.parametrize(
    "language,heading,home", [("vi", "Không tìm thấy trang", 'href="/"'), ("en", "Page not found", 'href="/en/"')]
)
def test_a_404_page_in_each_language_with_a_way_home(real_site, language, heading, home):
    path = real_site.site / ("404.html" if language == "vi" else "en/404.html")
    html = read_html(path)
    assert f'<html class="no-js" lang="{language}"' in html
    assert heading in html and home in html
    # The language menu leads to each language's home, not to the page built before the 404 page.
    menu = re.findall(r'<a class="md-select__link" href="([^"]*)" hreflang="(\w+)"', html)
    assert menu == [("/", "vi"), ("/en/", "en")]


def test_cells_items_and_definitions_are_kept_apart_for_search_excerpts(real_site):
    tables = definitions = 0
    for page in real_site.site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        tables += html.count("<table")
        definitions += html.count("<dd")
        assert not re.search(r"</(?:t[dh]|d[td]|li|summary)><(?:t[dh]|d[td]|li|table)[\s>]", html), page
    assert tables > 5 and definitions > 5


@pytest.mark.parametrize("language", ["vi", "en"])
def test_glossary_links_land_on_the_term(real_site, language):
    glossary = page_html(real_site, "glossary", language)
    terms = set(re.findall(r'<dt id="([^"]+)"', glossary))
    links = [
        (fragment, unescape(re.sub(r"<[^>]+>", "", text)))
        for page in PAGES
        for fragment, text in re.findall(
            r'href="[^"]*glossary/#([^"]+)"[^>]*>(.*?)</a>', page_html(real_site, page, language)
        )
    ]
    assert len(terms) >= 40 and len(links) >= 30
    # A link that names a term lands on it; only a link named after the glossary itself ("Thuật
    # ngữ", "Glossary: …") goes to its top or to a group of terms.
    named_after_the_page = ("Thuật ngữ", "Glossary")
    assert [(f, t) for f, t in links if f not in terms and not t.startswith(named_after_the_page)] == []
