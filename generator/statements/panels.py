"""Decision panels (``roles.*.panel``): how many members must sit, how often the panel
meets and who decides where a member has a conflict of interest, as staff read them.
"""

from __future__ import annotations

from typing import Any

from generator.languages.catalogues import N_, NP_
from generator.statements.said import Line

__all__ = ["page_lines"]


def page_lines(panel: Any) -> dict[str, list[Line]]:
    """Each part of how a panel works that the source gives, by part (``quorum``,
    ``meets``, ``conflicts``); ``panel`` is the page's fact for the role's panel."""
    model = panel.value
    said: dict[str, list[Line]] = {}
    if model.quorum:
        member, members = NP_("%(num)s member", "%(num)s members")
        said["quorum"] = [Line(member, {"num": panel.quorum}, plural=members,
                               count=model.quorum)]
    if model.meets_every:
        said["meets"] = [Line(N_("every %(period)s"), {"period": panel.meets_every})]
    if model.conflicts_decided_by:
        said["conflicts"] = [Line(N_("the %(role)s decides"),
                                  {"role": panel.conflicts_decided_by})]
    return said
