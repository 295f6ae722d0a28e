"""The projects the benchmark builds, each in a temporary folder: the real project grown with
synthetic pages, facts and documents, and the same pages built by plain Material and by the stack's
floor (plain Material + the i18n plugin + mkdocs-macros with an empty module + Pagefind)."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import yaml
from mkdocs.utils.yaml import get_yaml_loader

from tools.project_copy import copy_project

from .measure import BUILD, run_in

BENCH_DIR = "bench"
CITATIONS_PER_PAGE = 6
CHART_EVERY = 4
WORDS = {
    "vi": {
        "title": "Trang mẫu",
        "description": "Trang mẫu của bộ đo hiệu năng về khuyến công ở Hà Nội.",
        "intro": "Về [làng nghề](../glossary.md#rural-industry) và [khuyến công](../glossary.md#promotion).",
        "sections": ("Làng nghề", "Đào tạo nghề", "Kết quả", "Ghi chú"),
        "prose": "Hoạt động khuyến công góp phần chuyển dịch cơ cấu kinh tế nông thôn theo hướng công nghiệp hóa, "
        "giải quyết việc làm cho lao động ở các huyện ngoại thành và giữ gìn nghề truyền thống. Các doanh nghiệp và "
        "cơ sở sản xuất được hỗ trợ đổi mới thiết bị, nâng cao năng lực quản lý và phát triển sản phẩm tiêu biểu.",
        "sentence": "Theo tài liệu nguồn, chỉ tiêu này là",
        "table": ("Chỉ tiêu", "Giá trị"),
        "catalogue": "Số liệu mẫu",
    },
    "en": {
        "title": "Sample page",
        "description": "A sample page of the benchmark on industrial promotion in Hanoi.",
        "intro": "On [craft villages](../glossary.md#rural-industry) and [promotion](../glossary.md#promotion).",
        "sections": ("Craft villages", "Vocational training", "Results", "Notes"),
        "prose": "Industrial promotion helped shift the rural economy towards industry, gave work to people in the "
        "suburban districts and kept traditional crafts alive. Enterprises and producers were helped to renew their "
        "machinery, to manage better and to develop typical products, more varied in design and better in quality.",
        "sentence": "According to the source this figure is",
        "table": ("Indicator", "Value"),
        "catalogue": "Sample figures",
    },
}
ANCHORS = ("villages", "training", "results", "notes")
SUFFIX = {"vi": ".md", "en": ".en.md"}


def letters(number: int) -> str:
    """A number written in letters (aab): a digit in a page's text would be a figure from no fact."""
    return "".join(chr(ord("a") + number // 26**power % 26) for power in (2, 1, 0))


def cite(key: str) -> str:
    return '{{ fact("' + key + '") }}'


def _head(language: str, title: str, anchor: str) -> list[str]:
    return ["---", f'description: "{WORDS[language]["description"]}"', "---", "", f"# {title} {{ #{anchor} }}", ""]


def page_text(number: int, language: str, keys: list[str], chart: str | None) -> str:
    """About 400 words in four sections, a table, six citations (the same in both twins), no typed figure."""
    words = WORDS[language]
    lines = [*_head(language, f"{words['title']} {letters(number)}", "bench-page"), words["intro"], ""]
    for heading, anchor in zip(words["sections"], ANCHORS, strict=True):
        lines += [f"## {heading} {{ #{anchor} }}", "", words["prose"], "", words["prose"], ""]
        if anchor == "villages":
            lines += [f"{words['sentence']} {cite(keys[0])}; {cite(keys[1])}.", ""]
        elif anchor == "training":
            lines += ["| {} | {} |".format(*words["table"]), "|---|---|"]
            lines += [f"| {words['table'][0]} {'abc'[i]} | {cite(key)} |" for i, key in enumerate(keys[2:5])] + [""]
        elif anchor == "results":
            lines += [f"- {words['sentence']} {cite(keys[5])}.", f"- {words['prose']}", ""]
            lines += ['{{ chart("' + chart + '") }}', ""] if chart else []
    return "\n".join(lines)


def grow_data(project: Path, facts: int, documents: int) -> tuple[list[str], list[str]]:
    """Copies of the real documents (source file, layout, page pair, section on the sources pages)
    and of the real facts, spread over them, until facts.yaml holds the numbers asked for; returns
    the real and the new fact keys."""
    data_file = project / "data/facts.yaml"
    data = yaml.safe_load(data_file.read_text(encoding="utf-8"))
    real_documents, real_facts = list(data["documents"].items()), list(data["facts"].items())
    copies = {key: [key] for key, _ in real_documents}
    for number in range(documents - len(real_documents)):
        key, entry = real_documents[number % len(real_documents)]
        new, name = f"bench_{letters(number)}_{key}", letters(number)
        file = f"sources/bench_{name}.txt"
        shutil.copy2(project / entry["file"], project / file)
        layout = (project / f"data/documents/{key}.yaml").read_text(encoding="utf-8")
        (project / f"data/documents/{new}.yaml").write_text(layout.replace(entry["file"], file), encoding="utf-8")
        for language, suffix in SUFFIX.items():
            page = (project / f"docs/documents/{key.replace('_', '-')}{suffix}").read_text(encoding="utf-8")
            (project / f"docs/{BENCH_DIR}/document-{name}{suffix}").write_text(page.replace(key, new), "utf-8")
            # Each document has its section on the sources page, as the real ones have.
            calls = "\n\n".join(f'{{{{ {macro}("{new}") }}}}' for macro in ("source_citation", "document_facts"))
            with (project / f"docs/sources{suffix}").open("a", encoding="utf-8") as sources:
                sources.write(f"\n## {WORDS[language]['title']} {name} {{ #{new} }}\n\n{calls}\n")
        data["documents"][new] = dict(entry, file=file, **{f: f"{entry[f]} ({name})" for f in ("title", "title_en")})
        copies[key].append(new)
    new_keys, sources = [], {}  # one source per real fact and document, shared by its copies (YAML aliases)
    for number in range(facts - len(real_facts)):
        key, entry = real_facts[number % len(real_facts)]
        new = f"bench.f{letters(number)}_{key.replace('.', '_')}"
        documents_like = copies[entry["source"]["document"]]
        label = {language: f"{text} ({letters(number)})" for language, text in entry["label"].items()}
        document = documents_like[number % len(documents_like)]
        source = sources.setdefault((key, document), dict(entry["source"], document=document))
        data["facts"][new] = dict(entry, label=label, source=source)
        new_keys.append(new)
    # libyaml's dumper: ten times faster at 1,000 facts, the same text.
    text = yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=100)
    data_file.write_text(text, encoding="utf-8")
    return [key for key, _ in real_facts], new_keys


def make_project(destination: Path, pairs: int, facts: int, documents: int) -> Path:
    """The project copied to `destination` with `pairs` synthetic page pairs, `facts` facts and
    `documents` documents in all. Every new fact is cited once, on one catalogue pair; every fourth
    page pair shows one of the real charts. The synthetic pages stay out of the nav."""
    project = copy_project(destination)
    (project / "docs" / BENCH_DIR).mkdir()
    real_keys, new_keys = grow_data(project, facts, documents)
    charts = list(yaml.safe_load((project / "data/charts.yaml").read_text(encoding="utf-8")) or {})
    for number in range(1, pairs + 1):
        keys = [real_keys[(number * CITATIONS_PER_PAGE + j) % len(real_keys)] for j in range(CITATIONS_PER_PAGE)]
        chart = charts[number // CHART_EVERY % len(charts)] if charts and number % CHART_EVERY == 0 else None
        for language, suffix in SUFFIX.items():
            text = page_text(number, language, keys, chart)
            (project / f"docs/{BENCH_DIR}/b{number:04d}{suffix}").write_text(text, encoding="utf-8")
    for language, suffix in SUFFIX.items():
        lines = [*_head(language, WORDS[language]["catalogue"], "bench-facts"), *(f"- {cite(k)}" for k in new_keys), ""]
        (project / f"docs/{BENCH_DIR}/facts{suffix}").write_text("\n".join(lines), encoding="utf-8")
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write(f"\nnot_in_nav: |\n  /{BENCH_DIR}/\n")
    return project


# Added to the project for one build: it keeps each page's Markdown as the macros leave it, every
# figure typed in. A block of HTML the engine keeps out of Python-Markdown (the data page's source
# sentences and citations) stays the one word that stands for it: the plain pages, if anything, hold less.
CAPTURE_HOOK = """import os, pathlib
from mkdocs.plugins import event_priority
@event_priority(-100)
def on_page_markdown(markdown, page, config, files):
    target = pathlib.Path(os.environ["BENCH_CAPTURE"], page.file.src_uri)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(markdown, encoding="utf-8")
"""
# The floor's search: Pagefind over the whole site after the last language, as the site runs it.
FLOOR_HOOK = """import subprocess, pagefind_bin
from mkdocs.plugins import event_priority
@event_priority(-200)
def on_post_build(config):
    if not getattr(config.plugins.get("i18n"), "building", False):
        binary = str(pagefind_bin.get_executable())
        subprocess.run([binary, "--site", config.site_dir, "--exclude-selectors", ".headerlink"], check=True)
"""
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
KEPT = ("site_name", "site_description", "site_url", "docs_dir", "strict", "validation", "markdown_extensions", "nav")


def plain_and_floor(project: Path, work: Path) -> tuple[Path, Path]:
    """Plain Material (no plugin at all, both languages side by side) with the pages of `project`
    as its macros leave them, and the stack's floor: the same with the i18n plugin and mkdocs-macros
    configured as the project configures them (its module defines nothing) and Pagefind."""
    source = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=get_yaml_loader())
    (project / "bench_capture.py").write_text(CAPTURE_HOOK, encoding="utf-8")
    capture = {"INHERIT": "mkdocs.yml", "hooks": [*source.get("hooks", []), "bench_capture.py"]}
    (project / "bench_capture.yml").write_text(yaml.safe_dump(capture), encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="bench-capture-") as site:
        run_in(project, [*BUILD, site, "-f", "bench_capture.yml"], BENCH_CAPTURE=str(work / "captured"))
    (project / "bench_capture.py").unlink()
    (project / "bench_capture.yml").unlink()
    plugins = {name: options for p in source["plugins"] if isinstance(p, dict) for name, options in p.items()}
    theme = {key: value for key, value in source["theme"].items() if key != "custom_dir"}
    plain = dict({key: source[key] for key in KEPT}, theme=theme, plugins=[], not_in_nav=f"/{BENCH_DIR}/\n*.en.md\n")
    floor = dict(plain, hooks=["floor_search.py"], not_in_nav=f"/{BENCH_DIR}/\n")
    floor["plugins"] = [{"i18n": plugins["i18n"]}, {"macros": dict(plugins["macros"], module_name="floor_macros")}]
    for name, config in (("plain", plain), ("floor", floor)):
        for page in (work / "captured").rglob("*.md"):
            relative = page.relative_to(work / "captured")
            front = FRONT_MATTER.match((project / "docs" / relative).read_text(encoding="utf-8"))
            text = (front.group(0) + "\n" if front else "") + page.read_text(encoding="utf-8")
            (work / name / "docs" / relative).parent.mkdir(parents=True, exist_ok=True)
            (work / name / "docs" / relative).write_text(text, encoding="utf-8")
        (work / name / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    (work / "floor/floor_macros.py").write_text("def define_env(env):\n    pass\n", encoding="utf-8")
    (work / "floor/floor_search.py").write_text(FLOOR_HOOK, encoding="utf-8")
    return work / "plain", work / "floor"
