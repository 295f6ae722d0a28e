"""Formatting of every unit and qualifier, in both languages, as a reader sees it."""

import pytest

from khuyencong.facts import QUALIFIERS, UNITS, Fact
from khuyencong.formatting import format_fact, format_period


def make_fact(value, unit="count", qualifier="exact", unit_in_source=True):
    return Fact(
        key="test.fact",
        value=value,
        unit=unit,
        qualifier=qualifier,
        period="undated",
        label={"vi": "", "en": ""},
        source=None,
        line=1,
        unit_in_source=unit_in_source,
    )


CASES = [
    # value, unit, qualifier, vi, en
    (1350, "count", "exact", "1.350", "1,350"),
    (308, "count", "exact", "308", "308"),
    (22000, "count", "nearly", "gần 22.000", "nearly 22,000"),
    (40000, "count", "over", "trên 40.000", "over 40,000"),
    (37000, "count", "more_than", "hơn 37.000", "more than 37,000"),
    (300000, "count", "about_over", "khoảng trên 300.000", "about 300,000 or more"),
    (16.2, "percent", "exact", "16,2%", "16.2%"),
    (80, "percent", "about", "khoảng 80%", "about 80%"),
    ((15, 25), "percent", "exact", "15–25%", "15–25%"),
    (12, "percent_per_year", "over", "trên 12%/năm", "over 12% per year"),
    (1_000_000_000, "vnd", "under", "dưới 1 tỷ đồng", "under VND 1 billion"),
    (5, "years", "exact", "5 năm", "5 years"),
    ((100, 200), "count", "about", "khoảng 100–200", "about 100–200"),
    (1234567.5, "count", "exact", "1.234.567,5", "1,234,567.5"),
]


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("value,unit,qualifier,vi,en", CASES)
def test_format_fact(language, value, unit, qualifier, vi, en):
    expected = {"vi": vi, "en": en}[language]
    assert format_fact(make_fact(value, unit, qualifier), language) == expected


@pytest.mark.parametrize(
    "value,unit,vi,en",
    [
        (1_000_000_000, "vnd", "dưới 1 tỷ [đồng]", "under [VND] 1 billion"),
        (5, "years", "dưới 5 [năm]", "under 5 [years]"),
    ],
)
def test_a_unit_the_source_does_not_write_is_shown_as_the_sites_reading(value, unit, vi, en):
    fact = make_fact(value, unit, "under", unit_in_source=False)
    assert (format_fact(fact, "vi"), format_fact(fact, "en")) == (vi, en)


def test_cases_cover_every_unit_and_qualifier():
    assert {c[1] for c in CASES} == set(UNITS)
    assert {c[2] for c in CASES} == set(QUALIFIERS)


@pytest.mark.parametrize("language,expected", [("vi", "2008–2012"), ("en", "2008–2012")])
def test_format_period_span(language, expected):
    assert format_period("2008-2012", language) == expected


@pytest.mark.parametrize("language,expected", [("vi", "không ghi thời điểm"), ("en", "no date given")])
def test_format_period_undated_says_so(language, expected):
    assert expected in format_period("undated", language)
