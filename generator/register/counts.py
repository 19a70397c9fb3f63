"""The periodic report's counts kept by month, so a report reads a few thousand kept counts
and the cases of two months, not every case open in its period.

For the cases opened in each month, ``case_counts`` keeps how many are at each stage, show
each behaviour and each measure, by the month they closed in (or none), and how many of
their reviews held on each day reached each outcome, with the timeliness
:mod:`generator.register.upkeep` keeps. A month is listed in ``counted_months`` while its
counts hold: :func:`forget` takes a month off when one of its cases changes (upkeep finds
the changed cases by their mark) and the store when one is deleted; :func:`count` counts
again the months not listed.

For a period from ``s`` to ``e``, a case opened in a month before ``e``'s month and closed
in none, or in a month after ``s``'s, was open in the period; one opened in a later month
was not; one closed in a month before ``s``'s was not. Only the cases opened in ``e``'s
month or closed in ``s``'s are read one by one (:mod:`generator.register.tally`), with
their reviews. A case closed before it was opened is counted by the
same rules, so the figures are those :func:`generator.register.report.figures` gives.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import Any

from sqlalchemy import (
    Connection,
    and_,
    delete,
    func,
    insert,
    select,
)

from generator.register import schema
from generator.register.database import one_of
from generator.register.store import Register

__all__ = ["count", "first_of", "forget", "next_month"]

Key = tuple[dt.date | None, dt.date | None, str, str, str | None]
"""A count's closed month, the day its reviews were held, kind, key and timeliness."""


def first_of(day: dt.date) -> dt.date:
    """The first day of ``day``'s month."""
    return day.replace(day=1)


def next_month(month: dt.date) -> dt.date:
    """The first day of the month after ``month``'s."""
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _month(day: dt.date | None) -> dt.date | None:
    return first_of(day) if day else None


def forget(connection: Connection, days: Iterable[dt.date | None]) -> None:
    """The counts of the months of ``days`` (the days cases were opened) no longer hold."""
    months = sorted({first_of(day) for day in days if day})
    listed = schema.counted_months
    for start in range(0, len(months), 500):
        connection.execute(delete(listed).where(listed.c.month.in_(months[start:start + 500])))


def count(register: Register) -> int:
    """Count again every month of the register whose counts do not hold; how many."""
    cases, listed = schema.cases, schema.counted_months
    with register.engine.connect() as connection:
        first, last = connection.execute(select(func.min(cases.c.opened),
                                                func.max(cases.c.opened))).one()
        held = set(connection.scalars(select(listed.c.month)))
    months = []
    month = first_of(first) if first else None
    while month and last and month <= last:
        if month not in held:
            months.append(month)
        month = next_month(month)
    for month in months:
        with register.writing() as connection:
            _count_month(connection, month)
    return len(months)


def _count_month(connection: Connection, month: dt.date) -> None:
    """Count the cases opened in ``month`` and their reviews, in place of its counts."""
    cases, counts = schema.cases, schema.case_counts
    opened = and_(cases.c.opened >= month, cases.c.opened < next_month(month))
    closed_month: dict[int, dt.date | None] = {}
    tally: Counter[Key] = Counter()
    for case_id, stage, closed in connection.execute(
            select(cases.c.id, cases.c.stage, cases.c.closed).where(opened)):
        closed_month[case_id] = _month(closed)
        tally[(closed_month[case_id], None, "stage", stage or "", None)] += 1
    reviews, ids = schema.reviews, sorted(closed_month)
    for table, column in ((schema.case_behaviours, "behaviour"),
                          (schema.case_measures, "measure")):
        for case_id, key in connection.execute(
                select(table.c.case_id, table.c[column])
                .where(one_of(connection, table.c.case_id, ids))):
            tally[(closed_month[case_id], None, column, key, None)] += 1
    for case_id, held_on, outcome, timeliness in connection.execute(
            select(reviews.c.case_id, reviews.c.held_on, reviews.c.outcome,
                   reviews.c.timeliness).where(one_of(connection, reviews.c.case_id, ids))):
        tally[(closed_month[case_id], held_on, "review", outcome, timeliness)] += 1
    connection.execute(delete(counts).where(counts.c.month == month))
    rows: list[dict[str, Any]] = [
        {"month": month, "closed_month": closed, "held_on": held, "kind": kind, "key": key,
         "timeliness": timeliness, "n": n}
        for (closed, held, kind, key, timeliness), n in sorted(
            tally.items(), key=lambda item: repr(item[0]))]
    if rows:
        connection.execute(insert(counts), rows)
    listed = schema.counted_months
    connection.execute(delete(listed).where(listed.c.month == month))
    connection.execute(insert(listed).values(month=month))
