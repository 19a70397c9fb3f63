"""Appeals (``rights.appeals``): which rule covers a decision, its deadline, and what the
customer is told of it; what a source leaves unsaid about an appeal.

A letter states every part of the rule the source gives and nothing else: a rule with a
window and no address still tells the customer the window and what it counts from (the
missing address is a note of ``policy check``, :func:`gaps`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from generator.languages.catalogues import N_
from generator.source.model import Appeal, Nation, Policy
from generator.source.queries import appeal_for
from generator.source.wording import join
from generator.source.workdays import add_working_days
from generator.statements import changes
from generator.statements.said import Line, Statement, Value, Words, sentences

__all__ = [
    "DEEMED_DELIVERY",
    "LABELS",
    "deadline_start",
    "decided",
    "gaps",
    "no_appeal",
    "received",
    "right",
    "rights_gaps",
    "rule_for",
]

#: A letter sent by first-class post counts as received this many working days after it
#: is dated, when an appeal window runs from receipt (the usual deemed-delivery rule).
DEEMED_DELIVERY = 2

#: The right to appeal, by what the window counts from (the same words as Part A's).
WINDOW = {"letter": N_("You may appeal within %(window)s of the date of our letter."),
          "receipt": N_("You may appeal within %(window)s of receiving our decision."),
          "decision": N_("You may appeal within %(window)s of the date of our decision."),
          None: N_("You may appeal within %(window)s.")}
DEADLINE = N_("The last day to appeal is %(deadline)s.")
IN_WRITING = {True: N_("Your appeal must be in writing."),
              False: N_("Your appeal does not have to be in writing.")}
SEND_TO = N_("Send it to the %(receiver)s.")
ACKNOWLEDGED = N_("We will acknowledge your appeal within %(period)s.")
EVIDENCE = N_("You may send us further evidence within %(period)s of appealing.")
DECIDED_BY = N_("Your appeal is decided by the %(decider)s.")
DECIDED_WITHIN = N_("We will decide your appeal within %(period)s.")
NONE = N_("There is no right of appeal against this decision under our %(title)s.")
LATE = {"exceptional_circumstances": N_("We accept a late appeal only in exceptional "
                                        "circumstances."),
        "never": N_("We do not accept a late appeal.")}
ATTEND = {False: N_("You do not attend the appeal."), True: N_("You may attend the appeal.")}

#: Each period of a rule as the timescales page and the change log label it, by its field.
LABELS = {"window": N_("appeal window"), "decided_within": N_("appeal decided within"),
          "acknowledged_within": N_("appeal acknowledged within"),
          "evidence_within": N_("further evidence accepted within")}

#: Each reader's words for a rule: staff read of "the customer"; the public, like the
#: customer in a letter, are "you".
READERS: dict[str, dict[str, Any]] = {
    "staff": {
        "window": {
            "letter": N_("The customer may appeal within %(window)s of the date of the letter."),
            "receipt": N_("The customer may appeal within %(window)s of receiving the decision."),
            "decision": N_("The customer may appeal within %(window)s of the date of the "
                           "decision."),
            None: N_("The customer may appeal within %(window)s.")},
        "open": N_("The customer may appeal."),
        "in_writing": {True: N_("The appeal must be in writing."),
                       False: N_("The appeal need not be in writing.")},
        "acknowledged": N_("The appeal is acknowledged within %(period)s."),
        "evidence": N_("The customer may send further evidence within %(period)s of appealing."),
        "decided_by": N_("The appeal is decided by the %(decider)s."),
        "decided_within": N_("It is decided within %(period)s."),
        "late": {"exceptional_circumstances": N_("A late appeal is accepted only in "
                                                 "exceptional circumstances."),
                 "never": N_("A late appeal is not accepted.")},
        "attend": {False: N_("The customer does not attend the appeal."),
                   True: N_("The customer may attend the appeal.")}},
    "public": {"window": WINDOW, "open": N_("You may appeal."), "in_writing": IN_WRITING,
               "acknowledged": ACKNOWLEDGED, "evidence": EVIDENCE, "decided_by": DECIDED_BY,
               "decided_within": DECIDED_WITHIN, "late": LATE, "attend": ATTEND},
}


def page_lines(appeal: Any, reader: str, decider: Any = None) -> list[Line]:
    """A rule as a page says it to ``reader`` ("staff" or "public"). ``appeal`` is the
    page's fact for the rule (its attributes print marked with their fact ids, its
    ``value`` is the model's rule); ``decider`` is the page's fact for its decision."""
    rule: Appeal = appeal.value
    if not rule.available:
        return [Line(N_("There is no right of appeal."), after=appeal.reason if rule.reason
                     else None)]
    words = READERS[reader]
    lines = [Line(words["window"][rule.window_from], {"window": appeal.window}) if rule.window
             else Line(words["open"])]
    if rule.in_writing is not None:
        lines.append(Line(words["in_writing"][rule.in_writing]))
    if rule.to:
        lines.append(Line(SEND_TO, {"receiver": appeal.to}))
    if rule.address:
        lines.append(Line(N_("Address:"), joined=appeal.address))
    if rule.acknowledged_within:
        lines.append(Line(words["acknowledged"], {"period": appeal.acknowledged_within}))
    if rule.evidence_within:
        lines.append(Line(words["evidence"], {"period": appeal.evidence_within}))
    if rule.decision and decider is not None:
        lines.append(Line(words["decided_by"], {"decider": decider}))
    if rule.decided_within:
        lines.append(Line(words["decided_within"], {"period": appeal.decided_within}))
    if rule.late:
        lines.append(Line(words["late"][rule.late]))
    if rule.attend is not None:
        lines.append(Line(words["attend"][rule.attend]))
    if rule.grounds:
        lines.append(Line(N_("Grounds:"), after=appeal.grounds))
    return lines


def rule_for(policy: Policy, decision_id: str | None) -> Appeal | None:
    """The rule covering a decision, or the rule whose own decision it is (an appeal's
    outcome is reported under the rule that decided it)."""
    return appeal_for(policy, decision_id) or next(
        (a for a in policy.rights.appeals.values() if a.decision and a.decision == decision_id),
        None)


def deadline_start(rule: Appeal, letter: dt.date | None, decision: dt.date | None,
                   nation: Nation) -> dt.date | None:
    """The day the appeal window counts from, where the rule says what it counts from."""
    if rule.window_from == "letter":
        return letter
    if rule.window_from == "decision":
        return decision or letter
    if rule.window_from == "receipt" and letter:
        return add_working_days(letter, DEEMED_DELIVERY, nation)
    return None


def right(words: Words, rule: Appeal, window: Value | None, deadline: Value | None,
          to: Value | None) -> Statement:
    """The customer's right to appeal, as far as the rule states it."""
    said = words(WINDOW[rule.window_from], "appeal.right", window=window) if window else \
        words(N_("You may appeal."), "appeal.right")
    return sentences(  # type: ignore[return-value]
        "appeal.right", said,
        deadline and words(DEADLINE, "appeal.deadline", deadline=deadline),
        rule.in_writing is not None and words(IN_WRITING[rule.in_writing], "appeal.in_writing"),
        to and words(SEND_TO, "appeal.to", receiver=to),
        rule.acknowledged_within and words(ACKNOWLEDGED, "appeal.acknowledged_within", period=Value(
            words.period(rule.acknowledged_within), "appeal.acknowledged_within")),
        _evidence(words, rule),
        rule.late and words(LATE[rule.late], "appeal.late"),
        rule.attend is not None and words(ATTEND[rule.attend], "appeal.attend"),
        rule.grounds and Value(rule.grounds, "appeal.grounds"))


def decided(words: Words, by: Value | None, within: Value | None) -> Statement | None:
    """Who decides the appeal and how soon, where the rule says."""
    return sentences("appeal.decided",
                     by and words(DECIDED_BY, "appeal.by", decider=by),
                     within and words(DECIDED_WITHIN, "appeal.decided_within", period=within))


def received(words: Words, rule: Appeal) -> Statement | None:
    """What happens to an appeal once it is received, as the acknowledgement tells the
    customer, where the rule says."""
    return sentences("appeal.received", _evidence(words, rule), rule.decided_within and words(
        DECIDED_WITHIN, "appeal.decided_within",
        period=Value(words.period(rule.decided_within), "appeal.decided_within")))


def _evidence(words: Words, rule: Appeal) -> Statement | None:
    """How long the customer may still send evidence after appealing, where the rule says."""
    if rule.evidence_within is None:
        return None
    return words(EVIDENCE, "appeal.evidence_within",
                 period=Value(words.period(rule.evidence_within), "appeal.evidence_within"))


def no_appeal(words: Words, title: Value, reason: str) -> Statement:
    """That the decision cannot be appealed, and the source's reason."""
    because = Value(reason, "appeal.reason")  # stated, even when the source gives none
    said = words(NONE, "appeal.none", title=title)
    return Statement(f"{said} {because}" if because else said, "appeal.none", [said, because])


def gaps(loc: tuple[Any, ...], appeal: Appeal) -> Iterator[tuple[tuple[Any, ...], str, str]]:
    """What the rule leaves unsaid: (where, what is not said, what to add)."""
    if appeal.window is None:
        yield loc, "how long the customer has to appeal", "add window:"
    elif appeal.window_from is None:
        yield loc, "what the appeal window counts from", "add window_from:"
    if not (appeal.to or appeal.address):
        yield loc, "where to send an appeal", "add to: (a role) or address:"
    if appeal.in_writing is None:
        yield loc, "whether an appeal must be in writing", "add in_writing: true or false"
    if appeal.decision is None:
        yield loc, "who decides an appeal", "add decision:"
    if appeal.decided_within is None:
        yield loc, "how long the body takes to decide an appeal", "add decided_within:"


def rights_gaps(policy: Policy) -> Iterator[tuple[tuple[Any, ...], str, str]]:
    """What the source leaves unsaid about challenging a decision: no rule at all, or the
    parts of each available rule (:func:`gaps`)."""
    if not policy.rights.appeals:
        yield (("rights",), "whether or how a customer can challenge a decision",
               "add an appeal rule under appeals: (available: false where there is none)")
    for appeal_id, appeal in policy.rights.appeals.items():
        if appeal.available:
            yield from gaps(("rights", "appeals", appeal_id), appeal)


#: An appeal rule brought in, by whether the rule gives its window and to whom it goes.
INTRODUCED = {
    (False, False): N_("Appeal introduced: customers may appeal"),
    (True, False): N_("Appeal introduced: customers may appeal within %(window)s"),
    (False, True): N_("Appeal introduced: customers may appeal to the %(role)s"),
    (True, True): N_("Appeal introduced: customers may appeal within %(window)s to the "
                     "%(role)s"),
}
SIGNPOSTED = N_("Appeal removed: customers are now signposted to the %(ombudsmen)s")
NO_APPEAL = N_("Appeal removed: there is no longer an appeal")


def change_text(policy: Policy, rule: Appeal) -> str:
    """A rule brought in or taken away, as the change log reports it (in English, or in
    the reader's language: :func:`generator.statements.changes.in_language`)."""
    if rule.available:
        role = policy.roles[rule.to].name if rule.to in policy.roles else None
        return changes.said(INTRODUCED[bool(rule.window), role is not None],
                            window=str(rule.window), role=str(role))
    names = [o.name for o in policy.rights.ombudsmen]
    if not names:
        return changes.said(NO_APPEAL)
    return changes.said(SIGNPOSTED, ombudsmen=join(names, "or", changes.language()))
