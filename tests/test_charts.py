"""Charts drawn from the facts at build time: static SVG, localized, accessible, with a table."""

import re
from html import unescape
from pathlib import Path

import pytest

from khuyencong.charts import load_charts
from khuyencong.facts import load_facts
from khuyencong.formatting import format_fact
from khuyencong.problems import ContentError

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["", "rural-industry", "results-2008-2012", "results-2012-2022", "glossary", "sources", "data"]
FIGURE = re.compile(r'<figure class="chart" id="chart-([a-z0-9_]+)">(.*?)</figure>', re.DOTALL)


@pytest.fixture(scope="module")
def facts():
    return load_facts(ROOT / "data/facts.yaml", "data/facts.yaml")


@pytest.fixture(scope="module")
def charts(facts):
    return load_charts(ROOT / "data/charts.yaml", "data/charts.yaml", facts)


def charts_of(real_site, language) -> dict:
    """Each chart shown in a language: its figure's HTML, and the SVG file its image points at."""
    found = {}
    for page in PAGES:
        page_folder = real_site.site / ("en/" if language == "en" else "") / page
        for name, body in FIGURE.findall(real_site.html(page, language)):
            src = re.search(r'<img [^>]*\bsrc="([^"]+)"', body).group(1)
            svg_file = (page_folder / src).resolve()
            found[name] = (body, svg_file.read_text(encoding="utf-8"))
    return found


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_chart_is_on_a_page_in_both_languages(real_site, charts, language):
    assert sorted(charts_of(real_site, language)) == sorted(charts)
    assert len(charts) >= 3


@pytest.mark.parametrize("language", ["vi", "en"])
def test_each_chart_has_an_accessible_name_description_and_table(real_site, facts, charts, language):
    for name, (body, svg) in charts_of(real_site, language).items():
        opening = re.search(r"<svg\b[^>]*>", svg).group(0)
        assert 'role="img"' in opening and f'aria-labelledby="chart-{name}-title chart-{name}-desc"' in opening
        title = re.search(rf'<title id="chart-{name}-title">([^<]+)</title>', svg).group(1)
        desc = unescape(re.search(rf'<desc id="chart-{name}-desc">([^<]+)</desc>', svg).group(1))
        assert unescape(title) == charts[name].title[language]
        image = re.search(r"<img [^>]*>", body).group(0)
        alt = unescape(re.search(r'alt="([^"]+)"', image).group(1))
        assert 'loading="lazy"' in image and re.search(r'height="\d+"', image) and re.search(r'width="\d+"', image)
        cells = [unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td>(.*?)</td>", body)]
        # Every value of the table links to its source sentence on its document's page.
        linked = re.findall(r'<td><a class="fact" href="\.\./documents/[a-z0-9-]+/#s-[0-9a-f]{10}">', body)
        assert len(linked) == len(charts[name].bars)
        for key in [bar.key for bar in charts[name].bars]:
            shown = format_fact(facts[key], language)
            assert shown in desc and shown in alt and shown in cells


@pytest.mark.parametrize("language,grouped,decimal_percent", [("vi", "1.000", "20%"), ("en", "1,000", "20%")])
def test_axis_numbers_follow_the_page_language(real_site, language, grouped, decimal_percent):
    charts = charts_of(real_site, language)
    ticks = re.findall(r"<text[^>]*>([^<]+)</text>", charts["craft_villages"][1])
    assert grouped in ticks
    assert decimal_percent in re.findall(r"<text[^>]*>([^<]+)</text>", charts["growth_2008_2012"][1])
    other = {"vi": "1,000", "en": "1.000"}[language]
    assert other not in ticks


@pytest.mark.parametrize("language", ["vi", "en"])
def test_charts_are_static_and_request_nothing(real_site, language):
    for body, svg in charts_of(real_site, language).values():
        for text in (body, svg):
            assert "<script" not in text
            assert not re.search(r'(?:href|src)="(?:https?:)?//', text)
        assert "<image" not in svg


def test_a_chart_of_an_unknown_fact_or_mixed_units_is_one_clear_line(tmp_path, facts):
    path = tmp_path / "charts.yaml"
    text = (ROOT / "data/charts.yaml").read_text(encoding="utf-8")
    path.write_text(
        text.replace("- fact: rural_industry.seasonal_jobs", "- fact: rural_industry.seasonal_job").replace(
            "- fact: cleaner_production.establishments_assessed", "- fact: results_2008_2012.export_growth"
        ),
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as raised:
        load_charts(path, "data/charts.yaml", facts)
    lines = [str(p) for p in raised.value.problems]
    assert len(lines) == 2
    assert lines[0].startswith("data/charts.yaml:56:3: chart establishments_2012_2022: its bars mix units")
    assert lines[1].startswith(
        "data/charts.yaml:72:7: chart jobs: unknown fact 'rural_industry.seasonal_job'. "
        "Fix: did you mean 'rural_industry.seasonal_jobs'"
    )
