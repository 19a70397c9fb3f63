"""Reviews due: every date a kept case must be looked at again, by the policy's own rules.

A pure function of the policy model, the kept cases and a date. Each rule comes from a
fact the source states: a case review's interval and what it counts from
(``reviews.case_reviews``), a calendar review's months (``reviews.scheduled``), a stage's
longest duration and monitoring period, and each measure's own end (the case's duration,
else the policy's longest) and review interval. Where the source states no such rule for a
stage, nothing is due for its cases, and :func:`unsaid` says so: no interval is invented.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from generator.register.records import CaseRecord, RemovalRecord, entered_stage
from generator.source.errors import Name, Said
from generator.source.model import CaseReview, OutcomeKind, Policy, Purpose, StageKind
from generator.source.values import Duration, PolicyDate
from generator.source.workdays import add_period, long_date
from generator.statements import measures as measure_words
from generator.statements import reviews as review_words

__all__ = ["End", "case_dates", "case_review_due", "end_letter", "ends", "measure_end",
           "no_end_letter", "parse_within", "removed_end", "reviews_due", "rules_for"]

Kind = Literal["case_review", "scheduled_review", "measure_review", "monitoring_ends",
               "stage_ends", "measure_ends", "renewal", "end_letter"]
How = Literal["ends", "lapses", "lifted", "removed"]

_COUNTED_FROM = {key: Said(message) for key, message in review_words.COUNTED_FROM.items()}


@dataclass(frozen=True)
class Due:
    """One date a case falls due: a review, or the end of something the policy limits."""

    reference: str
    name: str | None
    stage: str | None
    kind: Kind
    rule: str
    """The fact path of the rule, such as ``reviews.case_reviews.regular_review``."""
    what: str
    """The rule in words, such as "case review every 6 months from the decision"."""
    due: dt.date

    def overdue(self, on: dt.date) -> bool:
        return self.due < on

    def describe(self, on: dt.date) -> str:
        late = (on - self.due).days
        if self.kind.endswith("_ends"):  # an end is a date passed, not a duty missed
            when = f"{'ended' if late > 0 else 'ends'} {long_date(self.due)}"
        else:
            when = (f"overdue since {long_date(self.due)} ({late} days)" if late > 0
                    else f"due {long_date(self.due)}")
        return f"{self.reference}  {self.name or '(no name)'}  {self.what}: {when}"


@dataclass
class DueList:
    on: dt.date
    until: dt.date
    items: list[Due] = field(default_factory=list)
    unsaid: list[str] = field(default_factory=list)
    """What the policy does not say, so that no review is due by it (see :func:`unsaid`)."""


def parse_within(text: str) -> Duration:
    """``30d``, ``2w``, ``3m`` or a period as the source writes one (``30 days``)."""
    units = {"d": "days", "w": "weeks", "m": "months", "y": "years"}
    short = text.strip().lower()
    if short[:-1].isdigit() and short[-1:] in units:
        return Duration.parse(f"{short[:-1]} {units[short[-1]]}")
    return Duration.parse(text)


def _times(period: Duration, n: int) -> Duration:
    return Duration(period.value * n, period.unit)


def _first_unheld(policy: Policy, anchor: dt.date, period: Duration,
                  held: Sequence[dt.date]) -> dt.date:
    """The first of anchor + n x period (n = 1, 2...) that no review answered. The reviews
    held up to a date answer it (one held early counts for the date it comes before); a
    date that passed with none is answered by the first review after it, held late. The
    schedule keeps its dates either way."""
    nation, reviews, n = policy.policy.council.nation, sorted(held), 1
    while True:
        due = add_period(anchor, _times(period, n), nation)
        answered = [day for day in reviews if day <= due]
        if not answered and not reviews:
            return due
        reviews = reviews[len(answered) or 1:]
        n += 1


def _day(value: PolicyDate | None) -> dt.date | None:
    return value.first_day if value else None


def case_review_due(policy: Policy, rule: CaseReview, record: CaseRecord,
                    held: Sequence[dt.date]) -> dt.date | None:
    """When the case review is next due, counted as the rule says; None without the date
    it counts from."""
    case = record.case
    entry = entered_stage(record)
    if rule.measured_from in ("decision", "entry"):
        anchor = _day(case.decision_date) if rule.measured_from == "decision" else entry
        return _first_unheld(policy, anchor, rule.interval, held) if anchor else None
    # last_review, or unsaid: the interval is the longest time between reviews, the first
    # counted from the decision (as a letter's review date is).
    start = max(held, default=None) or _day(case.decision_date) or entry
    return add_period(start, rule.interval, policy.policy.council.nation) if start else None


def _month_end(year: int, month: int) -> dt.date:
    return PolicyDate(year, month).last_day


def scheduled_due(months: Sequence[int], since: dt.date,
                  held: Sequence[dt.date]) -> dt.date:
    """The end of the first of the review's months, from ``since`` on, in which the case
    was not reviewed."""
    year, month = since.year, since.month
    while True:
        if month in months and not any((d.year, d.month) == (year, month) for d in held):
            return _month_end(year, month)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def rules_for(policy: Policy, stage: str | None) -> list[tuple[str, CaseReview]]:
    return [(rule_id, rule) for rule_id, rule in policy.reviews.case_reviews.items()
            if stage in rule.stages]


def _scheduled_for(policy: Policy, stage: str | None) -> list[str]:
    """The calendar reviews (with months) covering the stage; no stages means every active
    stage."""
    kind = policy.stages[stage].kind if stage in policy.stages else None
    return [rule_id for rule_id, rule in policy.reviews.scheduled.items() if rule.months
            and (stage in rule.stages or (not rule.stages and kind == StageKind.active))]


@dataclass(frozen=True)
class End:
    """The day a case's measure stops applying (``measure`` None: all of them)."""

    measure: str | None
    how: How
    on: dt.date
    """The first day it no longer applies."""


def measure_end(policy: Policy, record: CaseRecord, measure_id: str) -> dt.date | None:
    """The day a measure of the case ends: its start (the case's, else the letter's or the
    decision's date) plus the case's duration, else the policy's longest; None without
    either, or for a measure the policy does not know."""
    imposed, measure = record.case.measures.get(measure_id), policy.measures.get(measure_id)
    if imposed is None or measure is None:
        return None
    case = record.case
    starts = _day(imposed.starts) or _day(case.letter_date) or _day(case.decision_date)
    length = imposed.duration or measure.max_duration
    if starts is None or length is None:
        return None
    return add_period(starts, length, policy.policy.council.nation)


@lru_cache(maxsize=256)
def _length(text: str) -> Duration:
    return Duration.parse(text)


def removed_end(policy: Policy, record: CaseRecord, removal: RemovalRecord) -> End:
    """The end of a measure taken off the case: its own end (its start plus the case's
    duration, else the policy's longest) or a review's lift, where one came before it was
    taken off (the end letter was due then), else the day it was taken off."""
    measure = policy.measures.get(removal.measure)
    length = _length(removal.duration) if removal.duration else \
        measure.max_duration if measure else None
    before = [End(removal.measure, "lifted", r.held_on) for r in record.reviews
              if str(r.outcome) == OutcomeKind.lift
              and (removal.starts is None or r.held_on >= removal.starts)]
    if removal.starts and length:
        before.append(End(removal.measure, "ends", add_period(
            removal.starts, length, policy.policy.council.nation)))
    passed = [end for end in before if end.on <= removal.ended_on]
    return min(passed, key=lambda end: end.on) if passed else \
        End(removal.measure, "removed", removal.ended_on)


def ends(policy: Policy, record: CaseRecord,
         own: dict[str, dt.date | None] | None = None) -> list[End]:
    """Every end the policy's rules give the case's measures, whether passed or to come:
    each measure's own end (``own``, where the caller worked them out already); a lapse
    the day after a renewal the stage requires (``renew_every``) falls due unheld; a lift
    on the day of a review that chose it; and each measure a decision took off the case
    (the register's removals), unless the case holds it again."""
    case, entry = record.case, entered_stage(record)
    if own is None:
        own = {m: measure_end(policy, record, m) for m in case.measures}
    found = [End(m, "ends", day) for m, day in own.items() if day is not None]
    found += [removed_end(policy, record, r) for r in record.removals
              if r.measure not in case.measures]
    stage = policy.stages.get(case.stage or "")
    if not case.measures or stage is None or entry is None:
        return found
    held = sorted(r.held_on for r in record.reviews if r.held_on >= entry)
    if stage.renew_every:
        renewal = _first_unheld(policy, _day(case.decision_date) or entry, stage.renew_every,
                                held)
        found.append(End(None, "lapses", renewal + dt.timedelta(days=1)))
    lifted = [r.held_on for r in record.reviews if r.held_on >= entry
              and str(r.outcome) == OutcomeKind.lift]
    if lifted:
        found.append(End(None, "lifted", max(lifted)))
    return found


def end_letter(policy: Policy, stage_id: str | None) -> str | None:
    """The customer letter the policy has for the end of a case's arrangements (purpose
    ``end_of_monitoring``): the stage's own, else that of a stage the case's outcomes move
    it to when they end (close, lapse, lift), else the one for no particular stage."""
    letters = [(lid, letter) for lid, letter in policy.letters.items()
               if letter.purpose == Purpose.end_of_monitoring and letter.recipient == "customer"]
    if not letters:
        return None
    stage = policy.stages.get(stage_id or "")
    after = {o.to for o in (stage.outcomes if stage else [])
             if o.kind in (OutcomeKind.close, OutcomeKind.lapse, OutcomeKind.lift) and o.to}
    for chosen in ([lid for lid, letter in letters if letter.stage == stage_id],
                   [lid for lid, letter in letters if letter.stage in after],
                   [lid for lid, letter in letters if letter.stage is None]):
        if chosen:
            return chosen[0]
    return None


def no_end_letter(policy: Policy) -> bool:
    """Whether the policy imposes measures yet has no customer letter for their end."""
    return bool(policy.measures) and not any(end_letter(policy, s)
                                             for s in [None, *policy.stages])




@lru_cache(maxsize=4096)
def _end_said(how: How, measure: str | None, measure_id: str | None, letter: str | None,
              letter_id: str | None) -> Said:
    """An end letter's item in words (the same few for thousands of cases: kept once)."""
    what = Name(measure, f"measures.{measure_id}.name") if measure else \
        Said(measure_words.DUE["every_measure"]) if measure_id is None else \
        Said(measure_words.DUE["measure_id"], id=measure_id)
    happens = Said(measure_words.ENDING[how], what=what)
    if letter is None:
        return Said(measure_words.DUE["no_letter"], end=happens)
    return Said(measure_words.DUE["send"], end=happens,
                letter=Name(letter, f"letters.{letter_id}.title"))


def _end_items(policy: Policy, record: CaseRecord,
               own: dict[str, dt.date | None]) -> tuple[list[Due], set[str]]:
    """The end letters due for the case's ends not yet acted on (a copy of the end letter
    dated on or after the end acts on it), and the measures whose end has been."""
    case = record.case
    found = ends(policy, record, own) if case.measures or record.removals else []
    if not found:
        return [], set()
    letter_id = end_letter(policy, case.stage)
    sent = [s.sent_on for s in record.letters if s.letter_id == letter_id]
    items: list[Due] = []
    acted: set[str] = set()
    for end in found:
        if any(day >= end.on for day in sent):
            acted |= {end.measure} if end.measure else set(case.measures)
            continue
        measure = policy.measures.get(end.measure or "")
        said = _end_said(end.how, str(measure.name) if measure else None, end.measure,
                         str(policy.letters[letter_id].title) if letter_id else None,
                         letter_id)
        items.append(Due(record.reference, case.full_name, case.stage, "end_letter",
                         f"letters.{letter_id}" if letter_id else "letters", said, end.on))
    return items, acted
@lru_cache(maxsize=256)
def _review_words(interval: Duration, start: str) -> Said:
    """What a case review's date is, made once for each rule (a due list says it for
    thousands of cases)."""
    return Said(review_words.DUE, interval=interval, start=start)


def case_dates(policy: Policy, record: CaseRecord) -> list[Due]:
    """Every date the policy's rules set for one open case, overdue or not."""
    case, stage_id = record.case, record.case.stage
    entry = entered_stage(record)
    held = sorted(r.held_on for r in record.reviews if entry is None or r.held_on >= entry)
    nation = policy.policy.council.nation
    out: list[Due] = []

    def add(kind: Kind, rule: str, what: str, day: dt.date | None) -> None:
        if day is not None:
            out.append(Due(record.reference, case.full_name, stage_id, kind, rule, what, day))

    for rule_id, rule in rules_for(policy, stage_id):
        add("case_review", f"reviews.case_reviews.{rule_id}",
            _review_words(rule.interval, _COUNTED_FROM[rule.measured_from]),
            case_review_due(policy, rule, record, held))
    for rule_id in _scheduled_for(policy, stage_id):
        calendar = policy.reviews.scheduled[rule_id]
        add("scheduled_review", f"reviews.scheduled.{rule_id}",
            Name(calendar.title, f"reviews.scheduled.{rule_id}.title"),
            scheduled_due(calendar.months, entry, held) if entry else None)
    stage = policy.stages.get(stage_id or "")
    if stage and entry:
        name = Name(stage.name, f"stages.{stage_id}.name")
        if stage.max_duration:
            add("stage_ends", f"stages.{stage_id}.max_duration",
                Said(measure_words.DUE["stage_ends"], stage=name,
                     duration=stage.max_duration),
                add_period(entry, stage.max_duration, nation))
        if stage.renew_every:
            add("renewal", f"stages.{stage_id}.renew_every",
                Said(measure_words.DUE["renewal"], stage=name,
                     period=stage.renew_every),
                _first_unheld(policy, _day(case.decision_date) or entry, stage.renew_every,
                              held))
        if stage.monitoring:
            start = _day(case.letter_date) or entry
            add("monitoring_ends", f"stages.{stage_id}.monitoring.default",
                Said(measure_words.DUE["monitoring_ends"], duration=stage.monitoring.default),
                add_period(max(start, entry), stage.monitoring.default, nation))
    lapse = next((o for o in stage.outcomes if o.kind == "lapse"), None) if stage else None
    own = {m: measure_end(policy, record, m) for m in case.measures}
    end_items, acted = _end_items(policy, record, own)
    out += end_items
    for measure_id, imposed in case.measures.items():
        measure = policy.measures.get(measure_id)
        starts = _day(imposed.starts) or _day(case.letter_date) or _day(case.decision_date)
        if measure is None or starts is None:
            continue
        length = imposed.duration or measure.max_duration
        if length and measure_id not in acted:
            name = Name(measure.name, f"measures.{measure_id}.name")
            source = Said(measure_words.DUE["case_duration" if imposed.duration else "longest"])
            path = (f"case.measures.{measure_id}.duration" if imposed.duration
                    else f"measures.{measure_id}.max_duration")
            said = Said(measure_words.DUE["measure_lapses"],
                        measure=name, source=source, duration=length, stage=Name(
                            policy.stages[lapse.to].name, f"stages.{lapse.to}.name")) if (
                lapse and lapse.to in policy.stages) else Said(
                measure_words.DUE["measure_ends"], measure=name, source=source, duration=length)
            add("measure_ends", path, said, own[measure_id])
        if measure.review_interval:
            add("measure_review", f"measures.{measure_id}.review_interval",
                Said(measure_words.DUE["measure_review"],
                     measure=Name(measure.name, f"measures.{measure_id}.name"),
                     duration=measure.review_interval),
                _first_unheld(policy, starts, measure.review_interval,
                              [d for d in held if d >= starts]))
    return out


def reviews_due(policy: Policy, records: Iterable[CaseRecord], on: dt.date,
                within: Duration | None = None) -> DueList:
    """Every open case's dates that fall on or before ``on`` + ``within`` (overdue ones
    included), soonest first."""
    until = add_period(on, within, policy.policy.council.nation) if within else on
    items = [item for record in records if record.closed is None
             for item in case_dates(policy, record) if item.due <= until]
    items.sort(key=lambda item: (item.due, item.reference, item.rule))
    return DueList(on, until, items, unsaid(policy))


def unsaid(policy: Policy) -> list[str]:
    """What the policy leaves unsaid about reviews, so that no date is due by it."""
    notes: list[str] = []
    for stage_id, stage in policy.stages.items():
        if stage.kind != StageKind.active:
            continue
        if not (rules_for(policy, stage_id) or _scheduled_for(policy, stage_id)
                or stage.max_duration or stage.monitoring or stage.renew_every):
            notes.append(Said(
                "stages.%(id)s: the policy sets no review interval, calendar review, "
                "monitoring period or longest duration for %(stage)s, so no review of its "
                "cases is listed as due", id=stage_id,
                stage=Name(stage.name, f"stages.{stage_id}.name")))
    for rule_id, rule in policy.reviews.scheduled.items():
        if not rule.months:
            notes.append(Said(
                "reviews.scheduled.%(id)s: %(title)s gives no month (%(when)s), so no date "
                "is due for it", id=rule_id, when=Name(
                    rule.when, f"reviews.scheduled.{rule_id}.when"),
                title=Name(rule.title, f"reviews.scheduled.{rule_id}.title")))
    if not any(stage.renew_every for stage in policy.stages.values()):
        notes.append(Said("no rule of the policy ends a restriction when its review date "
                          "passes without a review, so none is listed as lapsed"))
    if no_end_letter(policy):
        notes.append(Said("letters: the policy has no letter for the end of a restriction "
                          "(purpose end_of_monitoring), so an end is listed with no letter "
                          "to send"))

    return notes
