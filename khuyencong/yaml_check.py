"""`python -m khuyencong.yaml_check FILE...`: syntax errors and duplicate keys of YAML files."""

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
