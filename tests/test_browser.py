"""The site in a real browser (Debian's chromium, driven by Playwright), as a reader uses it."""

import re
import unicodedata

import pytest
from playwright.sync_api import expect

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


RESULTS = ".kc-search__results"


def answered(page, query: str) -> None:
    """Open the search dialog from the keyboard, type the query and wait for its answer: the status
    line says how many pages were found, and the first ones are listed."""
    page.keyboard.press("Control+k")
    field = page.get_by_role("searchbox")
    field.wait_for(state="visible")
    field.fill(query)
    page.wait_for_function(
        """() => document.querySelector('.kc-search__status').textContent
             && (document.querySelector('.kc-search__status').textContent.match(/^(0|Không|No)/)
                 || document.querySelector('.kc-search__results > li'))""",
        timeout=10_000,
    )


def search(page, base: str, query: str) -> tuple[list[str], list[str]]:
    """Search from a page of the site; return the links and the marked words of the results."""
    page.goto(base)
    answered(page, query)
    links = page.locator(f"{RESULTS} a[href]").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    marks = page.locator(f"{RESULTS} mark").evaluate_all("els => els.map(e => e.textContent)")
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
    "language,label,none_found,found",
    [
        ("", "Tìm kiếm", "Không tìm thấy tài liệu liên quan", "tài liệu liên quan"),
        ("en/", "Search", "No matching documents", "matching documents"),
    ],
)
def test_search_speaks_the_pages_language_and_opens_with_a_click(page, served_site, language, label, none_found, found):
    page.goto(served_site + language)
    button = page.locator(".kc-search__button")
    assert button.inner_text().strip() == label
    button.click()
    field = page.get_by_role("dialog", name=label).get_by_role("searchbox", name=label)
    field.wait_for(state="visible")
    assert field.evaluate("e => document.activeElement === e")
    field.fill("zzzqqq")
    status = page.get_by_role("status")
    expect(status).to_have_text(none_found, timeout=10_000)
    field.fill("1350")
    expect(status).to_have_text(re.compile(rf"^[1-9]\d* {found}$"), timeout=10_000)


@pytest.mark.parametrize("opening", ["click", "Control+k", "/"])
def test_escape_closes_the_search_and_gives_focus_back(page, served_site, opening):
    page.goto(served_site)
    button = page.locator(".kc-search__button")
    button.focus()
    if opening == "click":
        button.click()
    else:
        page.keyboard.press(opening)
    dialog = page.get_by_role("dialog")
    field = dialog.get_by_role("searchbox")
    field.wait_for(state="visible")
    field.fill("làng nghề")  # a search field with text would take the first Escape to clear itself
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert button.evaluate("e => document.activeElement === e")


def test_search_loads_only_when_asked(page, served_site):
    """Pages carry no search engine; the first search fetches Pagefind's JS API on its own,
    without Pagefind's ready-made interfaces or its web worker."""
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(served_site)
    page.wait_for_load_state("networkidle")
    assert not [url for url in requested if "/pagefind/" in url]
    answered(page, "lang nghe")
    page.wait_for_load_state("networkidle")
    pagefind = [url.rsplit("/", 1)[1] for url in requested if "/pagefind/" in url]
    assert "pagefind.js" in pagefind
    assert not [
        name
        for name in pagefind
        if name.startswith(
            ("pagefind-ui", "pagefind-component-ui", "pagefind-modular-ui", "pagefind-worker", "pagefind-highlight")
        )
    ], pagefind


def test_search_lists_each_page_once_with_its_sections_under_it(page, served_site):
    search(page, served_site, "lang nghe")
    pages = page.locator(f"{RESULTS} > li > a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert len(pages) >= 2 and len(pages) == len(set(pages)), pages
    assert all("#" not in url for url in pages), pages
    sections = page.locator(f"{RESULTS} > li").evaluate_all(
        """items => items.flatMap(item => [...item.querySelectorAll('ul a')]
             .map(a => [item.querySelector('a').getAttribute('href'), a.getAttribute('href')]))"""
    )
    assert sections, "the pages found must show their matching sections"
    assert all(section.startswith(url + "#") for url, section in sections), sections


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


@pytest.mark.parametrize("language", ["", "en/"])
@pytest.mark.parametrize("path", PAGES)
def test_no_text_is_smaller_than_12_pixels_on_a_phone(browser, served_site, language, path):
    """12 px is where search engines and Lighthouse call text too small to read on a phone. Every
    closed <details> is opened first, so the text one tap away counts too."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    tab = context.new_page()
    tab.goto(served_site + language + path)
    sizes = tab.evaluate(
        """() => {
          document.querySelectorAll('details').forEach(d => { d.open = true; });
          const sizes = {};
          const walker = document.createTreeWalker(document.querySelector('.md-content'), NodeFilter.SHOW_TEXT);
          while (walker.nextNode()) {
            const text = walker.currentNode.textContent.trim();
            const element = walker.currentNode.parentElement;
            if (!text || !element.getClientRects().length) continue;
            const size = parseFloat(getComputedStyle(element).fontSize);
            const key = element.tagName + ' ' + size + 'px';
            sizes[key] = (sizes[key] || 0) + text.length;
          }
          return sizes;
        }"""
    )
    context.close()
    small = {key: count for key, count in sizes.items() if float(key.split(" ")[1][:-2]) < 12}
    assert sum(sizes.values()) > 1000 and small == {}


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
    # Words of the article's original, translated on its English page.
    links, _ = search(page, served_site + "en/", "cạnh tranh không lành mạnh")
    assert not [link for link in links if "/documents/" in link], links


@pytest.mark.parametrize(
    "query,apart,glued",
    [
        ("16,2", "số liệu giá trị", "liệugiá"),  # a table's header cells
        ("giảm nghèo", "số hộ nghèo. bài báo", "nghèo.bài"),  # a definition list's definitions
    ],
)
def test_search_excerpts_keep_the_words_of_table_cells_and_definitions_apart(page, served_site, query, apart, glued):
    search(page, served_site, query)
    text = " ".join(page.locator(RESULTS).inner_text().lower().split())
    assert apart in text
    assert glued not in text


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
