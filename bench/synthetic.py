"""A temporary copy of the project grown to N page pairs and M facts, following the site's rules.

- Each synthetic page pair (docs/bench/bNNNN.md and .en.md) has a description, headings with the
  same { #anchor } in both languages, links to the glossary, a table, and cites six real facts
  (the same in both twins); every fourth pair shows one of the real charts. No figure is typed.
- facts.yaml is grown to M facts by copying real entries under new keys (bench.fNNNNN_...), each
  keeping its real source sentence so that the evidence check passes.
- Every synthetic fact is cited by one extra catalogue pair (docs/bench/facts.md and .en.md),
  whose cost depends on M only: the cost per page is the slope between page counts at fixed M.
- The synthetic pages are not in the nav: the copy's mkdocs.yml lists /bench/ under not_in_nav,
  as a real site of hundreds of pages would group them instead of listing each in every page.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from tools.project_copy import PROJECT_PARTS, copy_project  # noqa: F401 (bench.run takes it from here)

BENCH_DIR = "bench"
CATALOGUE = "facts"
CITATIONS_PER_PAGE = 6
CHART_EVERY = 4

VI = {
    "title": "Trang mẫu {name}",
    "description": "Trang mẫu {name} của bộ đo hiệu năng: làng nghề, đào tạo nghề và kết quả khuyến công ở Hà Nội.",
    "intro": (
        "Trang này được tạo tự động để đo thời gian dựng trang web. Nội dung lặp lại cách viết của các trang "
        "thật: [khuyến công](../glossary.md#promotion) ở [ngoại thành](../glossary.md#places) Hà Nội, "
        "[làng nghề](../glossary.md#rural-industry) và các chương trình hỗ trợ cơ sở sản xuất."
    ),
    "sections": [
        ("villages", "Làng nghề và cơ sở sản xuất"),
        ("training", "Đào tạo nghề và truyền nghề"),
        ("results", "Kết quả theo từng chương trình"),
        ("notes", "Ghi chú về nguồn"),
    ],
    "sentence": "Theo tài liệu nguồn, chỉ tiêu này là {cite}, một kết quả được nhắc lại nhiều lần trong báo cáo.",
    "prose": (
        "Hoạt động khuyến công góp phần chuyển dịch cơ cấu kinh tế nông thôn theo hướng công nghiệp hóa, giải quyết "
        "việc làm cho lao động ở các huyện ngoại thành và giữ gìn nghề truyền thống. Các doanh nghiệp và cơ sở sản "
        "xuất được hỗ trợ đổi mới thiết bị, nâng cao năng lực quản lý và phát triển sản phẩm tiêu biểu, nhờ đó sản "
        "phẩm ngày càng đa dạng về mẫu mã và chất lượng."
    ),
    "table": "| Chỉ tiêu | Giá trị |\n|---|---|",
    "row": "| Chỉ tiêu thứ {n} của trang | {cite} |",
    "list": [
        "thực hiện tốt chủ trương [“ly nông bất ly hương”](../glossary.md#rural-industry);",
        "đa dạng hóa các hình thức tổ chức sản xuất;",
        "khai thác các nguồn lực lợi thế của từng địa phương.",
    ],
    "catalogue_title": "Số liệu mẫu",
    "catalogue_description": "Mọi số liệu mẫu của bộ đo hiệu năng, mỗi số liệu được nêu một lần.",
}
EN = {
    "title": "Sample page {name}",
    "description": "Sample page {name} of the benchmark: craft villages, vocational training and promotion results.",
    "intro": (
        "This page is generated to time the build of the site. It repeats the way the real pages are written: "
        "[industrial promotion](../glossary.md#promotion) in Hanoi's [suburban districts](../glossary.md#places), "
        "[craft villages](../glossary.md#rural-industry) and the programmes that support producers."
    ),
    "sections": [
        ("villages", "Craft villages and producers"),
        ("training", "Vocational training and skill transfer"),
        ("results", "Results by programme"),
        ("notes", "Notes on the source"),
    ],
    "sentence": "According to the source document this figure is {cite}, a result the report comes back to often.",
    "prose": (
        "Industrial promotion helped shift the rural economy towards industry, gave work to people in the suburban "
        "districts and kept traditional crafts alive. Enterprises and producers were helped to renew their "
        "machinery, to manage better and to develop typical products, so that their products grew more varied in "
        "design and better in quality."
    ),
    "table": "| Indicator | Value |\n|---|---|",
    "row": "| Indicator {n} of this page | {cite} |",
    "list": [
        "carried out the policy of [“ly nông bất ly hương”](../glossary.md#rural-industry);",
        "diversified the ways production is organised;",
        "made use of each district's advantages.",
    ],
    "catalogue_title": "Sample figures",
    "catalogue_description": "Every sample figure of the benchmark, each cited once.",
}
WORDS = {"vi": VI, "en": EN}
ORDINALS = ("một", "hai", "ba")
ORDINALS_EN = ("one", "two", "three")


def cite(key: str) -> str:
    return '{{ fact("' + key + '") }}'


def _letters(index: int) -> str:
    """A page's name in letters (bench-aab): a number in a page's text would be a figure from no fact."""
    letters = ""
    for _ in range(3):
        index, digit = divmod(index, 26)
        letters = chr(ord("a") + digit) + letters
    return letters


def page_text(index: int, language: str, keys: list[str], chart: str | None) -> str:
    """One synthetic page: about 400 words, four sections, six citations, no figure typed by hand."""
    words = WORDS[language]
    name = "B-" + _letters(index)
    ordinals = ORDINALS if language == "vi" else ORDINALS_EN
    lines = [
        "---",
        f'description: "{words["description"].format(name=name)}"',
        "---",
        "",
        f"# {words['title'].format(name=name)} {{ #bench-page }}",
        "",
        words["intro"],
        "",
    ]
    for number, (anchor, heading) in enumerate(words["sections"]):
        lines += [f"## {heading} {{ #{anchor} }}", "", words["prose"], ""]
        if number == 0:
            lines += [
                words["sentence"].format(cite=cite(keys[0])),
                "",
                words["sentence"].format(cite=cite(keys[1])),
                "",
            ]
        elif number == 1:
            lines += [words["table"]]
            lines += [words["row"].format(n=ordinals[i], cite=cite(k)) for i, k in enumerate(keys[2:5])]
            lines += [""]
        elif number == 2:
            lines += [f"- {item}" for item in words["list"]] + ["", words["sentence"].format(cite=cite(keys[5])), ""]
            if chart:
                lines += ['{{ chart("' + chart + '") }}', ""]
        else:
            lines += [words["prose"], ""]
    lines += ["*[CNNT]: công nghiệp nông thôn", ""] if language == "vi" else []
    return "\n".join(lines)


def catalogue_text(language: str, keys: list[str]) -> str:
    words = WORDS[language]
    lines = [
        "---",
        f'description: "{words["catalogue_description"]}"',
        "---",
        "",
        f"# {words['catalogue_title']} {{ #bench-facts }}",
        "",
    ]
    lines += [f"- {cite(key)}" for key in keys]
    return "\n".join(lines) + "\n"


def grow_facts(facts_file: Path, total: int) -> list[str]:
    """Append copies of the real facts under new keys until the file holds `total`; return the new keys."""
    text = facts_file.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if list(data)[-1] != "facts":
        raise SystemExit(f"{facts_file}: 'facts:' must be the last top-level key to be grown")
    real = list(data["facts"].items())
    new_keys = []
    entries = {}
    for number in range(max(0, total - len(real))):
        key, entry = real[number % len(real)]
        new_key = f"bench.f{number:05d}_{key.replace('.', '_')}"
        copy = dict(entry)
        copy["label"] = {
            "vi": f"{entry['label']['vi']} (bản sao {_letters(number)})",
            "en": f"{entry['label']['en']} (copy {_letters(number)})",
        }
        entries[new_key] = copy
        new_keys.append(new_key)
    if entries:
        dumped = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=100)
        indented = "".join(f"  {line}" if line.strip() else line for line in dumped.splitlines(keepends=True))
        facts_file.write_text(text.rstrip("\n") + "\n\n" + indented, encoding="utf-8")
    return new_keys


def real_fact_keys(facts_file: Path) -> list[str]:
    return list(yaml.safe_load(facts_file.read_text(encoding="utf-8"))["facts"])


def chart_names(charts_file: Path) -> list[str]:
    return list(yaml.safe_load(charts_file.read_text(encoding="utf-8")) or {})


def leave_bench_pages_out_of_nav(config_file: Path) -> None:
    text = config_file.read_text(encoding="utf-8")
    config_file.write_text(text.rstrip("\n") + f"\n\nnot_in_nav: |\n  /{BENCH_DIR}/\n", encoding="utf-8")


def write_pages(docs: Path, pairs: int, keys: list[str], charts: list[str]) -> None:
    folder = docs / BENCH_DIR
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(1, pairs + 1):
        chosen = [keys[(index * CITATIONS_PER_PAGE + j) % len(keys)] for j in range(CITATIONS_PER_PAGE)]
        chart = charts[(index // CHART_EVERY) % len(charts)] if charts and index % CHART_EVERY == 0 else None
        for language, suffix in (("vi", ".md"), ("en", ".en.md")):
            (folder / f"b{index:04d}{suffix}").write_text(page_text(index, language, chosen, chart), encoding="utf-8")


def make_project(destination: Path, pairs: int, facts: int) -> Path:
    """A copy of the project at `destination` with `pairs` synthetic page pairs and `facts` facts in all."""
    project = copy_project(destination)
    real_keys = real_fact_keys(project / "data/facts.yaml")
    new_keys = grow_facts(project / "data/facts.yaml", facts)
    write_pages(project / "docs", pairs, real_keys, chart_names(project / "data/charts.yaml"))
    if new_keys:
        folder = project / "docs" / BENCH_DIR
        folder.mkdir(parents=True, exist_ok=True)
        for language, suffix in (("vi", ".md"), ("en", ".en.md")):
            (folder / f"{CATALOGUE}{suffix}").write_text(catalogue_text(language, new_keys), encoding="utf-8")
    leave_bench_pages_out_of_nav(project / "mkdocs.yml")
    return project
