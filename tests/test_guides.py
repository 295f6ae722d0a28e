"""The guides cannot drift from the project: README.md, CONTRIBUTING.md and CONTRIBUTING.en.md.

The two editor's guides are twins, like the site's pages: short, with the same anchors in the same
order and the same examples. Every example is real: its fact, document and pages, put into a small
project of their own, pass the content checks and build strictly, and the error output it shows is
what the check prints. Every command in a ```sh block, and every `make ...` in the text, is run
here, or, when it cannot be run in a test, checked as far as a test can, with the reason.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from conftest import build_project
from small_project import DEFAULT_PAGES, make_small_project

from khuyencong.page_macros import MACROS, example_call
from khuyencong.project import load_project

ROOT = Path(__file__).resolve().parent.parent
GUIDES = ("CONTRIBUTING.md", "CONTRIBUTING.en.md")
README = "README.md"
MOST_LINES = 250
# A make started by a test that runs under `make test` is a top-level make of its own.
MAKE_ENV = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKEOVERRIDES")}

FENCE = re.compile(
    r'^(?P<indent>[ ]*)```(?P<language>\w+)(?: title="(?P<title>[^"]+)")?\n(?P<body>.*?)^(?P=indent)```[ ]*$',
    re.MULTILINE | re.DOTALL,
)
ANCHOR = re.compile(r'^<a id="([a-z0-9-]+)"></a>$', re.MULTILINE)
INLINE_MAKE = re.compile(r"`(make [a-z][^`]*)`")
# The misspelt key the guides' error example puts into the Vietnamese page of their page pair.
MISSPELT = ('fact("craft_villages.recognised_traditional")', 'fact("craft_villages.recognised_traditionl")')


@dataclass(frozen=True)
class Block:
    language: str
    title: str
    body: str


def read(name: str) -> str:
    return (ROOT / name).read_text(encoding="utf-8")


def blocks(name: str) -> list[Block]:
    """The fenced blocks of a file, the indentation of a block inside a list item removed."""
    found = []
    for match in FENCE.finditer(read(name)):
        indent = len(match["indent"])
        body = "".join(line[indent:] for line in match["body"].splitlines(keepends=True))
        found.append(Block(match["language"], match["title"] or "", body))
    return found


def titled(name: str, title: str) -> list[str]:
    return [block.body for block in blocks(name) if block.title == title]


def commands(name: str) -> list[str]:
    """The commands of a file's sh blocks (continued lines joined, comments dropped, && split)
    and every `make ...` written in its text."""
    found = []
    for block in blocks(name):
        if block.language != "sh":
            continue
        for line in block.body.replace("\\\n", " ").splitlines():
            line = re.sub(r"\s+#.*$", "", line).strip()
            found.extend(" ".join(part.split()) for part in line.split("&&") if part.strip())
    outside = FENCE.sub("", read(name))
    found.extend(" ".join(match.split()) for match in INLINE_MAKE.findall(outside))
    return found


def make_targets() -> list[str]:
    phony = re.search(r"^\.PHONY:(.*)$", read("Makefile"), re.MULTILINE)
    return phony.group(1).split()


# --- The guides are twins ---------------------------------------------------------------------------


@pytest.mark.parametrize("guide", GUIDES)
def test_a_guide_is_short(guide):
    lines = read(guide).count("\n")
    assert 0 < lines <= MOST_LINES, f"{guide} has {lines} lines; keep it to {MOST_LINES}"


def test_the_guides_have_the_same_anchors_in_the_same_order():
    vi, en = (ANCHOR.findall(read(guide)) for guide in GUIDES)
    assert vi, "CONTRIBUTING.md has no <a id> anchor"
    assert vi == en


@pytest.mark.parametrize("guide", GUIDES)
def test_a_guides_links_land(guide):
    text = read(guide)
    anchors = set(ANCHOR.findall(text))
    links = re.findall(r"\]\(([^)\s]+)\)", FENCE.sub("", text))
    assert links
    for link in links:
        path, _, fragment = link.partition("#")
        if path.startswith("http"):
            continue
        if not path:
            assert fragment in anchors, f"{guide}: link {link} lands on no anchor"
            continue
        assert (ROOT / path).is_file(), f"{guide}: link {link} names no file"
        if fragment:
            # GitHub's id for a heading: lower case, spaces as '-', punctuation dropped.
            headings = re.findall(r"^#+ (.+)$", read(path), re.MULTILINE)
            ids = {re.sub(r"[^\w -]", "", h.strip().lower()).replace(" ", "-") for h in headings}
            assert fragment in ids, f"{guide}: link {link} lands on no heading of {path}"
    assert GUIDES[0] in links or GUIDES[1] in links, f"{guide} does not link to its twin"


def test_the_guides_show_the_same_examples():
    """Titled blocks hold data, pages and output, which are the same in both languages."""
    vi, en = ([(b.title, b.body) for b in blocks(guide) if b.title] for guide in GUIDES)
    assert vi == en


@pytest.mark.parametrize("guide", GUIDES)
def test_the_macro_table_is_the_registry(guide):
    """Each registered macro is shown as a page calls it, and no other macro is shown."""
    text = read(guide)
    shown = set(re.findall(r"^\| `\{\{ (\w+)\(", text, re.MULTILINE))
    assert shown == set(MACROS)
    for name in MACROS:
        assert f"| `{example_call(name)}` |" in text, f"{guide}: show {example_call(name)} in the macro table"


# --- The examples are real ------------------------------------------------------------------------


def example_project(root: Path, vi_page_edit: tuple[str, str] | None = None, site_pages: dict | None = None) -> Path:
    """A small project made of the guide's examples alone: its facts and documents and its pages,
    with the real copies and layouts of the documents the examples describe, and the given pages
    a site needs besides."""
    guide = GUIDES[1]
    facts_yaml = "\n".join(titled(guide, "data/facts.yaml"))
    documents = yaml.safe_load(facts_yaml)["documents"]
    pages = {b.title.removeprefix("docs/"): b.body for b in blocks(guide) if b.title.startswith("docs/")}
    pages.update(site_pages or {})
    if vi_page_edit:
        old, new = vi_page_edit
        assert old in pages["craft-villages.md"]
        pages["craft-villages.md"] = pages["craft-villages.md"].replace(old, new, 1)
    sources = {Path(d["file"]).name: read(d["file"]) for d in documents.values()}
    make_small_project(root, facts_yaml=facts_yaml, pages=pages, sources=sources)
    # The examples draw no chart (the small project's own chart is of facts they do not define).
    (root / "data/charts.yaml").unlink()
    for key in documents:
        layout = f"data/documents/{key}.yaml"
        (root / layout).write_text(read(layout), encoding="utf-8")
    return root


def test_the_examples_pass_the_content_checks(tmp_path):
    project = load_project(example_project(tmp_path / "project"))
    assert [str(p) for p in project.problems] == []
    # Something was checked: the fact, the document and both page pairs.
    assert set(project.facts.facts) == {"craft_villages.recognised_traditional"}
    assert set(project.texts) == {"ket_qua_10_nam"}
    assert len(project.pages) == 4


def pages_a_site_needs(document: str) -> dict[str, str]:
    """Besides the examples: a home page; the data page, to which every figure links; the sources
    page, where the data page links each fact's document, in the section headed with its key."""
    pages = {name: DEFAULT_PAGES[name] for name in ("data.md", "data.en.md")}
    for name in ("sources.md", "sources.en.md"):
        pages[name] = DEFAULT_PAGES[name].replace('"report"', f'"{document}"').replace("#report", f"#{document}")
    for name, text in (("index.md", "Trang chủ { #home }"), ("index.en.md", "Home { #home }")):
        pages[name] = f'---\ndescription: "{text.split(" {")[0]}."\n---\n\n# {text}\n'
    return pages


def test_the_examples_build_strictly_and_show_the_figure(tmp_path, caplog):
    project = example_project(tmp_path / "project", site_pages=pages_a_site_needs("ket_qua_10_nam"))
    result = build_project(project, tmp_path / "site", caplog)
    assert result.ok and result.warnings == []
    for language, words in (("vi", "làng nghề được công nhận"), ("en", "villages recognised")):
        text = " ".join(result.html("craft-villages", language).split())
        assert re.search(rf">308</a>\S* {words}", text), f"{language}: the figure is not shown as written"


def test_the_error_example_is_what_make_check_prints(tmp_path):
    root = example_project(tmp_path / "project", vi_page_edit=MISSPELT)
    # `make check` runs this command in the project folder.
    run = subprocess.run(
        [sys.executable, "-m", "khuyencong", "check"], cwd=root, capture_output=True, text=True, check=False
    )
    assert run.returncode == 1, run.stderr
    for guide in GUIDES:
        (shown,) = titled(guide, "make check")
        assert shown == run.stdout, f"{guide}: show what make check prints:\n{run.stdout}"


def test_the_layout_example_is_an_excerpt_of_the_real_layout():
    """A layout is too long to show whole; the example project uses the real file, of which this is a part."""
    (excerpt,) = (b for b in blocks(GUIDES[1]) if b.title.startswith("data/documents/"))
    assert excerpt.body in read(excerpt.title)


def test_the_nav_example_uses_the_real_settings():
    """The mkdocs.yml example is an excerpt: the keys it shows are where the real file keeps them."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: None)
    (excerpt,) = titled(GUIDES[1], "mkdocs.yml")
    example = yaml.safe_load(excerpt)
    real = yaml.load(read("mkdocs.yml"), Loader=Loader)

    def english(config):
        (i18n,) = (p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
        (en,) = (language for language in i18n["languages"] if language["locale"] == "en")
        return en["nav_translations"]

    assert isinstance(english(real), dict) and isinstance(real["nav"], list)
    # The example lists the example page under the titles its two files give it.
    ((vi_title, page),) = (entry.popitem() for entry in example["nav"])
    pages = [b for b in blocks(GUIDES[1]) if b.title.startswith("docs/")]
    titles = {b.title: re.search(r"^# (.+?) \{", b.body, re.MULTILINE)[1] for b in pages}
    assert vi_title == titles[f"docs/{page}"]
    assert english(example) == {vi_title: titles[f"docs/{page.removesuffix('.md')}.en.md"]}


# --- Every command runs ---------------------------------------------------------------------------

# Targets run for real here: they take seconds and change nothing.
RUN_FOR_REAL = ("check", "lint")
# Targets only dry-run here (`make -n`: the target exists and its recipe expands), and why.
DRY_RUN_ONLY = {
    "serve": "serves until stopped; tests/test_serve.py starts the preview and reads it",
    "build": "replaces the work tree's site/; tests/test_site.py builds the same strict site",
    "test": "is the suite this test belongs to",
    "check-site": "takes minutes with a browser and Java; tests/test_check_site.py covers its checks",
    "screenshots": "takes minutes with a browser; tests/test_screenshots.py covers it",
    "bench": "takes up to ten minutes; tests/test_bench.py covers it",
    "clean": "deletes the work tree's site/ and screenshots/",
}


def shown_in() -> dict[str, list[str]]:
    """Each command once, with the files that show it."""
    found: dict[str, list[str]] = {}
    for name in (README, *GUIDES):
        for command in commands(name):
            found.setdefault(command, []).append(name)
    return found


SHOWN_IN = shown_in()


def run_make(command: str, match: re.Match, tmp_path: Path) -> None:
    target, *variables = command.split()[1:]
    assert target in make_targets(), f"'{command}': no such target in the Makefile"
    assert target in RUN_FOR_REAL or target in DRY_RUN_ONLY, f"decide how tests/test_guides.py runs '{command}'"
    dry = subprocess.run(["make", "-n", target, *variables], cwd=ROOT, env=MAKE_ENV, capture_output=True, text=True)
    assert dry.returncode == 0, dry.stderr
    for variable in variables:
        assert variable.split("=")[1] in dry.stdout, f"'{command}': {variable} changes nothing"
    if target in RUN_FOR_REAL:
        run = subprocess.run(["make", target], cwd=ROOT, env=MAKE_ENV, capture_output=True, text=True)
        assert run.returncode == 0, run.stdout + run.stderr


def run_pytest(command: str, match: re.Match, tmp_path: Path) -> None:
    assert match[1] != "tests/test_guides.py", "a guide's example must not run this file from within itself"
    run = subprocess.run(command.split(), cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert " passed" in run.stdout


def run_pre_commit_install(command: str, match: re.Match, tmp_path: Path) -> None:
    """In a new repository beside this one: installing writes into .git/hooks."""
    repository = tmp_path / "repository"
    repository.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=repository, check=True)
    (repository / ".pre-commit-config.yaml").write_text(read(".pre-commit-config.yaml"), encoding="utf-8")
    (repository / ".venv").symlink_to(ROOT / ".venv")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    run = subprocess.run(command.split(), cwd=repository, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "pre-commit" in (repository / ".git/hooks/pre-commit").read_text(encoding="utf-8")


def run_sha256sum(command: str, match: re.Match, tmp_path: Path) -> None:
    """The digest it prints is the one the document's layout records."""
    file = match[1]
    run = subprocess.run(command.split(), cwd=ROOT, capture_output=True, text=True, check=True)
    digest = run.stdout.split()[0]
    assert digest == hashlib.sha256((ROOT / file).read_bytes()).hexdigest()
    layouts = [p for p in (ROOT / "data/documents").glob("*.yaml") if f"file: {file}\n" in p.read_text("utf-8")]
    assert layouts and all(f'sha256: "{digest}"' in p.read_text("utf-8") for p in layouts)


def run_venv(command: str, match: re.Match, tmp_path: Path) -> None:
    """Run as written, into a folder of the test's own instead of the guide's."""
    run = subprocess.run([*command.split()[:-1], str(tmp_path / Path(match[1]).name)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def check_pip_install(command: str, match: re.Match, tmp_path: Path) -> None:
    """Installing from PyPI needs the network, which tests never use: the tool is pinned exactly."""
    assert re.fullmatch(r"[a-z-]+==\d+(\.\d+)+", match[1]), f"'{command}': pin an exact version"


def check_pip_compile(command: str, match: re.Match, tmp_path: Path) -> None:
    """Compiling needs PyPI too: the command is the one requirements.txt records it was compiled with."""
    recorded = re.search(r"^#    pip-compile (.*)$", read("requirements.txt"), re.MULTILINE)
    assert recorded, "requirements.txt records no pip-compile command"
    assert match[1].split() == recorded.group(1).split()


# Each command a guide may show, and what runs or checks it.
HANDLERS = (
    (re.compile(r"make [a-z-]+(?: [A-Z_]+=\S+)*"), run_make),
    (re.compile(r"\.venv/bin/python -m pytest (tests/\S+\.py)"), run_pytest),
    (re.compile(r"\.venv/bin/pre-commit install"), run_pre_commit_install),
    (re.compile(r"sha256sum (sources/\S+)"), run_sha256sum),
    (re.compile(r"python3 -m venv (/tmp/\S+)"), run_venv),
    (re.compile(r"\S+/bin/pip install (\S+)"), check_pip_install),
    (re.compile(r"\S+/bin/pip-compile (.+)"), check_pip_compile),
)


def test_the_guides_show_commands():
    names = {name for names in SHOWN_IN.values() for name in names}
    assert names == {README, *GUIDES}, "each guide shows its commands in ```sh blocks"


@pytest.mark.parametrize("command", sorted(SHOWN_IN))
def test_every_command_a_guide_shows_runs(command, tmp_path):
    for pattern, handle in HANDLERS:
        if match := pattern.fullmatch(command):
            handle(command, match, tmp_path)
            return
    pytest.fail(f"{SHOWN_IN[command]}: no test exercises '{command}'; add a handler to tests/test_guides.py or drop it")


# --- The front door -------------------------------------------------------------------------------


def test_the_readme_names_every_make_target():
    listed = re.findall(r"^\| `make ([a-z-]+)`", read(README), re.MULTILINE)
    assert sorted(listed) == sorted(make_targets())


def test_the_readme_links_to_both_guides():
    text = read(README)
    for guide in GUIDES:
        assert f"]({guide})" in text
