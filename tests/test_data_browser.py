"""The data page as a tool in a real browser: a sortable, filterable table of every fact, each
fact's entry folded one step away, opened by a link to its key, with a named copy button."""

import re
import unicodedata
from pathlib import Path

import pytest

from khuyencong.facts import load_facts

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = {"vi": "", "en": "en/"}
# Heights of the data page on a 390 × 844 phone measured before the table and the folded entries
# (every fact as a tall stack of label/value pairs, 23 facts): 27,229 px in Vietnamese and
# 31,475 px in English (1,280 px desktop: 22,290 and 24,595). The page must be under a quarter.
HEIGHT_BEFORE = {"vi": 27_229, "en": 31_475}


@pytest.fixture(scope="module")
def facts():
    return load_facts(ROOT / "data/facts.yaml", "data/facts.yaml")


def table_keys(tab) -> list[str]:
    """The fact keys of the table's rows shown, in their order."""
    return tab.locator(".fact-table tbody tr:not([hidden]) td:first-child a").evaluate_all(
        "links => links.map(a => decodeURIComponent(new URL(a.href).hash.slice(1)))"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_table_lists_every_fact_once_linked_to_its_entry(page, served_site, facts, language):
    page.goto(served_site + LANGUAGES[language] + "data/")
    assert table_keys(page) == [fact.key for fact in facts]
    labels = page.locator(".fact-table tbody td:first-child").all_inner_texts()
    assert [label.strip() for label in labels] == [fact.label[language] for fact in facts]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_column_header_sorts_the_table_and_says_so(page, served_site, facts, language):
    page.goto(served_site + LANGUAGES[language] + "data/")
    header = page.locator(".fact-table th.fact-table__period")
    button = header.get_by_role("button")
    button.click()
    assert header.get_attribute("aria-sort") == "ascending"
    periods = [facts[key].period for key in table_keys(page)]
    assert periods == sorted(periods) and periods != [fact.period for fact in facts]
    button.click()
    assert header.get_attribute("aria-sort") == "descending"
    assert [facts[key].period for key in table_keys(page)] == sorted(periods, reverse=True)
    page.locator(".fact-table th.fact-table__value").get_by_role("button").click()
    assert header.get_attribute("aria-sort") is None
    values = [facts[key].value for key in table_keys(page)]
    assert [v[0] if isinstance(v, tuple) else v for v in values] == sorted(
        v[0] if isinstance(v, tuple) else v for v in values
    )


@pytest.mark.parametrize("query", ["lang nghe", "làng nghề", unicodedata.normalize("NFD", "LÀNG NGHỀ")])
def test_typing_without_marks_filters_the_table(page, served_site, facts, query):
    page.goto(served_site + "data/")
    field = page.get_by_label(re.compile("Lọc số liệu"))
    field.fill(query)
    shown = table_keys(page)
    expected = [fact.key for fact in facts if "làng nghề" in fact.label["vi"].lower()]
    assert shown == expected and 0 < len(expected) < len(facts)
    assert page.get_by_role("status").filter(has_text=f"{len(expected)}").count() == 1
    field.fill("")
    assert len(table_keys(page)) == len(facts)


def test_d_typed_for_đ_finds_the_word(page, served_site, facts):
    page.goto(served_site + "data/")
    page.get_by_label(re.compile("Lọc số liệu")).fill("dao tao")
    assert table_keys(page) == [fact.key for fact in facts if "đào tạo" in fact.label["vi"].lower()] != []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_page_is_under_a_quarter_of_its_old_height_on_a_phone(browser, served_site, language):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    tab.goto(served_site + LANGUAGES[language] + "data/")
    height = tab.evaluate("document.documentElement.scrollHeight")
    context.close()
    assert height < HEIGHT_BEFORE[language] / 4, height


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_link_to_a_key_opens_that_entry_and_shows_its_citation(page, served_site, language):
    key = "vocational_training.rural_workers_trained"
    page.goto(served_site + LANGUAGES[language] + f"data/#{key}")
    entry = page.locator(f'details.fact-entry:has([id="{key}"])')
    assert entry.get_attribute("open") is not None
    citation = entry.locator(".fact-citation__text")
    assert citation.is_visible() and citation.inner_text().endswith(f"data/#{key}")
    assert page.locator(f'[id="{key}"]').is_visible()
    # The other entries stay folded: the page is short.
    assert page.locator("details.fact-entry[open]").count() == 1
    assert not page.locator('details.fact-entry:has([id="craft_villages.total"]) .fact-citation').is_visible()
    # The reader lands on it, and on the last entry too: its heading is on the screen, not above or below.
    last = page.locator("details.fact-entry h3[id]").last.get_attribute("id")
    for target in (key, last):
        page.goto(served_site + LANGUAGES[language] + "data/")
        page.goto(served_site + LANGUAGES[language] + f"data/#{target}")
        page.wait_for_timeout(500)
        top = page.evaluate(f"document.getElementById({target!r}).getBoundingClientRect().top")
        assert 0 <= top < page.viewport_size["height"] / 2, (target, top)


# Each closed entry's folded content, as the browser draws it.
FOLDED_DISPLAYS = """[...document.querySelectorAll("details.fact-entry")]
    .map((entry) => getComputedStyle(entry, "::details-content").display)"""


def test_closed_entries_are_out_of_layout_while_the_theme_starts_then_fold_as_usual(page, served_site, facts):
    # The theme measures every heading of the table of contents as it starts (on DOMContentLoaded):
    # a heading in a closed entry laid out would cost it that whole entry, most of the page's
    # main-thread time on a phone (Lighthouse). This listener runs before the theme's.
    page.add_init_script(
        f"document.addEventListener('DOMContentLoaded', () => {{ window.foldedAtStart = {FOLDED_DISPLAYS}; }})"
    )
    page.goto(served_site + "data/")
    assert page.evaluate("window.foldedAtStart") == ["none"] * len(facts)
    # Once the page has loaded, each entry goes back to the browser's own folding, which find in
    # page searches and opens.
    page.wait_for_function("!document.querySelector('details.fact-entry--later')")
    assert "none" not in page.evaluate(FOLDED_DISPLAYS)


def test_every_entry_and_its_citation_are_reached_by_keyboard(page, served_site, facts):
    page.goto(served_site + "en/data/")
    summary = page.locator('details.fact-entry:has([id="craft_villages.total"]) summary')
    summary.focus()
    page.keyboard.press("Enter")
    entry = page.locator('details.fact-entry:has([id="craft_villages.total"])')
    assert entry.get_attribute("open") is not None
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('details.fact-entry') !== null")
    assert focused
    assert page.locator("details.fact-entry summary").count() == len(facts)


@pytest.mark.parametrize("language,name", [("vi", "Sao chép trích dẫn: "), ("en", "Copy citation: ")])
def test_the_copy_button_is_named_after_its_fact_and_copies_the_citation(browser, served_site, facts, language, name):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, permissions=["clipboard-read", "clipboard-write"]
    )
    tab = context.new_page()
    key = "craft_villages.total"
    tab.goto(served_site + LANGUAGES[language] + f"data/#{key}")
    entry = tab.locator(f'details.fact-entry:has([id="{key}"])')
    button = entry.get_by_role("button", name=name + facts[key].label[language], exact=True)
    assert button.count() == 1
    assert tab.get_by_role("button", name=re.compile(re.escape(name)), include_hidden=True).count() == len(facts)
    button.click()
    entry.get_by_role("status").filter(has_text=re.compile(".")).wait_for()
    copied = tab.evaluate("navigator.clipboard.readText()")
    shown = entry.locator(".fact-citation__text").inner_text()
    context.close()
    assert copied == shown
    assert copied.startswith(facts[key].label[language]) and copied.endswith(f"data/#{key}")
