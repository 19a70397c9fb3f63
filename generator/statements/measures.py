"""Measures (``measures``) imposed in a case: how widely each applies, when it starts and
ends, and how long the arrangements as a whole last (``stages.*.monitoring``,
``max_duration``).

Nothing is assumed: a measure whose scope the case does not give has no scope sentence
(never "all services"), a one-off measure (``one_off``) has no end, and a policy's maximum
is said as a maximum, never as the length the case runs.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from generator.languages.catalogues import N_, NP_
from generator.source.model import Policy, Scope, Stage
from generator.source.workdays import add_period
from generator.statements.said import Line, Statement, Value, Words, sentences

if TYPE_CHECKING:  # a case is only passed in: the sites never load the case model
    from generator.cases.case import Case, ImposedMeasure

__all__ = ["DUE", "ENDING", "ends", "length", "limit_lines", "monitoring", "scope", "scope_lines",
           "span", "stage_lines", "starts", "withholds_names"]

#: The register's words for the dates a stage or a measure sets (the due list, the desk, the
#: impact of a revision), by the kind of date.
DUE = {
    "stage_ends": N_("%(stage)s: at most %(duration)s"),
    "renewal": N_("%(stage)s: renewed at least every %(period)s"),
    "monitoring_ends": N_("monitoring of %(duration)s ends"),
    "measure_ends": N_("%(measure)s ends (%(source)s, %(duration)s)"),
    "measure_lapses": N_("%(measure)s ends (%(source)s, %(duration)s), then lapses to "
                         "%(stage)s"),
    "case_duration": N_("the case's duration"),
    "longest": N_("the policy's longest"),
    "measure_review": N_("%(measure)s: review every %(duration)s"),
    "every_measure": N_("every measure of the case"),
    "measure_id": N_("measure %(id)s"),
    "send": N_("%(end)s: send %(letter)s"),
    "no_letter": N_("%(end)s: the policy has no end letter to send (add a letter with "
                    "purpose end_of_monitoring to letters.yaml)"),
}
#: How a measure's end comes, for its end letter's item on the due list.
ENDING = {"ends": N_("%(what)s ends"), "lapses": N_("%(what)s lapses unless renewed"),
          "lifted": N_("%(what)s lifted at a review"),
          "removed": N_("%(what)s taken off by a decision")}

#: How widely a measure applies, by its scope.
SCOPES = {Scope.council: N_("This applies to your contact with any part of %(name)s."),
          Scope.service: N_("This applies to your contact with %(name)s."),
          Scope.team: N_("This applies to your contact with %(name)s."),
          Scope.officer: N_("This applies to your contact with %(name)s only.")}


def starts(imposed: ImposedMeasure, letter_date: dt.date | None) -> dt.date | None:
    """The day a measure starts: the case's, else the letter's date."""
    return imposed.starts.first_day if imposed.starts else letter_date


def ends(policy: Policy, imposed: ImposedMeasure, letter_date: dt.date | None) -> dt.date | None:
    """The day a measure ends, where the case gives its duration."""
    start = starts(imposed, letter_date)
    if start is None or imposed.duration is None:
        return None
    return add_period(start, imposed.duration, policy.policy.council.nation)


def scope(words: Words, policy: Policy, case: Case | None, measure_id: str,
          imposed: ImposedMeasure) -> Statement | None:
    """How widely the measure applies, where the policy gives the measure scopes to choose
    from or the case names whom it applies to; never the case model's default scope for a
    measure the policy gives none."""
    if not (policy.measures[measure_id].scopes or imposed.applies_to):
        return None
    council = policy.policy.council
    name = (council.called or council.name) if imposed.scope == Scope.council else \
        imposed.applies_to or (case.service if case else None)
    return words(SCOPES[imposed.scope], "measures.scope", name=name) if name else None


def span(words: Words, start: Value | None, end: Value | None, one_off: bool) -> Statement | None:
    """When the measure starts and, unless it is one-off or open, ends."""
    if start is None:
        return None
    if one_off:
        return words(N_("It takes effect on %(starts)s."), "measures.starts", starts=start)
    if end is None:
        return words(N_("It starts on %(starts)s."), "measures.starts", starts=start)
    return words(N_("It starts on %(starts)s and ends on %(ends)s."), "measures.ends",
                 starts=start, ends=end)


def length(words: Words, stage: Stage | None, period: Value,
           last_end: Value | None) -> Statement | None:
    """How long the arrangements last: the stage's monitoring period, or its maximum said as
    a maximum (with the day the case's measures end, where they all end)."""
    if stage is None:
        return None
    if stage.monitoring:
        return words(N_("These arrangements last for %(duration)s."), "duration",
                     duration=period)
    return sentences("duration", last_end and words(
        N_("These arrangements end on %(ends)s."), "measures.ends", ends=last_end),
        words(N_("They cannot last longer than %(duration)s."), "duration", duration=period))


def monitoring(words: Words, period: Value, end: Value, may_extend: bool) -> Statement:
    """The monitoring period and its end, and whether it may be extended."""
    return sentences(  # type: ignore[return-value]
        "monitoring", words(N_("We will monitor your contact with us for %(period)s, until "
                               "%(ends)s."), "monitoring", period=period, ends=end),
        may_extend and words(N_("We may extend this period."), "monitoring.may_extend"))


def withholds_names(policy: Policy, case: Case | None) -> bool:
    """A measure of the case keeps staff names from the customer: letters are signed by
    the team, not a person."""
    return case is not None and any(policy.measures[m].withholds_staff_names
                              for m in case.measures if m in policy.measures)


def stage_lines(stage: Any, topic: str) -> list[Line]:
    """A stage's monitoring period (``topic="monitoring"``), its maximum length
    (``"length"``) or how long its records are kept (``"retention"``) as staff read them;
    ``stage`` is the page's fact for the stage."""
    model: Stage = stage.value
    monitoring = model.monitoring
    if topic == "retention":
        return [Line(N_("Records at this stage are deleted after %(period)s with no further "
                        "activity."), {"period": stage.retention})] if model.retention else []
    if topic == "length":
        return [Line(N_("The stage lasts no longer than %(period)s."),
                     {"period": stage.max_duration})] if model.max_duration else []
    if monitoring is None:
        return []
    lines = [Line(N_("Monitoring lasts %(period)s."), {"period": stage.monitoring.default})]
    if monitoring.maximum:
        lines.append(Line(N_("It never lasts more than %(period)s."),
                          {"period": stage.monitoring.maximum}))
    if monitoring.may_shorten:
        lines.append(Line(N_("A shorter period may be set where it is appropriate.")))
    if monitoring.may_extend:
        lines.append(Line(N_("The period may be extended.")))
    return lines


def limit_lines(measure: Any, decider: Any = None, renewer: Any = None) -> list[Line]:
    """A measure's limits and who imposes and renews it, as staff read them; ``measure`` is
    the page's fact for it, ``decider`` and ``renewer`` the page's facts for the decisions
    where someone takes them."""
    model = measure.value
    lines = []
    if decider is not None:
        lines.append(Line(N_("imposed by the %(decider)s;"), {"decider": decider}))
    if model.max_duration:
        lines.append(Line(N_("lasts at most %(period)s;"), {"period": measure.max_duration}))
    if model.review_interval:
        lines.append(Line(N_("reviewed at least every %(period)s;"),
                          {"period": measure.review_interval}))
    if model.renewal:
        lines.append(Line(N_("may be renewed for %(period)s at a time;"),
                          {"period": measure.renewal.period}) if model.renewal.period
                     else Line(N_("may be renewed;")))
        if model.renewal.times:
            once, times = NP_("renewed at most once;", "renewed at most %(num)s times;")
            lines.append(Line(once, plural=times, count=int(model.renewal.times)))
        if renewer is not None:
            lines.append(Line(N_("renewed by the %(decider)s;"), {"decider": renewer}))
    if model.may_be_permanent:
        lines.append(Line(N_("may be made permanent in extreme cases;")))
    if model.informed:
        lines.append(Line(N_("when it is imposed, tell: %(roles)s;"),
                          {"roles": measure.informed}))
    return lines


def scope_lines(council: Any) -> list[Line]:
    """What a measure's scope means, for a page listing measures with scopes: the widest
    is the whole body, named by its kind (``council.kind``: "commission"), else a council;
    ``council`` is the page's fact for the body."""
    if council.value.kind:
        return [Line(N_("Scope says how widely a measure may apply: to contact with a named "
                        "officer, a team, a service or the whole %(body)s."),
                     {"body": council.kind})]
    return [Line(N_("Scope says how widely a measure may apply: to contact with a named "
                    "officer, a team, a service or the whole council."))]
