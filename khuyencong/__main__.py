"""`python -m khuyencong check [ROOT]`: check the facts and every page without building the site.

Prints one `path:line:col: message` line per problem and exits 1 when there is any.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .project import load_project


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m khuyencong")
    parser.add_argument("command", choices=["check"])
    parser.add_argument("root", nargs="?", default=".", type=Path, help="project folder (default: .)")
    args = parser.parse_args(argv)
    project = load_project(args.root)
    for problem in project.problems:
        print(problem)
    count = len(project.problems)
    facts = len(project.facts) if project.facts else 0
    print(f"{count} problem{'s' * (count != 1)}; {facts} facts checked", file=sys.stderr)
    return 1 if count else 0


if __name__ == "__main__":
    sys.exit(main())
