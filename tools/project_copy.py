"""A copy of the project in another folder: what tests break on purpose and the benchmark grows."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What a build of the project reads.
PROJECT_PARTS = ("mkdocs.yml", "macros.py", "site_hooks.py", "khuyencong", "overrides", "data", "docs", "sources")


def copy_project(destination: Path) -> Path:
    """Copy the parts of the project a build reads into destination; return destination."""
    destination.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, destination / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, destination / part)
    return destination
