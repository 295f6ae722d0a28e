"""The page rules, each broken once in a tiny pair of pages, with the exact line expected."""

from pathlib import Path

import pytest

from khuyencong.facts import load_facts
from khuyencong.site_checks import check_pages, read_pages

ROOT = Path(__file__).resolve().parent.parent
VI = (
    '---\ndescription: "Làng nghề."\n---\n'
    '# Làng nghề { #villages }\n\nHà Nội có {{ fact("craft_villages.total") }} làng nghề.\n'
)
EN = (
    '---\ndescription: "Craft villages."\n---\n'
    '# Craft villages { #villages }\n\nHanoi has {{ fact("craft_villages.total") }} craft villages.\n'
)


@pytest.fixture(scope="module")
def facts():
    return load_facts(ROOT / "data/facts.yaml", "data/facts.yaml")


def page_problems(tmp_path, facts, files: dict) -> list[str]:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in files.items():
        (docs / name).write_text(text, encoding="utf-8")
    pages, problems = read_pages(docs, tmp_path)
    problems += check_pages(pages, facts)
    return [str(p) for p in problems if p.path.startswith("docs/")]


def test_a_good_pair_has_no_problem(tmp_path, facts):
    assert page_problems(tmp_path, facts, {"index.md": VI, "index.en.md": EN}) == []


@pytest.mark.parametrize(
    "typed,language",
    [("1.350", "vi"), ("1,350", "en"), ("1350", "vi"), ("16,2", "vi"), ("600.000", "vi"), ("1 tỷ", "vi")],
)
def test_a_figure_typed_by_hand_is_an_error_naming_page_and_fact(tmp_path, facts, typed, language):
    files = {"index.md": VI, "index.en.md": EN}
    name = "index.md" if language == "vi" else "index.en.md"
    files[name] += f"\nCon số {typed} ở đây.\n"
    problems = page_problems(tmp_path, facts, files)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"docs/{name}:8:8: figure '{typed}' is typed by hand; it is the value of fact ")


def test_the_exact_line_for_a_typed_figure(tmp_path, facts):
    files = {"index.md": VI + "\nCó 308 làng nghề truyền thống.\n", "index.en.md": EN}
    assert page_problems(tmp_path, facts, files) == [
        "docs/index.md:8:4: figure '308' is typed by hand; it is the value of fact "
        "craft_villages.recognised_traditional. "
        'Fix: write {{ fact("craft_villages.recognised_traditional") }} instead'
    ]


@pytest.mark.parametrize(
    "text",
    [
        "giai đoạn 2008–2012",
        "Quyết định 136/2007/QĐ-TTg",
        "[x](https://example.org/2008-2012/1.305)",
        "`sources/000_2f563fb979bd8fe5.txt`",
        "## Tiêu đề { #results-2012-2022 }",
        "năm 2012, in 2012",
        "UTF-8",
        "1. Mục một",
    ],
)
def test_years_ids_code_and_anchors_are_not_figures(tmp_path, facts, text):
    files = {"index.md": VI + f"\n{text}\n", "index.en.md": EN + f"\n{text}\n"}
    assert page_problems(tmp_path, facts, files) == []


def test_an_unknown_fact_key_suggests_the_closest(tmp_path, facts):
    files = {
        "index.md": VI.replace("craft_villages.total", "craft_village.total"),
        "index.en.md": EN.replace("craft_villages.total", "craft_village.total"),
    }
    problems = page_problems(tmp_path, facts, files)
    assert problems[0] == (
        "docs/index.en.md:6:11: unknown fact 'craft_village.total'. "
        "Fix: did you mean 'craft_villages.total' or 'craft_villages.recognised_traditional'?"
    )


def test_a_page_missing_in_one_language(tmp_path, facts):
    assert page_problems(
        tmp_path,
        facts,
        {
            "index.md": VI,
            "index.en.md": EN,
            "glossary.md": '---\ndescription: "Thuật ngữ."\n---\n# Thuật ngữ { #glossary }\n',
        },
    ) == [
        "docs/glossary.md:1:1: page has no English twin docs/glossary.en.md. "
        "Fix: create docs/glossary.en.md with the translated page"
    ]


def test_a_fact_cited_in_one_language_only(tmp_path, facts):
    files = {"index.md": VI + 'Và {{ fact("craft_villages.recognised_traditional") }} làng.\n', "index.en.md": EN}
    assert page_problems(tmp_path, facts, files) == [
        "docs/index.md:7:4: fact 'craft_villages.recognised_traditional' is cited here but not in the twin page "
        'docs/index.en.md. Fix: cite {{ fact("craft_villages.recognised_traditional") }} in docs/index.en.md too, '
        "or remove it here"
    ]


def test_page_rules_that_need_no_facts_run_when_the_facts_did_not_load(tmp_path):
    files = {
        "index.md": VI + 'Và {{ fact("craft_villages.recognised_traditional") }} làng.\n[Xem](missing.md)\n',
        "index.en.md": EN,
    }
    problems = page_problems(tmp_path, None, files)
    assert any("is cited here but not in the twin page docs/index.en.md" in p for p in problems), problems
    assert any(p.startswith("docs/index.md:8:") and "missing.md" in p for p in problems), problems


def test_headings_need_the_same_explicit_anchors(tmp_path, facts):
    files = {"index.md": VI + "\n## Lịch sử { #history }\n", "index.en.md": EN + "\n## History\n"}
    assert page_problems(tmp_path, facts, files) == [
        "docs/index.en.md:8:4: heading has no explicit anchor. "
        "Fix: end the heading with { #anchor-in-english }, the same in both languages",
        "docs/index.md:1:1: anchors of this page and docs/index.en.md differ: history. "
        "Fix: give both pages the same headings and terms with the same { #anchor } in the same order",
    ]


def test_a_link_may_land_on_a_term_and_twins_keep_the_same_terms(tmp_path, facts):
    term = "\nlàng nghề { #lang-nghe }\n:   Làng có nghề thủ công.\n"
    files = {
        "index.md": VI + term + "\n[Xem](index.md#lang-nghe) [Lỗi](index.md#lang)\n",
        "index.en.md": EN + "\n[See](index.md#lang-nghe)\n",
    }
    assert page_problems(tmp_path, facts, files) == [
        "docs/index.en.md:8:7: broken link 'index.md#lang-nghe': no heading or term { #lang-nghe } there. "
        "Fix: use one of the anchors of docs/index.en.md",
        "docs/index.md:1:1: anchors of this page and docs/index.en.md differ: lang-nghe. "
        "Fix: give both pages the same headings and terms with the same { #anchor } in the same order",
        "docs/index.md:11:33: broken link 'index.md#lang': no heading or term { #lang } there. "
        "Fix: use one of the anchors of docs/index.md",
    ]


def test_a_macro_syntax_error_and_an_unknown_name(tmp_path, facts):
    files = {"index.md": VI + '{{ fact("craft_villages.total" }}\n', "index.en.md": EN + "{{ facts }}\n"}
    problems = page_problems(tmp_path, facts, files)
    assert problems == [
        "docs/index.en.md:7:1: unknown macro 'facts'. Fix: did you mean {{ fact(\"topic.name\") }}?",
        "docs/index.md:7:1: unclosed or broken {{ }}: unexpected '}', expected ')'. "
        'Fix: write {{ fact("topic.name") }}',
    ]


def test_a_fact_no_page_cites_is_flagged(tmp_path, facts):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(VI, encoding="utf-8")
    (docs / "index.en.md").write_text(EN, encoding="utf-8")
    problems = [str(p) for p in check_pages(read_pages(docs, tmp_path)[0], facts)]
    # Each fact but the one cited, and each document, whose text no page shows.
    assert len(problems) == len(facts) - 1 + len(facts.documents)
    assert any(
        p.startswith("data/facts.yaml:") and "fact 'craft_villages.recognised_traditional' is cited by no page" in p
        for p in problems
    )


def test_a_link_to_a_missing_anchor_or_page(tmp_path, facts):
    files = {
        "index.md": VI + "\n[a](index.md#nowhere) [b](gone.md)\n",
        "index.en.md": EN + "\n[a](index.md#villages)\n",
    }
    assert page_problems(tmp_path, facts, files) == [
        "docs/index.md:8:5: broken link 'index.md#nowhere': no heading or term { #nowhere } there. "
        "Fix: use one of the anchors of docs/index.md",
        "docs/index.md:8:27: broken link 'gone.md': no such page. "
        "Fix: link to an existing page, by its Vietnamese file name (glossary.md)",
    ]


def test_a_page_without_a_description(tmp_path, facts):
    files = {"index.md": VI.split("---\n", 2)[2], "index.en.md": EN}
    assert page_problems(tmp_path, facts, files) == [
        "docs/index.md:1:1: page has no description for search engines and link previews. "
        'Fix: start the page with ---, description: "One sentence on the page.", ---'
    ]
