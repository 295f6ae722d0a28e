"""A hook added to one copy of the project only: it writes each page's Markdown as the macros left
it (every figure typed in) to $BENCH_CAPTURE, from which the plain Material baseline is made."""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.plugins import event_priority


@event_priority(-100)  # after mkdocs-macros has rendered the page
def on_page_markdown(markdown, page, config, files):
    target = Path(os.environ["BENCH_CAPTURE"]) / page.file.src_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(markdown, encoding="utf-8")
    return markdown
