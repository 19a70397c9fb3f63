"""Who signs a letter and who is named as deciding (``signatories``, ``decision_maker``).

Where a measure of the case keeps staff names from the customer
(``measures.*.withholds_staff_names``), no person is named: the letter is signed by the
team (the case's service, else the role that signs the letter) and the decision is said
to be the role's.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from generator.languages.catalogues import N_
from generator.source.model import Letter, Policy
from generator.statements.said import Line, Statement, Value, Words

if TYPE_CHECKING:  # a case is only passed in: the sites never load the case model
    from generator.cases.case import Case

__all__ = ["decided_by", "decider_lines", "duty_lines", "gaps", "team"]


def team(policy: Policy, letter: Letter, case: Case | None) -> str:
    """Who signs when names are withheld: the case's service, else the signing role, else
    the body itself."""
    if case and case.service:
        return case.service
    if letter.signed_by:
        return policy.roles[letter.signed_by].name
    council = policy.policy.council
    return council.called or council.name


def decided_by(words: Words, name: Value | None, role: Value, date: Value | None) -> Statement:
    """The person and role who decided (or decide), and when, as far as it is known."""
    if name and date:
        return words(N_("%(name)s, %(role)s, on %(date)s"), "decision_maker", name=name,
                     role=role, date=date)
    if name:
        return words(N_("%(name)s, %(role)s"), "decision_maker", name=name, role=role)
    if date:
        return words(N_("the %(role)s, on %(date)s"), "decision_maker", role=role, date=date)
    return words(N_("the %(role)s"), "decision_maker", role=role)


def gaps(policy: Policy) -> Iterator[tuple[tuple[Any, ...], str, str]]:
    """Decisions the source names no one to take: (where, what, what to add)."""
    for decision_id, decision in policy.decisions.items():
        if not decision.taken_by:
            yield (("decisions", decision_id), f"who takes the decision '{decision.title}'",
                   "add taken_by: [role ids]")


def decider_lines(decision: Any) -> list[Line]:
    """Who takes a decision, as a page says it after the thing decided ("decided by the
    Head of Service"); nothing where the source names no one. ``decision`` is the page's
    fact for the decision, or None."""
    if decision is None or not decision.value.taken_by:
        return []
    return [Line(N_("decided by the %(decider)s"), {"decider": decision})]


def duty_lines(decision: Any, duty: str) -> list[Line]:
    """What a role's page says of a decision it has a part in, where the source gives it:
    how several deciders take it (``duty="shared"``: jointly, or any one of them), whom
    they consult first (``"consulted"``), or that the role prepares it or recommends it
    and to whom it refers the case (``"prepares"``, ``"recommends"``). ``decision`` is the
    page's fact for the decision."""
    model = decision.value
    if duty == "shared":
        if len(model.taken_by) < 2:
            return []
        return [Line(N_("jointly: %(deciders)s") if model.jointly
                     else N_("any one of: %(deciders)s"), {"deciders": decision})]
    if duty == "consulted":
        return [Line(N_("after consulting the %(consulted)s"), {"consulted": decision.consult})] \
            if model.consult else []
    if not model.taken_by:
        return []
    if duty == "prepares":
        return [Line(N_("prepares the case and refers it to the %(deciders)s for decision."),
                     {"deciders": decision})]
    return [Line(N_("recommends, and refers it to the %(deciders)s for decision."),
                 {"deciders": decision})]
