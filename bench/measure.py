"""Time a command in a fresh subprocess with the standard library: wall time and peak memory."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PYTHON = sys.executable
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mib: float


@dataclass(frozen=True)
class Sample:
    runs: tuple

    @property
    def seconds(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def peak_mib(self) -> float:
        return statistics.median(r.peak_mib for r in self.runs)

    @property
    def spread(self) -> float:
        """(slowest − fastest) / median: how much the runs disagree."""
        times = [r.seconds for r in self.runs]
        return (max(times) - min(times)) / self.seconds if self.seconds else 0.0


def run_once(command: list[str], cwd: Path) -> Run:
    """One run: perf_counter around the child; its peak RSS (and its children's) from wait4."""
    with tempfile.TemporaryFile() as output:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=output, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            output.seek(0)
            text = output.read().decode("utf-8", "replace")
            raise SystemExit(f"failed ({process.returncode}) in {cwd}: {' '.join(command)}\n{text[-4000:]}")
    # ru_maxrss is in KiB on Linux.
    return Run(seconds, usage.ru_maxrss / 1024)


def strict_build(project: Path, runs: int) -> Sample:
    """The strict build, as `make build` runs it, into a fresh folder each run."""
    results = []
    for _ in range(runs):
        site = Path(tempfile.mkdtemp(prefix="bench-site-"))
        try:
            results.append(run_once([PYTHON, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)], project))
        finally:
            shutil.rmtree(site, ignore_errors=True)
    return Sample(tuple(results))


def content_check(project: Path, runs: int) -> Sample:
    """`make check`: the content rules without building."""
    return Sample(tuple(run_once([PYTHON, "-m", "khuyencong", "check", str(project)], project) for _ in range(runs)))
