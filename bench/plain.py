"""The plain Material baseline: the same pages, with every figure typed in, built without the project.

The Markdown of every page is captured as the macros leave it (one extra build of a copy with
bench/capture_hook.py added), then the pages are written, both languages side by side, into a
project that has the theme `material`, its default search plugin, the project's Markdown
extensions, validation and nav, and nothing else: no macros, no i18n plugin, no hooks, no
minification, no custom templates.

The stack's floor is the same plain project with the two plugins the site is built on added, the
i18n plugin configured as the project configures it and mkdocs-macros with a module that defines
nothing: every page still goes through Jinja and each language is built on its own, but none of
the project's own code runs. It tells what part of the cost is the stack's and what part is the
project's. (Its pages hold no macro calls any more, so its Jinja work is, if anything, less.)
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from .measure import ENV
from .synthetic import BENCH_DIR

HOOK = Path(__file__).resolve().parent / "capture_hook.py"
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
HOOKS_LINE = re.compile(r"^hooks:\n((?:  - .*\n)+)", re.MULTILINE)


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml: !ENV [NAME, default] stands for its default."""


_ConfigLoader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])


def _add_capture_hook(project: Path) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    match = HOOKS_LINE.search(text)
    if match is None:
        raise SystemExit(f"{config}: no 'hooks:' list to add the capture hook to")
    shutil.copy2(HOOK, project / "bench_capture_hook.py")
    text = text[: match.end()] + "  - bench_capture_hook.py\n" + text[match.end() :]
    config.write_text(text, encoding="utf-8")


def capture_markdown(project: Path, destination: Path) -> None:
    """Build `project` once with the capture hook; the rendered Markdown lands in `destination`."""
    _add_capture_hook(project)
    site = Path(tempfile.mkdtemp(prefix="bench-capture-"))
    try:
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
            cwd=project,
            env=dict(ENV, BENCH_CAPTURE=str(destination)),
            check=True,
            capture_output=True,
        )
    finally:
        shutil.rmtree(site, ignore_errors=True)


def _plain_config(project_config: Path) -> dict:
    source = yaml.load(project_config.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    theme = {key: value for key, value in source["theme"].items() if key != "custom_dir"}
    return {
        "site_name": source["site_name"],
        "site_description": source.get("site_description", ""),
        "site_url": source["site_url"],
        "docs_dir": "docs",
        "strict": True,
        "theme": theme,
        "validation": source.get("validation", {}),
        "markdown_extensions": source.get("markdown_extensions", []),
        "plugins": ["search"],
        "nav": source.get("nav", []),
        # Both languages sit in one docs folder: the English twins and the synthetic pages are
        # left out of the nav, as the synthetic pages are in the project's copy.
        "not_in_nav": f"/{BENCH_DIR}/\n*.en.md\n",
    }


FLOOR_MACROS = '''"""The stack's floor: mkdocs-macros runs, with nothing of the project's."""


def define_env(env):
    """No macros: the captured pages already hold every figure."""
'''


def make_floor_project(project: Path, plain: Path, destination: Path) -> Path:
    """The plain project at `plain` with the i18n plugin (as `project` configures it) and mkdocs-macros."""
    shutil.copytree(plain / "docs", destination / "docs")
    source = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    i18n = next(p["i18n"] for p in source["plugins"] if isinstance(p, dict) and "i18n" in p)
    config = yaml.safe_load((plain / "mkdocs.yml").read_text(encoding="utf-8"))
    # Material's search, as in the plain baseline, indexes each language on its own.
    config["plugins"] = [
        "search",
        {"i18n": dict(i18n, reconfigure_search=True)},
        {"macros": {"module_name": "floor_macros"}},
    ]
    (destination / "floor_macros.py").write_text(FLOOR_MACROS, encoding="utf-8")
    (destination / "mkdocs.yml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return destination


def make_plain_project(project: Path, captured: Path, destination: Path) -> Path:
    """A plain Material project at `destination` with the captured pages of `project`."""
    docs = destination / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    for page in sorted(captured.rglob("*.md")):
        relative = page.relative_to(captured)
        original = (project / "docs" / relative).read_text(encoding="utf-8")
        front = FRONT_MATTER.match(original)
        target = docs / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text((front.group(0) + "\n" if front else "") + page.read_text(encoding="utf-8"), encoding="utf-8")
    config = _plain_config(project / "mkdocs.yml")
    (destination / "mkdocs.yml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return destination


def plain_twin(project: Path, workspace: Path) -> tuple[Path, Path]:
    """The plain baseline of a (synthetic) project and the stack's floor: a capture build of a
    copy, then the plain project, then the floor built from it."""
    copy = workspace / "capture-copy"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("__pycache__"))
    captured = workspace / "captured"
    capture_markdown(copy, captured)
    shutil.rmtree(copy, ignore_errors=True)
    plain = make_plain_project(project, captured, workspace / "plain")
    return plain, make_floor_project(project, plain, workspace / "floor")


if __name__ == "__main__":  # pragma: no cover - manual use: python -m bench.plain PROJECT WORKSPACE
    print(plain_twin(Path(sys.argv[1]), Path(sys.argv[2])), file=sys.stderr)
    os._exit(0)
