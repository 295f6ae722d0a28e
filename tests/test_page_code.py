"""Pages are content, not code: only literal calls of the registered macros, found and rendered
with Jinja's own lexer; everything else Jinja would run is one problem at its line and column."""

import importlib.util
from types import SimpleNamespace

import pytest
from conftest import ROOT

from khuyencong.page_macros import MACROS, read_template, render_template

HOSTILE = {
    "attribute access": "{{ fact.__globals__ }}",
    "attribute of a call": '{{ fact("a.b").__class__ }}',
    "a filter": '{{ fact("a.b") | e }}',
    "a variable": "{{ config }}",
    "an expression": "{{ 1 + 1 }}",
    "a literal": '{{ "text" }}',
    "a call of a call": '{{ fact(fact("a.b")) }}',
    "a keyword argument": '{{ fact(key="a.b") }}',
    "a variable argument": "{{ fact(key) }}",
    "a splat": "{{ fact(*keys) }}",
    "two expressions": '{{ fact("a.b") ~ fact("a.b") }}',
    "a statement": "{% set x = 1 %}",
    "a loop": "{% for x in range(3) %}x{% endfor %}",
    "an import": "{% import 'os' as os %}",
    "a comment": "{# hidden #}",
    "a raw block": "{% raw %}{{ x }}{% endraw %}",
    "whitespace control": '{{- fact("a.b") -}}',
    "an unclosed call": '{{ fact("a.b")',
    "an argument that is not a key": '{{ fact("../../etc/passwd") }}',
    "a missing argument": "{{ chart() }}",
    "an extra argument": '{{ source_citation("a", "b") }}',
    "an argument to a macro that takes none": '{{ data_downloads("a") }}',
    "an unknown macro": '{{ lipsum("a") }}',
    "a Python builtin": "{{ range(10) }}",
}


@pytest.mark.parametrize("snippet", HOSTILE.values(), ids=HOSTILE.keys())
def test_anything_but_a_literal_call_is_one_problem_at_its_place(snippet):
    read = read_template(f"# Title\n\nSome text, then {snippet} and more.\n", first_line=4)
    assert read.calls == []
    # One problem per statement: a loop's {% for %} and {% endfor %} are two.
    assert 1 <= len(read.problems) <= 2, read.problems
    assert all(problem.line == 6 for problem in read.problems)
    problem = read.problems[0]
    assert (problem.line, problem.col) == (6, 17)
    assert problem.fix


def test_literal_calls_are_found_with_their_place_and_rendered_in_place():
    text = 'A {{ fact("a.b") }} b\n{{ chart( "c_d" ) }}\n{{ data_downloads() }} {{ fact(\'x.y\') }}\n'
    read = read_template(text)
    assert read.problems == []
    assert [(c.name, c.arguments, c.line, c.col) for c in read.calls] == [
        ("fact", ("a.b",), 1, 3),
        ("chart", ("c_d",), 2, 1),
        ("data_downloads", (), 3, 1),
        ("fact", ("x.y",), 3, 24),
    ]
    rendered = render_template(text, lambda call: f"<{call.name}:{','.join(call.arguments)}>")
    assert rendered == "A <fact:a.b> b\n<chart:c_d>\n<data_downloads:> <fact:x.y>\n"


def test_rendering_refuses_what_the_check_refuses():
    with pytest.raises(ValueError):
        render_template("{{ fact.__globals__ }}", lambda call: "")


def test_the_adapter_implements_exactly_the_registered_macros():
    spec = importlib.util.spec_from_file_location("site_macros", ROOT / "macros.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    implemented = module._page_macros(SimpleNamespace(), SimpleNamespace(pages={}))
    assert set(implemented) == set(MACROS)
