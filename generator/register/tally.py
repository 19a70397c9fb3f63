"""The periodic report's numbers counted by the database: a few grouped queries over the
register's columns, whatever the number of cases, giving the same :class:`Figures` as
:func:`generator.register.report.figures` gives from the cases one by one (a test holds
the two together). Each review's timeliness is the one :mod:`generator.register.upkeep`
keeps."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, select

from generator.register import schema
from generator.register.disclosures import count
from generator.register.report import Figures, Period, told_band
from generator.register.store import Register
from generator.register.upkeep import refresh
from generator.source.model import Policy

__all__ = ["kept_figures"]


def _in(column: Any, period: Period) -> ColumnElement[bool]:
    return and_(column >= period.start, column <= period.end)


def _count(condition: ColumnElement[bool]) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def kept_figures(register: Register, policy: Policy, period: Period) -> Figures:
    """The report's numbers for ``period``: every case open at some time in it, and the
    decisions, reviews, appeals and deletions that fell in it."""
    refresh(register, policy)
    cases, reviews, audit = schema.cases, schema.reviews, schema.audit
    opened = and_(cases.c.opened <= period.end,
                  or_(cases.c.closed.is_(None), cases.c.closed >= period.start))
    # the cases open in the period, from the index on their dates (schema.cases), which
    # holds every column counted here: the wide rows themselves are never read
    open_ids = select(cases.c.id).where(opened)
    out = Figures(period)
    with register.engine.connect() as connection:
        for stage, count, new, decisions, received, decided in connection.execute(
                select(cases.c.stage, func.count(), _count(_in(cases.c.opened, period)),
                       _count(_in(cases.c.decision_date, period)),
                       _count(_in(cases.c.appeal_received, period)),
                       _count(_in(cases.c.appeal_decided, period)))
                .where(opened).group_by(cases.c.stage)):
            out.by_stage[stage or ""] += count
            out.open_cases += count
            out.new_cases += new
            out.decisions += decisions
            out.appeals_received += received
            out.appeals_decided += decided
        for table, column, counter in (
                (schema.case_behaviours, "behaviour", out.by_behaviour),
                (schema.case_measures, "measure", out.by_measure)):
            for key, count in connection.execute(
                    select(table.c[column], func.count())
                    .where(table.c.case_id.in_(open_ids)).group_by(table.c[column])):
                counter[key] += count
        outcome = func.coalesce(cases.c.appeal_outcome, "not recorded")
        for key, count in connection.execute(
                select(outcome, func.count()).where(opened, _in(cases.c.appeal_decided, period))
                .group_by(outcome)):
            out.appeal_outcomes[key] += count
        for key, timeliness, count in connection.execute(
                select(reviews.c.outcome, reviews.c.timeliness, func.count())
                .where(reviews.c.case_id.in_(open_ids), _in(reviews.c.held_on, period))
                .group_by(reviews.c.outcome, reviews.c.timeliness)):
            out.reviews_held += count
            out.review_outcomes[key] += count
            out.reviews_on_time += count if timeliness == "on_time" else 0
            out.reviews_unmeasured += count if timeliness == "unmeasured" else 0
        start = dt.datetime.combine(period.start, dt.time(), dt.UTC)
        end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time(), dt.UTC)
        out.deletions = connection.scalar(select(func.count()).where(
            audit.c.action == "delete", audit.c.at >= start, audit.c.at < end)) or 0
    _disclosures(register, period, open_ids, out)
    return out


def _disclosures(register: Register, period: Period, open_ids: Any, out: Figures) -> None:
    """The tellings of the period's cases, per case and outside the policy's roles."""
    per_case, out.disclosures_outside = count(register, period.start, period.end, open_ids)
    out.disclosures = sum(per_case.values())
    out.cases_told = len(per_case)
    out.most_told = max(per_case.values(), default=0)
    out.told_per_case.update(told_band(n) for n in per_case.values())
