"""The site in a real browser (Debian's chromium, driven by Playwright), as a reader uses it."""

import re
import unicodedata

import pytest

PAGES = [
    "",
    "rural-industry/",
    "results-2008-2012/",
    "results-2012-2022/",
    "glossary/",
    "sources/",
    "data/",
    "documents/ket-qua-10-nam/",
    "documents/diem-sang-khuyen-cong/",
]


def search(page, base: str, query: str) -> tuple[list[str], list[str]]:
    """Open the search dialog from the keyboard, type the query, return result links and marks."""
    page.goto(base)
    page.keyboard.press("Control+k")
    field = page.locator("pagefind-modal input").first
    field.wait_for(state="visible")
    field.fill(query)
    page.locator("pagefind-modal .pf-result, pagefind-modal [class*=result] a").first.wait_for(timeout=10_000)
    page.wait_for_timeout(300)
    links = page.locator("pagefind-modal a[href]").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    marks = page.locator("pagefind-modal mark").evaluate_all("els => els.map(e => e.textContent)")
    return links, marks


@pytest.mark.parametrize(
    "query,expected_page,marked",
    [
        ("khuyen cong", "/results-2008-2012/", "khuyến"),
        ("khuyến công", "/results-2008-2012/", "khuyến"),
        (unicodedata.normalize("NFD", "khuyến công"), "/results-2008-2012/", "khuyến"),
        ("dao tao", "/results-2012-2022/", "đào"),
        # Pagefind alone finds nothing for these: đ is a letter of its own, not a d with a mark.
        ("dao", "/results-2012-2022/", "đào"),
        ("dau tau", "/rural-industry/", "đầu"),
        ("lang nghe", "/rural-industry/", "làng"),
        ("1350", "/rural-industry/", "1.350"),
        ("1.350", "/rural-industry/", "1.350"),
    ],
)
def test_vietnamese_search_with_or_without_marks(page, served_site, query, expected_page, marked):
    links, marks = search(page, served_site, query)
    pages = {link.split("#")[0] for link in links}
    assert expected_page in pages, links
    assert all(not link.startswith("/en/") for link in links), "a Vietnamese page must list Vietnamese pages only"
    assert marked in [m.strip(".,;:”“¶ ").lower() for m in marks] or marked in " ".join(marks).lower()


@pytest.mark.parametrize(
    "query,expected_page",
    [
        ("1,350", "/en/rural-industry/"),
        ("1350", "/en/rural-industry/"),
        ("craft villages", "/en/rural-industry/"),
        ("308", "/en/rural-industry/"),
    ],
)
def test_english_search_lists_english_pages_only(page, served_site, query, expected_page):
    links, _ = search(page, served_site + "en/", query)
    assert expected_page in {link.split("#")[0] for link in links}
    assert all(link.startswith("/en/") for link in links), links


@pytest.mark.parametrize(
    "language,label,none_found", [("", "Tìm kiếm", "Không tìm thấy"), ("en/", "Search", "No results")]
)
def test_search_speaks_the_pages_language_and_opens_with_a_click(page, served_site, language, label, none_found):
    page.goto(served_site + language)
    button = page.locator(".kc-search__button")
    assert button.inner_text().strip() == label
    button.click()
    field = page.locator("pagefind-modal input").first
    field.wait_for(state="visible")
    assert field.evaluate("e => document.activeElement === e || e.matches(':focus')")
    field.fill("zzzqqq")
    page.get_by_text(none_found).first.wait_for(timeout=10_000)


def test_search_loads_only_when_asked(page, served_site):
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(served_site)
    page.wait_for_load_state("networkidle")
    assert not [url for url in requested if "/pagefind/" in url]
    page.keyboard.press("/")
    page.locator("pagefind-modal input").first.wait_for(state="visible")
    assert [url for url in requested if url.endswith("/pagefind/pagefind-component-ui.js")]


@pytest.mark.parametrize("path", ["results-2012-2022/", "glossary/", ""])
def test_the_language_switcher_lands_on_the_same_page(page, served_site, path):
    page.goto(served_site + path)
    with page.expect_navigation():
        page.locator(".md-select__link[hreflang=en]").first.evaluate("a => a.click()")
    assert page.url == served_site + "en/" + path
    assert page.locator("html").get_attribute("lang") == "en"
    with page.expect_navigation():
        page.locator(".md-select__link[hreflang=vi]").first.evaluate("a => a.click()")
    assert page.url == served_site + path


@pytest.mark.parametrize("path", ["glossary/#economy", "documents/ket-qua-10-nam/#full-text"])
def test_the_language_switcher_keeps_the_anchor(page, served_site, path):
    page.goto(served_site + path)
    with page.expect_navigation():
        page.locator(".md-select__link[hreflang=en]").first.evaluate("a => a.click()")
    assert page.url == served_site + "en/" + path


@pytest.mark.parametrize("language", ["", "en/"])
@pytest.mark.parametrize("path", PAGES)
def test_nothing_overflows_a_360_pixel_phone(browser, served_site, language, path):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    tab = context.new_page()
    tab.goto(served_site + language + path)
    width = tab.evaluate("document.documentElement.scrollWidth")
    wide = tab.evaluate(
        """() => [...document.querySelectorAll('.md-content *')]
             .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
             .filter(e => !e.closest('.md-typeset__scrollwrap, pre, .md-sidebar'))
             .map(e => e.tagName + '.' + e.className).slice(0, 5)"""
    )
    context.close()
    assert width <= 360 and wide == []


def test_a_figure_shows_its_source_on_keyboard_focus(page, served_site):
    page.goto(served_site + "results-2012-2022/")
    figure = page.locator("a.fact").first
    figure.focus()
    tooltip = page.locator(".md-tooltip--active, .md-tooltip2--active").first
    tooltip.wait_for(timeout=5_000)
    assert re.search(r"Nguồn: Sở Công Thương Hà Nội, .*tr\. 87", tooltip.inner_text())


def test_pages_ask_nothing_of_another_host(page, served_site):
    foreign, failed = [], []
    page.on(
        "request",
        lambda r: None if r.url.startswith(served_site) or r.url.startswith("data:") else foreign.append(r.url),
    )
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    for path in ["", "en/results-2012-2022/", "data/"]:
        page.goto(served_site + path)
        page.wait_for_load_state("networkidle")
    assert foreign == [] and failed == []


@pytest.mark.parametrize(
    "base,query,expected",
    [
        ("", "cạnh tranh không lành mạnh", "/documents/diem-sang-khuyen-cong/"),
        ("en/", "unfair competition", "/en/documents/diem-sang-khuyen-cong/"),
    ],
)
def test_search_finds_a_documents_text_in_its_own_language(page, served_site, base, query, expected):
    links, _ = search(page, served_site + base, query)
    assert expected in {link.split("#")[0] for link in links}, links
    assert all(link.startswith("/en/") == (base == "en/") for link in links), links


def test_english_search_leaves_out_the_vietnamese_original_on_the_english_page(page, served_site):
    query = "cạnh tranh không lành mạnh"  # words of the article's original, translated on its English page
    page.goto(served_site + "en/")
    page.keyboard.press("Control+k")
    field = page.locator("pagefind-modal input").first
    field.wait_for(state="visible")
    field.fill(query)
    # "N results for …" or "No results for …": the search has answered.
    page.locator("pagefind-modal").get_by_text(f"for {query}").first.wait_for(timeout=10_000)
    links = page.locator("pagefind-modal a[href]").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert not [link for link in links if "/documents/" in link], links


def test_search_excerpts_keep_the_words_of_table_cells_apart(page, served_site):
    search(page, served_site, "nhóm hoạt động")
    text = page.locator("pagefind-modal").inner_text()
    assert "nhóm hoạt động" in text.lower()
    assert "độngKết" not in text and "độngkết" not in text.lower()


@pytest.mark.parametrize("language", ["", "en/"])
def test_every_table_fits_a_360_pixel_phone_without_scrolling(browser, served_site, language):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    tab = context.new_page()
    wide, tables = [], 0
    for path in PAGES:
        tab.goto(served_site + language + path)
        found = tab.evaluate(
            """() => [...document.querySelectorAll('.md-typeset table')]
                 .map(t => [t.closest('.md-typeset__scrollwrap') || t.parentElement, t])
                 .map(([box, t]) => [box.scrollWidth - box.clientWidth, t.rows[0].innerText.slice(0, 40)])"""
        )
        tables += len(found)
        wide += [(path, text) for over, text in found if over > 1]
    context.close()
    assert tables > 5 and wide == []
