"""Every fact is pinned to its place in its sentence: the words that state it, as the source writes
them, must stand there, and the fact's value, qualifier and unit must agree with them.

Each rule is tried on a small facts file and source document written for the test.
"""

import dataclasses
import os
from pathlib import Path

import pytest

from khuyencong import evidence
from khuyencong.evidence import check_evidence
from khuyencong.facts import QUALIFIERS, UNITS, load_facts
from khuyencong.problems import ContentError

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = """\
Hà Nội có 1.350 làng nghề, trong đó 308 làng nghề truyền thống.
Tổ chức 625 lớp cho gần 22.000 lao động.
Giá trị sản xuất tăng trên 12%/năm, xuất khẩu tăng khoảng 10%.
Doanh thu hàng năm tăng khoảng 8%.
Tạo việc làm cho khoảng trên 300.000 người.
Doanh thu tăng từ 15-25%.
Lợi nhuận tăng 5–9%.
Sau 5 năm thực hiện.
Số vốn dưới 1 tỷ, có nơi trên 2 tỷ đồng.
Mỗi hộ vay 2,5 triệu đồng.
Có xấp xỉ 500 cơ sở.
Có 200 cơ sở trở lên.
Có 122.000 người và 16,2% hộ.
Có 16 lớp và 16 người.
Tỷ lệ đạt 20% năm 2012.
"""
SENTENCE = {
    "villages": "Hà Nội có 1.350 làng nghề, trong đó 308 làng nghề truyền thống.",
    "workers": "Tổ chức 625 lớp cho gần 22.000 lao động.",
    "growth": "Giá trị sản xuất tăng trên 12%/năm, xuất khẩu tăng khoảng 10%.",
    "yearly": "Doanh thu hàng năm tăng khoảng 8%.",
    "jobs": "Tạo việc làm cho khoảng trên 300.000 người.",
    "range": "Doanh thu tăng từ 15-25%.",
    "dash": "Lợi nhuận tăng 5–9%.",
    "years": "Sau 5 năm thực hiện.",
    "capital": "Số vốn dưới 1 tỷ, có nơi trên 2 tỷ đồng.",
    "loan": "Mỗi hộ vay 2,5 triệu đồng.",
    "roughly": "Có xấp xỉ 500 cơ sở.",
    "or_more": "Có 200 cơ sở trở lên.",
    "longer": "Có 122.000 người và 16,2% hộ.",
    "twice": "Có 16 lớp và 16 người.",
    "year_of": "Tỷ lệ đạt 20% năm 2012.",
}
# The line of each field of the fact in the file that facts_text writes.
LINE = {"value": 16, "unit": 17, "qualifier": 18, "words": 19, "unit_in_source": 20}


def facts_text(
    sentence: str,
    value,
    words: str,
    unit: str = "count",
    qualifier: str = "exact",
    unit_in_source: str | None = None,
    file: str = "sources/doc.txt",
    document: str = "doc",
) -> str:
    extra = f"    unit_in_source: {unit_in_source}\n" if unit_in_source is not None else ""
    return f"""\
documents:
  {document}:
    title: "Tài liệu"
    title_en: "Document"
    author: "Sở"
    author_en: "Department"
    kind: "Báo cáo"
    kind_en: "Report"
    file: {file}
    page: null
    file_page: null
    note: "Ghi chú"
    note_en: "Note"
facts:
  test.figure:
    value: {value}
    unit: {unit}
    qualifier: {qualifier}
    words: "{words}"
{extra}    period: undated
    label:
      vi: "Nhãn"
      en: "Label"
    source:
      document: {document}
      page: null
      sentence: "{sentence}"
      sentence_en: "The sentence."
"""


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    (root / "sources").mkdir(parents=True)
    (root / "sources/doc.txt").write_text(DOCUMENT, encoding="utf-8")
    return root


def problems(project: Path, text: str) -> list[str]:
    """Every problem of the facts file: the loader's, or else the evidence check's."""
    path = project / "facts.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        facts = load_facts(path, "data/facts.yaml")
    except ContentError as error:
        return [str(p) for p in error.problems]
    return [str(p) for p in check_evidence(facts, project)]


def one_problem(project: Path, text: str, field: str) -> str:
    found = problems(project, text)
    assert len(found) == 1, found
    assert found[0].startswith(f"data/facts.yaml:{LINE[field]}:5: test.figure: "), found[0]
    return found[0]


GOOD = {
    "count": (SENTENCE["villages"], 308, "308", "count", "exact", None),
    "with a qualifier": (SENTENCE["workers"], 22000, "gần 22.000", "count", "nearly", None),
    "about_over": (SENTENCE["jobs"], 300000, "khoảng trên 300.000", "count", "about_over", None),
    "percent per year": (SENTENCE["growth"], 12, "trên 12%/năm", "percent_per_year", "over", None),
    "percent": (SENTENCE["growth"], 10, "khoảng 10%", "percent", "about", None),
    "per year before": (SENTENCE["yearly"], 8, "hàng năm tăng khoảng 8%", "percent_per_year", "about", None),
    "range": (SENTENCE["range"], [15, 25], "15-25%", "percent", "exact", None),
    "range with en dash": (SENTENCE["dash"], [5, 9], "5–9%", "percent", "exact", None),
    "years": (SENTENCE["years"], 5, "5 năm", "years", "exact", None),
    "scale word and currency": (SENTENCE["capital"], 2000000000, "trên 2 tỷ đồng", "vnd", "over", None),
    "scale word, no currency": (SENTENCE["capital"], 1000000000, "dưới 1 tỷ", "vnd", "under", "false"),
    "decimal and scale word": (SENTENCE["loan"], 2500000, "2,5 triệu đồng", "vnd", "exact", None),
    "decimal percent": (SENTENCE["longer"], 16.2, "16,2%", "percent", "exact", None),
    "a year after a percent": (SENTENCE["year_of"], 20, "20%", "percent", "exact", None),
    "words longer than the figure": (SENTENCE["twice"], 16, "16 lớp", "count", "exact", None),
}


@pytest.mark.parametrize("case", sorted(GOOD))
def test_a_fact_whose_words_agree_passes(project, case):
    sentence, value, words, unit, qualifier, unit_in_source = GOOD[case]
    assert problems(project, facts_text(sentence, value, words, unit, qualifier, unit_in_source)) == []


def test_words_not_in_the_sentence(project):
    problem = one_problem(project, facts_text(SENTENCE["workers"], 22000, "gần 23.000", qualifier="nearly"), "words")
    assert "words 'gần 23.000' are not in the source sentence" in problem


@pytest.mark.parametrize(
    ("words", "value", "unit", "inside"),
    [("22.000", 22000, "count", "the number '122.000'"), ("16", 16, "count", "the number '16,2'")],
)
def test_words_inside_a_longer_number(project, words, value, unit, inside):
    problem = one_problem(project, facts_text(SENTENCE["longer"], value, words, unit), "words")
    assert f"words '{words}' stand only inside {inside} of the sentence" in problem


def test_words_inside_a_longer_word(project):
    problem = one_problem(project, facts_text(SENTENCE["villages"], 308, "308 làng ngh"), "words")
    assert "stand only inside the word 'nghề'" in problem


def test_words_that_stand_twice(project):
    problem = one_problem(project, facts_text(SENTENCE["twice"], 16, "16"), "words")
    assert "words '16' stand 2 times in the source sentence" in problem


def test_words_that_hold_two_numbers(project):
    words = "625 lớp cho gần 22.000"
    problem = one_problem(project, facts_text(SENTENCE["workers"], 22000, words, qualifier="nearly"), "words")
    assert "hold 2 numbers (625, 22.000)" in problem


def test_value_equal_to_another_number_of_the_sentence(project):
    problem = one_problem(project, facts_text(SENTENCE["villages"], 1350, "308"), "value")
    assert "test.figure: value 1350 disagrees with its words '308', which state 308" in problem
    assert "1350 is another number of the sentence" in problem


@pytest.mark.parametrize(
    ("sentence", "value", "words", "qualifier", "expected"),
    [
        (SENTENCE["workers"], 22000, "gần 22.000", "over", "qualifier is over, but the sentence writes 'gần'"),
        (SENTENCE["workers"], 22000, "gần 22.000", "exact", "qualifier is exact, but the sentence writes 'gần'"),
        (SENTENCE["villages"], 308, "308", "nearly", "qualifier is nearly, but the sentence writes no qualifier"),
        (SENTENCE["jobs"], 300000, "khoảng trên 300.000", "over", "the sentence writes 'khoảng trên'"),
    ],
)
def test_qualifier_that_the_sentence_does_not_write(project, sentence, value, words, qualifier, expected):
    problem = one_problem(project, facts_text(sentence, value, words, qualifier=qualifier), "qualifier")
    assert expected in problem


def test_khoang_tren_written_as_tren(project):
    problem = one_problem(
        project, facts_text(SENTENCE["jobs"], 300000, "trên 300.000", qualifier="about_over"), "words"
    )
    assert "words 'trên 300.000' leave out 'khoảng' that the sentence writes before the number" in problem
    assert 'Fix: write words: "khoảng trên 300.000"' in problem
    # Written as trên with qualifier over, both the words and the qualifier are at fault.
    found = problems(project, facts_text(SENTENCE["jobs"], 300000, "trên 300.000", qualifier="over"))
    assert len(found) == 2, found
    assert any("leave out 'khoảng'" in p for p in found)
    assert any("qualifier is over, but the sentence writes 'khoảng trên'" in p for p in found)


@pytest.mark.parametrize(
    ("sentence", "value", "words", "phrase"),
    [
        (SENTENCE["roughly"], 500, "xấp xỉ 500", "xấp xỉ"),
        (SENTENCE["roughly"], 500, "500", "xấp xỉ"),
        (SENTENCE["or_more"], 200, "200", "trở lên"),
    ],
)
def test_a_qualifying_word_the_site_has_no_qualifier_for(project, sentence, value, words, phrase):
    problem = one_problem(project, facts_text(sentence, value, words, qualifier="exact"), "words")
    assert f"the sentence writes '{phrase}'" in problem and f"the site has no qualifier for '{phrase}'" in problem


def test_percent_where_the_sentence_writes_per_year(project):
    text = facts_text(SENTENCE["growth"], 12, "trên 12%/năm", unit="percent", qualifier="over")
    problem = one_problem(project, text, "unit")
    assert "unit is percent, but the sentence writes '/năm' with the number of the words 'trên 12%/năm'" in problem
    assert problem.endswith("Fix: write unit: percent_per_year")
    # Words that stop before the /năm do not hide it: the sentence is read, not the words alone.
    found = problems(project, facts_text(SENTENCE["growth"], 12, "trên 12%", unit="percent", qualifier="over"))
    assert len(found) == 2, found
    assert "words 'trên 12%' stop before '/năm' that the sentence writes after the number" in found[0]
    assert "unit is percent, but the sentence writes '/năm'" in found[1]


def test_percent_per_year_where_the_sentence_writes_no_year(project):
    text = facts_text(SENTENCE["growth"], 10, "khoảng 10%", unit="percent_per_year", qualifier="about")
    problem = one_problem(project, text, "unit")
    assert "unit is percent_per_year, but the sentence writes no per-year marker" in problem
    text = facts_text(SENTENCE["yearly"], 8, "hàng năm tăng khoảng 8%", unit="percent", qualifier="about")
    assert "writes 'hàng năm' with the number of the words 'hàng năm tăng khoảng 8%'" in one_problem(
        project, text, "unit"
    )


def test_years(project):
    problem = one_problem(project, facts_text(SENTENCE["years"], 5, "5 năm", unit="count"), "unit")
    assert "unit is count, but the sentence writes 'năm' with the number of the words '5 năm'" in problem
    assert problem.endswith("Fix: write unit: years")
    problem = one_problem(project, facts_text(SENTENCE["villages"], 308, "308", unit="years"), "unit")
    assert "unit is years, but the sentence writes no 'năm' after the number of the words '308'" in problem


def test_vnd_without_dong_needs_unit_in_source_false(project):
    text = facts_text(SENTENCE["capital"], 1000000000, "dưới 1 tỷ", unit="vnd", qualifier="under")
    problem = one_problem(project, text, "unit")
    assert "unit is vnd, but the sentence writes no 'đồng' after the number of the words 'dưới 1 tỷ'" in problem
    assert "unit_in_source: false" in problem
    text = facts_text(SENTENCE["capital"], 1000000000, "dưới 1 tỷ", "vnd", "under", unit_in_source="true")
    assert "writes no 'đồng'" in one_problem(project, text, "unit")


def test_unit_in_source_false_where_the_words_write_the_unit(project):
    text = facts_text(SENTENCE["capital"], 2000000000, "trên 2 tỷ đồng", "vnd", "over", unit_in_source="false")
    problem = one_problem(project, text, "unit_in_source")
    assert "unit_in_source is false, but the words 'trên 2 tỷ đồng' write the unit: 'đồng'" in problem
    text = facts_text(SENTENCE["villages"], 308, "308", unit_in_source="false")
    assert "count has no unit" in one_problem(project, text, "unit_in_source")


@pytest.mark.parametrize(
    ("value", "words", "field", "expected"),
    [
        ("[15, 20]", "15-25%", "value", "value [15, 20] disagrees with its words '15-25%', which state [15, 25]"),
        ("25", "15-25%", "value", "value 25 is one number, but its words '15-25%' state 15-25"),
        ("[15, 25]", "25%", "words", "words '25%' stand only inside the number '15-25'"),
    ],
)
def test_a_range(project, value, words, field, expected):
    assert expected in one_problem(project, facts_text(SENTENCE["range"], value, words, unit="percent"), field)


@pytest.mark.parametrize(
    ("value", "words", "expected"),
    [
        (1, "dưới 1 tỷ", "value 1 disagrees with its words 'dưới 1 tỷ', which state 1000000000"),
        (1000000, "dưới 1 tỷ", "which state 1000000000"),
    ],
)
def test_a_scale_word(project, value, words, expected):
    text = facts_text(SENTENCE["capital"], value, words, "vnd", "under", unit_in_source="false")
    assert expected in one_problem(project, text, "value")


@pytest.mark.parametrize(
    "file", ["../x.txt", "/etc/passwd", "sources/../x.txt", "sources/sub/doc.txt", "'sources\\doc.txt'", "sources/.."]
)
def test_a_document_file_outside_sources(project, file):
    (project.parent / "x.txt").write_text(DOCUMENT, encoding="utf-8")
    found = problems(project, facts_text(SENTENCE["villages"], 308, "308", file=file))
    assert len(found) == 1, found
    assert found[0].startswith("data/facts.yaml:9:5: document doc: file "), found[0]
    assert "is not a file of sources/" in found[0]


def test_a_symlinked_source_file_is_not_read(project):
    outside = project.parent / "outside.txt"
    outside.write_text(DOCUMENT, encoding="utf-8")
    (project / "sources/doc.txt").unlink()
    os.symlink(outside, project / "sources/doc.txt")
    found = problems(project, facts_text(SENTENCE["villages"], 308, "308"))
    assert found == [
        "data/facts.yaml:9:5: document doc: file sources/doc.txt is a symbolic link, not read. "
        "Fix: keep a plain copy of the source document in sources/ (not a link)"
    ]


def test_a_source_that_is_no_regular_file_is_not_read(project):
    (project / "sources/doc.txt").unlink()
    (project / "sources/doc.txt").mkdir()
    found = problems(project, facts_text(SENTENCE["villages"], 308, "308"))
    assert len(found) == 1 and "file sources/doc.txt is not a regular file, not read" in found[0], found


@pytest.mark.parametrize("key", ["Doc", "doc-1", "1doc", '"doc\\n"'])
def test_a_bad_document_key(project, key):
    found = problems(project, facts_text(SENTENCE["villages"], 308, "308", document=key))
    assert len(found) == 1, found
    assert found[0].startswith("data/facts.yaml:2:3: document key ") and "is not a safe name" in found[0]


def test_an_edited_source_document_is_read_again(project):
    text = facts_text(SENTENCE["villages"], 308, "308")
    assert problems(project, text) == []
    (project / "sources/doc.txt").write_text(DOCUMENT.replace("308", "380"), encoding="utf-8")
    found = problems(project, text)
    assert len(found) == 1 and "source sentence is not in sources/doc.txt word for word" in found[0], found


def real_facts():
    return load_facts(ROOT / "data/facts.yaml", "data/facts.yaml")


def test_every_real_fact_is_pinned():
    facts = real_facts()
    assert len(facts) == 23
    assert all(fact.words for fact in facts)
    assert check_evidence(facts, ROOT) == []


def test_no_real_fact_passes_with_another_number_qualifier_or_unit_of_its_sentence():
    facts = real_facts()

    def check(fact):
        return [p.message for p in check_evidence(dataclasses.replace(facts, facts={fact.key: fact}), ROOT)]

    for fact in facts:
        reading, _ = evidence.read_words(fact.source.sentence, fact.words)
        for other in sorted(set(reading.others) - set(reading.numbers)):
            changed = dataclasses.replace(fact, value=int(other) if other == int(other) else float(other))
            assert any(m.startswith(f"{fact.key}: value ") for m in check(changed)), (fact.key, other)
        for qualifier in QUALIFIERS:
            if qualifier != fact.qualifier:
                changed = dataclasses.replace(fact, qualifier=qualifier)
                assert any(m.startswith(f"{fact.key}: qualifier ") for m in check(changed)), (fact.key, qualifier)
        for unit in UNITS:
            # Where the source writes no unit (dưới 1 tỷ), nothing in it tells a sum from a count.
            if unit != fact.unit and (fact.unit_in_source or unit != "count"):
                changed = dataclasses.replace(fact, unit=unit, unit_in_source=True)
                assert any(m.startswith(f"{fact.key}: unit ") for m in check(changed)), (fact.key, unit)
