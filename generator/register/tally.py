"""The periodic report's numbers counted by the database: the counts kept by month
(:mod:`generator.register.counts`), and a few queries over the cases of the period's first
and last months and over the indexes of its dates, whatever the number of cases, giving
the same :class:`Figures` as :func:`generator.register.report.figures` gives from the
cases one by one (a test holds the two together). Each review's timeliness is the one
:mod:`generator.register.upkeep` keeps."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, func, or_, select

from generator.register import schema
from generator.register.counts import count, first_of, next_month
from generator.register.disclosures import count as count_tellings
from generator.register.report import Figures, Period, told_band
from generator.register.store import Register
from generator.register.upkeep import refresh
from generator.source.model import Policy

__all__ = ["kept_figures"]


def _in(column: Any, period: Period) -> ColumnElement[bool]:
    return and_(column >= period.start, column <= period.end)


def kept_figures(register: Register, policy: Policy, period: Period) -> Figures:
    """The report's numbers for ``period``: every case open at some time in it, and the
    decisions, reviews, appeals and deletions that fell in it."""
    refresh(register, policy)
    count(register)
    cases, reviews, audit = schema.cases, schema.reviews, schema.audit
    opened = and_(cases.c.opened <= period.end,
                  or_(cases.c.closed.is_(None), cases.c.closed >= period.start))
    first, last = first_of(period.start), first_of(period.end)
    # the cases the kept counts do not answer for, each read: those opened in the period's
    # last month (the index on their opening), and those opened before it and closed in
    # its first month (the index on their closing); see counts.py
    edges = [and_(opened, cases.c.opened >= last, cases.c.opened < next_month(last)),
             and_(opened, cases.c.opened < last, cases.c.closed >= first,
                  cases.c.closed < next_month(first))]
    out = Figures(period)
    with register.engine.connect() as connection:
        _kept_counts(connection, out, first, last)
        for edge in edges:
            for stage, number in connection.execute(
                    select(cases.c.stage, func.count()).where(edge).group_by(cases.c.stage)):
                out.by_stage[stage or ""] += number
                out.open_cases += number
            for table, column, counter in (
                    (schema.case_behaviours, "behaviour", out.by_behaviour),
                    (schema.case_measures, "measure", out.by_measure)):
                for key, number in connection.execute(
                        select(table.c[column], func.count())
                        .join(cases, cases.c.id == table.c.case_id).where(edge)
                        .group_by(table.c[column])):
                    counter[key] += number
            for key, timeliness, number in connection.execute(
                    select(reviews.c.outcome, reviews.c.timeliness, func.count())
                    .join(cases, cases.c.id == reviews.c.case_id)
                    .where(edge, _in(reviews.c.held_on, period))
                    .group_by(reviews.c.outcome, reviews.c.timeliness)):
                _review(out, key, timeliness, number)
        # the dated figures: each a range of an index on its date (schema.cases)
        for column in ("opened", "decision_date", "appeal_received", "appeal_decided"):
            number = connection.scalar(select(func.count()).select_from(cases).where(
                _in(cases.c[column], period), opened)) or 0
            if column == "opened":
                out.new_cases = number
            elif column == "decision_date":
                out.decisions = number
            elif column == "appeal_received":
                out.appeals_received = number
            else:
                out.appeals_decided = number
        outcome = func.coalesce(cases.c.appeal_outcome, "not recorded")
        for key, number in connection.execute(
                select(outcome, func.count()).where(opened, _in(cases.c.appeal_decided, period))
                .group_by(outcome)):
            out.appeal_outcomes[key] += number
        start = dt.datetime.combine(period.start, dt.time(), dt.UTC)
        end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time(), dt.UTC)
        out.deletions = connection.scalar(select(func.count()).where(
            audit.c.action == "delete", audit.c.at >= start, audit.c.at < end)) or 0
    _disclosures(register, period, select(cases.c.id).where(opened), out)
    return out


def _disclosures(register: Register, period: Period, open_ids: Any, out: Figures) -> None:
    """The tellings of the period's cases, per case and outside the policy's roles."""
    per_case, out.disclosures_outside = count_tellings(register, period.start, period.end, open_ids)
    out.disclosures = sum(per_case.values())
    out.cases_told = len(per_case)
    out.most_told = max(per_case.values(), default=0)
    out.told_per_case.update(told_band(n) for n in per_case.values())


def _review(out: Figures, outcome: str, timeliness: str | None, number: int) -> None:
    out.reviews_held += number
    out.review_outcomes[outcome] += number
    out.reviews_on_time += number if timeliness == "on_time" else 0
    out.reviews_unmeasured += number if timeliness == "unmeasured" else 0


def _kept_counts(connection: Connection, out: Figures, first: dt.date, last: dt.date) -> None:
    """Add the kept counts of the cases opened before the period's last month and not
    closed in its first (counts.py): those closed in no month, or after its first, were
    open in the period; and their reviews held in it."""
    counts = schema.case_counts
    open_ = and_(counts.c.month < last,
                 or_(counts.c.closed_month.is_(None), counts.c.closed_month > first))
    reviewed = or_(counts.c.kind != "review",
                   and_(counts.c.held_on >= out.period.start, counts.c.held_on <= out.period.end))
    for kind, key, timeliness, number in connection.execute(
            select(counts.c.kind, counts.c.key, counts.c.timeliness, func.sum(counts.c.n))
            .where(open_, reviewed)
            .group_by(counts.c.kind, counts.c.key, counts.c.timeliness)):
        if kind == "stage":
            out.by_stage[key] += number
            out.open_cases += number
        elif kind == "behaviour":
            out.by_behaviour[key] += number
        elif kind == "measure":
            out.by_measure[key] += number
        else:
            _review(out, key, timeliness, number)
