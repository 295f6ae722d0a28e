"""`python -m khuyencong.yaml_check FILE...`: syntax errors and duplicate keys of YAML files.

Each file is parsed once, never built, whatever tags it uses (mkdocs.yml's !ENV): an alias bomb,
a recursive alias, deep nesting, a huge file, a byte that is not UTF-8 or a control character is
one `path:line:col` line like any other problem, never a traceback or a hang.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .yaml_source import check_yaml_file


def main(paths: list[str]) -> int:
    problems = [p for path in paths for p in check_yaml_file(Path(path), path)]
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
