"""Charts drawn at build time from the facts, as static SVG, with Vega-Lite through vl-convert.

No chart JavaScript reaches the reader and no request leaves the site. Each chart answers one
question, carries an accessible name and description, and has a data table beside it. A chart's
name is checked against facts.SAFE_NAME on load: it becomes file names and element ids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import vl_convert

from .escaping import NOT_XML, html_in_markdown, xml_safe, xml_text
from .facts import SAFE_NAME, Checker, Facts
from .formatting import format_fact
from .problems import ContentError
from .yaml_source import Mapping, load_yaml

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
SVG_OPENING = re.compile(r"<svg\b[^>]*>")


CHART_FIELDS = {"title": Mapping, "question": Mapping, "bars": list}
BAR_FIELDS = {"fact": str, "label": Mapping}
TEXT_FIELDS = {"vi": str, "en": str}


@dataclass(frozen=True)
class Bar:
    key: str
    label: dict


@dataclass(frozen=True)
class Chart:
    name: str
    title: dict
    question: dict
    bars: tuple


def _unit_family(unit: str) -> str:
    return "percent" if unit.startswith("percent") else unit


def _texts(checker: Checker, entry, name: str) -> bool:
    """A title, question or bar label: text in both languages, without a character that XML
    (the SVG) forbids; the chart renderer stops the whole build on one."""
    if not checker.fields(entry, TEXT_FIELDS, name):
        return False
    ok = checker.no_figures(entry, TEXT_FIELDS, name)
    for language in TEXT_FIELDS:
        if NOT_XML.search(entry[language]):
            checker.add(entry, language, f"{name}: a control character in the text", "remove it")
            ok = False
    return ok


def _load_chart(checker: Checker, name: str, entry, facts: Facts) -> Chart | None:
    if not isinstance(entry, Mapping) or not checker.fields(entry, CHART_FIELDS, f"chart {name}"):
        return None
    ok = _texts(checker, entry["title"], f"chart {name}: title")
    ok = _texts(checker, entry["question"], f"chart {name}: question") and ok
    bars = []
    for bar in entry["bars"]:
        if not isinstance(bar, Mapping) or not checker.fields(bar, BAR_FIELDS, f"chart {name}: bar"):
            ok = False
            continue
        ok = _texts(checker, bar["label"], f"chart {name}: bar label") and ok
        if bar["fact"] not in facts:
            close = facts.closest_keys(bar["fact"])
            fix = f"did you mean {' or '.join(repr(k) for k in close)}?" if close else "use a key of data/facts.yaml"
            checker.add(bar, "fact", f"chart {name}: unknown fact '{bar['fact']}'", fix)
            ok = False
        elif facts[bar["fact"]].is_range:
            checker.add(bar, "fact", f"chart {name}: fact '{bar['fact']}' is a range", "chart single figures only")
            ok = False
        else:
            bars.append(Bar(bar["fact"], dict(bar["label"])))
    if ok and len({_unit_family(facts[b.key].unit) for b in bars}) > 1:
        checker.add(entry, "bars", f"chart {name}: its bars mix units", "put figures of one unit in one chart")
        ok = False
    if ok and not bars:
        checker.add(entry, "bars", f"chart {name}: no bars", "list at least one fact under 'bars:'")
        ok = False
    return Chart(name, dict(entry["title"]), dict(entry["question"]), tuple(bars)) if ok else None


def load_charts(path: Path, display_path: str, facts: Facts) -> dict[str, Chart]:
    """Load and check the chart definitions; raise ContentError listing every problem."""
    if not path.is_file():
        return {}
    data = load_yaml(path, display_path)
    checker = Checker(display_path)
    charts = {}
    for name, entry in data.items():
        if not isinstance(name, str) or not SAFE_NAME.match(name):
            checker.add(
                data,
                name,
                f"chart name '{name}' is not a name of lower-case letters, digits and '_'",
                "name it like craft_villages: it becomes the chart's file name and its id in the page",
            )
            continue
        chart = _load_chart(checker, name, entry, facts)
        if chart is not None:
            charts[name] = chart
    if checker.problems:
        raise ContentError(checker.problems)
    return charts


def _spec(rows: tuple) -> dict:
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
def _render(rows: tuple, language: str) -> str:
    """The SVG of one chart for one language, drawn once per build process for what it shows.

    Drawing starts a JavaScript engine (about half a second) and takes tens of milliseconds per
    chart: the cache, keyed by the chart's rows and language, keeps `make serve` from drawing an
    unchanged chart again. Nothing is kept on disk: a build writes only into its site folder."""
    return vl_convert.vegalite_to_svg(_spec(rows), format_locale=NUMBER_LOCALES[language])


def _accessible(svg: str, name: str, title: str, description: str) -> str:
    ids = f"chart-{name}-title chart-{name}-desc"
    opening = SVG_OPENING.match(svg).group(0)
    labelled = opening[:-1] + f' role="img" aria-labelledby="{ids}" focusable="false">'
    extra = (
        f'<title id="chart-{name}-title">{xml_text(title)}</title>'
        f'<desc id="chart-{name}-desc">{xml_text(description)}</desc>'
    )
    body = svg[len(opening) :].replace(' role="graphics-object"', "").replace(' aria-roledescription="', ' data-role="')
    return labelled + extra + body


SVG_SIZE = re.compile(r'width="(\d+(?:\.\d+)?)" height="(\d+(?:\.\d+)?)"')


@dataclass(frozen=True)
class DrawnChart:
    """A chart for one language: the SVG file's text, and the HTML that shows it on a page."""

    file_name: str
    svg: str
    description: str
    width: str
    height: str


def draw_chart(chart: Chart, facts: Facts, language: str) -> DrawnChart:
    """The chart as a standalone SVG with its own name and description."""
    bars = [(bar, facts[bar.key]) for bar in chart.bars]
    rows = tuple(
        (xml_safe(bar.label[language]), float(fact.value), format_fact(fact, language), fact.unit) for bar, fact in bars
    )
    description = (
        chart.question[language]
        + " "
        + "; ".join(f"{fact.label[language]}: {format_fact(fact, language)}" for _, fact in bars)
        + "."
    )
    svg = _accessible(_render(rows, language), chart.name, chart.title[language], description)
    width, height = SVG_SIZE.search(svg).groups()
    return DrawnChart(f"{chart.name}.{language}.svg", svg, description, width, height)


def chart_html(chart: Chart, drawn: DrawnChart, facts: Facts, language: str, src: str, sentences: dict) -> str:
    """A figure: caption, the chart as an image loaded when it scrolls into view, and its data table,
    whose every value links to its source sentence (sentences: fact key -> href).

    An image rather than inline SVG keeps the page light: a phone fetches a chart only when the
    reader reaches it. Its text alternative holds every figure the chart draws."""
    words = WORDS[language]
    # Every value is escaped for HTML and for the Markdown of the page that holds the figure.
    text = html_in_markdown
    table_rows = "".join(
        f"<tr><td>{text(fact.label[language])}</td>"
        f'<td><a class="fact" href="{text(sentences[fact.key])}">{text(format_fact(fact, language))}</a></td></tr>'
        for fact in (facts[bar.key] for bar in chart.bars)
    )
    # The caption comes first: HTML allows a figure's caption only as its first or last child.
    return (
        f'<figure class="chart" id="chart-{chart.name}">\n'
        f"<figcaption>{text(chart.title[language])}. {text(chart.question[language])}</figcaption>\n"
        f'<img src="{text(src)}" alt="{text(drawn.description)}" width="{drawn.width}" height="{drawn.height}" '
        f'loading="lazy" decoding="async">\n'
        f"<details><summary>{words['table']}</summary>"
        f'<table><thead><tr><th scope="col">{words["item"]}</th><th scope="col">{words["value"]}</th></tr></thead>'
        f"<tbody>{table_rows}</tbody></table></details>\n</figure>"
    )
