"""A tiny but complete bilingual project, for tests that build a scenario of their own.

`make_small_project(folder)` writes the project's code (macros.py, site_hooks.py, khuyencong/,
overrides/, copied from this project) with a small content of its own: one source document, two
facts, one chart, and three page pairs (home, sources, data) that cite the facts, show the chart
and list the data page's entries. The default builds strictly with no warning. A test derives a
variant from the defaults below, e.g.

    facts = DEFAULT_FACTS_YAML.replace('en: "Craft villages"', 'en: "=1+1"')
    project = make_small_project(tmp_path / "project", facts_yaml=facts)
    result = build_project(project, tmp_path / "site", caplog)   # from conftest
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from tools.project_copy import CODE_PARTS, copy_project

ROOT = Path(__file__).resolve().parent.parent
# The project's code and the site's own stylesheets and scripts: what a build runs and serves, as
# they are in this working tree. The markdown extensions, the stylesheets and the macros plugin's
# settings are read from the real mkdocs.yml too: a page is read as the real site reads it.
CODE = (*CODE_PARTS, "docs/stylesheets", "docs/javascripts")


def _real_mkdocs_yml(block: str) -> str:
    """A block of the real mkdocs.yml as it is written there: a top-level key, or a plugin's
    "  - name:" entry, with everything indented under it."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    indent = len(block) - len(block.lstrip())
    under = " " * (indent + 1)
    found = re.search(rf"^{re.escape(block)}\n(?:{under}.*\n|\s*#.*\n|\n)*", text, re.MULTILINE)
    lines = found.group(0).rstrip().split("\n")
    while lines[-1].lstrip().startswith("#"):  # the comment above the next block is not this one's
        lines.pop()
    return "\n".join(lines).rstrip() + "\n"


DEFAULT_MKDOCS_YML = f"""\
site_name: Thử nghiệm
site_url: http://127.0.0.1:8000/
docs_dir: docs
strict: true
theme:
  name: material
  custom_dir: overrides
  language: vi
  font: false
validation:
  omitted_files: warn
  absolute_links: warn
  unrecognized_links: warn
  anchors: warn
  not_found: warn
{_real_mkdocs_yml("extra_css:")}{_real_mkdocs_yml("watch:")}{_real_mkdocs_yml("markdown_extensions:")}{_real_mkdocs_yml("hooks:")}plugins:
  - i18n:
      docs_structure: suffix
      fallback_to_default: false
      reconfigure_material: true
      reconfigure_search: false
      languages:
        - locale: vi
          name: Tiếng Việt
          default: true
          build: true
        - locale: en
          name: English
          build: true
          site_name: Trial
{_real_mkdocs_yml("  - macros:")}"""

DEFAULT_SOURCES = {
    "report.txt": (
        "BÁO CÁO THỬ\nHà Nội có 1.350 làng nghề và làng có nghề. Các cơ sở tạo việc làm cho gần 22.000 lao động.\n"
    ),
}

# The report's layout and translation (data/documents/report.yaml); its sha256 is the copy's.
DEFAULT_LAYOUT_YAML = """\
file: sources/report.txt
sha256: "{sha256}"
blocks:
  - lines: [1, 1]
    kind: title
    en: "TRIAL REPORT"
  - lines: [2, 2]
    kind: paragraph
    en: >-
      Hanoi has 1,350 craft villages and villages with crafts. The establishments give work to
      nearly 22,000 workers.
"""

DEFAULT_FACTS_YAML = """\
documents:
  report:
    title: "Báo cáo thử"
    title_en: "A trial report"
    author: "Sở Công Thương"
    author_en: "Department of Industry and Trade"
    kind: "Báo cáo"
    kind_en: "Report"
    file: sources/report.txt
    page: null
    file_page: null
    note: "Bản sao để thử."
    note_en: "A copy for trials."

facts:
  villages.total:
    value: 1350
    unit: count
    qualifier: exact
    words: "1.350"
    period: undated
    label:
      vi: "Làng nghề"
      en: "Craft villages"
    source:
      document: report
      page: null
      sentence: "Hà Nội có 1.350 làng nghề và làng có nghề."
      sentence_en: "Hanoi has 1,350 craft villages and villages with crafts."

  jobs.total:
    value: 22000
    unit: count
    qualifier: nearly
    words: "gần 22.000"
    period: undated
    label:
      vi: "Việc làm"
      en: "Jobs"
    source:
      document: report
      page: null
      sentence: "Các cơ sở tạo việc làm cho gần 22.000 lao động."
      sentence_en: "The establishments give work to nearly 22,000 workers."
"""

DEFAULT_CHARTS_YAML = """\
villages_and_jobs:
  title:
    vi: "Làng nghề và việc làm"
    en: "Craft villages and jobs"
  question:
    vi: "Có bao nhiêu làng nghề và việc làm?"
    en: "How many craft villages and jobs are there?"
  bars:
    - fact: villages.total
      label: {vi: "Làng nghề", en: "Craft villages"}
    - fact: jobs.total
      label: {vi: "Việc làm", en: "Jobs"}
"""

DEFAULT_PAGES = {
    "documents/report.md": """\
---
description: "Toàn văn báo cáo thử."
---

# Báo cáo thử { #document }

{{ source_text("report") }}
""",
    "documents/report.en.md": """\
---
description: "The full text of the trial report."
---

# Trial report { #document }

{{ source_text("report") }}
""",
    "index.md": """\
---
description: "Trang chủ thử nghiệm."
---

# Trang chủ { #home }

## Số liệu { #figures }

Làng nghề: {{ fact("villages.total") }}. Việc làm: {{ fact("jobs.total") }}.

{{ chart("villages_and_jobs") }}
""",
    "index.en.md": """\
---
description: "A trial home page."
---

# Home { #home }

## Figures { #figures }

Craft villages: {{ fact("villages.total") }}. Jobs: {{ fact("jobs.total") }}.

{{ chart("villages_and_jobs") }}
""",
    "sources.md": """\
---
description: "Tài liệu nguồn thử nghiệm."
---

# Nguồn tài liệu { #sources }

## Báo cáo { #report }

{{ source_citation("report") }}

{{ document_facts("report") }}
""",
    "sources.en.md": """\
---
description: "The trial source document."
---

# Sources { #sources }

## Report { #report }

{{ source_citation("report") }}

{{ document_facts("report") }}
""",
    "data.md": """\
---
description: "Mọi số liệu thử nghiệm."
---

# Dữ liệu { #data }

## Tải dữ liệu { #downloads }

{{ data_downloads() }}

## Các số liệu { #facts }

{{ data_catalogue_entries() }}

{{ dataset_description() }}
""",
    "data.en.md": """\
---
description: "Every trial figure."
---

# Data { #data }

## Downloads { #downloads }

{{ data_downloads() }}

## The figures { #facts }

{{ data_catalogue_entries() }}

{{ dataset_description() }}
""",
}


def make_small_project(
    root: Path,
    *,
    facts_yaml: str | None = None,
    charts_yaml: str | None = None,
    pages: dict[str, str] | None = None,
    sources: dict[str, str] | None = None,
    layout_yaml: str | None = None,
) -> Path:
    """Write the project into root (created if needed) and return root.

    Each argument replaces its default whole: pages maps a path under docs/ to its text, sources
    a file name under sources/ to its text. To change one page, pass {**DEFAULT_PAGES, ...}. The
    report's layout gets the SHA-256 of the report written into sources/."""
    copy_project(root, CODE)
    sources = DEFAULT_SOURCES if sources is None else sources
    report = sources.get("report.txt", "").encode("utf-8")
    layout = (DEFAULT_LAYOUT_YAML if layout_yaml is None else layout_yaml).replace(
        "{sha256}", hashlib.sha256(report).hexdigest()
    )
    files = {
        "mkdocs.yml": DEFAULT_MKDOCS_YML,
        "data/documents/report.yaml": layout,
        "data/facts.yaml": DEFAULT_FACTS_YAML if facts_yaml is None else facts_yaml,
        "data/charts.yaml": DEFAULT_CHARTS_YAML if charts_yaml is None else charts_yaml,
        **{f"docs/{path}": text for path, text in (DEFAULT_PAGES if pages is None else pages).items()},
        **{f"sources/{name}": text for name, text in sources.items()},
    }
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
