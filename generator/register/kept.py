"""Every kept case at once, in one query per table, for the duties that read them all.

:meth:`Register.get` asks four queries per case, which for ten thousand cases is forty
thousand round trips. :func:`all_cases` reads each table once and gives whole
:class:`StoredCase`\\ s (subject access needs everything); :func:`all_facts` reads only
the columns and tables the store keeps for queries (stage, dates, behaviours, measures,
appeal), never parsing a case's JSON, for the due list, retention and the report.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Connection, Text, null, select, type_coerce

from generator.cases.case import Case
from generator.register import schema
from generator.register.database import one_of
from generator.register.store import (
    HeldReview,
    MeasureRemoval,
    Register,
    SentLetter,
    StageChange,
    StoredCase,
    removal,
)
from generator.source.values import Duration, PolicyDate

__all__ = ["CHUNK", "all_cases", "all_facts", "bulk", "deletions"]

#: Row ids asked for in one IN (...): well inside SQLite's and PostgreSQL's limits.
CHUNK = 5000


def _grouped(connection: Connection, table: Any) -> dict[int, list[Any]]:
    rows: dict[int, list[Any]] = defaultdict(list)
    for row in connection.execute(select(table).order_by(table.c.id)):
        rows[row.case_id].append(row)
    return rows


def _reviews(rows: list[Any]) -> list[HeldReview]:
    return [HeldReview(r.held_on, r.outcome, r.notes, r.held_by) for r in rows]


def _changes(rows: list[Any]) -> list[StageChange]:
    return [StageChange(r.from_stage, r.to_stage, r.changed_on, r.changed_by) for r in rows]


def _case(data: str | dict[str, Any]) -> Case:
    """SQLite gives the JSON as text, for pydantic's own parser (faster than json's);
    psycopg gives it parsed."""
    return Case.model_validate_json(data) if isinstance(data, str) else Case.model_validate(data)


def all_cases(register: Register) -> list[StoredCase]:
    """Every case in the register, whole, with its letters, reviews and stage changes."""
    table = schema.cases
    with register.engine.connect() as connection:
        letters, reviews = _grouped(connection, schema.letters), _grouped(connection,
                                                                          schema.reviews)
        changes = _grouped(connection, schema.stage_changes)
        removed = _grouped(connection, schema.measure_removals)
        cases = connection.execute(
            select(*[c for c in table.c if c.name != "data"],
                   type_coerce(table.c.data, Text).label("data")).order_by(table.c.reference))
        return [StoredCase(
            reference=row.reference, case=_case(row.data),
            version=row.version, opened=row.opened, closed=row.closed,
            last_activity=row.last_activity,
            letters=[SentLetter(r.letter_id, r.docx_sha256, r.pdf_sha256, r.sent_on, r.sent_by,
                                r.id) for r in letters[row.id]],
            reviews=_reviews(reviews[row.id]), stage_changes=_changes(changes[row.id]),
            removals=[removal(r) for r in removed[row.id]])
            for row in cases]


@dataclass(frozen=True)
class MeasureFacts:
    starts: PolicyDate | None
    duration: Duration | None


@dataclass(frozen=True)
class AppealFacts:
    received: PolicyDate
    decided: PolicyDate | None
    outcome: str | None


@dataclass(frozen=True)
class CaseFacts:
    """The facts of a case the duties read (records.CaseFacts), from the store's columns."""

    full_name: str | None
    stage: str | None
    decision_date: PolicyDate | None
    letter_date: PolicyDate | None
    behaviours: list[str]
    measures: dict[str, MeasureFacts]
    appeal: AppealFacts | None


@dataclass(frozen=True)
class KeptFacts:
    reference: str
    case: CaseFacts
    opened: dt.date
    closed: dt.date | None
    last_activity: dt.date
    reviews: list[HeldReview]
    stage_changes: list[StageChange]
    case_id: int = 0
    """The row's id, for :mod:`generator.register.upkeep` to write back what is due."""
    letters: tuple[SentLetter, ...] = ()
    """The letters kept as sent (their ids and dates): an end letter sent acts on an end."""
    removals: tuple[MeasureRemoval, ...] = ()
    """The measures taken off the case: each end's letter is due."""


def _as_text(column: Any) -> Any:
    """A date column as SQLite's text, read with date.fromisoformat instead of SQLAlchemy's
    regular expression (most of the time for ten thousand cases); PostgreSQL still gives
    dates."""
    return type_coerce(column, Text).label(column.name)


def _day(value: dt.date | str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _on(value: dt.date | str | None) -> dt.date:
    """A day from a column that is never empty."""
    day = _day(value)
    assert day is not None
    return day


@lru_cache(maxsize=8192)
def _date(value: dt.date | str | None) -> PolicyDate | None:
    """A case's date, made once for the many cases of one day (kept for a few years)."""
    if isinstance(value, str):
        return PolicyDate.parse(value)  # a case's letter_date may be a month alone
    return _policy_day(value) if value else None


@lru_cache(maxsize=8192)
def _policy_day(day: dt.date) -> PolicyDate:
    return PolicyDate(day.year, day.month, day.day)


@lru_cache(maxsize=256)
def _duration(text: str | None) -> Duration | None:
    return Duration.parse(text) if text else None


@contextmanager
def bulk() -> Iterator[None]:
    """No garbage collection while records are built in bulk: the collector would walk the
    growing heap again and again (half the time for ten thousand cases), and the records
    hold no cycles to collect."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def all_facts(register: Register, ids: Sequence[int] | None = None,
              where: ColumnElement[bool] | None = None, *,
              letter_dates: bool = True, by: Any = None) -> list[KeptFacts]:
    """Every case in the register (or those whose row ids are ``ids``, or those ``where``,
    a condition on the cases table, holds for) as the facts the duties read, without its
    JSON but for its letter date (with ``letter_dates`` False, not even that: each case's is
    None; PostgreSQL then parses no case's JSON); by reference, or by the column ``by`` (the
    index a ``where`` on it ranges over: SQLite would otherwise read every case through the
    reference's); rows fetched whole and unpacked by position."""
    if ids is not None and len(ids) > CHUNK:
        return [facts for start in range(0, len(ids), CHUNK)
                for facts in all_facts(register, ids[start:start + CHUNK],
                                       letter_dates=letter_dates, by=by)]
    table, reviews, changes = schema.cases, schema.reviews, schema.stage_changes
    imposed = schema.case_measures
    chosen = table.c.id.in_(ids) if ids is not None else where
    with register.engine.connect() as connection, bulk():
        def rows(*columns: Any, order: Any = None) -> list[Any]:
            query = select(*columns).order_by(order)
            if chosen is None:
                return list(connection.execute(query).all())
            if columns[0].table is table:
                return list(connection.execute(query.where(chosen)).all())
            # a case's own rows: by the ids of the cases chosen, CHUNK at a time (for many
            # more, PostgreSQL reads the whole table instead of the case_id index)
            owner = columns[0].table.c.case_id
            return [row for start in range(0, len(found), CHUNK)
                    for row in connection.execute(query.where(
                        one_of(connection, owner, found[start:start + CHUNK]))).all()]

        kept = rows(table.c.id, table.c.reference, table.c.name, table.c.stage,
                    _as_text(table.c.decision_date),
                    (table.c.data["letter_date"].as_string() if letter_dates
                     else null()).label("letter_date"),
                    _as_text(table.c.appeal_received), _as_text(table.c.appeal_decided),
                    table.c.appeal_outcome, _as_text(table.c.opened), _as_text(table.c.closed),
                    _as_text(table.c.last_activity),
                    order=table.c.reference if by is None else by)
        found = [row[0] for row in kept]

        held: dict[int, list[HeldReview]] = defaultdict(list)
        for case_id, day, outcome, notes, by in rows(
                reviews.c.case_id, _as_text(reviews.c.held_on), reviews.c.outcome,
                reviews.c.notes, reviews.c.held_by, order=reviews.c.id):
            held[case_id].append(HeldReview(_on(day), outcome, notes, by))
        moved: dict[int, list[StageChange]] = defaultdict(list)
        for case_id, old, new, day, by in rows(
                changes.c.case_id, changes.c.from_stage, changes.c.to_stage,
                _as_text(changes.c.changed_on), changes.c.changed_by, order=changes.c.id):
            moved[case_id].append(StageChange(old, new, _on(day), by))
        sent: dict[int, list[SentLetter]] = defaultdict(list)
        letters = schema.letters
        for case_id, letter_id, day in rows(letters.c.case_id, letters.c.letter_id,
                                            _as_text(letters.c.sent_on), order=letters.c.id):
            sent[case_id].append(SentLetter(letter_id, "", None, _on(day), ""))
        gone: dict[int, list[MeasureRemoval]] = defaultdict(list)
        removals = schema.measure_removals
        for case_id, measure, day, by, starts, duration in rows(
                removals.c.case_id, removals.c.measure, _as_text(removals.c.ended_on),
                removals.c.removed_by, _as_text(removals.c.starts), removals.c.duration,
                order=removals.c.id):
            gone[case_id].append(MeasureRemoval(measure, _on(day), by, None, None,
                                                _day(starts), duration))
        behaviours: dict[int, list[str]] = defaultdict(list)
        for case_id, behaviour in rows(*schema.case_behaviours.c):
            behaviours[case_id].append(behaviour)
        measures: dict[int, dict[str, MeasureFacts]] = defaultdict(dict)
        for case_id, measure, starts, duration in rows(
                imposed.c.case_id, imposed.c.measure, _as_text(imposed.c.starts),
                imposed.c.duration):
            measures[case_id][measure] = MeasureFacts(_date(_day(starts)), _duration(duration))
        return [KeptFacts(
            reference,
            CaseFacts(name, stage, _date(_day(decided)), _date(letter), behaviours[case_id],
                      measures[case_id],
                      AppealFacts(_policy_day(_on(received)), _date(_day(appeal_decided)),
                                  appeal_outcome) if received else None),
            _on(opened), _day(closed), _on(active), held[case_id], moved[case_id], case_id,
            tuple(sent[case_id]), tuple(gone[case_id]))
            for (case_id, reference, name, stage, decided, letter, received, appeal_decided,
                 appeal_outcome, opened, closed, active) in kept]


def deletions(register: Register) -> list[dt.date]:
    """The days cases were deleted, from the audit log."""
    audit = schema.audit
    with register.engine.connect() as connection:
        return [at.date() for at in connection.scalars(
            select(audit.c.at).where(audit.c.action == "delete"))]
