"""MkDocs hook: mkdocs-macros without its `git` page variable, so a build starts no git process.

mkdocs-macros 1.5.0 fills `git` (commit, tag, author, date) by running git twelve times each time
its configuration runs, that is once per language, and no setting turns it off. No page reads it:
pages are content, never rendered as Jinja (render_by_default: false in mkdocs.yml). MkDocs loads
hooks before any plugin is configured, so this hook hands the plugin an empty record first.
"""

from __future__ import annotations

import mkdocs_macros.context
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority


def _no_git_info() -> dict:
    """What mkdocs-macros records when git is missing: its `git.status` is false."""
    return {"status": False, "date": None, "diagnosis": "not read: the site uses no git information"}


@event_priority(100)  # before mkdocs-macros' on_config, which reads git
def on_config(config):
    if not callable(getattr(mkdocs_macros.context, "get_git_info", None)):
        # A new mkdocs-macros that reads git elsewhere would start git again: say so, do not guess.
        raise PluginError("macros_without_git.py: mkdocs-macros no longer has context.get_git_info; update this hook")
    mkdocs_macros.context.get_git_info = _no_git_info
