"""`make bench` (python -m bench): the strict build against plain Material and the stack's floor,
its growth in pages and in facts, and the `make serve` preview, at the scale the site plans for;
all in a temporary folder. See BENCHMARKS.md."""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from tools.project_copy import copy_project

from .measure import build_calls, build_seconds, machine, pagefind_seconds, serve_edits
from .projects import make_project, plain_and_floor

DOCUMENTS, FACTS, FEW_FACTS, PAIRS, FLOOR_PAIRS = 20, 1_000, 100, 100, 200
PROJECT, PLAIN, FLOOR = f"project, {FLOOR_PAIRS} page pairs", "plain Material", "floor"
# Growth in pages is read at few facts (cheap builds), and the cost of a page at both numbers of facts.
GROWN = ((50, FEW_FACTS), (100, FEW_FACTS), (200, FEW_FACTS), (PAIRS, FACTS))
PREVIEWS = {"real site": ("glossary", 1.0), f"{PAIRS} page pairs": ("bench/b0001", 2.0)}
# The same build counted twice differs by a few calls in a million: 2 % is growth, not noise.
COUNT_TOLERANCE = 0.02
STARTED = time.perf_counter()


def log(message: str) -> None:
    print(f"[{time.perf_counter() - STARTED:4.0f} s] {message}", file=sys.stderr, flush=True)


def name(pairs: int, facts: int) -> str:
    return PROJECT if (pairs, facts) == (FLOOR_PAIRS, FACTS) else f"{pairs} page pairs, {facts:,} facts"


def measure(builds: dict[str, tuple[Path, int]], work: Path) -> tuple[dict, dict, float]:
    """Each build's wall times (its runs alternating with the others'), its calls, and Pagefind's
    time over the floor's site."""
    seconds: dict[str, list[float]] = {build: [] for build in builds}
    for run in range(max(runs for _, runs in builds.values())):
        for build, (project, runs) in builds.items():
            if run < runs:
                seconds[build].append(build_seconds(project))
                log(f"{build}: {seconds[build][-1]:.2f} s")
    calls, site, pagefind = {}, work / "counted-site", 0.0
    for build, (project, _) in builds.items():
        calls[build] = build_calls(project, site)
        log(f"{build}: {calls[build]:,} calls")
        pagefind = pagefind_seconds(site) if build == FLOOR else pagefind
        shutil.rmtree(site)
    return seconds, calls, pagefind


def verdict(value: float, met: bool) -> str:
    return f"**{value:.3f}** ({'met' if met else 'NOT met'})"


def report(seconds: dict, calls: dict, pagefind: float, previews: dict) -> str:
    wall = {build: statistics.median(times) for build, times in seconds.items()}
    lines = [machine(), "", "| build | wall time, median (s) | runs (s) | Python function calls |", "|---|--:|--|--:|"]
    for build, times in seconds.items():
        lines.append(f"| {build} | {wall[build]:.2f} | {', '.join(f'{t:.2f}' for t in times)} | {calls[build]:,} |")
    lines += [
        "",
        f"| at {FLOOR_PAIRS} page pairs, {FACTS:,} facts, {DOCUMENTS} documents | wall time | calls |",
        "|-|-:|-:|",
    ]
    for top, bottom in ((PROJECT, PLAIN), (FLOOR, PLAIN), (PROJECT, FLOOR)):
        lines.append(f"| {top} / {bottom} | {wall[top] / wall[bottom]:.2f} | {calls[top] / calls[bottom]:.2f} |")
    without = wall[PROJECT] / (wall[FLOOR] - pagefind)
    lines += ["", f"Pagefind alone over the floor's site: {pagefind:.2f} s (a binary: in the wall times only); "
              f"{PROJECT} / floor without Pagefind, wall time: {without:.2f}."]  # fmt: skip

    def per_pair(values: dict, facts: int, low: int, high: int) -> float:
        return (values[name(high, facts)] - values[name(low, facts)]) / (high - low)

    (small, _), (middle, _), (large, _), _ = GROWN
    low, high = per_pair(calls, FEW_FACTS, small, middle), per_pair(calls, FEW_FACTS, middle, large)
    many, milliseconds = per_pair(calls, FACTS, middle, large), per_pair(wall, FACTS, middle, large) * 1000
    lines += [
        "",
        f"- calls per page pair at {FEW_FACTS} facts: {low:,.0f} from {small} to {middle} pairs, {high:,.0f} from "
        f"{middle} to {large}; linear in pages: {verdict(high / low, abs(high / low - 1) <= COUNT_TOLERANCE)}",
        f"- calls per page pair from {middle} to {large} pairs at {FACTS:,} facts: {many:,.0f}; flat in facts: "
        f"{verdict(many / high, abs(many / high - 1) <= COUNT_TOLERANCE)}; wall time {milliseconds:.0f} ms",
    ]
    for label, times in previews.items():
        median, target = statistics.median(times), PREVIEWS[label][1]
        runs = ", ".join(f"{t:.2f}" for t in times)
        lines.append(f"- `make serve`, {label}: from saving an edit to the page and its twin served **{median:.2f} s** "
                     f"({runs}); target < {target:.0f} s: {'met' if median < target else 'NOT met'}")  # fmt: skip
    return "\n".join([*lines, "", f"`make bench` took {time.perf_counter() - STARTED:.0f} s."])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of the real site, project, plain and floor (3)")
    parser.add_argument("--edits", type=int, default=3, help="edits timed under make serve, per project (3)")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="khuyencong-bench-"))
    try:
        grown = (*GROWN, (FLOOR_PAIRS, FACTS))
        projects = {name(p, f): make_project(work / f"{p}-{f}", p, f, DOCUMENTS) for p, f in grown}
        log("synthetic projects made; capturing the pages for plain Material and the floor")
        plain, floor = plain_and_floor(projects[PROJECT], work / "baseline")
        builds = {"real site": (copy_project(work / "real"), args.runs)}
        builds |= {PROJECT: (projects[PROJECT], args.runs), PLAIN: (plain, args.runs), FLOOR: (floor, args.runs)}
        # Growth is judged by the counts; one wall-time run each keeps `make bench` under ten minutes.
        builds |= {build: (project, 1) for build, project in projects.items() if build != PROJECT}
        seconds, calls, pagefind = measure(builds, work)
        previews = {}
        for label, (page, _) in PREVIEWS.items():
            project = builds["real site"][0] if label == "real site" else projects[name(PAIRS, FACTS)]
            previews[label] = serve_edits(project, f"{page}.md", f"{page}/", f"en/{page}/", args.edits)
            log(f"make serve, {label}: {previews[label]}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(report(seconds, calls, pagefind, previews))
    return 0


if __name__ == "__main__":
    sys.exit(main())
