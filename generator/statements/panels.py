"""Decision panels (``roles.*.panel``): how many members must sit, how often the panel
meets and who decides where a member has a conflict of interest, as staff read them.
"""

from __future__ import annotations

from typing import Any

from generator.languages.catalogues import N_, NP_
from generator.statements.said import Line

__all__ = ["duty_lines", "page_lines"]


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


def duty_lines(panel: Any, duty: str) -> list[Line]:
    """What a role's page says of a panel it has a part in: that it decides as a member
    (``duty="member"``), decides where a member has a conflict of interest
    (``"conflicts"``) or advises the panel on high-risk cases (``"advises"``); ``panel``
    is the page's fact for the panel's role."""
    message = {"member": N_("as a member of the %(panel)s"),
               "conflicts": N_("Where a member of the %(panel)s has a conflict of interest "
                               "in a case"),
               "advises": N_("The %(panel)s, on high-risk cases")}[duty]
    return [Line(message, {"panel": panel.name})]
