"""Markdown's link syntax, written once for the checks that read pages (links, figures in prose)."""

from __future__ import annotations

import re

# An inline link's target: [text](target) or [text](<target>); group 1 is the target.
LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?")
# A reference-style link definition: [label]: target; group 1 is the target.
REFERENCE_LINK = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)>?", re.MULTILINE)
