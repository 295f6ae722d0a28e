"""Data is text everywhere it goes: labels, titles, notes, descriptions and names that hold
HTML, Markdown, a spreadsheet formula or a path are shown and downloaded as the same characters,
and run nowhere: not in the pages, the charts, the JSON-LD, the CSV or the JSON.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from conftest import ListHandler, build_project
from small_project import DEFAULT_CHARTS_YAML, DEFAULT_FACTS_YAML, DEFAULT_PAGES, make_small_project

from khuyencong.charts import load_charts
from khuyencong.escaping import MARKDOWN_ESCAPED_CHARS, markdown_text
from khuyencong.facts import load_facts
from khuyencong.messages import translations
from khuyencong.problems import ContentError
from khuyencong.provenance import OPENS, fact_link, source_summary

# HTML, a comment and a script end, Markdown (a link, emphasis, an attribute list, a table cell).
HOSTILE = (
    '"><script>alert(document.domain)</script> <img src=x onerror=alert(document.domain)> '
    "[x](javascript:alert(document.domain)) <!-- </script> "
    "{ onclick=alert(document.domain) } *emph* _under_ `code` a | b"
)
# Each label starts as a spreadsheet formula would.
LABELS = {
    ("villages.total", "vi"): "=SUM(A:A) " + HOSTILE,
    ("villages.total", "en"): "+A " + HOSTILE,
    ("jobs.total", "vi"): "-A " + HOSTILE,
    ("jobs.total", "en"): "@SUM(A:A) " + HOSTILE,
}
DOCUMENT = {field: f"{field} {HOSTILE}" for field in ("title", "title_en", "author", "author_en", "note", "note_en")}
CHART = {"title": "Title " + HOSTILE, "question": "Question " + HOSTILE, "bar": "Bar\n" + HOSTILE}
# A page's prose, a label or a note may hold no number that is not a fact's (khuyencong/page_numbers.py).
DESCRIPTION = {language: f"{words} {HOSTILE}" for language, words in (("vi", "Mô tả"), ("en", "Description"))}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SITE_EXTENSIONS = ["attr_list", "abbr", "admonition", "def_list", "md_in_html", "tables", "toc"]


def yaml_text(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def replaced(text: str, replacements: dict) -> str:
    for old, new in replacements.items():
        assert text.count(old) == 1, f"{old!r} is not once in the default"
        text = text.replace(old, new)
    return text


def hostile_facts() -> str:
    return replaced(
        DEFAULT_FACTS_YAML,
        {
            'vi: "Làng nghề"': f"vi: {yaml_text(LABELS['villages.total', 'vi'])}",
            'en: "Craft villages"': f"en: {yaml_text(LABELS['villages.total', 'en'])}",
            'vi: "Việc làm"': f"vi: {yaml_text(LABELS['jobs.total', 'vi'])}",
            'en: "Jobs"': f"en: {yaml_text(LABELS['jobs.total', 'en'])}",
            'title: "Báo cáo thử"': f"title: {yaml_text(DOCUMENT['title'])}",
            'title_en: "A trial report"': f"title_en: {yaml_text(DOCUMENT['title_en'])}",
            'author: "Sở Công Thương"': f"author: {yaml_text(DOCUMENT['author'])}",
            'author_en: "Department of Industry and Trade"': f"author_en: {yaml_text(DOCUMENT['author_en'])}",
            'note: "Bản sao để thử."': f"note: {yaml_text(DOCUMENT['note'])}",
            'note_en: "A copy for trials."': f"note_en: {yaml_text(DOCUMENT['note_en'])}",
            'sentence_en: "Hanoi has 1,350 craft villages and villages with crafts."': (
                f"sentence_en: {yaml_text('Hanoi has 1,350 ' + HOSTILE)}"
            ),
        },
    )


def hostile_charts() -> str:
    return replaced(
        DEFAULT_CHARTS_YAML,
        {
            'vi: "Làng nghề và việc làm"': f"vi: {yaml_text(CHART['title'])}",
            'en: "Craft villages and jobs"': f"en: {yaml_text(CHART['title'])}",
            'vi: "Có bao nhiêu làng nghề và việc làm?"': f"vi: {yaml_text(CHART['question'])}",
            'en: "How many craft villages and jobs are there?"': f"en: {yaml_text(CHART['question'])}",
            'label: {vi: "Làng nghề", en: "Craft villages"}': (
                f"label: {{vi: {yaml_text(CHART['bar'])}, en: {yaml_text(CHART['bar'])}}}"
            ),
        },
    )


def hostile_pages() -> dict:
    pages = dict(DEFAULT_PAGES)
    for path, text in pages.items():
        language = "en" if path.endswith(".en.md") else "vi"
        default = re.search(r"^description: .*$", text, flags=re.MULTILINE).group(0)
        pages[path] = text.replace(default, f"description: {yaml_text(DESCRIPTION[language])}")
    return pages


class Reader(HTMLParser):
    """Every element with its attributes, the text a reader sees, and each script's content."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.texts: list[str] = []
        self.scripts: list[tuple[dict, str]] = []
        self.raw: str | None = None

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self.raw = tag
            if tag == "script":
                self.scripts.append((dict(attrs), ""))

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag == self.raw:
            self.raw = None

    def handle_data(self, data):
        if self.raw == "script":
            attrs, content = self.scripts[-1]
            self.scripts[-1] = (attrs, content + data)
        elif self.raw is None:
            self.texts.append(data)

    @property
    def text(self) -> str:
        return " ".join("".join(self.texts).split())


def read(path: Path) -> Reader:
    reader = Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    return reader


def one_line(text: str) -> str:
    return " ".join(text.split())


def assert_nothing_runs(site: Path) -> int:
    """No event handler, no javascript: URL and no script of the data in any page or chart."""
    files = sorted([*site.rglob("*.html"), *site.rglob("*.svg")])
    for path in files:
        reader = read(path)
        for tag, attrs in reader.elements:
            for name, value in attrs.items():
                assert not name.lower().startswith("on"), f"{path}: <{tag} {name}=...>"
                url = re.sub(r"[\s\x00-\x1f]", "", value or "").lower()
                assert not url.startswith(("javascript:", "vbscript:", "data:text/html")), f"{path}: {name}={value!r}"
        for attrs, content in reader.scripts:
            if attrs.get("type") == "application/ld+json":
                assert "<" not in content, f"{path}: a raw < in JSON-LD"
                json.loads(content)
            else:
                assert "alert(" not in content, f"{path}: a script of the data runs"
    return len(files)


def files_outside(root: Path, site: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if site not in (p, *p.parents)}


@pytest.fixture
def no_cache_at_home(tmp_path, monkeypatch):
    """The user's home and cache folders inside tmp_path, where a test sees what a build writes."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home/.cache"))


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """The small project built with hostile text in every field a reader sees."""
    root = tmp_path_factory.mktemp("hostile")
    project = make_small_project(
        root / "project", facts_yaml=hostile_facts(), charts_yaml=hostile_charts(), pages=hostile_pages()
    )
    handler = ListHandler()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        result = _build(project, root / "site")
    finally:
        logger.removeHandler(handler)
    assert result, handler.messages
    assert handler.messages == []
    return root / "site"


def _build(project: Path, site: Path) -> bool:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, BuildError

    try:
        build(load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=True))
    except (Abort, BuildError, SystemExit):
        return False
    return True


def test_the_markdown_escapes_are_python_markdowns_with_the_sites_extensions():
    md = markdown.Markdown(extensions=SITE_EXTENSIONS)
    assert set(MARKDOWN_ESCAPED_CHARS) == set(md.ESCAPED_CHARS)


@pytest.mark.parametrize("text", [HOSTILE, *LABELS.values(), "1. list\n# heading\n\n- item\n: def", "a\\*b &amp; c"])
def test_markdown_text_is_shown_literally_in_a_heading_a_table_and_a_definition(text):
    md = markdown.Markdown(extensions=SITE_EXTENSIONS)
    escaped = markdown_text(text)
    html = md.convert(f"### {escaped} {{ #key }}\n\n| a |\n|---|\n| {escaped} |\n\nTerm\n:   {escaped}\n")
    reader = Reader()
    reader.feed(html)
    cells = [data for data in "".join(reader.texts).split("\n") if data.strip()]
    assert [tag for tag, _ in reader.elements] == [
        "h3",
        "table",
        "thead",
        "tr",
        "th",
        "tbody",
        "tr",
        "td",
        "dl",
        "dt",
        "dd",
    ]
    assert cells.count(one_line(text)) == 3, cells


def fact_with_source(tmp_path) -> tuple:
    path = tmp_path / "facts.yaml"
    path.write_text(hostile_facts(), encoding="utf-8")
    return load_facts(path, "data/facts.yaml")["jobs.total"]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_fact_link_shows_its_figure_and_source_as_text_in_a_paragraph_and_a_table(tmp_path, language):
    fact = fact_with_source(tmp_path)
    link = fact_link(fact, language, "../data/#jobs.total")
    md = markdown.Markdown(extensions=SITE_EXTENSIONS)
    html = md.convert(f"Jobs: {link}.\n\n| Figure | Value |\n|---|---|\n| Jobs | {link} |\n")
    reader = Reader()
    reader.feed(html)
    links = [attrs for tag, attrs in reader.elements if tag == "a"]
    assert len(links) == 2 and all(tag != "script" for tag, _ in reader.elements)
    for attrs in links:
        assert attrs == {
            "class": "fact",
            "data-fact": "jobs.total",
            "href": "../data/#jobs.total",
            "title": one_line(source_summary(fact, language) + " " + translations(language).gettext(OPENS)),
        }
    assert len([tag for tag, _ in reader.elements if tag == "td"]) == 2
    figure = {"vi": "gần 22.000", "en": "nearly 22,000"}[language]
    assert reader.text == f"Jobs: {figure}. Figure Value Jobs {figure}"


def test_hostile_text_runs_nowhere(hostile_site):
    assert assert_nothing_runs(hostile_site) >= 10


@pytest.mark.parametrize("language", ["vi", "en"])
def test_hostile_text_is_shown_as_the_same_characters(hostile_site, language):
    prefix = "" if language == "vi" else "en/"
    data = read(hostile_site / prefix / "data/index.html")
    for key in ("villages.total", "jobs.total"):
        assert one_line(LABELS[key, language]) in data.text
    assert one_line("Hanoi has 1,350 " + HOSTILE) in data.text or language == "vi"
    sources = read(hostile_site / prefix / "sources/index.html")
    for field in ("title", "author", "note") if language == "vi" else ("title", "title_en", "author_en", "note_en"):
        assert DOCUMENT[field] in sources.text, field
    home = read(hostile_site / prefix / "index.html")
    assert f"{CHART['title']}. {CHART['question']}" in home.text
    image = next(attrs for tag, attrs in home.elements if tag == "img" and "charts/" in attrs.get("src", ""))
    # The chart's data table links each value to its sentence too, with no tooltip of its own.
    assert image["alt"].startswith(CHART["question"]) and one_line(LABELS["villages.total", language]) in image["alt"]
    titles = [a["title"] for tag, a in home.elements if tag == "a" and a.get("class") == "fact" and "title" in a]
    assert len(titles) == 2 and all(DOCUMENT["title"] in title for title in titles)
    for page in (data, sources, home):
        descriptions = [attrs["content"] for tag, attrs in page.elements if attrs.get("name") == "description"]
        assert descriptions == [DESCRIPTION[language]]
    # The chart's file is XML, with its title and description as text.
    svg = ElementTree.parse(hostile_site / f"charts/villages_and_jobs.{language}.svg").getroot()
    namespace = "{http://www.w3.org/2000/svg}"
    assert svg.find(f"{namespace}title").text == CHART["title"]
    description = svg.find(f"{namespace}desc").text
    assert description.startswith(CHART["question"]) and LABELS["villages.total", language] in description


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_json_ld_parses_and_holds_the_labels_exactly(hostile_site, language):
    data = read(hostile_site / ("" if language == "vi" else "en/") / "data/index.html")
    (block,) = [content for attrs, content in data.scripts if attrs.get("type") == "application/ld+json"]
    assert "<" not in block
    dataset = json.loads(block)
    assert dataset["variableMeasured"] == [LABELS["villages.total", language], LABELS["jobs.total", language]]
    assert dataset["isBasedOn"][0]["name"] == DOCUMENT["title"]


def test_no_csv_cell_starts_a_formula_and_the_json_keeps_every_label(hostile_site):
    rows = list(csv.reader(io.StringIO((hostile_site / "facts.csv").read_bytes().decode("utf-8-sig"))))
    assert len(rows) == 3
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS), cell
    records = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    for (key, language), label in LABELS.items():
        assert records[key][f"label_{language}"] == "'" + label
    data = json.loads((hostile_site / "facts.json").read_text(encoding="utf-8"))
    assert "<" not in (hostile_site / "facts.json").read_text(encoding="utf-8")
    for record in data["facts"]:
        assert record["label"] == {language: LABELS[record["key"], language] for language in ("vi", "en")}
        assert record["source"]["document_title"] == DOCUMENT["title"]
    assert data["documents"][0]["title_en"] == DOCUMENT["title_en"]


BAD_NAMES = ("../evil", 'a"b', "A")


def small_facts(tmp_path):
    path = tmp_path / "facts.yaml"
    path.write_text(DEFAULT_FACTS_YAML, encoding="utf-8")
    return load_facts(path, "data/facts.yaml")


def test_bad_chart_names_are_refused_with_one_line_each(tmp_path):
    facts = small_facts(tmp_path)
    chart = DEFAULT_CHARTS_YAML.split("\n", 1)[1]
    charts = DEFAULT_CHARTS_YAML + "".join(f"{yaml_text(name)}:\n{chart}" for name in BAD_NAMES)
    path = tmp_path / "charts.yaml"
    path.write_text(charts, encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_charts(path, "data/charts.yaml", facts)
    lines = [str(problem) for problem in raised.value.problems]
    assert len(lines) == len(BAD_NAMES), lines
    starts = [i + 1 for i, line in enumerate(charts.split("\n")) if line.startswith('"')]
    for name, line, start in zip(BAD_NAMES, lines, starts, strict=True):
        assert line.startswith(f"data/charts.yaml:{start}:1: chart name '{name}' is not"), line


def test_a_control_character_in_a_chart_text_is_one_line_not_a_crash(tmp_path):
    """The chart renderer aborts the whole process (a Rust panic) on a character XML forbids."""
    facts = small_facts(tmp_path)
    path = tmp_path / "charts.yaml"
    charts = DEFAULT_CHARTS_YAML.replace('en: "Jobs"', 'en: "Jobs\\x01"')
    path.write_text(charts, encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_charts(path, "data/charts.yaml", facts)
    (line,) = [str(problem) for problem in raised.value.problems]
    number = next(i for i, text in enumerate(charts.split("\n"), start=1) if "\\x01" in text)
    assert line.startswith(f"data/charts.yaml:{number}:") and "control character" in line


def test_a_build_writes_only_into_its_site_folder(tmp_path, caplog, no_cache_at_home):
    project = make_small_project(tmp_path / "project")
    before = files_outside(tmp_path, tmp_path / "site")
    result = build_project(project, tmp_path / "site", caplog)
    assert result.ok and result.warnings == [], result.warnings
    assert files_outside(tmp_path, tmp_path / "site") == before
    assert (tmp_path / "site/charts/villages_and_jobs.vi.svg").is_file()


@pytest.mark.parametrize("name", ["../../evil", 'x" onmouseover="alert(1)'])
def test_a_chart_name_can_neither_leave_the_site_nor_add_an_attribute(tmp_path, caplog, no_cache_at_home, name):
    charts = DEFAULT_CHARTS_YAML.replace("villages_and_jobs:", f"{yaml_text(name)}:")
    call = "{{ chart('" + name + "') }}"
    pages = {path: text.replace('{{ chart("villages_and_jobs") }}', call) for path, text in DEFAULT_PAGES.items()}
    project = make_small_project(tmp_path / "project", charts_yaml=charts, pages=pages)
    before = files_outside(tmp_path, tmp_path / "site")
    result = build_project(project, tmp_path / "site", caplog)
    assert files_outside(tmp_path, tmp_path / "site") == before
    if (tmp_path / "site").exists():
        assert_nothing_runs(tmp_path / "site")
    assert not result.ok
    refused = [w for w in result.warnings if w.startswith("data/charts.yaml:") and "chart name" in w]
    assert len(refused) == 1 and name in refused[0], result.warnings
