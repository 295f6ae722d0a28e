"""No YAML input can make loading slow, deep or a traceback: each malformed input is one line.

Every load of a malformed text runs in a child Python with a memory ceiling and a time limit, so
that a hang or an exploding alias fails the test with the case's name instead of hanging or
swapping the suite (a load that only well-formed text reaches runs in the test itself).
"""

from __future__ import annotations

import base64
import json
import queue
import random
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

from khuyencong.problems import ContentError
from khuyencong.yaml_source import Mapping, load_yaml

ROOT = Path(__file__).resolve().parent.parent
FACTS = "data/facts.yaml"
CHARTS = "data/charts.yaml"
SECONDS = 10  # generous: a load that takes this long is a hang, whatever the machine
MEMORY = 2 * 1024**3  # bytes of address space the child may use: an alias bomb fails, not the machine

# The child: loads each case of a JSON-lines file and prints one JSON line per case, before
# and after, so that the parent knows which case hung.
CHILD = r"""
import base64, json, resource, signal, sys, tempfile, traceback
from pathlib import Path
import yaml

cases_file, seconds, memory = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
from khuyencong import yaml_source
from khuyencong.problems import ContentError

def too_long(*_):
    raise TimeoutError(f"still loading after {seconds} s")

signal.signal(signal.SIGALRM, too_long)
folder = Path(tempfile.mkdtemp())
for number, line in enumerate(open(cases_file, encoding="utf-8")):
    case = json.loads(line)
    data = base64.b64decode(case["data"])
    print(json.dumps({"started": case["name"]}), flush=True)
    result = {"name": case["name"]}
    signal.alarm(seconds)
    try:
        if case["call"] == "load_yaml_text":
            value = yaml_source.load_yaml_text(data.decode("utf-8"), case["display"], case.get("first_line", 1))
        else:
            path = folder / f"{number}.yaml"
            path.write_bytes(data)
            if case["call"] == "load_facts":
                from khuyencong.facts import load_facts as call
            else:
                call = getattr(yaml_source, case["call"])
            value = call(path, case["display"])
        signal.alarm(0)
        if isinstance(value, list):
            result.update(kind="problems", problems=[[p.path, p.line, p.col, p.message, p.fix, str(p)] for p in value])
        elif isinstance(value, yaml_source.Mapping):
            result.update(kind="mapping")
            if case.get("compare"):  # the same values as PyYAML's own loader reads (on the same parser)
                try:
                    result.update(same=value == yaml.load(data.decode("utf-8"), Loader=yaml_source.FAST_LOADER))
                except yaml.YAMLError:
                    pass
        else:
            result.update(kind=repr(type(value)))
    except ContentError as error:
        signal.alarm(0)
        problems = error.problems
        result.update(kind="problems", problems=[[p.path, p.line, p.col, p.message, p.fix, str(p)] for p in problems])
    except BaseException:
        signal.alarm(0)
        result.update(kind="exception", error=traceback.format_exc(limit=-8))
    print(json.dumps(result), flush=True)
"""


def case(name: str, data: bytes | str, display: str = FACTS, call: str = "load_yaml", **extra) -> dict:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return {"name": name, "call": call, "display": display, "data": base64.b64encode(raw).decode("ascii"), **extra}


def run_cases(cases: list[dict], tmp_path: Path) -> dict:
    """Each case's result, loaded in a child; a case that hangs or kills the child is a result too."""
    results: dict = {}
    while len(results) < len(cases):
        rest = cases[len(results) :]
        results.update(_run_child(rest, tmp_path / f"cases{len(results)}.jsonl"))
    return results


def _run_child(cases: list[dict], cases_file: Path) -> dict:
    """Results of the cases in order, up to and including the first that hangs or kills the child."""
    cases_file.write_text("".join(json.dumps(c) + "\n" for c in cases), encoding="utf-8")
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(cases_file), str(SECONDS), str(MEMORY)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in child.stdout] + [lines.put(None)], daemon=True).start()
    results = {}
    current = cases[0]["name"]
    try:
        while True:
            try:
                line = lines.get(timeout=SECONDS + 20)
            except queue.Empty:
                results[current] = {"name": current, "kind": "hang", "error": f"no answer within {SECONDS + 20} s"}
                return results
            if line is None:
                break
            answer = json.loads(line)
            if "started" in answer:
                current = answer["started"]
            else:
                results[answer["name"]] = answer
    finally:
        child.kill()
        child.wait()
    if len(results) < len(cases):
        error = f"the child died (exit status {child.returncode}): {child.stderr.read()[-2000:]}"
        results[current] = {"name": current, "kind": "crash", "error": error}
    return results


def assert_clear_problems(result: dict, display: str) -> list[list]:
    """Problems, not a traceback: each one line naming the file, a line and column, and a fix."""
    assert result["kind"] == "problems", result.get("error") or result
    problems = result["problems"]
    assert problems
    for path, line, col, message, fix, text in problems:
        assert path == display, text
        assert isinstance(line, int) and line >= 1 and isinstance(col, int) and col >= 1, text
        assert "\n" not in text and "\r" not in text, text
        assert message and fix, text
        assert text == f"{path}:{line}:{col}: {message}. Fix: {fix}"
    return problems


SAMPLE = """\
# A chart, as data/charts.yaml writes them.
craft_villages:
  title: {vi: "Làng nghề", en: "Report"}
  bars:
    - fact: craft_villages.total
"""
LAUGHS = (
    "a: &a ["
    + ", ".join(['"lol"'] * 9)
    + "]\n"
    + "".join(f"{b}: &{b} [" + ", ".join([f"*{a}"] * 9) + "]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True))
)
MAPPING_BOMB = "l0: &l0 {p: 1, q: 2}\n" + "".join(f"l{n}: &l{n} {{p: *l{n - 1}, q: *l{n - 1}}}\n" for n in range(1, 40))

# name: (text, file shown, line of the problem or None, a word the problem's message holds)
BAD = {
    "alias bomb (billion laughs)": (LAUGHS, FACTS, None, "alias"),
    "alias bomb of mappings": (MAPPING_BOMB, CHARTS, None, "alias"),
    "recursive alias in a list": ("a: &a [1, *a]\n", FACTS, 1, "alias"),
    "recursive alias in a mapping": ("a: &a\n  b: 1\n  c: *a\n", CHARTS, 3, "alias"),
    "merge key": ("base: &base {x: 1}\nitem:\n  <<: *base\n  y: 2\n", FACTS, 3, "<<"),
    "python tag": ("a: !!python/object/apply:os.system [echo hi]\n", FACTS, 1, "tag"),
    "custom tag": ("a:\n  b: !foo bar\n", CHARTS, 2, "tag"),
    "non-specific tag": ("a: ! 12\n", FACTS, 1, "tag"),
    "standard tag on a scalar": ("a: !!str 12\n", FACTS, 1, "tag"),
    "standard tag on a mapping": ("a: !!set {x, y}\n", FACTS, 1, "tag"),
    "deep nesting": ("a: " + "[" * 40 + "1" + "]" * 40 + "\n", FACTS, 1, "deep"),
    "very deep nesting": ("a: " + "[" * 100_000 + "]" * 100_000 + "\n", FACTS, 1, "deep"),
    "very deep block nesting": ("".join(" " * n + f"k{n}:\n" for n in range(3000)), FACTS, None, "deep"),
    "deep nesting through an alias": ("a: &a " + "[" * 10 + "1" + "]" * 10 + "\nb: [[[[*a]]]]\n", FACTS, 2, "deep"),
    "huge file": (SAMPLE + "# padding\n" * 1_000_000, CHARTS, 1, "MiB"),
    "too many values": ("a: [" + "1, " * 600_000 + "1]\n", FACTS, 1, "values"),
    "syntax error after 8 MB": ('a: "' + "x" * 8_000_000 + '"\n b: : c\n', FACTS, 2, "syntax"),
    "5,000-digit whole number": ("a:\n  b: " + "9" * 5000 + "\n", FACTS, 2, "number"),
    "5,000-digit number": ("a: 1." + "5" * 5000 + "\n", FACTS, 1, "number"),
    "base-60 number of 100,000 parts": ("a: 1" + ":30" * 100_000 + "\n", FACTS, 1, "number"),
    "impossible date": ("period: 2012-13-45\n", FACTS, 1, "2012-13-45"),
    "equals sign": ("a: =\n", FACTS, 1, "="),
    "complex key": ("? [a]\n: 1\n", FACTS, 1, "key"),
    "mapping as key": ("a: {{x: 1}: 2}\n", CHARTS, 1, "key"),
    "alias as key": ("a: &k [1]\n*k : 1\n", FACTS, 2, "key"),
    "invalid UTF-8": (SAMPLE.encode("utf-8").replace(b"Report", b"R\xe9port"), CHARTS, 3, "UTF-8"),
    "control character": ("a: b\x01c\n", FACTS, 1, "U+0001"),
    "not a mapping": ("# the charts\n\n- a\n- b\n", CHARTS, 3, "mapping"),
}


@pytest.fixture(scope="module")
def bad_results(tmp_path_factory):
    return run_cases([case(n, t, d) for n, (t, d, _, _) in BAD.items()], tmp_path_factory.mktemp("bad"))


@pytest.mark.parametrize("name", list(BAD))
def test_malformed_input_is_one_clear_line(bad_results, name):
    _, display, line, word = BAD[name]
    problems = assert_clear_problems(bad_results[name], display)
    assert len(problems) <= 100
    lines = [p[1] for p in problems]
    assert line is None or line in lines, problems
    assert any(word.lower() in p[3].lower() for p in problems), problems


# A figure the loader can read but no fact may hold: read as a number, refused by the fact's check
# (facts.py), which names the fact; whatever the value, never a traceback.
ODD_VALUES = ["1.0e+999", "-.inf", ".NaN", "1e999", str(10**400), "9" * 5000, "2012-13-45", "=", "<<"]


def test_odd_values_of_the_real_facts_are_problems_on_their_line(tmp_path):
    real = (ROOT / FACTS).read_text(encoding="utf-8")
    at = real.index("\n    value: ") + len("\n    value: ")
    line = real.count("\n", 0, at) + 1
    end = real.index("\n", at)
    cases = [case(value, real[:at] + value + real[end:], call="load_facts") for value in ODD_VALUES]
    results = run_cases(cases, tmp_path)
    for value in ODD_VALUES:
        problems = assert_clear_problems(results[value], FACTS)
        assert line in [p[1] for p in problems], (value, problems)


def test_small_anchor_and_alias_load_as_written_out(tmp_path):
    """The data uses a few anchors for shared sources: those load, each use its own copy."""
    text = "shared: &s {a: 1, b: [2, 3]}\nfirst: *s\nsecond: *s\n"
    path = tmp_path / "small.yaml"
    path.write_text(text, encoding="utf-8")
    data = load_yaml(path, FACTS)
    assert data == yaml.safe_load(text)
    assert data["first"] is not data["second"] and data["first"]["b"] is not data["second"]["b"]
    assert isinstance(data["first"], Mapping) and data["first"].line == 1


def test_infinite_and_odd_numbers_are_read_for_the_checkers_to_judge(tmp_path):
    """The loader reads what YAML reads; whether a figure makes sense is the fact check's to say."""
    path = tmp_path / "numbers.yaml"
    path.write_text("a: 1.0e+999\nb: -.inf\nc: 1e999\nd: 1_000\ne: 2012-01-31\n", encoding="utf-8")
    data = load_yaml(path, FACTS)
    assert data == yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["a"] == float("inf") and data["c"] == "1e999" and data["d"] == 1000


def test_the_yaml_lint_command_prints_one_line_each(tmp_path):
    bomb = tmp_path / "bomb.yml"
    bomb.write_text(LAUGHS, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "khuyencong.yaml_check", "mkdocs.yml", str(bomb)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=SECONDS + 20,
    )
    assert result.returncode == 1 and not result.stderr, result.stderr[-2000:]
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith(f"{bomb}:") and ". Fix: " in line for line in lines), lines


def test_a_problem_inside_an_anchor_is_listed_once(tmp_path):
    text = "shared: &s\n  a: 1\n  a: 2\nfirst: *s\nsecond: *s\n"
    results = run_cases(
        [case("load", text), case("lint", text, "mkdocs.yml", call="check_yaml_file")],
        tmp_path,
    )
    for name, display in (("load", FACTS), ("lint", "mkdocs.yml")):
        problems = assert_clear_problems(results[name], display)
        assert [p[1:3] for p in problems] == [[3, 3]], problems


ALIAS_MISTAKES = {
    "undefined alias": ("a: *nowhere\n", 1),
    "anchor defined twice": ("a: &x 1\nb: &x 2\n", 2),
    "two documents": ("a: 1\n---\nb: 2\n", 2),
}


def test_alias_and_document_mistakes_are_one_line(tmp_path):
    results = run_cases([case(n, t) for n, (t, _) in ALIAS_MISTAKES.items()], tmp_path)
    for name, (_, line) in ALIAS_MISTAKES.items():
        problems = assert_clear_problems(results[name], FACTS)
        assert line in [p[1] for p in problems], (name, problems)


def test_a_folder_or_missing_file_is_one_line(tmp_path):
    for path in (tmp_path, tmp_path / "nowhere.yaml"):
        with pytest.raises(ContentError) as raised:
            load_yaml(path, FACTS)
        assert [(p.path, p.line) for p in raised.value.problems] == [(FACTS, 1)]


def test_real_data_loads_unchanged():
    for name in (FACTS, CHARTS):
        text = (ROOT / name).read_text(encoding="utf-8")
        data = load_yaml(ROOT / name, name)
        assert isinstance(data, Mapping) and data == yaml.safe_load(text)


def test_the_benchmark_facts_file_loads(tmp_path):
    """10,000 facts grown by the benchmark (about 10,000 aliases to shared sources) are far inside the bounds."""
    from bench.projects import grow_data

    shutil.copytree(ROOT / "data", tmp_path / "data")
    grow_data(tmp_path, facts=10_000, documents=2)
    path = tmp_path / "data/facts.yaml"
    results = run_cases([case("bench", path.read_bytes())], tmp_path)
    assert results["bench"]["kind"] == "mapping", results["bench"]


LINT = {
    "alias bomb": (LAUGHS, "alias"),
    "recursive alias": ("a: &a\n  b: *a\n", "alias"),
    "very deep nesting": ("a: " + "[" * 100_000 + "]" * 100_000 + "\n", "deep"),
    "invalid UTF-8": (b"site_name: caf\xe9\n", "UTF-8"),
    "control character": ("a: \x00\n", "U+0000"),
    "huge file": ("site_name: x\n" + "# padding\n" * 1_000_000, "MiB"),
}
LINT_GOOD = {
    "mkdocs.yml's !ENV": "site_url: !ENV [SITE_URL, 'https://example.org/']\nextra: {a: !ENV X}\n",
    "complex key": "? [a, b]\n: 1\n? {c: d}\n: 2\n",
    "anchors and merge keys": "base: &b {x: 1}\njob:\n  <<: *b\n  y: 2\n",
}


def test_yaml_lint_is_safe_and_still_accepts_tags(tmp_path):
    cases = [case(n, t, "mkdocs.yml", call="check_yaml_file") for n, (t, _) in LINT.items()]
    cases += [case(n, t, "mkdocs.yml", call="check_yaml_file") for n, t in LINT_GOOD.items()]
    cases.append(case("real mkdocs.yml", (ROOT / "mkdocs.yml").read_bytes(), "mkdocs.yml", call="check_yaml_file"))
    results = run_cases(cases, tmp_path)
    for name, (_, word) in LINT.items():
        problems = assert_clear_problems(results[name], "mkdocs.yml")
        assert any(word.lower() in p[3].lower() for p in problems), (name, problems)
    for name in [*LINT_GOOD, "real mkdocs.yml"]:
        assert results[name] == {"name": name, "kind": "problems", "problems": []}, results[name]


def test_yaml_lint_still_finds_duplicates_and_syntax_errors(tmp_path):
    results = run_cases(
        [
            case("duplicate", "a: 1\nb:\n  c: 1\n  c: 2\n", "x.yml", call="check_yaml_file"),
            case("syntax", "a: 1\n b: 2\n", "x.yml", call="check_yaml_file"),
        ],
        tmp_path,
    )
    assert [p[5] for p in results["duplicate"]["problems"]] == [
        "x.yml:4:3: duplicate key 'c' (first defined on line 3). Fix: rename one of the two entries or delete the copy"
    ]
    assert [p[5].split(": ")[0:2] for p in results["syntax"]["problems"]] == [["x.yml:2:3", "YAML syntax error"]]


FRONT_MATTER = {
    "duplicate": ("title: a\ntitle: b\n", 3, "duplicate"),
    "alias bomb": (LAUGHS, None, "alias"),
    "tag": ("description: !!binary aGk=\n", 2, "tag"),
    "syntax": ("title: a\n  b: c\n", 3, "syntax"),
    "not a mapping": ("- a\n", 2, "mapping"),
}


def test_front_matter_text_has_the_same_rules_and_page_lines(tmp_path):
    cases = [case(n, t, "docs/index.md", call="load_yaml_text", first_line=2) for n, (t, _, _) in FRONT_MATTER.items()]
    cases.append(case("good", "title: a\nhide: [toc]\n", "docs/index.md", call="load_yaml_text", first_line=2))
    results = run_cases(cases, tmp_path)
    for name, (_, line, word) in FRONT_MATTER.items():
        problems = assert_clear_problems(results[name], "docs/index.md")
        assert line is None or line in [p[1] for p in problems], (name, problems)
        assert any(word.lower() in p[3].lower() for p in problems), (name, problems)
    assert results["good"]["kind"] == "mapping", results["good"]


def test_front_matter_positions_are_page_lines():
    from khuyencong.yaml_source import load_yaml_text  # here, so that the other tests run without it

    data = load_yaml_text("title: a\nhide:\n  - toc\n", "docs/index.md", first_line=2)
    assert data == {"title": "a", "hide": ["toc"]}
    assert data.position_of("title") == (2, 1) and data.position_of("hide") == (3, 1)


INSERTS = ["&a ", " *a", "!x ", "<<: ", "[", "{", ":", "&a", "*a", "!x", "<<:", "]", "}", "? ", "- ", "\n", '"']
INSERTS += ["'", "\t", "|", ">", "#", "%", "=", "\x01", "!!str ", "&b [*a, *a]", "*a, *a", "1.0e+999", "2012-13-45"]
INSERTS += ["9" * 40]
# Where YAML reads a node: at a line's indentation, after "- ", after ": ".
NODE_PLACES = re.compile(r"^ *(?:- )?|: ", re.MULTILINE)
# Where a key's value, a list or mapping, starts on the next line: an anchor there names all of it.
COLLECTION_PLACES = re.compile(r":(?=\n)")


def mutate(text: str, chance: random.Random) -> bytes:
    """The text with one to three random edits: characters deleted, doubled or swapped, tokens
    inserted (half of them where a node starts), or a byte that may break the UTF-8."""
    places = [m.end() for m in NODE_PLACES.finditer(text)]
    collections = [m.end() for m in COLLECTION_PLACES.finditer(text)]
    stray_byte = None
    for _ in range(chance.randint(1, 3)):
        at = chance.randrange(len(text))
        edit = chance.choice(["delete", "double", "swap", "insert", "insert", "insert", "alias", "byte"])
        if edit == "delete":
            text = text[:at] + text[at + chance.randint(1, 8) :]
        elif edit == "double":
            text = text[:at] + text[at : at + chance.randint(1, 40)] + text[at:]
        elif edit == "swap" and at + 1 < len(text):
            text = text[:at] + text[at + 1 : at + 2] + text[at : at + 1] + text[at + 2 :]
        elif edit == "byte":
            stray_byte = chance.choice([0x00, 0x80, 0xC3, 0xFF])
        elif edit == "alias":  # an anchor, and an alias before, inside or after the value it names
            first, second = sorted(chance.sample(places, 2))
            anchor = "&a "
            if collections and chance.random() < 0.5:
                first = chance.choice(collections)
                second = chance.choice([p for p in places if p > first] or [first])
                anchor = " &a"
            line_start = text.rfind("\n", 0, second) + 1
            indentation = text[line_start:second]
            if indentation.strip():  # after ": " or "- ": the alias is the value
                line_end = text.find("\n", second) % (len(text) + 1)
                text = text[:first] + anchor + text[first:second] + "*a" + text[line_end:]
            else:  # at a key: a merge key, or the alias as a key
                key = chance.choice(["<<: *a\n", "*a : 1\n", "? *a\n"]) + indentation
                text = text[:first] + anchor + text[first:second] + key + text[second:]
        else:
            at = chance.choice(places) if chance.random() < 0.5 and places else at
            text = text[:at] + chance.choice(INSERTS) + text[at:]
    data = text.encode("utf-8")
    if stray_byte is not None:
        at = chance.randrange(len(data))
        data = data[:at] + bytes([stray_byte]) + data[at:]
    return data


MUTATIONS = 300


def test_random_edits_of_the_real_facts_file_never_escape(tmp_path):
    """Seeded, bounded fuzz: each edited file loads or is refused in clear lines; never a traceback or a hang."""
    real = (ROOT / FACTS).read_text(encoding="utf-8")
    chance = random.Random(20241130)
    cases = [case(f"mutation {n}", mutate(real, chance), compare=True) for n in range(MUTATIONS)]
    results = run_cases(cases, tmp_path)
    escaped = [(n, r) for n, r in results.items() if r["kind"] not in ("mapping", "problems")]
    assert not escaped, escaped[:3]
    changed = [n for n, r in results.items() if r.get("same") is False]
    assert not changed, changed[:3]
    refused = 0
    for result in results.values():
        if result["kind"] == "problems":
            assert_clear_problems(result, FACTS)
            refused += 1
    assert refused > MUTATIONS // 3  # the edits do break the file, most of the time
