"""Charts drawn at build time from the facts, as static SVG, with Vega-Lite through vl-convert.

No chart JavaScript reaches the reader and no request leaves the site. Each chart answers one
question, carries an accessible name and description, and has a data table beside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html import escape

import vl_convert

from .facts import Facts
from .formatting import format_fact

# d3-format locales: Vietnamese groups with "." and writes decimals with ",".
NUMBER_LOCALES = {
    "vi": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", "\u00a0₫"], "percent": "%"},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["$", ""], "percent": "%"},
}
WORDS = {
    "vi": {"table": "Bảng số liệu của biểu đồ", "item": "Chỉ tiêu", "value": "Giá trị", "chart": "Biểu đồ"},
    "en": {"table": "The chart's data as a table", "item": "Item", "value": "Value", "chart": "Chart"},
}
BAR_COLOUR = "#3949ab"


@dataclass(frozen=True)
class Bar:
    key: str
    vi: str
    en: str


@dataclass(frozen=True)
class Chart:
    name: str
    title: dict
    question: dict
    bars: tuple


CHARTS = {
    chart.name: chart
    for chart in (
        Chart(
            "craft_villages",
            {"vi": "Làng nghề, làng có nghề và làng nghề truyền thống", "en": "Craft villages and traditional craft villages"},
            {"vi": "Bao nhiêu làng nghề và làng có nghề của Hà Nội được công nhận là làng nghề truyền thống?",
             "en": "How many of Hanoi's craft villages and villages with crafts are recognised as traditional?"},
            (Bar("craft_villages.total", "Làng nghề và\nlàng có nghề", "Craft villages and\nvillages with crafts"),
             Bar("craft_villages.recognised_traditional", "Được công nhận là\nlàng nghề truyền thống",
                 "Recognised as traditional\ncraft villages")),
        ),
        Chart(
            "growth_2008_2012",
            {"vi": "Mức tăng hằng năm, 2008–2012", "en": "Annual growth, 2008–2012"},
            {"vi": "Giai đoạn 2008–2012, sản xuất công nghiệp và xuất khẩu của Hà Nội tăng bao nhiêu mỗi năm?",
             "en": "By how much did Hanoi's industrial output and exports grow each year in 2008–2012?"},
            (Bar("results_2008_2012.industrial_output_growth", "Giá trị sản xuất\ncông nghiệp", "Industrial\nproduction value"),
             Bar("results_2008_2012.export_growth", "Kim ngạch\nxuất khẩu", "Export\nturnover"),
             Bar("results_2008_2012.handicraft_export_growth", "Xuất khẩu\nthủ công mỹ nghệ", "Handicraft\nexports")),
        ),
        Chart(
            "classes_2012_2022",
            {"vi": "Các lớp đã tổ chức, 2012–2022", "en": "Classes and courses held, 2012–2022"},
            {"vi": "Giai đoạn 2012–2022, mỗi chương trình đã tổ chức bao nhiêu lớp?",
             "en": "How many classes did each programme hold in 2012–2022?"},
            (Bar("vocational_training.skill_transfer_classes", "Truyền nghề,\nnâng cao tay nghề", "Skill transfer\nand upskilling"),
             Bar("management_capacity.training_courses", "Tập huấn\nquản lý", "Management\ntraining"),
             Bar("vocational_training.mountain_province_classes", "Tại các tỉnh\nmiền núi phía Bắc",
                 "In the northern\nmountain provinces")),
        ),
        Chart(
            "establishments_2012_2022",
            {"vi": "Cơ sở được hỗ trợ, 2012–2022", "en": "Establishments supported, 2012–2022"},
            {"vi": "Giai đoạn 2012–2022, bao nhiêu cơ sở được hỗ trợ máy móc, mô hình trình diễn và sản xuất sạch hơn?",
             "en": "How many establishments got support with machinery, demonstration models and cleaner production in 2012–2022?"},
            (Bar("demonstration_models.establishments_supported", "Mô hình trình diễn,\nmáy móc (lượt)",
                 "Demonstration models,\nmachinery (instances)"),
             Bar("cleaner_production.establishments_assessed", "Đánh giá\nsản xuất sạch hơn", "Cleaner-production\nassessments")),
        ),
        Chart(
            "jobs",
            {"vi": "Việc làm thường xuyên và thời vụ trong CNNT", "en": "Regular and seasonal jobs in rural industry"},
            {"vi": "Các cơ sở CNNT của Hà Nội tạo việc làm thường xuyên và thời vụ cho bao nhiêu người?",
             "en": "How many people do Hanoi's rural-industry establishments give regular and seasonal work?"},
            (Bar("rural_industry.regular_jobs", "Việc làm\nthường xuyên", "Regular\njobs"),
             Bar("rural_industry.seasonal_jobs", "Lao động\nthời vụ", "Seasonal\nworkers")),
        ),
    )
}  # fmt: skip


def chart_keys(name: str) -> list[str]:
    return [bar.key for bar in CHARTS[name].bars]


def _spec(chart: Chart, rows: tuple, language: str) -> dict:
    percent = all(unit.startswith("percent") for _, _, _, unit in rows)
    values = [
        {"label": f"{label}\n{display}", "value": number / 100 if percent else number}
        for label, number, display, _ in rows
    ]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": 170,
        "height": {"step": 56},
        "background": "white",
        "padding": 8,
        "config": {
            "font": "sans-serif",
            "view": {"stroke": None},
            "axis": {"labelFontSize": 13, "labelColor": "#1f1f1f", "tickColor": "#767676", "domainColor": "#767676",
                     "gridColor": "#dddddd"},
        },
        "data": {"values": values},
        "mark": {"type": "bar", "color": BAR_COLOUR},
        "encoding": {
            "y": {"field": "label", "type": "nominal", "sort": None,
                  "axis": {"title": None, "labelExpr": "split(datum.label, '\\n')", "labelLimit": 180,
                           "labelLineHeight": 15}},
            "x": {"field": "value", "type": "quantitative",
                  "axis": {"title": None, "format": "~%" if percent else ",d", "tickCount": 3, "labelFlush": True}},
        },
    }  # fmt: skip


@lru_cache(maxsize=64)
def _render(name: str, rows: tuple, language: str) -> str:
    """The SVG of one chart for one language; drawn again only when its facts change."""
    svg = vl_convert.vegalite_to_svg(_spec(CHARTS[name], rows, language), format_locale=NUMBER_LOCALES[language])
    return svg


def _accessible(svg: str, name: str, title: str, description: str) -> str:
    ids = f"chart-{name}-title chart-{name}-desc"
    opening = re.match(r"<svg\b[^>]*>", svg).group(0)
    labelled = opening[:-1] + f' role="img" aria-labelledby="{ids}" focusable="false">'
    extra = f'<title id="chart-{name}-title">{escape(title)}</title><desc id="chart-{name}-desc">{escape(description)}</desc>'
    body = svg[len(opening) :].replace(' role="graphics-object"', "").replace(' aria-roledescription="', ' data-role="')
    return labelled + extra + body


def render_chart(name: str, facts: Facts, language: str) -> str:
    """HTML for a chart: the SVG with its name and description, a caption and a data table."""
    chart = CHARTS[name]
    bars = [(bar, facts[bar.key]) for bar in chart.bars]
    rows = tuple(
        (getattr(bar, language), float(fact.value), format_fact(fact, language), fact.unit) for bar, fact in bars
    )
    description = (
        chart.question[language]
        + " "
        + "; ".join(f"{fact.label[language]}: {format_fact(fact, language)}" for _, fact in bars)
        + "."
    )
    svg = _accessible(_render(name, rows, language), name, chart.title[language], description)
    words = WORDS[language]
    table_rows = "".join(
        f"<tr><td>{escape(fact.label[language])}</td><td>{escape(format_fact(fact, language))}</td></tr>"
        for _, fact in bars
    )
    return (
        f'<figure class="chart" id="chart-{name}">\n{svg}\n'
        f"<figcaption>{escape(chart.title[language])}. {escape(chart.question[language])}</figcaption>\n"
        f"<details><summary>{words['table']}</summary>"
        f'<table><thead><tr><th scope="col">{words["item"]}</th><th scope="col">{words["value"]}</th></tr></thead>'
        f"<tbody>{table_rows}</tbody></table></details>\n</figure>"
    )
