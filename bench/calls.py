"""`python -m bench.calls`: Python function calls per page pair, at few and at many facts.

Time per page varies with the machine and with the size of the heap; the number of calls a build
makes does not. If some per-page step scanned all the facts, the calls per page pair would grow
with the facts. Each build runs once under cProfile (slow: several minutes at 10,000 facts), so
this is not part of `make bench`.
"""

from __future__ import annotations

import argparse
import pstats
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .measure import ENV, PYTHON
from .synthetic import make_project


def calls(project: Path, work: Path) -> int:
    profile = work / "build.prof"
    subprocess.run(
        [
            PYTHON,
            "-m",
            "cProfile",
            "-o",
            str(profile),
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-q",
            "-d",
            str(work / "s"),
        ],
        cwd=project,
        env=ENV,
        check=True,
        capture_output=True,
    )
    return pstats.Stats(str(profile)).total_calls


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.calls", description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, nargs=2, default=(50, 200))
    parser.add_argument("--facts", type=int, nargs="+", default=(100, 10_000))
    args = parser.parse_args(argv)
    small, large = args.pairs
    work = Path(tempfile.mkdtemp(prefix="khuyencong-calls-"))
    try:
        per_pair = {}
        for facts in args.facts:
            counts = []
            for pairs in (small, large):
                project = make_project(work / f"p{pairs}-{facts}", pairs, facts)
                counts.append(calls(project, work))
                shutil.rmtree(project)
                print(f"{pairs} page pairs, {facts} facts: {counts[-1]:,} calls", file=sys.stderr, flush=True)
            per_pair[facts] = (counts[1] - counts[0]) / (large - small)
            print(f"{facts} facts: {per_pair[facts]:,.0f} calls per page pair")
        first = per_pair[args.facts[0]]
        for facts, value in per_pair.items():
            print(f"calls per page pair at {facts} facts / at {args.facts[0]} facts: {value / first:.3f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
