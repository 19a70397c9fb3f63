"""The desk's lists over any number of cases: search by name, reference or postcode, filters
(stage, officer, due by a date, open or closed), sorting and pages, each one query on the
register's indexed columns; and the due list read from the cases due alone.

A search matches the start of the customer's name (given names first, no title), of their
family name, of their postcode (spaces aside) or of the reference, letter case and
accents aside: ``smi`` finds Jo Smith, ``cf10`` finds CF10 1AB, ``asb/2026`` finds
ASB/2026/0001.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select

from generator.register import schema
from generator.register.due import CaseDates, Due, DueList, reads_letter_date, reviews_due
from generator.register.kept import all_facts, bulk
from generator.register.store import Register, postcode_key, search_key
from generator.register.upkeep import refresh
from generator.source.model import Policy
from generator.source.values import Duration
from generator.source.workdays import add_period

__all__ = ["SORTS", "CaseLine", "CaseQuery", "Page", "due_list", "due_page", "find_cases"]

#: The orders a list may be sorted in, by their names in a page's address.
SORTS = {"reference": schema.cases.c.reference_key, "name": schema.cases.c.name_key,
         "stage": schema.cases.c.stage, "due": schema.cases.c.next_due,
         "activity": schema.cases.c.last_activity}
#: The sort columns every case has (the reference's key is kept from the first save, or
#: from the upgrade's upkeep, before any list).
NEVER_EMPTY = {"reference_key", "last_activity"}
#: Lines on a page, at most.
MOST = 200


@dataclass(frozen=True)
class CaseQuery:
    text: str = ""
    stage: str | None = None
    officer: str | None = None
    due_by: dt.date | None = None
    """Only cases with something due on or before this day."""
    closed: bool | None = False
    """False: open cases only; True: closed only; None: both."""
    sort: str = "reference"
    descending: bool = False
    page: int = 1
    size: int = 50


@dataclass(frozen=True)
class CaseLine:
    reference: str
    name: str | None
    stage: str | None
    officer: str | None
    next_due: dt.date | None
    next_due_rule: str | None
    last_activity: dt.date
    closed: dt.date | None
    items: list[Due] = field(default_factory=list)
    """On the due list: what falls due, soonest first."""


@dataclass(frozen=True)
class Page:
    query: CaseQuery
    lines: list[CaseLine]
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.query.size))


def _prefix(column: Any, start: str) -> ColumnElement[bool]:
    """``column`` starts with ``start``: a range, so an index answers it on any database."""
    after = start[:-1] + chr(ord(start[-1]) + 1)
    return and_(column >= start, column < after)


def _where(query: CaseQuery) -> list[ColumnElement[bool]]:
    cases = schema.cases
    where: list[ColumnElement[bool]] = []
    text = search_key(query.text)
    if text:
        code = postcode_key(text)
        where.append(or_(_prefix(cases.c.name_key, text), _prefix(cases.c.family_key, text),
                         _prefix(cases.c.postcode_key, code),
                         _prefix(cases.c.reference_key, text)))
    if query.stage:
        where.append(cases.c.stage == query.stage)
    if query.officer:
        where.append(cases.c.officer == query.officer)
    if query.due_by:
        where.append(cases.c.next_due <= query.due_by)
    if query.closed is not None:
        where.append(cases.c.closed.is_not(None) if query.closed else cases.c.closed.is_(None))
    return where


def find_cases(register: Register, query: CaseQuery) -> Page:
    """One page of the cases ``query`` asks for, and how many there are in all."""
    cases = schema.cases
    query = replace(query, size=min(max(query.size, 1), MOST), page=max(query.page, 1),
                    sort=query.sort if query.sort in SORTS else "reference")
    where = _where(query)
    with register.engine.connect() as connection:
        total = connection.scalar(select(func.count()).select_from(cases).where(*where)) or 0
    # a page past the end (an old link, a typed number) is the last page
    query = replace(query, page=min(query.page, max(1, math.ceil(total / query.size))))
    skip = (query.page - 1) * query.size
    # a page in the second half is read from the far end, so the last page costs what the
    # first does: the database steps over at most half the matches
    backwards = skip > total // 2
    descending = query.descending != backwards
    take = min(query.size, total - skip) if backwards else query.size

    def ordered(column: Any) -> Any:
        """In the page's direction; a column that may be empty has its empty rows last
        (on every database), one that may not is read straight from its index."""
        by = column.desc() if descending else column.asc()
        if column.name in NEVER_EMPTY:
            return by
        return by.nulls_first() if backwards else by.nulls_last()

    select_lines = (select(cases.c.id, cases.c.reference, cases.c.name, cases.c.stage,
                           cases.c.officer, cases.c.next_due, cases.c.next_due_rule,
                           cases.c.last_activity, cases.c.closed)
                    .where(*where)
                    .order_by(ordered(SORTS[query.sort]), ordered(cases.c.reference_key))
                    .limit(max(take, 0)).offset(total - skip - take if backwards else skip))
    with register.engine.connect() as connection:
        rows = connection.execute(select_lines).all()
    lines = [CaseLine(*row[1:]) for row in rows]
    return Page(query, lines[::-1] if backwards else lines, total)


def _until(policy: Policy, on: dt.date, within: Duration | None) -> dt.date:
    return add_period(on, within, policy.policy.council.nation) if within else on


def due_page(register: Register, policy: Policy, on: dt.date, within: Duration | None,
             query: CaseQuery) -> tuple[Page, dt.date]:
    """One page of the open cases with something due by ``on`` + ``within`` (overdue
    included), soonest first unless ``query`` sorts otherwise, each with what is due."""
    refresh(register, policy)
    until = _until(policy, on, within)
    page = find_cases(register, replace(query, due_by=until, closed=False))
    references = {line.reference for line in page.lines}
    ids = _ids(register, references)
    dues: dict[str, list[Due]] = {}
    dates = CaseDates(policy)
    for facts in all_facts(register, ids):
        dues[facts.reference] = sorted((d for d in dates(facts) if d.due <= until),
                                       key=lambda d: (d.due, d.rule))
    lines = [replace(line, items=dues.get(line.reference, [])) for line in page.lines]
    return replace(page, lines=lines), until


def _ids(register: Register, references: set[str]) -> list[int]:
    cases = schema.cases
    with register.engine.connect() as connection:
        return list(connection.scalars(select(cases.c.id)
                                       .where(cases.c.reference.in_(sorted(references)))))


def due_list(register: Register, policy: Policy, on: dt.date,
             within: Duration | None = None) -> DueList:
    """Every open case's dates falling due by ``on`` + ``within``, as
    :func:`~generator.register.due.reviews_due` gives them, reading only the cases due."""
    refresh(register, policy)
    # a closed case has no next due date (upkeep.next_due), and reviews_due skips it
    next_due = schema.cases.c.next_due
    with bulk():  # once, over both: the collector then walks the records once, not twice
        return reviews_due(policy, all_facts(
            register, where=next_due <= _until(policy, on, within), by=next_due,
            letter_dates=reads_letter_date(policy)), on, within)
