"""What `make bench` showed to be wasteful was changed without changing what the build writes."""

import markdown
from small_project import make_small_project

from khuyencong.pages import _Lines
from khuyencong.project import load_project
from khuyencong.raw_html import RawHtml
from khuyencong.site_checks import read_pages

EXTENSIONS = ["attr_list", "abbr", "admonition", "def_list", "md_in_html", "tables", "toc"]
BLOCKS = [
    '<blockquote class="source-sentence" lang="vi"><p><strong>Câu nguồn:</strong> Hà Nội có 1.350 làng.</p>'
    '</blockquote>\n<blockquote class="source-sentence"><p>Hanoi has 1,350 villages.</p></blockquote>',
    '<div class="fact-citation"><p><strong>Cite</strong></p><pre><code>a &amp; b</code></pre></div>',
]


def _page(raw) -> str:
    entries = []
    for number in range(3):
        entries += [f"### Entry {number} {{ #entry-{number} }}", "", "Key\n:   `k`", ""]
        entries += [raw(BLOCKS[0]), "", raw(BLOCKS[1]), ""]
    return "\n".join(entries) + "\nAfter.\n"


def test_blocks_kept_out_of_markdown_come_back_byte_for_byte():
    expected = markdown.markdown(_page(lambda html: html), extensions=EXTENSIONS)
    raw = RawHtml()
    converted = markdown.markdown(_page(raw.keep), extensions=EXTENSIONS)
    assert raw.prefix in converted
    assert raw.restore(converted) == expected


def test_offsets_become_lines_and_columns_as_before():
    text = "ab\n\ncd fact(\nxyz"
    lines = _Lines(text)
    assert [lines.line_col(offset) for offset in (0, 2, 3, 4, 7, 13, 15)] == [
        (1, 1),
        (1, 3),
        (2, 1),
        (3, 1),
        (3, 4),
        (4, 1),
        (4, 3),
    ]


def test_an_unchanged_page_is_not_parsed_again(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text('# A { #a }\n\n{{ fact("x.y") }}\n', encoding="utf-8")
    (docs / "b.md").write_text("# B { #b }\n", encoding="utf-8")
    first, _ = read_pages(docs, tmp_path)
    (docs / "b.md").write_text('# B { #b }\n\n{{ fact("x.z") }}\n', encoding="utf-8")
    second, _ = read_pages(docs, tmp_path, first)
    assert second["a.md"] is first["a.md"]
    assert [c.key for c in second["b.md"].citations] == ["x.z"]


def test_unchanged_facts_and_sources_are_not_read_again_and_a_changed_byte_is(tmp_path):
    project = make_small_project(tmp_path)
    first = load_project(project)
    second = load_project(project)
    assert second.facts is first.facts and second.texts is first.texts and second.pages == first.pages
    report = project / "sources/report.txt"
    report.write_text(report.read_text(encoding="utf-8").replace("1.350", "1.351"), encoding="utf-8")
    third = load_project(project)
    assert third.facts is not second.facts
    assert any("villages.total" in str(problem) for problem in third.problems)
    assert not any("villages.total" in str(problem) for problem in second.problems)
