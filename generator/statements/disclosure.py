"""Whom the policy says to tell when a restriction is decided: the roles a stage names on
entry (``stages.*.notify`` with ``event: entry``), the roles told of the decision that put
the case there (``decisions.*.informed``) and of each measure imposed
(``measures.*.informed``, and the informed of the measure's own decision). Each rule keeps
its fact path, so a telling recorded in the register says which rule it followed.

Nothing is assumed: a stage that restricts and names no one to tell has no rule here, and
:func:`gaps` says so for `policy check`; no "tell the team" is made up for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from generator.languages.catalogues import N_
from generator.source.model import Policy, StageKind
from generator.source.wording import join
from generator.statements.said import Statement, Value, Words, sentences

__all__ = ["TellingRule", "gaps", "role_names", "rule_said", "rules"]


@dataclass(frozen=True)
class TellingRule:
    """One rule of the policy that names roles to tell of a decided restriction."""

    path: str
    """The fact path: ``stages.stage_2.notify.0``, ``decisions.x.informed``,
    ``measures.y.informed``."""
    roles: tuple[str, ...]
    """The roles (roles.yaml ids) the rule names."""
    channel: str | None = None
    """How they are told, where the policy says."""
    by: str | None = None
    """The role who tells them, where the policy says."""


def rules(policy: Policy, stage: str | None, measures: Iterable[str] = (),
          decision: str | None = None) -> list[TellingRule]:
    """The rules that name whom to tell for a case at ``stage`` with ``measures``, decided
    by ``decision`` (else the stage's entry decision), in the policy's order."""
    found: list[TellingRule] = []
    staged = policy.stages.get(stage or "")
    for number, note in enumerate(staged.notify if staged else []):
        if note.event == "entry" and note.roles:
            found.append(TellingRule(f"stages.{stage}.notify.{number}", tuple(note.roles),
                                     note.channel, note.by))
    decided = [decision, staged.entry_decision if staged else None]
    for measure_id in measures:
        measure = policy.measures.get(measure_id)
        if measure and measure.informed:
            found.append(TellingRule(f"measures.{measure_id}.informed",
                                     tuple(measure.informed)))
        decided.append(measure.decision if measure else None)
    for decision_id in dict.fromkeys(d for d in decided if d):
        told = policy.decisions[decision_id].informed if decision_id in policy.decisions \
            else []
        if told:
            found.append(TellingRule(f"decisions.{decision_id}.informed", tuple(told)))
    return found


def role_names(policy: Policy, roles: Iterable[str]) -> list[str]:
    """The roles' names as the policy gives them (an unknown id as itself)."""
    return [str(policy.roles[r].name) if r in policy.roles else r for r in roles]


def rule_said(words: Words, policy: Policy, rule: TellingRule) -> Statement:
    """The rule as staff read it: when, whom, how and by whom, each where the policy says."""
    kind, subject = rule.path.split(".")[:2]
    roles = Value(join(role_names(policy, rule.roles), "and", policy.language),
                  f"{rule.path}.roles" if kind == "stages" else rule.path)
    if kind == "stages":
        when = words(N_("When a case enters the stage '%(stage)s', the policy says to tell: "
                        "%(roles)s."), rule.path,
                     stage=Value(str(policy.stages[subject].name), f"stages.{subject}.name"),
                     roles=roles)
    elif kind == "measures":
        when = words(N_("When the measure '%(measure)s' is imposed, the policy says to tell: "
                        "%(roles)s."), rule.path,
                     measure=Value(str(policy.measures[subject].name),
                                   f"measures.{subject}.name"), roles=roles)
    else:
        when = words(N_("Once the decision '%(decision)s' is taken, the policy says to tell: "
                        "%(roles)s."), rule.path,
                     decision=Value(str(policy.decisions[subject].title),
                                    f"decisions.{subject}.title"), roles=roles)
    said = sentences(
        rule.path, when,
        rule.channel and words(N_("They are told %(channel)s."), rule.path,
                               channel=Value(rule.channel, f"{rule.path}.channel")),
        rule.by and words(N_("The %(by)s tells them."), rule.path,
                          by=Value(role_names(policy, [rule.by])[0], f"{rule.path}.by")))
    assert said is not None
    return said


def gaps(policy: Policy) -> Iterator[tuple[tuple[Any, ...], str, str]]:
    """Each stage that restricts (an active stage a decision enters) for which the policy
    names no one to tell: (where, what is not said, what to add)."""
    for stage_id, stage in policy.stages.items():
        if stage.kind != StageKind.active or not stage.entry_decision:
            continue
        if rules(policy, stage_id):
            continue
        yield (("stages", stage_id),
               f"whom to tell when a case enters the stage '{stage.name}'",
               "add notify: with event: entry and the roles to tell, or informed: on its "
               "entry decision")
