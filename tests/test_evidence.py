"""Every figure of both source documents has its fact, and every fact stands in its source."""

import re
from pathlib import Path

import pytest

from khuyencong.evidence import check_evidence, normalize_text
from khuyencong.facts import load_facts
from khuyencong.problems import ContentError

ROOT = Path(__file__).resolve().parent.parent
REPORT = "sources/000_2f563fb979bd8fe5.txt"
ARTICLE = "sources/004_508aa933d3367092.txt"

# What in each document is a number but not a figure, and why.
NOT_FIGURES = {
    REPORT: [
        (r"^Page 88 - Tai lieu Khuyen cong OK \(13-12\)$", "file header: page 88 of the file, file name"),
        (r"^P\. 88$", "page header: page 88 of the file"),
        (r"^87", "printed page number at the foot of the page"),
        (r"\(\d\)", "list markers (1), (2), (3)"),
        (r"^1\. ", "section number"),
        (r"2012-2022", "the period the report covers"),
    ],
    ARTICLE: [
        (r"136/2007/QĐ-TTg", "the decision's number"),
        (r"2008-2012", "the period the article covers"),
    ],
}
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def figures_in(document: str) -> list[float]:
    text = (ROOT / document).read_text(encoding="utf-8")
    for pattern, _why in NOT_FIGURES[document]:
        text = re.sub(pattern, " ", text, flags=re.MULTILINE)
    numbers = []
    for match in NUMBER.finditer(text):
        value = float(match.group(0).replace(".", "").replace(",", "."))
        if text[match.end() :].startswith(" tỷ"):
            value *= 1_000_000_000
        numbers.append(value)
    return numbers


@pytest.fixture(scope="module")
def facts():
    return load_facts(ROOT / "data/facts.yaml", "data/facts.yaml")


@pytest.mark.parametrize("document", [REPORT, ARTICLE])
def test_every_figure_of_the_document_has_a_fact(facts, document):
    figures = figures_in(document)
    assert len(figures) >= 10, "the document's figures were not found at all"
    values = {float(n) for fact in facts if fact.source.document.file == document for n in fact.numbers}
    missing = [f for f in figures if f not in values]
    assert not missing, f"figures of {document} without a fact in data/facts.yaml: {missing}"


def test_every_fact_stands_in_its_source_word_for_word(facts):
    assert len(facts) == 23
    assert check_evidence(facts, ROOT) == []


def test_a_sentence_changed_by_one_letter_is_caught(tmp_path, facts):
    text = (ROOT / "data/facts.yaml").read_text(encoding="utf-8").replace("Hà Nội có 1.350", "Hà Nội có tới 1.350", 1)
    (tmp_path / "facts.yaml").write_text(text, encoding="utf-8")
    broken = load_facts(tmp_path / "facts.yaml", "data/facts.yaml")
    messages = [p.message for p in check_evidence(broken, ROOT)]
    assert "craft_villages.total: source sentence is not in sources/000_2f563fb979bd8fe5.txt word for word" in messages


def test_a_value_missing_from_its_sentence_is_caught(tmp_path):
    text = (ROOT / "data/facts.yaml").read_text(encoding="utf-8").replace("value: 308\n", "value: 380\n", 1)
    (tmp_path / "facts.yaml").write_text(text, encoding="utf-8")
    broken = load_facts(tmp_path / "facts.yaml", "data/facts.yaml")
    messages = [p.message for p in check_evidence(broken, ROOT)]
    assert messages == [
        "craft_villages.recognised_traditional: value 380 disagrees with its words '308', which state 308"
    ]


def test_a_value_equal_to_another_number_of_its_sentence_is_caught(tmp_path):
    text = (ROOT / "data/facts.yaml").read_text(encoding="utf-8").replace("value: 308\n", "value: 1350\n", 1)
    (tmp_path / "facts.yaml").write_text(text, encoding="utf-8")
    broken = load_facts(tmp_path / "facts.yaml", "data/facts.yaml")
    problems = check_evidence(broken, ROOT)
    assert [p.message for p in problems] == [
        "craft_villages.recognised_traditional: value 1350 disagrees with its words '308', which state 308 "
        "(1350 is another number of the sentence)"
    ]
    lines = text.splitlines()
    entry = lines.index("  craft_villages.recognised_traditional:")
    assert problems[0].line == lines.index("    value: 1350", entry) + 1


def test_a_qualifier_changed_in_the_real_file_is_caught(tmp_path):
    text = (ROOT / "data/facts.yaml").read_text(encoding="utf-8")
    text = text.replace("    qualifier: nearly\n", "    qualifier: over\n", 1)
    (tmp_path / "facts.yaml").write_text(text, encoding="utf-8")
    messages = [p.message for p in check_evidence(load_facts(tmp_path / "facts.yaml", "data/facts.yaml"), ROOT)]
    assert messages == [
        "vocational_training.rural_workers_trained: qualifier is over, but the sentence writes 'gần' before the "
        "number of the words 'gần 22.000' (nearly)"
    ]


def test_layout_lines_inside_a_sentence_are_not_text():
    text = "tăng lên trên\n\n## HÀ NỘI điểm sáng\n\n● PHƯƠNG THÚY\n\n20%, góp phần"
    assert normalize_text(text) == "tăng lên trên 20%, góp phần"


def test_the_real_facts_file_loads_without_problems():
    try:
        load_facts(ROOT / "data/facts.yaml", "data/facts.yaml")
    except ContentError as error:  # pragma: no cover - shows the lines when it fails
        pytest.fail(str(error))
