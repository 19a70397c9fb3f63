"""Everything one role does under a policy, gathered from wherever the source says it.

A member of staff opens their role's page to see all of it in one place: the decisions
the role takes, prepares, recommends, is consulted on or is told of; the letters it signs;
the notifications it sends or receives; appeals it receives; reviews and reports it owns;
registers it keeps; and the protocols whose steps it takes at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.source.model import Policy

__all__ = ["duties"]


@dataclass
class Duties:
    decides: list[str] = field(default_factory=list)
    """Decision ids the role takes (alone, with others, or as any one of several)."""
    prepares: list[str] = field(default_factory=list)
    recommends: list[str] = field(default_factory=list)
    consulted: list[str] = field(default_factory=list)
    informed: list[str] = field(default_factory=list)
    told_of: list[str] = field(default_factory=list)
    """Measure ids whose imposing the role is told of (``measures.*.informed``)."""
    signs: list[str] = field(default_factory=list)
    """Letter ids the role signs."""
    sends: list[tuple[str, str]] = field(default_factory=list)
    """(stage id, event) of each notification the role sends."""
    receives: list[tuple[str, str]] = field(default_factory=list)
    """(stage id, event) of each notification the role receives."""
    appeals: list[str] = field(default_factory=list)
    """Appeal rule ids whose appeals go to the role."""
    reports: list[str] = field(default_factory=list)
    """Reporting ids the role makes or receives."""
    registers: list[str] = field(default_factory=list)
    at_once: list[str] = field(default_factory=list)
    """Protocol ids whose decision the role takes itself (ending a call, for example)."""
    sits_on: list[str] = field(default_factory=list)
    """Role ids of the panels the role is a member of (their decisions: ``decides``)."""
    conflicts: list[str] = field(default_factory=list)
    """Role ids of the panels for which the role decides where a member has a conflict."""
    advises: list[str] = field(default_factory=list)
    """Role ids of the panels that consult the role on high-risk cases."""
    panel_decides: list[tuple[str, str]] = field(default_factory=list)
    """(panel role id, decision id) of each decision a panel the role sits on takes."""


def duties(policy: Policy, role_id: str) -> Duties:
    """What ``role_id`` does under the policy, each list in source order."""
    found = Duties()
    panels = {i: r.panel for i, r in policy.roles.items() if r.panel}
    found.sits_on = [i for i, panel in panels.items() if role_id in panel.members]
    found.conflicts = [i for i, panel in panels.items() if panel.conflicts_decided_by == role_id]
    found.advises = [i for i, panel in panels.items() if panel.adviser == role_id]
    for decision_id, decision in policy.decisions.items():
        for role_ids, target in ((decision.taken_by, found.decides),
                                 (decision.prepared_by, found.prepares),
                                 (decision.recommended_by, found.recommends),
                                 (decision.consult, found.consulted),
                                 (decision.informed, found.informed)):
            if role_id in role_ids:
                target.append(decision_id)
    found.panel_decides = [(panel_id, decision_id) for panel_id in found.sits_on
                           for decision_id, decision in policy.decisions.items()
                           if panel_id in decision.taken_by]
    found.told_of = [i for i, m in policy.measures.items() if role_id in m.informed]
    found.signs = [i for i, letter in policy.letters.items() if letter.signed_by == role_id]
    for stage_id, stage in policy.stages.items():
        for note in stage.notify:
            if note.by == role_id:
                found.sends.append((stage_id, note.event))
            if role_id in note.roles:
                found.receives.append((stage_id, note.event))
    found.appeals = [i for i, a in policy.rights.appeals.items() if a.to == role_id]
    found.reports = [i for i, r in policy.reviews.reporting.items() if role_id in (r.to, r.by)]
    found.registers = [i for i, r in policy.reviews.registers.items() if r.kept_by == role_id]
    found.at_once = [i for i, p in policy.protocols.items()
                     if p.decision and role_id in policy.decisions[p.decision].taken_by]
    return found
