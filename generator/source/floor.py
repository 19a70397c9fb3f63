"""The content floor: what a customer letter must state for its purpose, whatever must_state says.

A letter's ``purpose`` (letters.yaml) names its floor. The floor's "appeal route" is the
appeal rule of the letter's decision: the right and the deadline where an appeal is
available (where to send it too, when the source says: a rule without an address still
gives the right, and ``policy check`` notes the gap), the fact that there is none where it
is not. A letter states
the union of its ``must_state`` and its floor, less the ``floor_exceptions`` the source
records with a reason; a floor element the model cannot supply is a problem for ``policy check``.
"""

from __future__ import annotations

from generator.source.model import Element, Letter, Policy, Purpose
from generator.source.queries import appeal_for, letter_decision, unsupplied

__all__ = ["floor", "letter_states"]

#: Stands in a floor for the appeal right and deadline, or for the fact that there is none.
APPEAL_ROUTE = "appeal_route"

E = Element
FLOOR: dict[Purpose, tuple[Element | str, ...]] = {
    Purpose.warning: (E.reasons, E.potential_outcome, APPEAL_ROUTE, E.keep_in_touch),
    Purpose.restriction_decision: (E.reasons, E.measures, E.review_date, APPEAL_ROUTE,
                                   E.ombudsman, E.keep_in_touch),
    Purpose.review_outcome: (E.decision_maker, E.measures, E.ombudsman, E.keep_in_touch),
    Purpose.appeal_acknowledgement: (E.decision_maker, E.keep_in_touch),
    Purpose.appeal_outcome: (E.decision_maker, E.ombudsman, E.keep_in_touch),
    Purpose.end_of_monitoring: (E.keep_in_touch,),
    Purpose.anonymous_reply: (E.keep_in_touch,),
    Purpose.other: (E.keep_in_touch,),
}


def floor(policy: Policy, letter: Letter) -> list[tuple[Element, str]]:
    """The letter's floor as elements, each with why the model cannot supply it ('' if it can)."""
    if letter.purpose is None:
        return []
    elements: list[tuple[Element, str]] = []
    for need in FLOOR[letter.purpose]:
        if need == APPEAL_ROUTE:
            elements += _appeal_route(policy, letter)
        else:
            element = Element(need)
            elements.append((element, unsupplied(policy, letter, element)))
    return [(e, why) for e, why in elements if e not in letter.floor_exceptions]


def _appeal_route(policy: Policy, letter: Letter) -> list[tuple[Element, str]]:
    decision = letter_decision(policy, letter)
    appeal = appeal_for(policy, decision)
    if appeal is None:
        return [(E.appeal_right, f"rights.yaml says nothing about appealing '{decision}': add "
                 "an appeal rule against it (available: false with a reason, if there is none)")]
    if appeal.available:  # where to send it is told when the source says (a note if not)
        return [(E.appeal_right, ""),
                (E.appeal_deadline, unsupplied(policy, letter, E.appeal_deadline))]
    return [(E.no_appeal, "")]


def letter_states(policy: Policy, letter: Letter) -> list[Element]:
    """What the letter states: its must_state, then every floor element the model supplies."""
    extra = [e for e, why in floor(policy, letter) if not why and e not in letter.must_state]
    return [*letter.must_state, *dict.fromkeys(extra)]
