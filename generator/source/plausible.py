"""Well-formed sources that cannot be what their authors meant, refused with FILE:LINE.

These pass the model and the cross-reference checks, yet would publish something broken:
a stage that escalates to itself, or a public section with no text.
"""

from __future__ import annotations

from generator.source.errors import Problem
from generator.source.facts import render_prose
from generator.source.load import RawSource, locate
from generator.source.model import Audience, OutcomeKind, Policy

__all__ = ["implausible"]


def implausible(policy: Policy, raw: RawSource) -> list[Problem]:
    """Every such problem of a validated source."""
    return [*_self_escalations(policy, raw), *_empty_public_sections(policy, raw)]


def _at(raw: RawSource, loc: tuple[object, ...], message: str, hint: str) -> Problem:
    file, line = locate(raw.data, loc)
    return Problem(file, line, ".".join(map(str, loc)), message, hint)


def _self_escalations(policy: Policy, raw: RawSource) -> list[Problem]:
    return [_at(raw, ("stages", stage_id, "outcomes", index, "to"),
                f"the outcome escalates stage '{stage_id}' to itself",
                "name the stage it escalates to, or make it kind: continue or extend")
            for stage_id, stage in policy.stages.items()
            for index, outcome in enumerate(stage.outcomes)
            if outcome.kind == OutcomeKind.escalate and outcome.to == stage_id]


def _empty_public_sections(policy: Policy, raw: RawSource) -> list[Problem]:
    """A public section whose fragment says nothing would be a heading over a blank."""
    problems = []
    for part_id, part in policy.parts.items():
        if part.audience != Audience.public:
            continue
        if not part.sections:
            problems.append(_at(raw, ("parts", part_id), f"the public part '{part_id}' has no "
                                "sections", "add its sections, or remove the part"))
        for index, section in enumerate(part.sections):
            if section.prose in policy.prose and \
                    not render_prose(policy, section.prose, html=False).strip():
                problems.append(_at(raw, ("parts", part_id, "sections", index, "prose"),
                                    f"the public section '{section.id}' has no text "
                                    f"(prose/{section.prose} is empty)",
                                    "write its text, or remove the section"))
    return problems
