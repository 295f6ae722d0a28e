"""`make bench`: the strict build's cost against a plain Material build, and how it grows.

Everything runs in a temporary folder: copies of the project grown with synthetic pages and
facts (bench/synthetic.py), the plain baseline (bench/plain.py), each build in a fresh
subprocess (bench/measure.py), the `make serve` rebuild (bench/serve.py). Absolute times vary
from machine to machine; the verdicts are ratios of times measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from . import machine
from .measure import Sample, content_check, strict_build
from .plain import plain_twin
from .serve import serve_rebuild
from .synthetic import copy_project, make_project

PAGE_COUNTS = (50, 200, 800)
FACT_COUNTS = (100, 1_000, 10_000)
RATIO_PAIRS = 200
RATIO_TARGET = 1.10
# Noise allowances for the growth verdicts: two slopes measured on a shared machine.
LINEAR_TOLERANCE = 1.15
FLAT_TOLERANCE = 0.15

STARTED = time.perf_counter()


def log(message: str) -> None:
    print(f"[{time.perf_counter() - STARTED:6.1f} s] {message}", file=sys.stderr, flush=True)


class Bench:
    def __init__(self, work: Path, runs: int, big_runs: int, serve_runs: int, scale: float):
        self.work = work
        self.runs = runs
        self.big_runs = big_runs
        self.serve_runs = serve_runs
        self.page_counts = tuple(max(2, round(n * scale)) for n in PAGE_COUNTS)
        self.fact_counts = tuple(max(30, round(n * scale)) for n in FACT_COUNTS)
        self.base_facts = self.fact_counts[0]
        self.builds: dict[tuple, Sample] = {}
        self.results: dict = {"builds": [], "checks": [], "serve": []}

    # --- projects -------------------------------------------------------------------------
    def project(self, pairs: int, facts: int) -> Path:
        folder = self.work / f"project-{pairs}-pairs-{facts}-facts"
        if not folder.exists():
            start = time.perf_counter()
            make_project(folder, pairs, facts)
            log(f"generated {pairs} page pairs, {facts} facts in {time.perf_counter() - start:.1f} s")
        return folder

    def drop(self, pairs: int, facts: int) -> None:
        shutil.rmtree(self.work / f"project-{pairs}-pairs-{facts}-facts", ignore_errors=True)

    # --- measurements ---------------------------------------------------------------------
    def build(self, label: str, pairs: int, facts: int, runs: int | None = None) -> Sample:
        key = (pairs, facts)
        if key not in self.builds:
            runs = runs or (self.big_runs if facts >= self.fact_counts[-1] else self.runs)
            log(f"build {label}: {pairs} page pairs, {facts} facts, {runs} runs ...")
            self.builds[key] = sample = strict_build(self.project(pairs, facts), runs)
            self._record_build(label, pairs, facts, sample)
        return self.builds[key]

    def _record_build(self, label: str, pairs, facts, sample: Sample) -> None:
        log(f"  median {sample.seconds:.2f} s, peak {sample.peak_mib:.0f} MiB, spread {sample.spread:.0%}")
        self.results["builds"].append(
            {
                "label": label,
                "pairs": pairs,
                "facts": facts,
                "seconds": sample.seconds,
                "runs": [round(r.seconds, 3) for r in sample.runs],
                "peak_mib": sample.peak_mib,
                "spread": sample.spread,
            }
        )

    def real_site(self) -> None:
        real = copy_project(self.work / "real-site")
        log("build the real site, chart cache empty (first build) ...")
        cold = strict_build(real, 1)
        self._record_build("real site, first build (no chart cache)", "real", "real", cold)
        log(f"build the real site, {self.runs} runs ...")
        self.builds[("real", "real")] = sample = strict_build(real, self.runs)
        self._record_build("real site", "real", "real", sample)
        self.check("real site", real)
        self.serve("real site", real, "glossary.md", "glossary/")

    def ratio(self) -> None:
        """Project against plain Material at RATIO_PAIRS, and the stack's floor (the i18n plugin
        and mkdocs-macros without the project's code) between them; runs interleaved so drift on
        the machine hits all three alike."""
        pairs = self.page_counts[1]
        project = self.project(pairs, self.base_facts)
        log(f"plain Material baseline and stack floor of {pairs} page pairs: capture the rendered Markdown ...")
        plain, floor = plain_twin(project, self.work / "plain-baseline")
        runs: dict = {"project": [], "plain": [], "floor": []}
        log(f"build project, plain baseline and stack floor alternately, {self.runs} runs each ...")
        for _ in range(self.runs):
            for name, folder in (("project", project), ("plain", plain), ("floor", floor)):
                runs[name] += strict_build(folder, 1).runs
        samples = {name: Sample(tuple(r)) for name, r in runs.items()}
        self.builds[(pairs, self.base_facts)] = samples["project"]
        self._record_build("project", pairs, self.base_facts, samples["project"])
        self._record_build("plain Material, same pages, figures typed in", pairs, self.base_facts, samples["plain"])
        self._record_build(
            "stack floor: plain + i18n plugin + mkdocs-macros, no project code",
            pairs,
            self.base_facts,
            samples["floor"],
        )
        self.results["ratio"] = {
            "pairs": pairs,
            "value": samples["project"].seconds / samples["plain"].seconds,
            "floor": samples["floor"].seconds / samples["plain"].seconds,
            "project_over_floor": samples["project"].seconds / samples["floor"].seconds,
        }
        shutil.rmtree(self.work / "plain-baseline", ignore_errors=True)

    def check(self, label: str, project: Path, runs: int | None = None) -> None:
        runs = runs or self.runs
        log(f"make check on {label}, {runs} runs ...")
        sample = content_check(project, runs)
        log(f"  median {sample.seconds:.2f} s, peak {sample.peak_mib:.0f} MiB")
        self.results["checks"].append({"label": label, "seconds": sample.seconds, "peak_mib": sample.peak_mib})

    def serve(self, label: str, project: Path, page: str, url_path: str) -> None:
        log(f"make serve on {label}: edit {page} {self.serve_runs} times ...")
        times = serve_rebuild(
            project, page, url_path, self.serve_runs, self.work / f"serve-{len(self.results['serve'])}.log"
        )
        median = statistics.median(times)
        log(f"  edit to served page: median {median:.2f} s ({', '.join(f'{t:.2f}' for t in times)})")
        self.results["serve"].append({"label": label, "seconds": median, "runs": [round(t, 3) for t in times]})

    # --- the whole run --------------------------------------------------------------------
    def run(self) -> dict:
        small, middle, large = self.page_counts
        _, some, many = self.fact_counts
        base = self.base_facts
        self.real_site()
        self.ratio()
        self.build("project", small, base)
        self.build("project", large, base)
        self.check(f"{large} page pairs, {base} facts", self.project(large, base))
        self.drop(large, base)
        self.build("project", small, some)
        self.drop(small, some)
        self.build("project", small, many)
        self.drop(small, many)
        self.build("project", large, many)
        self.check(f"{large} page pairs, {many} facts", self.project(large, many), runs=1)
        self.drop(large, many)
        self.serve(f"{middle} page pairs", self.project(middle, base), "bench/b0001.md", "bench/b0001/")
        self.verdicts()
        return self.results

    def verdicts(self) -> None:
        small, middle, large = self.page_counts
        few, _, many = self.fact_counts
        base = self.base_facts
        t = {key: sample.seconds for key, sample in self.builds.items()}
        low = (t[(middle, base)] - t[(small, base)]) / (middle - small)
        high = (t[(large, base)] - t[(middle, base)]) / (large - middle)
        per_page_few = (t[(large, base)] - t[(small, base)]) / (large - small)
        per_page_many = (t[(large, many)] - t[(small, many)]) / (large - small)
        self.results["growth"] = {
            "per_pair_50_200": low,
            "per_pair_200_800": high,
            "linearity": high / low,
            "per_pair_at_few_facts": per_page_few,
            "per_pair_at_many_facts": per_page_many,
            "flatness": per_page_many / per_page_few,
            "pairs": self.page_counts,
            "few_facts": few,
            "many_facts": many,
        }


def _table(results: dict) -> str:
    rows = [
        "| build | page pairs | facts | median (s) | runs (s) | peak memory (MiB) |",
        "|---|---:|---:|---:|---|---:|",
    ]
    for build in results["builds"]:
        runs = ", ".join(f"{r:.2f}" for r in build["runs"])
        rows.append(
            f"| {build['label']} | {build['pairs']} | {build['facts']} | {build['seconds']:.2f} | {runs} "
            f"| {build['peak_mib']:.0f} |"
        )
    rows += ["", "| `make check` | median (s) | peak memory (MiB) |", "|---|---:|---:|"]
    rows += [f"| {c['label']} | {c['seconds']:.2f} | {c['peak_mib']:.0f} |" for c in results["checks"]]
    rows += ["", "| `make serve`, edit one page | edit to served page, median (s) | runs (s) |", "|---|---:|---|"]
    rows += [
        f"| {s['label']} | {s['seconds']:.2f} | {', '.join(f'{r:.2f}' for r in s['runs'])} |" for s in results["serve"]
    ]
    return "\n".join(rows)


def _verdicts(results: dict) -> str:
    ratio = results["ratio"]
    growth = results["growth"]
    small, middle, large = growth["pairs"]
    ms = 1000
    lines = [
        f"- project / plain Material at {ratio['pairs']} page pairs: **{ratio['value']:.2f}** "
        f"(target ≤ {RATIO_TARGET:.2f}: {'met' if ratio['value'] <= RATIO_TARGET else 'NOT met'})",
        f"- the stack's floor (i18n plugin and mkdocs-macros, none of the project's code) / plain Material: "
        f"**{ratio['floor']:.2f}**; project / stack floor: **{ratio['project_over_floor']:.2f}**",
        f"- cost per page pair: {growth['per_pair_50_200'] * ms:.1f} ms from {small} to {middle} pairs, "
        f"{growth['per_pair_200_800'] * ms:.1f} ms from {middle} to {large}; ratio **{growth['linearity']:.2f}** "
        f"(linear when ≤ {LINEAR_TOLERANCE:.2f}: {'yes' if growth['linearity'] <= LINEAR_TOLERANCE else 'NO'})",
        f"- cost per page pair ({small} → {large} pairs) at {growth['few_facts']} facts: "
        f"{growth['per_pair_at_few_facts'] * ms:.1f} ms; at {growth['many_facts']} facts: "
        f"{growth['per_pair_at_many_facts'] * ms:.1f} ms; ratio **{growth['flatness']:.2f}** "
        f"(flat when within 1 ± {FLAT_TOLERANCE:.2f}: "
        f"{'yes' if abs(growth['flatness'] - 1) <= FLAT_TOLERANCE else 'NO'})",
    ]
    return "\n".join(lines)


def report(results: dict) -> str:
    info = results["machine"]
    packages = ", ".join(f"{name} {version}" for name, version in info["packages"].items())
    return "\n".join(
        [
            f"Machine: {info['processors']} processors ({info['usable processors']} usable), {info['CPU']}, "
            f"{info['memory']}, {info['system']}, Python {info['Python']}",
            f"Packages: {packages}",
            f"Runs: {results['runs']} per build ({results['big_runs']} at {results['growth']['many_facts']} facts), "
            f"medians; bench took {results['seconds']:.0f} s",
            "",
            _table(results),
            "",
            _verdicts(results),
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per build (default 3)")
    parser.add_argument("--big-runs", type=int, default=2, help="runs per build at the most facts (default 2)")
    parser.add_argument("--serve-runs", type=int, default=3, help="edits timed under make serve (default 3)")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply page and fact counts (a quick try: 0.1)")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and print where it is")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="khuyencong-bench-"))
    try:
        bench = Bench(work, args.runs, args.big_runs, args.serve_runs, args.scale)
        results = bench.run()
    finally:
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    results.update(
        machine=machine.describe(), runs=args.runs, big_runs=args.big_runs, seconds=time.perf_counter() - STARTED
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    print(report(results))
    return 0
