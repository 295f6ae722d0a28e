"""Which pages the preview renders again after an edit (khuyencong/rebuild.py), on small projects
loaded before and after the edit. tests/test_serve.py checks the served pages themselves."""

from pathlib import Path

from small_project import DEFAULT_FACTS_YAML, DEFAULT_PAGES, make_small_project

from khuyencong.project import load_project
from khuyencong.rebuild import pages_to_redo, snapshot

INPUTS = "the same facts, sources and theme"
ABOUT = {
    "about.md": '---\ndescription: "Giới thiệu."\n---\n\n# Giới thiệu { #about }\n\nXem [số liệu](index.md#figures).\n',
    "about.en.md": '---\ndescription: "About."\n---\n\n# About { #about }\n\nSee [the figures](index.en.md#figures).\n',
}
PAGES = {**DEFAULT_PAGES, **ABOUT}
READERS = {"data.md", "data.en.md", "documents/report.md", "documents/report.en.md"}


def edited(tmp_path: Path, path: str, old: str, new: str, inputs: str = INPUTS):
    """The snapshots of the project before and after one page's edit."""
    project = make_small_project(tmp_path, pages=PAGES)
    before = snapshot(load_project(project), INPUTS)
    page = project / "docs" / path
    text = page.read_text(encoding="utf-8")
    assert old in text
    page.write_text(text.replace(old, new), encoding="utf-8")
    return before, snapshot(load_project(project), inputs)


def test_nothing_changed_redoes_nothing(tmp_path):
    before, after = edited(tmp_path, "index.md", "Trang chủ", "Trang chủ")
    assert pages_to_redo(before, after) == frozenset()


def test_the_first_build_redoes_every_page(tmp_path):
    project = make_small_project(tmp_path, pages=PAGES)
    assert pages_to_redo(None, snapshot(load_project(project), INPUTS)) is None


def test_an_edit_of_a_page_text_redoes_that_page_only(tmp_path):
    before, after = edited(tmp_path, "index.md", "## Số liệu", "Một câu mới.\n\n## Số liệu")
    assert pages_to_redo(before, after) == {"index.md"}


def test_a_citation_under_another_heading_redoes_the_pages_listing_every_page(tmp_path):
    # The data page and the document's page link to the heading above a fact's first citation.
    villages = 'Làng nghề: {{ fact("villages.total") }}.'
    before, after = edited(tmp_path, "index.md", "## Số liệu", f"{villages}\n\n## Số liệu")
    assert pages_to_redo(before, after) == {"index.md", *READERS}


def test_a_page_whose_problems_change_is_redone(tmp_path):
    # The about pages show a problem (a figure from no fact); the heading they link to is renamed in
    # both languages: each gets a second problem.
    about = {
        "about.md": ABOUT["about.md"].replace("Xem", "Có 7 làng. Xem"),
        "about.en.md": ABOUT["about.en.md"].replace("See", "7 villages. See"),
    }
    project = make_small_project(tmp_path, pages={**PAGES, **about})
    before = snapshot(load_project(project), INPUTS)
    for index in (project / "docs/index.md", project / "docs/index.en.md"):
        index.write_text(index.read_text(encoding="utf-8").replace("{ #figures }", "{ #numbers }"), encoding="utf-8")
    redo = pages_to_redo(before, snapshot(load_project(project), INPUTS))
    # The about pages, not edited, because of their problems; the listing pages, for the new heading.
    assert redo == {"index.md", "index.en.md", "about.md", "about.en.md", *READERS}


def test_a_change_of_the_facts_sources_or_theme_redoes_every_page(tmp_path):
    before, after = edited(tmp_path, "index.md", "Trang chủ", "Trang chủ", inputs="another fingerprint")
    assert pages_to_redo(before, after) is None


def test_a_new_page_redoes_every_page(tmp_path):
    project = make_small_project(tmp_path, pages=PAGES)
    before = snapshot(load_project(project), INPUTS)
    (project / "docs/extra.md").write_text(ABOUT["about.md"].replace("about", "extra"), encoding="utf-8")
    assert pages_to_redo(before, snapshot(load_project(project), INPUTS)) is None


def test_moving_a_document_text_to_another_page_redoes_every_page(tmp_path):
    before, after = edited(tmp_path, "about.md", "Xem [số liệu]", '{{ source_text("report") }}\n\nXem [số liệu]')
    assert pages_to_redo(before, after) is None


def test_facts_that_do_not_load_redo_every_page(tmp_path):
    project = make_small_project(tmp_path, pages=PAGES)
    before = snapshot(load_project(project), INPUTS)
    (project / "data/facts.yaml").write_text(
        DEFAULT_FACTS_YAML.replace("value: 1350", "value: [1350"), encoding="utf-8"
    )
    assert pages_to_redo(before, snapshot(load_project(project), INPUTS)) is None


def test_a_new_title_redoes_every_page(tmp_path):
    # Every page's navigation shows every page's title.
    before, after = edited(tmp_path, "about.md", "# Giới thiệu { #about }", "# Về trang này { #about }")
    assert pages_to_redo(before, after) is None


def test_a_page_that_gets_a_problem_of_its_own_redoes_every_page(tmp_path):
    # The preview shows its problems instead of the page, without its title.
    before, after = edited(tmp_path, "about.md", "Xem [số liệu]", "Có 7 làng. Xem [số liệu]")
    assert pages_to_redo(before, after) is None
