"""The site's interface words live in one Babel message catalogue per language (khuyencong/locale/):
the committed template is what `pybabel extract` finds in the code, each catalogue is in step with
it, every word has its Vietnamese, and no table of words keyed by language is left in the engine."""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from string import Formatter

import pytest
from babel.messages.pofile import read_po

from khuyencong.catalogue import SCRIPT_WORDS, SCRIPT_WORDS_CLASS
from khuyencong.messages import LOCALE_DIR, catalogue_path, translations

ROOT = Path(__file__).resolve().parent.parent
PYBABEL = str(Path(sys.executable).parent / "pybabel")
TEMPLATE = LOCALE_DIR / "messages.pot"
LANGUAGES = ("vi", "en")
# The same commands as khuyencong/messages.py gives, into tmp_path instead of the project.
EXTRACT = ["extract", "-F", "babel.cfg", "--sort-by-file", "--omit-header", "--add-location=file"]
EXTRACT_FROM = ["khuyencong", "macros.py"]
UPDATE = ["update", "--omit-header", "--no-fuzzy-matching", "--ignore-obsolete"]
FIX = "fix: run the two pybabel commands in khuyencong/messages.py's docstring and translate what is new"
# Tables keyed by language that hold no words for a reader.
NOT_WORDS = {
    ("formatting.py", '{"vi": "short", "en": "long"}'): "CLDR's unit pattern lengths",
    ("site_checks.py", '{"vi": "Vietnamese", "en": "English"}'): "language names in an editor's problem line",
}


def pybabel(*arguments: str) -> None:
    subprocess.run([PYBABEL, *arguments], cwd=ROOT, check=True, capture_output=True)


def catalogue(language: str):
    with catalogue_path(language).open("rb") as file:
        return read_po(file, locale=language)


def test_the_template_is_what_pybabel_extracts_from_the_code(tmp_path):
    fresh = tmp_path / "messages.pot"
    pybabel(*EXTRACT, "-o", str(fresh), *EXTRACT_FROM)
    assert fresh.read_text(encoding="utf-8") == TEMPLATE.read_text(encoding="utf-8"), FIX


def test_each_catalogue_is_in_step_with_the_template(tmp_path):
    copy = shutil.copytree(LOCALE_DIR, tmp_path / "locale")
    pybabel(*UPDATE, "-i", str(copy / "messages.pot"), "-d", str(copy))
    for language in LANGUAGES:
        updated = (copy / language / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
        assert updated == catalogue_path(language).read_text(encoding="utf-8"), f"{language}: {FIX}"


def _fields(message: str) -> list:
    return sorted(field for _, field, _, _ in Formatter().parse(message) if field is not None)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_word_is_fuzzy_obsolete_or_missing(language):
    words = catalogue(language)
    messages = [message for message in words if message.id]
    with TEMPLATE.open("rb") as file:
        template_ids = {message.id for message in read_po(file) if message.id}
    assert {message.id for message in messages} == template_ids != set()
    assert not words.obsolete
    assert [message.id for message in messages if message.fuzzy] == []
    for message in messages:
        # A msgid is English: the English catalogue may leave it as it is, Vietnamese may not.
        if language == "vi":
            assert message.string.strip(), f"{catalogue_path(language)}: translate {message.id!r}"
        if message.string:
            assert _fields(message.string) == _fields(message.id), f"{message.id!r}: keep its {{}} fields"


def test_a_word_is_read_from_its_language_catalogue():
    assert translations("vi").gettext("Source") == "Nguồn"
    assert translations("en").gettext("Source") == "Source"
    assert translations("vi").gettext("nearly {}").format("22.000") == "gần 22.000"


def test_a_word_missing_from_the_vietnamese_catalogue_is_an_error_not_english():
    with pytest.raises(LookupError, match=r"khuyencong/locale/vi/LC_MESSAGES/messages.po: no translation of 'Nobody"):
        translations("vi").gettext("Nobody translated this")
    assert translations("en").gettext("Nobody translated this") == "Nobody translated this"


def _holds_words(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and any(character.isalpha() for character in node.value)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.Dict):
        return any(_holds_words(value) for value in node.values)
    return False


def tables_of_words(source: str) -> list[str]:
    """Each dict written in the code with a "vi" and an "en" key and words among its values."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Dict):
            continue
        keys = {key.value for key in node.keys if isinstance(key, ast.Constant)}
        if {"vi", "en"} <= keys and any(_holds_words(value) for value in node.values):
            found.append(ast.get_source_segment(source, node))
    return found


@pytest.mark.parametrize("edit", ["empty", "fuzzy"])
def test_an_untranslated_word_is_one_problem_line_before_any_page_is_drawn(tmp_path, monkeypatch, edit):
    from small_project import make_small_project

    from khuyencong import messages
    from khuyencong.project import load_project

    shutil.copytree(LOCALE_DIR, tmp_path / "khuyencong" / "locale")
    monkeypatch.setattr(messages, "LOCALE_DIR", tmp_path / "khuyencong" / "locale")
    po = catalogue_path("vi")
    text = po.read_text(encoding="utf-8")
    line = text.splitlines().index('msgid "Source"') + 1
    translated = 'msgid "Source"\nmsgstr "Nguồn"\n'
    assert translated in text
    broken = 'msgid "Source"\nmsgstr ""\n' if edit == "empty" else "#, fuzzy\n" + translated
    po.write_text(text.replace(translated, broken), encoding="utf-8")
    _, problems = messages._read_catalogue("vi")
    where = f"khuyencong/locale/vi/LC_MESSAGES/messages.po:{line + (edit == 'fuzzy')}:1: no vi translation of 'Source'"
    assert [str(p) for p in problems] == [
        where
        + (" (marked fuzzy)" if edit == "fuzzy" else "")
        + ". Fix: write its translation in msgstr and remove any fuzzy flag (see khuyencong/messages.py)"
    ]
    # The project reports them with its own problems: make check and the strict build stop on them.
    monkeypatch.setattr("khuyencong.project.CATALOGUE_PROBLEMS", tuple(problems))
    assert [str(p) for p in load_project(make_small_project(tmp_path / "project")).problems] == [
        str(p) for p in problems
    ]


def test_the_scan_finds_a_table_of_words_keyed_by_language():
    old = 'WORDS = {\n    "vi": {"table": "Bảng số liệu"},\n    "en": {"table": "The data as a table"},\n}'
    assert tables_of_words(old) == [old.removeprefix("WORDS = ")]
    assert tables_of_words('X = {"vi": f"{n} đồng", "en": f"VND {n}"}') != []
    assert tables_of_words('FIELDS = {"vi": str, "en": str}\nMARKS = {"vi": {"decimal": ","}, "en": {}}') == []


def test_no_table_of_words_keyed_by_language_is_left_in_the_engine():
    scanned, left = 0, []
    for path in sorted((ROOT / "khuyencong").glob("*.py")):
        scanned += 1
        for table in tables_of_words(path.read_text(encoding="utf-8")):
            if (path.name, table) not in NOT_WORDS:
                left.append(f"khuyencong/{path.name}: {table.splitlines()[0]}")
    assert scanned > 10
    assert left == [], "put the words in khuyencong/locale/ (see khuyencong/messages.py)"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_data_page_gives_its_script_the_words_of_its_language(real_site, language):
    html = real_site.html("data", language)
    blocks = re.findall(rf'<script class="{SCRIPT_WORDS_CLASS}" type="application/json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    words = json.loads(blocks[0])
    assert words == {name: translations(language).gettext(msgid) for name, msgid in SCRIPT_WORDS.items()}
    assert words["filter"].startswith({"vi": "Lọc số liệu", "en": "Filter the figures"}[language])


def test_the_script_holds_no_word_of_its_own():
    script = (ROOT / "docs/javascripts/data-table.js").read_text(encoding="utf-8")
    assert SCRIPT_WORDS_CLASS in script
    for language in LANGUAGES:
        for msgid in SCRIPT_WORDS.values():
            # The longest run of words between its {fields}: "figures shown", "Sao chép trích dẫn".
            word = max(re.split(r"\{\w*\}", translations(language).gettext(msgid)), key=len).strip(" :")
            assert word not in script, f"data-table.js still writes {word!r}"
