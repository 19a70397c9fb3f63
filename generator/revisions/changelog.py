"""The changes between two versions, as every output that reports them lists them.

The command line, the intranet's "What changed" page and the approval report all take
their list from here, so they list the same changes, grouped and ordered alike.
"""

from __future__ import annotations

from generator.revisions.diff import Change, ProseChange, compare
from generator.source.audience import public_facts
from generator.source.model import Policy

__all__ = ["changes_between"]


def changes_between(old: Policy, new: Policy) -> tuple[list[Change], list[ProseChange]]:
    """Every change from ``old`` to ``new``; those the published policy states (in either
    version: :func:`generator.source.audience.public_facts`) are changes to it."""
    return compare(old, new, public_facts(old) | public_facts(new))
