"""Charts drawn from the facts at build time: static SVG, localized, accessible, with a table."""

import re
from html import unescape
from pathlib import Path

import pytest

from khuyencong.charts import LEGEND, WIDTHS, load_charts
from khuyencong.facts import load_facts
from khuyencong.formatting import format_fact, format_period
from khuyencong.messages import translations
from khuyencong.problems import ContentError
from khuyencong.provenance import document_title

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
    """Each chart shown in a language: its figure's HTML, and the SVG file its first image points at."""
    return {name: (body, files[0][1]) for name, (body, files) in drawings_of(real_site, language).items()}


def drawings_of(real_site, language) -> dict:
    """Each chart shown in a language: its figure's HTML, and every SVG file its pictures name, as
    (the <img> or <source> tag, the file's text), in the order of the page."""
    found = {}
    for page in PAGES:
        page_folder = real_site.site / ("en/" if language == "en" else "") / page
        for name, body in FIGURE.findall(real_site.html(page, language)):
            files = [
                (tag, (page_folder / unescape(src)).resolve().read_text(encoding="utf-8"))
                for tag, src in re.findall(r'(<(?:img|source) [^>]*\b(?:src|srcset)="([^"]+)"[^>]*>)', body)
            ]
            found[name] = (body, files)
    return found


def svg_text(svg: str) -> str:
    """The words an SVG draws, as a reader sees them, a text element's lines joined by spaces."""
    drawn = re.sub(r"<(title|desc)\b.*?</\1>", "", svg, flags=re.DOTALL)
    texts = re.findall(r"<text\b[^>]*>(.*?)</text>", drawn, flags=re.DOTALL)
    return "\n".join(unescape(" ".join(re.sub(r"<[^>]+>", " ", t).split())) for t in texts)


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


@pytest.mark.parametrize(
    "language,grouped,percent", [("vi", "1.350", "trên 12%/năm"), ("en", "1,350", "over 12% per year")]
)
def test_numbers_follow_the_page_language(real_site, language, grouped, percent):
    charts = charts_of(real_site, language)
    drawn = svg_text(charts["craft_villages"][1]).splitlines()
    assert grouped in drawn
    assert percent in svg_text(charts["growth_2008_2012"][1]).splitlines()
    other = {"vi": "1,350", "en": "1.350"}[language]
    assert other not in drawn


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_qualified_value_is_drawn_with_its_qualifier_and_a_legend(real_site, facts, charts, language):
    """A figure the source qualifies (trên 12%, khoảng 10%) is drawn as the site writes it, on each
    drawing of its chart, as a light dashed bar; a chart with one says so in a one-line legend."""
    legend = translations(language).gettext(LEGEND)
    qualified_charts = 0
    for name, (_, files) in drawings_of(real_site, language).items():
        keys = [bar.key for bar in charts[name].bars]
        qualified = [key for key in keys if facts[key].qualifier != "exact"]
        assert len(files) == 4
        for _, svg in files:
            drawn = svg_text(svg)
            for key in keys:
                assert format_fact(facts[key], language) in drawn.splitlines(), (name, key)
            bars = re.findall(r'<path aria-hidden="true" d="M0,[^"]*"[^>]*>', svg)
            dashed = [bar for bar in bars if "stroke-dasharray" in bar]
            # Every qualified figure's bar, and only those, is dashed (the legend's swatch is not a bar).
            assert len(dashed) == len(qualified) and len(bars) == len(keys), name
            assert (" ".join(legend.split()) in " ".join(drawn.split())) == bool(qualified), name
        qualified_charts += bool(qualified)
    assert qualified_charts >= 2


def test_no_chart_puts_instances_and_establishments_on_one_axis(charts, facts):
    """ "lượt" (instances of support) is not a count of establishments: no chart mixes the two."""
    assert "establishments_2012_2022" not in charts
    for chart in charts.values():
        texts = [bar.label["vi"] + " " + facts[bar.key].label["vi"] for bar in chart.bars]
        marked = ["lượt" in text for text in texts]
        assert all(marked) or not any(marked), chart.name


@pytest.mark.parametrize("language", ["vi", "en"])
def test_each_picture_has_a_desktop_and_a_phone_drawing_of_its_real_size(real_site, language):
    for name, (body, files) in drawings_of(real_site, language).items():
        pictures = re.findall(r"<picture\b[^>]*>.*?</picture>", body, flags=re.DOTALL)
        assert len(pictures) == 2, name
        for picture in pictures:
            assert re.search(r'<source [^>]*media="\(max-width: \d+px\)"', picture), name
        for tag, svg in files:
            opening = re.search(r"<svg\b[^>]*>", svg).group(0)
            size = re.search(r'width="(\d+)" height="(\d+)"', opening).groups()
            assert (re.search(r'\bwidth="(\d+)"', tag).group(1), re.search(r'\bheight="(\d+)"', tag).group(1)) == size
            assert re.search(r'font-size="16px"', svg) and not re.search(r'font-size="(?!16px)', svg)
        widths = sorted({int(re.search(r'\bwidth="(\d+)"', tag).group(1)) for tag, _ in files})
        assert widths == sorted(WIDTHS.values()), name
        assert re.search(r'<img [^>]*loading="lazy"', body)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_source_and_period_stand_under_each_chart(real_site, facts, charts, language):
    for name, (body, _) in drawings_of(real_site, language).items():
        line = unescape(re.search(r'<p class="chart-source">([^<]+)</p>', body).group(1))
        for bar in charts[name].bars:
            fact = facts[bar.key]
            assert document_title(fact.source.document, language) in line
            assert format_period(fact.period, language) in line
        assert body.index("</picture>") < body.index('class="chart-source"') < body.index("<details>")
        question = re.search(r"<figcaption>(.*?)</figcaption>", body, flags=re.DOTALL).group(1)
        assert unescape(re.sub(r"<[^>]+>", "", question)).endswith(charts[name].question[language])


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
    text = text.replace("- fact: rural_industry.seasonal_jobs", "- fact: rural_industry.seasonal_job").replace(
        "- fact: management_capacity.training_courses", "- fact: results_2008_2012.export_growth"
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_charts(path, "data/charts.yaml", facts)
    lines = [str(p) for p in raised.value.problems]
    mixed = _line(text, "classes_2012_2022:", "bars:")
    unknown = _line(text, "jobs:", "- fact: rural_industry.seasonal_job")
    assert len(lines) == 2
    assert lines[0].startswith(f"data/charts.yaml:{mixed}:3: chart classes_2012_2022: its bars mix units")
    assert lines[1].startswith(
        f"data/charts.yaml:{unknown}:7: chart jobs: unknown fact 'rural_industry.seasonal_job'. "
        "Fix: did you mean 'rural_industry.seasonal_jobs'"
    )


def _line(text: str, after: str, line: str) -> int:
    """The number of the first line reading `line` after the line reading `after`."""
    lines = [one.strip() for one in text.splitlines()]
    return lines.index(line, lines.index(after)) + 1
