"""The changes between two versions, as every output that reports them lists them.

The command line, the intranet's "What changed" page and the approval report all take
their list from here, so they list the same changes, grouped and ordered alike.
"""

from __future__ import annotations

from generator.revisions.diff import Change, ProseChange, compare
from generator.sites.pages import public_tree, stated_facts
from generator.source.model import Policy

__all__ = ["changes_between"]


def changes_between(old: Policy, new: Policy) -> tuple[list[Change], list[ProseChange]]:
    """Every change from ``old`` to ``new``; those the public site states (in either
    version) are changes to the published policy."""
    public = stated_facts(public_tree(old).pages) | stated_facts(public_tree(new).pages)
    return compare(old, new, public)
