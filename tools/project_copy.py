"""A copy of the project in another folder: what tests break on purpose and the benchmark grows."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The code a build runs: the adapter, the hooks, the engine, the theme's overrides.
CODE_PARTS = (
    "macros.py",
    "macros_without_git.py",
    "preview_rebuilds.py",
    "site_hooks.py",
    "khuyencong",
    "overrides",
)
# What a build of the project reads: its configuration, its code and its content.
PROJECT_PARTS = ("mkdocs.yml", *CODE_PARTS, "data", "docs", "sources")


def copy_project(destination: Path, parts: tuple = PROJECT_PARTS) -> Path:
    """Copy the parts of the project a build reads (or only the given parts) into destination."""
    destination.mkdir(parents=True, exist_ok=True)
    for part in parts:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, destination / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, destination / part)
    return destination
