"""Case reviews (``reviews.case_reviews``) and their outcomes, and appeal outcomes
(``rights.appeals.*.outcomes``): the outcomes the policy allows, what the customer is told
of the one chosen, and when the next review is due.

A fill-in form offers the policy's own outcomes ("[close or extend]"), never a list of
the generator's; where the policy names none, the blank asks for the outcome.
"""

from __future__ import annotations

from typing import Any

from generator.languages.catalogues import N_
from generator.languages.interface import CHOICES
from generator.source.model import Appeal, OutcomeKind, Policy, Purpose
from generator.statements.said import Blank, Line, Statement, Value, Words

__all__ = ["COUNTED_FROM", "DUE", "appeal_choice", "due", "page_lines", "register_lines",
           "report_lines", "review_choice", "review_choices", "review_said", "scheduled_lines"]

#: The register's words for a case review's date (the due list, the desk, the impact of a
#: revision): how often, and counted from what (``measured_from``).
DUE = N_("case review every %(interval)s from %(start)s")
COUNTED_FROM: dict[str | None, str] = {
    "decision": N_("the decision"), "entry": N_("entry to the stage"),
    "last_review": N_("the last review"), None: N_("the last review, else the decision")}

#: What the customer is told of a review's outcome, by its kind.
SAID = {
    OutcomeKind.continue_: N_("The arrangements will continue as they are."),
    OutcomeKind.amend: N_("The arrangements will change, as set out below."),
    OutcomeKind.extend: N_("The arrangements will last longer."),
    OutcomeKind.renew: N_("The arrangements have been renewed."),
    OutcomeKind.reimpose: N_("The arrangements have been put back in place."),
    OutcomeKind.lift: N_("The arrangements have been lifted."),
    OutcomeKind.escalate: N_("Your case will move to the next stage of our %(title)s."),
    OutcomeKind.close: N_("The arrangements have ended and your case is closed."),
    OutcomeKind.lapse: N_("The arrangements have ended and your case is closed."),
}


def review_choices(policy: Policy, stage_id: str | None) -> list[OutcomeKind]:
    """The outcomes a review at the stage may have: the review's own list, else the
    stage's outcomes."""
    review = next((r for r in policy.reviews.case_reviews.values() if stage_id in r.stages),
                  None)
    if review and review.outcomes:
        return list(dict.fromkeys(review.outcomes))
    stage = policy.stages.get(stage_id or "")
    return list(dict.fromkeys(o.kind for o in stage.outcomes)) if stage else []


def review_choice(words: Words, choices: list[OutcomeKind], chosen: str | None) -> Value:
    """The outcome the case gives, or a blank offering the policy's outcomes."""
    if chosen:
        return Value(chosen, "outcome.review")
    if not choices:
        return Blank(words(N_("Outcome of the review")), "outcome.review")
    return Blank(words.either(words(CHOICES["outcome"][str(c)]) for c in choices),
                 "outcome.review")


def review_said(words: Words, outcome: Value, title: Value) -> Statement:
    """What the customer is told of the review's outcome."""
    if isinstance(outcome, Blank) or outcome not in set(OutcomeKind):
        return words(N_("Outcome of the review: %(outcome)s"), "outcome.review",
                     outcome=outcome)
    kind = OutcomeKind(outcome)
    said = words(SAID[kind], "outcome.review",
                 **({"title": title} if kind is OutcomeKind.escalate else {}))
    return Statement(said, "outcome.review", [outcome, *said.parts])


def appeal_choice(words: Words, rule: Appeal | None, chosen: str | None) -> Value:
    """The appeal's outcome as the case gives it, or a blank offering the rule's outcomes."""
    if chosen:
        return Value(chosen, "outcome.appeal")
    if rule and rule.outcomes:
        return Blank(words.either(rule.outcomes), "outcome.appeal")
    return Blank(words(N_("Outcome of the appeal")), "outcome.appeal")


def due(words: Words, policy: Policy, when: Value) -> Statement:
    """When the arrangements are reviewed, and that the result is written to the customer
    where the policy has a letter for it."""
    if any(letter.purpose == Purpose.review_outcome for letter in policy.letters.values()):
        return words(N_("We will review these arrangements by %(due)s and write to you with "
                        "the result."), "review.due", due=when)
    return words(N_("We will review these arrangements by %(due)s."), "review.due", due=when)


#: How soon a case is reviewed, by what the interval counts from (``measured_from``), said
#: with the decider and without.
WITHIN = {
    "decision": (N_("Cases are reviewed within %(period)s of the decision."),
                 N_("Cases are reviewed within %(period)s of the decision by the %(decider)s.")),
    "entry": (N_("Cases are reviewed within %(period)s of the entry."),
              N_("Cases are reviewed within %(period)s of the entry by the %(decider)s.")),
    "last_review": (N_("Cases are reviewed within %(period)s of the last review."),
                    N_("Cases are reviewed within %(period)s of the last review by the "
                       "%(decider)s.")),
}


def page_lines(review: Any, decider: Any = None) -> list[Line]:
    """A case review as staff read it; ``review`` is the page's fact for the rule,
    ``decider`` the page's fact for its decision where someone takes it."""
    model = review.value
    if model.measured_from:
        alone, by = WITHIN[model.measured_from]
        lines = [Line(by, {"period": review.interval, "decider": decider}) if decider is not None
                 else Line(alone, {"period": review.interval})]
    else:
        lines = [Line(N_("Cases are reviewed at least every %(period)s."),
                      {"period": review.interval})]
        if decider is not None:
            lines.append(Line(N_("The review is carried out by the %(decider)s."),
                              {"decider": decider}))
    if model.notes:
        lines[-1] = Line(lines[-1].message, lines[-1].values, after=review.notes)
    return lines


#: When a calendar review happens, with its months and its decider where the source gives them.
SCHEDULED = {(False, False): N_("%(when)s."), (True, False): N_("%(when)s (%(months)s)."),
             (False, True): N_("%(when)s; decided by the %(decider)s."),
             (True, True): N_("%(when)s (%(months)s); decided by the %(decider)s.")}


def scheduled_lines(review: Any, decider: Any = None) -> list[Line]:
    """A review of every case on a calendar (``reviews.scheduled``): when it happens and,
    for staff (a ``decider``, the page's fact for its decision), who decides and its
    purpose; ``review`` is the page's fact for it."""
    model = review.value
    message = SCHEDULED[bool(model.months), decider is not None]
    return [Line(message, {"when": review.when, "months": review.months, "decider": decider},
                 after=review.purpose if decider is not None and model.purpose else None)]


def report_lines(report: Any, role_id: str) -> list[Line]:
    """A report (``reviews.reporting``) as the page of a role that makes or receives it
    says it: to or from whom, and how often; ``report`` is the page's fact for it."""
    model = report.value
    if model.by == role_id:
        lines = [Line(N_("Reports to the %(to)s"), {"to": report.to})]
    elif model.by:
        lines = [Line(N_("Receives reports from the %(by)s"), {"by": report.by})]
    else:
        lines = [Line(N_("Receives reports"))]
    return [*lines, Line(N_("every %(period)s"), {"period": report.every})]


def register_lines(register: Any) -> list[Line]:
    """Who keeps a register (``reviews.registers.*.kept_by``), where the source names
    them; ``register`` is the page's fact for it."""
    if not register.value.kept_by:
        return []
    return [Line(N_("kept by the %(keeper)s"), {"keeper": register.kept_by})]
