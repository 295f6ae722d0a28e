"""Every number in a page's prose is found; only the declared kinds of non-figure pass."""

import pytest

from khuyencong.page_numbers import NON_FIGURES, numbers_in


def found(text: str) -> list[tuple[str, list]]:
    return [(n.text, sorted(n.values)) for n in numbers_in(text)]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Có khoảng 1.305 làng chưa được công nhận", [("1.305", [1.305, 1305.0])]),
        ("gần 22 nghìn lao động", [("22 nghìn", [22000.0])]),
        ("nearly 22 thousand workers", [("22 thousand", [22000.0])]),
        ("1,5 triệu đồng", [("1,5 triệu", [1500000.0, 15000000.0])]),
        ("Có-1305 làng", [("1305", [1305.0])]),
        ("H2O", [("2", [2.0])]),
        ("2012 làng", [("2012", [2012.0])]),
        ("giai đoạn 2012–2008", [("2012", [2012.0]), ("2008", [2008.0])]),
        ("`1.305` làng", [("1.305", [1.305, 1305.0])]),
        ('<abbr title="1.305 làng">x</abbr>', [("1.305", [1.305, 1305.0])]),
        ('[x](y.md "1.305 làng")', [("1.305", [1.305, 1305.0])]),
        ("{ title='1.305' }", [("1.305", [1.305, 1305.0])]),
        ("UTF-16", [("16", [16.0])]),
    ],
)
def test_numbers_a_reader_sees_are_found(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "kind,text",
    [
        ("span of years", "giai đoạn 2008–2012 và 2012-2022"),
        ("year", "năm 2012, in 2012, since 1999"),
        ("document number", "Quyết định số 136/2007/QĐ-TTg"),
        ("technical name", "UTF-8"),
        ("page of a document", "Trang in số 87, là trang 88; printed page 87, p. 88"),
    ],
)
def test_each_declared_kind_of_non_figure_passes(kind, text):
    assert NON_FIGURES[kind].search(text)
    assert found(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "[a](results-2008-2012.md#x-1)",
        "## Tiêu đề { #results-2012-2022 }",
        "1. Mục A\n2. Mục B",
        "`sources/000_2f563fb979bd8fe5.txt`",
        '<img src="a1.png" width="300">',
    ],
)
def test_markup_a_reader_does_not_see_holds_no_figure(text):
    assert found(text) == []


@pytest.mark.parametrize(
    "text,value",
    [
        ("hai mươi hai nghìn lao động", 22000.0),
        ("twenty-two thousand workers", 22000.0),
        ("sau năm năm thực hiện", 5.0),
        ("mười lăm lớp", 15.0),
        ("Ten years", 10.0),
        ("một trăm lớp", 100.0),
    ],
)
def test_figures_in_words_are_read(text, value):
    words = [n for n in numbers_in(text) if n.in_words]
    assert [sorted(n.values) for n in words] == [[value]]


@pytest.mark.parametrize("text", ["một số lao động", "không được", "năm 2012", "one of them", "tư nhân"])
def test_everyday_words_alone_are_not_figures(text):
    assert [n for n in numbers_in(text) if n.in_words] == []


def _data_problems(tmp_path, facts_yaml: str, charts_yaml: str) -> list[str]:
    from small_project import make_small_project

    from khuyencong.project import load_project

    project = make_small_project(tmp_path / "project", facts_yaml=facts_yaml, charts_yaml=charts_yaml)
    return [str(p) for p in load_project(project).problems]


def test_labels_notes_and_chart_texts_hold_no_number_of_their_own(tmp_path):
    from small_project import DEFAULT_CHARTS_YAML, DEFAULT_FACTS_YAML

    facts = DEFAULT_FACTS_YAML.replace('en: "Craft villages"', 'en: "Craft villages, 1,305 unrecognised"')
    facts = facts.replace('note: "Bản sao để thử."', 'note: "Bản sao để thử, trang 12, có 22 nghìn lao động."')
    charts = DEFAULT_CHARTS_YAML.replace('vi: "Làng nghề và việc làm"', 'vi: "Làng nghề và 300 việc làm"')
    assert [p.split(" Fix:")[0] for p in _data_problems(tmp_path / "facts", facts, DEFAULT_CHARTS_YAML)] == [
        "data/facts.yaml:12:5: document report: number '22 nghìn' in 'note' comes from no fact.",
        "data/facts.yaml:24:7: villages.total: label: number '1,305' in 'en' comes from no fact.",
    ]
    problems = _data_problems(tmp_path / "charts", DEFAULT_FACTS_YAML, charts)
    assert [p.split(" Fix:")[0] for p in problems if p.startswith("data/")] == [
        "data/charts.yaml:3:5: chart villages_and_jobs: title: number '300' in 'vi' comes from no fact.",
    ]
