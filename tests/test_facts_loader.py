"""Each bad input in the facts file is one clear line: file, line, column, key and fix."""

from pathlib import Path

import pytest

from khuyencong.facts import load_facts
from khuyencong.problems import ContentError

GOOD = """\
documents:
  report:
    title: "Báo cáo"
    title_en: "Report"
    author: "Sở"
    author_en: "Department"
    kind: "Báo cáo"
    kind_en: "Report"
    file: sources/report.txt
    page: 87
    file_page: 88
    note: "Ghi chú"
    note_en: "Note"
facts:
  craft_villages.total:
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
      page: 87
      sentence: "Hà Nội có 1.350 làng nghề."
      sentence_en: "Hanoi has 1,350 craft villages."
"""


def load_text(tmp_path: Path, text: str):
    path = tmp_path / "facts.yaml"
    path.write_text(text, encoding="utf-8")
    return load_facts(path, "data/facts.yaml")


def problems_of(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ContentError) as raised:
        load_text(tmp_path, text)
    return [str(p) for p in raised.value.problems]


def test_good_file_loads(tmp_path):
    facts = load_text(tmp_path, GOOD)
    assert len(facts) == 1
    assert facts["craft_villages.total"].value == 1350


BAD_INPUTS = {
    "yaml syntax error": (
        GOOD.replace("    unit: count\n", "      unit: count\n"),
        "data/facts.yaml:17:11: YAML syntax error: mapping values are not allowed here. "
        "Fix: check the indentation and quoting on this line and the one above",
    ),
    "duplicate fact key": (
        GOOD + GOOD[GOOD.index("  craft_villages.total:") :],
        "data/facts.yaml:29:3: duplicate key 'craft_villages.total' (first defined on line 15). "
        "Fix: rename one of the two entries or delete the copy",
    ),
    "missing field": (
        GOOD.replace("    qualifier: exact\n", ""),
        "data/facts.yaml:16:5: craft_villages.total: missing field 'qualifier'. Fix: add 'qualifier:' (text)",
    ),
    "unknown field": (
        GOOD.replace("    unit: count\n", "    unit: count\n    units: count\n"),
        "data/facts.yaml:18:5: craft_villages.total: unknown field 'units'. Fix: did you mean 'unit'?",
    ),
    "wrongly typed field": (
        GOOD.replace("    value: 1350\n", '    value: "1.350"\n'),
        "data/facts.yaml:16:5: craft_villages.total: field 'value' must be a whole number or a number or a list, "
        "not '1.350'. Fix: write a whole number or a number or a list after 'value:'",
    ),
    "unknown unit": (
        GOOD.replace("    unit: count\n", "    unit: cuont\n"),
        "data/facts.yaml:17:5: craft_villages.total: unknown unit 'cuont'. Fix: did you mean 'count'?",
    ),
    "unknown qualifier": (
        GOOD.replace("    qualifier: exact\n", "    qualifier: roughly\n"),
        "data/facts.yaml:18:5: craft_villages.total: unknown qualifier 'roughly'. Fix: use one of:",
    ),
    "range going down": (
        GOOD.replace("    value: 1350\n", "    value: [25, 15]\n"),
        "data/facts.yaml:16:5: craft_villages.total: range [25, 15] does not go up. Fix: write the lower end first",
    ),
    "bad period": (
        GOOD.replace("    period: undated\n", "    period: last year\n"),
        "data/facts.yaml:20:5: craft_villages.total: period 'last year' is not a year, a span of years or 'undated'",
    ),
    "unknown document": (
        GOOD.replace("      document: report\n", "      document: reprot\n"),
        "data/facts.yaml:25:7: craft_villages.total: unknown document 'reprot'. Fix: use one of: report",
    ),
    "missing label language": (
        GOOD.replace('      en: "Craft villages"\n', ""),
        "data/facts.yaml:22:7: craft_villages.total: label: missing field 'en'. Fix: add 'en:' (text)",
    ),
    "bad fact key": (
        GOOD.replace("  craft_villages.total:\n", "  CraftVillages:\n"),
        "data/facts.yaml:15:3: fact key 'CraftVillages' is not of the form topic.name",
    ),
    "missing words": (
        GOOD.replace('    words: "1.350"\n', ""),
        "data/facts.yaml:16:5: craft_villages.total: missing field 'words'. Fix: add 'words:' (text)",
    ),
    "empty words": (
        GOOD.replace('    words: "1.350"\n', '    words: " "\n'),
        "data/facts.yaml:19:5: craft_villages.total: words must not be empty. Fix: copy the words of the sentence",
    ),
    "unit_in_source not a boolean": (
        GOOD.replace('    words: "1.350"\n', '    words: "1.350"\n    unit_in_source: "no"\n'),
        "data/facts.yaml:20:5: craft_villages.total: field 'unit_in_source' must be true or false, not 'no'",
    ),
    "infinite value": (
        GOOD.replace("    value: 1350\n", "    value: .inf\n"),
        "data/facts.yaml:16:5: craft_villages.total: value inf is not a finite number",
    ),
    "value not a number": (
        GOOD.replace("    value: 1350\n", "    value: .nan\n"),
        "data/facts.yaml:16:5: craft_villages.total: value nan is not a finite number",
    ),
    "infinite end of a range": (
        GOOD.replace("    value: 1350\n", "    value: [1, .inf]\n"),
        "data/facts.yaml:16:5: craft_villages.total: value inf is not a finite number",
    ),
    "absurdly large value": (
        GOOD.replace("    value: 1350\n", "    value: 1000000000000000\n"),
        "data/facts.yaml:16:5: craft_villages.total: value 1000000000000000 is absurdly large (1e15 or more)",
    ),
    "absurdly large negative float": (
        GOOD.replace("    value: 1350\n", "    value: -2.5e+15\n"),
        "data/facts.yaml:16:5: craft_villages.total: value -2500000000000000.0 is absurdly large",
    ),
    "integer too large for a float": (
        GOOD.replace("    value: 1350\n", f"    value: {10**400}\n"),
        "data/facts.yaml:16:5: craft_villages.total: value 1.000e+400 is absurdly large (1e15 or more)",
    ),
    "document file outside sources": (
        GOOD.replace("    file: sources/report.txt\n", "    file: ../report.txt\n"),
        "data/facts.yaml:9:5: document report: file '../report.txt' is not a file of sources/. Fix: write sources/NAME",
    ),
    "absolute document file": (
        GOOD.replace("    file: sources/report.txt\n", "    file: /etc/passwd\n"),
        "data/facts.yaml:9:5: document report: file '/etc/passwd' is not a file of sources/",
    ),
    "document file climbing out of sources": (
        GOOD.replace("    file: sources/report.txt\n", "    file: sources/../report.txt\n"),
        "data/facts.yaml:9:5: document report: file 'sources/../report.txt' is not a file of sources/",
    ),
    "document file in a sub-folder": (
        GOOD.replace("    file: sources/report.txt\n", "    file: sources/old/report.txt\n"),
        "data/facts.yaml:9:5: document report: file 'sources/old/report.txt' is not a file of sources/",
    ),
    "document file with a backslash": (
        GOOD.replace("    file: sources/report.txt\n", "    file: 'sources\\report.txt'\n"),
        "data/facts.yaml:9:5: document report: file 'sources\\\\report.txt' is not a file of sources/",
    ),
    "bad document key": (
        GOOD.replace("  report:\n", "  Report-1:\n").replace("document: report\n", "document: Report-1\n"),
        "data/facts.yaml:2:3: document key 'Report-1' is not a safe name",
    ),
    "document key with a line break": (
        GOOD.replace("  report:\n", '  "report\\n":\n').replace("document: report\n", 'document: "report\\n"\n'),
        "data/facts.yaml:2:3: document key 'report\\n' is not a safe name",
    ),
    "fact key with a line break": (
        GOOD.replace("  craft_villages.total:\n", '  "craft_villages.total\\n":\n'),
        "data/facts.yaml:15:3: fact key 'craft_villages.total\\n' is not of the form topic.name",
    ),
    "missing source page": (
        GOOD.replace("      page: 87\n", "      page: null\n"),
        "data/facts.yaml:26:7: craft_villages.total: source page must be the printed page number",
    ),
}


@pytest.mark.parametrize("scenario", sorted(BAD_INPUTS))
def test_bad_input_is_one_clear_line(tmp_path, scenario):
    text, expected = BAD_INPUTS[scenario]
    problems = problems_of(tmp_path, text)
    assert len(problems) == 1, problems
    assert problems[0].startswith(expected), problems[0]


def test_all_problems_of_a_file_are_listed_together(tmp_path):
    text = GOOD.replace("    unit: count\n", "    unit: cuont\n").replace(
        "    qualifier: exact\n", "    qualifier: roughly\n"
    )
    problems = problems_of(tmp_path, text)
    assert [p.split(": ")[1] for p in problems] == ["craft_villages.total", "craft_villages.total"]
    assert "unit" in problems[0] and "qualifier" in problems[1]


def test_missing_file_is_a_problem_not_a_traceback(tmp_path):
    with pytest.raises(ContentError, match=r"data/facts\.yaml:1:1: file not found"):
        load_facts(tmp_path / "nowhere.yaml", "data/facts.yaml")
