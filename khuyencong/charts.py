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
from .formatting import format_fact, format_period
from .messages import N_, translations
from .problems import ContentError
from .provenance import document_title, page_reference
from .yaml_source import Mapping, load_yaml

# d3-format locales: Vietnamese groups with "." and writes decimals with ",".
NUMBER_LOCALES = {
    "vi": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", "\u00a0₫"], "percent": "%"},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["$", ""], "percent": "%"},
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


# Each chart is drawn at the widths it is shown at, so that its text is the body's 16 px and is
# never stretched: DESKTOP fits the content column from a tablet up (688 px at 1280 px), PHONE a
# phone's column (358 px at 390 px; a 360 px phone shrinks it by 4 %). The page's <picture> picks
# PHONE up to PHONE_UP_TO px of viewport, and the CSS never shows an image wider than drawn.
WIDTHS = {"desktop": 640, "phone": 340}
PHONE_UP_TO = 671
# Colour schemes: no single text colour reads on both Material's white and its slate background
# (4.5:1 on each is impossible), so each chart is drawn twice, with a transparent background, and
# the stylesheet shows the one matching the page's scheme ([data-md-color-scheme="slate"]).
SCHEMES = {
    "light": {"text": "#1f1f1f", "muted": "#5f6368", "bar": BAR_COLOUR, "light_bar": 0.3},
    "dark": {"text": "#e2e4e9", "muted": "#b4b8c2", "bar": "#9fa8da", "light_bar": 0.45},
}
FONT_SIZE = 16
LINE = 20
BAR_HEIGHT = 24
ROW_GAP = 18
# A generous average advance of a 16 px sans-serif letter, to keep text inside the drawing.
CHARACTER = 9.0
LEGEND = N_("Light, dashed bar: the source qualifies the figure (“over”, “about”, “nearly”…)")


def _text_width(text: str) -> float:
    return len(text) * CHARACTER


def _wrap(text: str, width: float) -> list[str]:
    """Lines of at most `width` pixels (as estimated), broken between words."""
    lines: list[str] = []
    for word in text.split():
        if lines and _text_width(lines[-1] + " " + word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _label_lines(label: str, width: float) -> list[str]:
    """A bar's label above it: on one line where it fits, else at the label's own breaks."""
    one = " ".join(label.split())
    if _text_width(one) <= width:
        return [one]
    return [line for part in label.split("\n") for line in _wrap(part, width)]


def _spec(rows: tuple, variant: str, scheme: str, legend: str) -> dict:
    """A bar chart in the manner of Our World in Data: each label above its bar, the value as the
    site writes it (qualifier included) at the bar's end, no axis; a qualified figure is drawn as
    a light bar with a dashed edge, explained by a one-line legend under the bars."""
    width = WIDTHS[variant]
    colours = SCHEMES[scheme]
    room = max(_text_width(display) for _, _, display, _ in rows) + 8
    top = max(number for _, number, _, _ in rows) or 1
    labels, exact, qualified, values = [], [], [], []
    y = 0
    for label, number, display, is_qualified in rows:
        lines = _label_lines(label, width)
        labels.append({"x": 0, "y": y, "text": "\n".join(lines)})
        y += len(lines) * LINE + 4
        (qualified if is_qualified else exact).append({"v": number, "y0": y, "y1": y + BAR_HEIGHT})
        values.append({"v": number, "y": y + BAR_HEIGHT / 2, "text": display})
        y += BAR_HEIGHT + ROW_GAP
    legend_marks = []
    if qualified:
        legend_lines = _wrap(legend, width - 30)
        legend_marks = [
            {
                "data": {"values": [{"y0": y + 3, "y1": y + 17}]},
                "mark": {
                    "type": "rect",
                    "fill": colours["bar"],
                    "fillOpacity": colours["light_bar"],
                    "stroke": colours["bar"],
                    "strokeDash": [4, 3],
                    "strokeWidth": 1.5,
                },
                "encoding": {
                    "x": {"value": 0.75},
                    "x2": {"value": 22},
                    "y": {"field": "y0", "type": "quantitative"},
                    "y2": {"field": "y1"},
                },
            },
            {
                "data": {"values": [{"y": y, "text": "\n".join(legend_lines)}]},
                "mark": {
                    "type": "text",
                    "align": "left",
                    "baseline": "top",
                    "lineBreak": "\n",
                    "lineHeight": LINE,
                    "fontSize": FONT_SIZE,
                    "fill": colours["muted"],
                },
                "encoding": {
                    "x": {"value": 30},
                    "y": {"field": "y", "type": "quantitative"},
                    "text": {"field": "text"},
                },
            },
        ]
        y += len(legend_lines) * LINE
    height = y
    x_scale = {"domain": [0, top], "range": [0, width - room], "nice": False, "zero": True}
    y_axis = {
        "type": "quantitative",
        "axis": None,
        "scale": {"domain": [0, height], "range": [0, height], "nice": False, "zero": False},
    }
    bar_encoding = {
        "x": {"field": "v", "type": "quantitative", "axis": None, "scale": x_scale},
        "x2": {"datum": 0},
        "y": {"field": "y0", **y_axis},
        "y2": {"field": "y1"},
    }
    bar_layers = [
        {"data": {"values": exact}, "mark": {"type": "bar", "fill": colours["bar"]}, "encoding": bar_encoding},
        {
            "data": {"values": qualified},
            "mark": {
                "type": "bar",
                "fill": colours["bar"],
                "fillOpacity": colours["light_bar"],
                "stroke": colours["bar"],
                "strokeDash": [4, 3],
                "strokeWidth": 1.5,
            },
            "encoding": bar_encoding,
        },
    ]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": width,
        "height": height,
        "autosize": {"type": "none"},
        "padding": 0,
        "background": None,
        "config": {"font": "sans-serif", "view": {"stroke": None}, "mark": {"aria": False}},
        "layer": [
            {"data": {"values": labels},
             "mark": {"type": "text", "align": "left", "baseline": "top", "lineBreak": "\n", "lineHeight": LINE,
                      "fontSize": FONT_SIZE, "fill": colours["text"]},
             "encoding": {"x": {"value": 0}, "y": {"field": "y", **y_axis}, "text": {"field": "text"}}},
            *(layer for layer in bar_layers if layer["data"]["values"]),
            {"data": {"values": values},
             "mark": {"type": "text", "align": "left", "baseline": "middle", "dx": 6, "fontSize": FONT_SIZE,
                      "fontWeight": "bold", "fill": colours["text"]},
             "encoding": {"x": {"field": "v", "type": "quantitative", "axis": None, "scale": x_scale},
                          "y": {"field": "y", **y_axis}, "text": {"field": "text"}}},
            *legend_marks,
        ],
    }  # fmt: skip


@lru_cache(maxsize=256)
def _render(rows: tuple, language: str, variant: str, scheme: str) -> str:
    """The SVG of one chart for one language, width and colour scheme, drawn once per build process.

    Drawing starts a JavaScript engine (about half a second) and takes tens of milliseconds per
    chart: the cache, keyed by what the chart shows, keeps `make serve` from drawing an unchanged
    chart again. Nothing is kept on disk: a build writes only into its site folder."""
    spec = _spec(rows, variant, scheme, translations(language).gettext(LEGEND))
    return vl_convert.vegalite_to_svg(spec, format_locale=NUMBER_LOCALES[language])


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
class Drawing:
    """One SVG file of a chart: its name under the charts folder, its text and its size in pixels."""

    file_name: str
    svg: str
    width: str
    height: str


@dataclass(frozen=True)
class DrawnChart:
    """A chart for one language: a drawing per colour scheme and width, and its description."""

    description: str
    drawings: dict  # (scheme, variant) -> Drawing

    @property
    def files(self) -> dict:
        return {drawing.file_name: drawing.svg for drawing in self.drawings.values()}


def draw_chart(chart: Chart, facts: Facts, language: str) -> DrawnChart:
    """The chart as standalone SVG files, each with its own name and description. File names are
    made of the chart's checked name (facts.SAFE_NAME) and the constants above only."""
    bars = [(bar, facts[bar.key]) for bar in chart.bars]
    rows = tuple(
        (xml_safe(bar.label[language]), float(fact.value), format_fact(fact, language), fact.qualifier != "exact")
        for bar, fact in bars
    )
    description = (
        chart.question[language]
        + " "
        + "; ".join(f"{fact.label[language]}: {format_fact(fact, language)}" for _, fact in bars)
        + "."
    )
    drawings = {}
    for scheme in SCHEMES:
        for variant in WIDTHS:
            svg = _accessible(_render(rows, language, variant, scheme), chart.name, chart.title[language], description)
            width, height = SVG_SIZE.search(svg).groups()
            # The default drawing (light, desktop) keeps the chart's first file name.
            suffix = "" if (scheme, variant) == ("light", "desktop") else f".{variant}.{scheme}"
            file_name = f"{chart.name}.{language}{suffix}.svg"
            drawings[scheme, variant] = Drawing(file_name, svg, width, height)
    return DrawnChart(description, drawings)


def source_line(chart: Chart, facts: Facts, language: str) -> str:
    """Under the chart, as text: the documents and pages its figures come from, and their periods."""
    _ = translations(language).gettext
    sources: dict = {}
    periods: list = []
    for fact in (facts[bar.key] for bar in chart.bars):
        document = fact.source.document
        author = document.author if language == "vi" else document.author_en
        pages = sources.setdefault((author, document_title(document, language)), [])
        if page_reference(fact, language) not in pages:
            pages.append(page_reference(fact, language))
        if format_period(fact.period, language) not in periods:
            periods.append(format_period(fact.period, language))
    cited = "; ".join(f"{author}, “{title}”, {', '.join(pages)}" for (author, title), pages in sources.items())
    source, period = _("Source"), _("Period")
    return f"{source}: {cited}. {period}: {', '.join(periods)}."


def _picture(drawn: DrawnChart, scheme: str, folder: str, alt: str) -> str:
    text = html_in_markdown
    phone, desktop = drawn.drawings[scheme, "phone"], drawn.drawings[scheme, "desktop"]
    return (
        f'<picture class="chart-{scheme}">'
        f'<source media="(max-width: {PHONE_UP_TO}px)" srcset="{text(folder + phone.file_name)}" '
        f'width="{phone.width}" height="{phone.height}">'
        f'<img src="{text(folder + desktop.file_name)}" alt="{alt}" width="{desktop.width}" '
        f'height="{desktop.height}" loading="lazy" decoding="async"></picture>'
    )


def chart_html(chart: Chart, drawn: DrawnChart, facts: Facts, language: str, folder: str, sentences: dict) -> str:
    """A figure: its question as the caption (under its topic, the chart's title), the chart as an
    image loaded when it scrolls into view, its source and period as a line of text, and its data
    table, whose every value links to its source sentence (sentences: fact key -> href). folder:
    the charts folder, relative to the page.

    An image rather than inline SVG keeps the page light: a phone fetches a chart only when the
    reader reaches it, at its own width and in the page's scheme (the hidden one is not fetched).
    Its text alternative holds every figure the chart draws."""
    _ = translations(language).gettext
    as_table, item, value = _("The chart's data as a table"), _("Item"), _("Value")
    # Every value is escaped for HTML and for the Markdown of the page that holds the figure.
    text = html_in_markdown
    table_rows = "".join(
        f"<tr><td>{text(fact.label[language])}</td>"
        f'<td><a class="fact" href="{text(sentences[fact.key])}">{text(format_fact(fact, language))}</a></td></tr>'
        for fact in (facts[bar.key] for bar in chart.bars)
    )
    pictures = "".join(_picture(drawn, scheme, folder, text(drawn.description)) for scheme in SCHEMES)
    # The caption comes first: HTML allows a figure's caption only as its first or last child.
    return (
        f'<figure class="chart" id="chart-{chart.name}">\n'
        f'<figcaption><span class="chart-topic">{text(chart.title[language])}. </span>'
        f"{text(chart.question[language])}</figcaption>\n"
        f"{pictures}\n"
        f'<p class="chart-source">{text(source_line(chart, facts, language))}</p>\n'
        f"<details><summary>{as_table}</summary>"
        f'<table><thead><tr><th scope="col">{item}</th><th scope="col">{value}</th></tr></thead>'
        f"<tbody>{table_rows}</tbody></table></details>\n</figure>"
    )
