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
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter
from typing import Literal

from generator.register.records import CaseRecord, RemovalRecord, entered_stage
from generator.source.errors import Name, Said
from generator.source.model import CaseReview, OutcomeKind, Policy, Purpose, StageKind
from generator.source.values import Duration, PolicyDate
from generator.source.workdays import add_period, long_date
from generator.statements import measures as measure_words
from generator.statements import reviews as review_words

__all__ = ["CaseDates", "End", "case_dates", "case_review_due", "end_letter", "ends",
           "measure_end", "no_end_letter", "parse_within", "reads_letter_date", "removed_end",
           "reviews_due", "rules_for"]

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
    nation, reviews = policy.policy.council.nation, sorted(held)
    n, answered = 1, 0  # the earliest reviews have answered a date
    while True:
        due = add_period(anchor, _times(period, n), nation)
        if answered == len(reviews):
            return due
        answered = max(bisect_right(reviews, due, answered), answered + 1)
        n += 1


def _day(value: PolicyDate | None) -> dt.date | None:
    return value.first_day if value else None


def case_review_due(policy: Policy, rule: CaseReview, record: CaseRecord,
                    held: Sequence[dt.date]) -> dt.date | None:
    """When the case review is next due, counted as the rule says; None without the date
    it counts from."""
    decided = _day(record.case.decision_date)
    if rule.measured_from in ("decision", "entry"):
        anchor = decided if rule.measured_from == "decision" else entered_stage(record)
        return _first_unheld(policy, anchor, rule.interval, held) if anchor else None
    # last_review, or unsaid: the interval is the longest time between reviews, the first
    # counted from the decision (as a letter's review date is).
    start = max(held, default=None) or decided or entered_stage(record)
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


def ends(policy: Policy, record: CaseRecord, own: dict[str, dt.date | None] | None = None,
         entry: dt.date | None = None) -> list[End]:
    """Every end the policy's rules give the case's measures, whether passed or to come
    (``own`` and ``entry``: each measure's end and the day the case entered its stage,
    where the caller worked them out already): each measure's own end; a lapse
    the day after a renewal the stage requires (``renew_every``) falls due unheld; a lift
    on the day of a review that chose it; and each measure a decision took off the case
    (the register's removals), unless the case holds it again."""
    case = record.case
    if own is None:
        own = {m: measure_end(policy, record, m) for m in case.measures}
    found = [End(m, "ends", day) for m, day in own.items() if day is not None]
    found += [removed_end(policy, record, r) for r in record.removals
              if r.measure not in case.measures]
    stage = policy.stages.get(case.stage or "")
    if not case.measures or stage is None:
        return found
    entry = entry or entered_stage(record)
    if stage.renew_every:
        held = [r.held_on for r in record.reviews if r.held_on >= entry]
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


@lru_cache(maxsize=4096)
def _measure_end_said(measure: str, measure_id: str, own: bool, length: Duration,
                      lapse: str | None, lapse_id: str | None) -> Said:
    """A measure's end in words: its ``length`` is the case's ``own`` duration, else the
    policy's longest; ``lapse`` names the stage the case then moves to, if any."""
    name = Name(measure, f"measures.{measure_id}.name")
    source = Said(measure_words.DUE["case_duration" if own else "longest"])
    if lapse is None:
        return Said(measure_words.DUE["measure_ends"], measure=name, source=source,
                    duration=length)
    return Said(measure_words.DUE["measure_lapses"], measure=name, source=source,
                duration=length, stage=Name(lapse, f"stages.{lapse_id}.name"))


@lru_cache(maxsize=256)
def _measure_review_said(measure: str, measure_id: str, interval: Duration) -> Said:
    """A measure's review in words."""
    return Said(measure_words.DUE["measure_review"],
                measure=Name(measure, f"measures.{measure_id}.name"), duration=interval)


@lru_cache(maxsize=256)
def _review_words(interval: Duration, start: str) -> Said:
    """What a case review's date is, made once for each rule (a due list says it for
    thousands of cases)."""
    return Said(review_words.DUE, interval=interval, start=start)


@dataclass(frozen=True)
class _Rule:
    """A stage's own rule: its longest duration, renewal or monitoring period."""

    path: str
    """The rule's fact path, such as ``stages.stage_2.max_duration``."""
    words: Said
    period: Duration


@dataclass(frozen=True)
class _StageRules:
    """What the policy's rules say of every case at one stage, in words: the same for
    thousands of cases, so worked out once for them all (see :class:`CaseDates`)."""

    case_reviews: list[tuple[str, CaseReview, Said]]
    """Each case review's fact path, rule and words."""
    scheduled: list[tuple[str, list[int], Name]]
    """Each calendar review's fact path, months and title."""
    stage_ends: _Rule | None
    renewal: _Rule | None
    monitoring: _Rule | None
    lapse: tuple[str, str] | None
    """The stage (name and id) a lapse moves the case to, where the stage has one."""
    letter: tuple[str, str] | None
    """The end letter (:func:`end_letter`, id and title), if the policy has one."""


def _stage_rules(policy: Policy, stage_id: str | None) -> _StageRules:
    stage = policy.stages.get(stage_id or "")
    name = Name(stage.name, f"stages.{stage_id}.name") if stage else None
    lapse = next((o.to for o in stage.outcomes if o.kind == "lapse"), None) if stage else None
    letter = end_letter(policy, stage_id)
    scheduled = policy.reviews.scheduled
    return _StageRules(
        [(f"reviews.case_reviews.{rule_id}", rule,
          _review_words(rule.interval, _COUNTED_FROM[rule.measured_from]))
         for rule_id, rule in rules_for(policy, stage_id)],
        [(f"reviews.scheduled.{rule_id}", scheduled[rule_id].months,
          Name(scheduled[rule_id].title, f"reviews.scheduled.{rule_id}.title"))
         for rule_id in _scheduled_for(policy, stage_id)],
        _Rule(f"stages.{stage_id}.max_duration", Said(
            measure_words.DUE["stage_ends"], stage=name, duration=stage.max_duration),
            stage.max_duration) if stage and stage.max_duration else None,
        _Rule(f"stages.{stage_id}.renew_every", Said(
            measure_words.DUE["renewal"], stage=name, period=stage.renew_every),
            stage.renew_every) if stage and stage.renew_every else None,
        _Rule(f"stages.{stage_id}.monitoring.default", Said(
            measure_words.DUE["monitoring_ends"], duration=stage.monitoring.default),
            stage.monitoring.default) if stage and stage.monitoring else None,
        (str(policy.stages[lapse].name), lapse) if lapse and lapse in policy.stages else None,
        (letter, str(policy.letters[letter].title)) if letter else None)


def _end_items(policy: Policy, record: CaseRecord, own: dict[str, dt.date | None],
               entry: dt.date, letter: tuple[str, str] | None) -> tuple[list[Due], set[str]]:
    """The end letters (``letter``: the stage's, id and title) due for the case's ends not
    yet acted on (a copy of the end letter dated on or after the end acts on it), and the
    measures whose end has been."""
    case = record.case
    found = ends(policy, record, own, entry) if case.measures or record.removals else []
    if not found:
        return [], set()
    letter_id, title = letter or (None, None)
    sent = [s.sent_on for s in record.letters if s.letter_id == letter_id]
    items: list[Due] = []
    acted: set[str] = set()
    for end in found:
        if any(day >= end.on for day in sent):
            acted |= {end.measure} if end.measure else set(case.measures)
            continue
        measure = policy.measures.get(end.measure or "")
        said = _end_said(end.how, str(measure.name) if measure else None, end.measure,
                         title, letter_id)
        items.append(Due(record.reference, case.full_name, case.stage, "end_letter",
                         f"letters.{letter_id}" if letter_id else "letters", said, end.on))
    return items, acted


class CaseDates:
    """:func:`case_dates` for the cases of one policy: what each stage's rules say, and
    their words, are worked out once for all its cases (a due list has thousands)."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self._stages: dict[str | None, _StageRules] = {}

    def _rules(self, stage_id: str | None) -> _StageRules:
        rules = self._stages.get(stage_id)
        if rules is None:
            rules = self._stages[stage_id] = _stage_rules(self.policy, stage_id)
        return rules

    def __call__(self, record: CaseRecord) -> list[Due]:
        """Every date the policy's rules set for one open case, overdue or not."""
        policy, case, stage_id = self.policy, record.case, record.case.stage
        rules = self._rules(stage_id)
        entry = entered_stage(record)
        held = sorted(r.held_on for r in record.reviews if r.held_on >= entry)
        nation = policy.policy.council.nation
        out: list[Due] = []

        def add(kind: Kind, rule: str, what: str, day: dt.date | None) -> None:
            if day is not None:
                out.append(Due(record.reference, case.full_name, stage_id, kind, rule, what,
                               day))

        for path, rule, said in rules.case_reviews:
            add("case_review", path, said, case_review_due(policy, rule, record, held))
        for path, months, title in rules.scheduled:
            add("scheduled_review", path, title, scheduled_due(months, entry, held))
        if longest := rules.stage_ends:
            add("stage_ends", longest.path, longest.words,
                add_period(entry, longest.period, nation))
        if renewal := rules.renewal:
            add("renewal", renewal.path, renewal.words, _first_unheld(
                policy, _day(case.decision_date) or entry, renewal.period, held))
        if monitoring := rules.monitoring:
            start = max(_day(case.letter_date) or entry, entry)
            add("monitoring_ends", monitoring.path, monitoring.words,
                add_period(start, monitoring.period, nation))
        own = {m: measure_end(policy, record, m) for m in case.measures}
        end_items, acted = _end_items(policy, record, own, entry, rules.letter)
        out += end_items
        lapse, lapse_id = rules.lapse or (None, None)
        for measure_id, imposed in case.measures.items():
            measure = policy.measures.get(measure_id)
            starts = _day(imposed.starts) or _day(case.letter_date) or _day(case.decision_date)
            if measure is None or starts is None:
                continue
            length = imposed.duration or measure.max_duration
            if length and measure_id not in acted:
                add("measure_ends", f"case.measures.{measure_id}.duration" if imposed.duration
                    else f"measures.{measure_id}.max_duration",
                    _measure_end_said(str(measure.name), measure_id, bool(imposed.duration),
                                      length, lapse, lapse_id), own[measure_id])
            if measure.review_interval:
                add("measure_review", f"measures.{measure_id}.review_interval",
                    _measure_review_said(str(measure.name), measure_id,
                                         measure.review_interval),
                    _first_unheld(policy, starts, measure.review_interval,
                                  [d for d in held if d >= starts]))
        return out


def case_dates(policy: Policy, record: CaseRecord) -> list[Due]:
    """Every date the policy's rules set for one open case, overdue or not (for many cases,
    :class:`CaseDates`)."""
    return CaseDates(policy)(record)


def reads_letter_date(policy: Policy) -> bool:
    """Whether :func:`case_dates` reads a kept case's letter date under ``policy``: a
    stage's monitoring period counts from it; nothing else does once the case is kept (the
    register keeps each measure's start, the letter's date where it has none of its own)."""
    return any(stage.monitoring for stage in policy.stages.values())


def reviews_due(policy: Policy, records: Iterable[CaseRecord], on: dt.date,
                within: Duration | None = None) -> DueList:
    """Every open case's dates that fall on or before ``on`` + ``within`` (overdue ones
    included), soonest first."""
    until = add_period(on, within, policy.policy.council.nation) if within else on
    dates = CaseDates(policy)
    items = [item for record in records if record.closed is None
             for item in dates(record) if item.due <= until]
    items.sort(key=attrgetter("due", "reference", "rule"))
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
