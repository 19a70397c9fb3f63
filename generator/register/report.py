"""The periodic report on the register: how many cases, at which stages, for which
behaviours and measures, with what outcomes, appeals and reviews, for one period.

It holds numbers only, never a name, an address or a reference, so it may go to a
committee and onto the intranet. It is written as .docx through the same pandoc machinery
as the approval report (:mod:`generator.sites.approval_report`), and as an HTML page from the same
Markdown. The period comes from the policy's reporting rule where it states one
(``reviews.reporting``: every 12 months) or from its calendar review (a review at the
financial year end reports on the financial year); otherwise it must be given.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator.register.due import case_review_due, rules_for
from generator.register.records import CaseRecord, entered_stage
from generator.source.model import Nation, Policy
from generator.source.values import Duration, PolicyDate
from generator.source.workdays import add_months, is_working_day, long_date

__all__ = [
    "TOLD_BANDS", "Figures", "Period", "default_period", "figures", "review_timeliness",
    "told_band", "write_report",
]


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    def __contains__(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    def __str__(self) -> str:
        return f"{long_date(self.start)} to {long_date(self.end)}"

    @classmethod
    def between(cls, start: dt.date, end: dt.date) -> Period:
        """The days from ``start`` to ``end``; ValueError if it ends before it starts."""
        if end < start:
            raise ValueError(f"the period ends ({end.isoformat()}) before it starts "
                             f"({start.isoformat()}); give the earlier day first")
        return cls(start, end)

    @classmethod
    def parse(cls, text: str) -> Period:
        """``2026-04-01..2027-03-31``."""
        start, sep, end = text.partition("..")
        try:
            period = cls(dt.date.fromisoformat(start.strip()), dt.date.fromisoformat(end.strip()))
        except ValueError:
            period = None
        if not sep or period is None or period.end < period.start:
            raise ValueError(f"{text!r} is not a period; write START..END, such as "
                             "2026-04-01..2027-03-31")
        return period


def default_period(policy: Policy, on: dt.date) -> Period | None:
    """The period the policy's own rule gives, ending by ``on``: the reporting interval up
    to ``on``, else the months between the last two calendar reviews; None if neither."""
    nation = policy.policy.council.nation
    for rule in policy.reviews.reporting.values():
        return Period(_before(on, rule.every, nation) + dt.timedelta(days=1), on)
    months = sorted({m for rule in policy.reviews.scheduled.values() for m in rule.months})
    if not months:
        return None
    ends = [PolicyDate(year, m).last_day for year in (on.year - 2, on.year - 1, on.year)
            for m in months]
    ended = [day for day in ends if day <= on]
    return Period(ended[-2] + dt.timedelta(days=1), ended[-1])


def _before(day: dt.date, period: Duration, nation: Nation) -> dt.date:
    """The day ``period`` before ``day``."""
    if period.unit in ("months", "years"):
        return add_months(day, -period.value * (12 if period.unit == "years" else 1))
    if period.unit != "working_days":
        return day - dt.timedelta(days=period.value * (7 if period.unit == "weeks" else 1))
    count = period.value
    while count:
        day -= dt.timedelta(days=1)
        count -= is_working_day(day, nation)
    return day


@dataclass
class Figures:
    period: Period
    open_cases: int = 0
    new_cases: int = 0
    decisions: int = 0
    by_stage: Counter[str] = field(default_factory=Counter)
    by_behaviour: Counter[str] = field(default_factory=Counter)
    by_measure: Counter[str] = field(default_factory=Counter)
    reviews_held: int = 0
    reviews_on_time: int = 0
    reviews_unmeasured: int = 0
    """Reviews of cases at a stage with no review interval: neither on time nor late."""
    review_outcomes: Counter[str] = field(default_factory=Counter)
    appeals_received: int = 0
    appeals_decided: int = 0
    appeal_outcomes: Counter[str] = field(default_factory=Counter)
    deletions: int = 0
    disclosures: int = 0
    """Tellings of a decided restriction recorded in the period (counted by the register)."""
    cases_told: int = 0
    """Cases with at least one telling in the period."""
    most_told: int = 0
    """The most tellings of one case in the period."""
    disclosures_outside: int = 0
    """Tellings outside the roles the policy names, each with its recorded reason."""
    told_per_case: Counter[str] = field(default_factory=Counter)
    """Cases by their number of tellings in the period: 1, 2, 3 to 5, 6 or more."""


#: How the report groups cases by their number of tellings: (label, fewest, most).
TOLD_BANDS = (("1", 1, 1), ("2", 2, 2), ("3 to 5", 3, 5), ("6 or more", 6, None))


def told_band(number: int) -> str:
    """The band of :data:`TOLD_BANDS` a case told ``number`` times (at least 1) is in."""
    return next(label for label, low, high in TOLD_BANDS
                if number >= low and (high is None or number <= high))


def figures(policy: Policy, records: Iterable[CaseRecord], period: Period,
            deleted_on: Iterable[dt.date] = ()) -> Figures:
    """The report's numbers for ``period``: every case open at some time in it, and the
    decisions, reviews, appeals and deletions that fell in it."""
    out = Figures(period, deletions=sum(1 for day in deleted_on if day in period))
    for record in records:
        if record.opened > period.end or (record.closed and record.closed < period.start):
            continue
        case = record.case
        out.open_cases += 1
        out.new_cases += record.opened in period
        out.decisions += (case.decision_date.first_day if case.decision_date else None) in period
        out.by_stage[case.stage or ""] += 1
        out.by_behaviour.update(set(case.behaviours))
        out.by_measure.update(case.measures.keys())
        _reviews(policy, record, period, out)
        if case.appeal:
            out.appeals_received += case.appeal.received.first_day in period
            decided = case.appeal.decided.first_day if case.appeal.decided else None
            if decided in period:
                out.appeals_decided += 1
                out.appeal_outcomes[case.appeal.outcome or "not recorded"] += 1
    return out


def review_timeliness(policy: Policy, record: CaseRecord) -> list[str]:
    """Each of the case's reviews (in their order) ``on_time`` if held by the date its rule
    set from the reviews before it (rules of the case's present stage), else ``late``;
    ``unmeasured`` where no rule sets a date."""
    rules = [rule for _, rule in rules_for(policy, record.case.stage)]
    entry = entered_stage(record)
    held = sorted(r.held_on for r in record.reviews)
    out = []
    for review in record.reviews:
        before = [d for d in held if d < review.held_on and (entry is None or d >= entry)]
        dues = [d for d in (case_review_due(policy, rule, record, before) for rule in rules)
                if d]
        out.append("unmeasured" if not dues else
                   "on_time" if review.held_on <= min(dues) else "late")
    return out


def _reviews(policy: Policy, record: CaseRecord, period: Period, out: Figures) -> None:
    """Count the case's reviews in the period, and how many were on time."""
    if not any(review.held_on in period for review in record.reviews):
        return
    for review, timeliness in zip(record.reviews, review_timeliness(policy, record),
                                  strict=True):
        if review.held_on not in period:
            continue
        out.reviews_held += 1
        out.review_outcomes[review.outcome] += 1
        out.reviews_unmeasured += timeliness == "unmeasured"
        out.reviews_on_time += timeliness == "on_time"


def _table(heading: str, names: dict[str, str], counts: Counter[str]) -> list[str]:
    """A two-column table of every item the policy names, with its count (zero too)."""
    rows = [(names.get(key, key), counts.get(key, 0)) for key in [*names, *(
        k for k in counts if k not in names)]]
    return [f"## {heading}", "", "| | Cases |", "| --- | ---: |",
            *[f"| {name} | {count} |" for name, count in rows], ""]


def _disclosure_lines(fig: Figures) -> list[str]:
    """Whom decisions were told to, counted: per case by band, and outside the policy."""
    return [
        "# Disclosures", "",
        "Each telling of a decided restriction to someone, as officers recorded it. The "
        "reasons for tellings outside the policy's roles are kept with each case.", "",
        "| | Number |", "| --- | ---: |",
        f"| Tellings recorded | {fig.disclosures} |",
        f"| Cases told of | {fig.cases_told} |",
        f"| Most tellings of one case | {fig.most_told} |",
        f"| Tellings outside the roles the policy names (each with a recorded reason) | "
        f"{fig.disclosures_outside} |", "",
        "## Cases by number of tellings", "", "| Tellings | Cases |", "| --- | ---: |",
        *[f"| {label} | {fig.told_per_case.get(label, 0)} |" for label, _l, _h in TOLD_BANDS],
        ""]


def report_markdown(policy: Policy, fig: Figures) -> str:
    doc = policy.policy
    rule = next(iter(policy.reviews.reporting.values()), None)
    to = f" to the {policy.roles[rule.to].name}" if rule and rule.to in policy.roles else ""
    by = (f"Report of the {policy.roles[rule.by].name}"
          if rule and rule.by in policy.roles else doc.council.name)
    title = f"Cases under the {doc.title}{to}"
    outcome_words = {kind: kind for kind in sorted(fig.review_outcomes)}
    lines = [
        "---", f'title: "{title}"', f'subtitle: "{fig.period}"', f'author: "{by}"',
        "lang: en-GB", "---", "",
        f"**{doc.council.name}**", "",
        "# Summary", "",
        "This report gives numbers only: it names no customer.", "",
        "| | Number |", "| --- | ---: |",
        f"| Cases open during the period | {fig.open_cases} |",
        f"| Cases opened in the period | {fig.new_cases} |",
        f"| Decisions taken in the period | {fig.decisions} |",
        f"| Reviews held | {fig.reviews_held} |",
        f"| Reviews held on time | {fig.reviews_on_time} |",
        f"| Reviews with no interval in the policy to be on time for | "
        f"{fig.reviews_unmeasured} |",
        f"| Appeals received | {fig.appeals_received} |",
        f"| Appeals decided | {fig.appeals_decided} |",
        f"| Cases deleted at the end of their retention period | {fig.deletions} |", "",
        "# Cases", "",
        *_table("By stage", {k: s.name for k, s in policy.stages.items()}, fig.by_stage),
        *_table("By behaviour", {k: b.name for k, b in policy.behaviours.items()},
                fig.by_behaviour),
        *_table("By measure", {k: m.name for k, m in policy.measures.items()},
                fig.by_measure),
        *_disclosure_lines(fig),
        "# Reviews and appeals", "",
        *_table("Review outcomes", outcome_words, fig.review_outcomes),
        *_table("Appeal results", {k: k for k in sorted(fig.appeal_outcomes)},
                fig.appeal_outcomes),
    ]
    if rule and rule.content:
        lines += ["# What the policy asks this report to cover", "", rule.content, ""]
    return "\n".join(lines).rstrip() + "\n"


def write_report(policy: Policy, fig: Figures, out: Path) -> Path:
    """The report as .docx (the approval report's reference document; for a name ending
    .pdf, its PDF too, beside it) or, for a name ending .html, a standalone page with no
    outside resources."""
    import tempfile

    from generator.sites.exports import convert, references, report_pdf, source_date

    fmt = "html" if out.suffix.lower() in (".html", ".htm") else "docx"
    pdf, out = out.suffix.lower() == ".pdf", out if fmt == "html" else out.with_suffix(".docx")
    out.parent.mkdir(parents=True, exist_ok=True)
    with source_date(policy), tempfile.TemporaryDirectory() as folder:
        convert(report_markdown(policy, fig), fmt, out,
                references(policy, Path(folder))["docx"] if fmt == "docx" else None)
    return report_pdf(out, policy) if pdf else out
