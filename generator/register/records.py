"""The shape of a kept case that the register's duties read (reviews due, retention,
reports).

The store's :class:`~generator.register.store.StoredCase` (with the whole
:class:`~generator.cases.case.Case`) has this shape, and so do the lighter records that
:mod:`generator.register.kept` builds from the register's own columns for ten thousand
cases at once. The duties are written against these protocols so that they stay pure
functions of the policy, the cases and a date, and tests can hand them simple records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Protocol

from generator.source.values import Duration, PolicyDate

__all__ = ["CaseRecord", "RemovalRecord", "entered_stage"]


class MeasureFacts(Protocol):
    @property
    def starts(self) -> PolicyDate | None: ...
    @property
    def duration(self) -> Duration | None: ...


class AppealFacts(Protocol):
    @property
    def received(self) -> PolicyDate: ...
    @property
    def decided(self) -> PolicyDate | None: ...
    @property
    def outcome(self) -> str | None: ...


class CaseFacts(Protocol):
    """What the duties read of a case (a :class:`~generator.cases.case.Case` has all of it)."""

    @property
    def full_name(self) -> str | None: ...
    @property
    def stage(self) -> str | None: ...
    @property
    def decision_date(self) -> PolicyDate | None: ...
    @property
    def letter_date(self) -> PolicyDate | None: ...
    @property
    def behaviours(self) -> Sequence[str]: ...
    @property
    def measures(self) -> Mapping[str, MeasureFacts]: ...
    @property
    def appeal(self) -> AppealFacts | None: ...


class HeldReviewRecord(Protocol):
    @property
    def held_on(self) -> dt.date: ...
    @property
    def outcome(self) -> str: ...


class StageChangeRecord(Protocol):
    @property
    def to_stage(self) -> str | None: ...
    @property
    def on(self) -> dt.date: ...


class SentLetterRecord(Protocol):
    @property
    def letter_id(self) -> str: ...
    @property
    def sent_on(self) -> dt.date: ...


class RemovalRecord(Protocol):
    @property
    def measure(self) -> str: ...
    @property
    def ended_on(self) -> dt.date: ...
    @property
    def starts(self) -> dt.date | None: ...
    @property
    def duration(self) -> str | None: ...


class CaseRecord(Protocol):
    @property
    def reference(self) -> str: ...
    @property
    def case(self) -> CaseFacts: ...
    @property
    def opened(self) -> dt.date: ...
    @property
    def closed(self) -> dt.date | None: ...
    @property
    def last_activity(self) -> dt.date: ...
    @property
    def reviews(self) -> Sequence[HeldReviewRecord]: ...
    @property
    def stage_changes(self) -> Sequence[StageChangeRecord]: ...
    @property
    def letters(self) -> Sequence[SentLetterRecord]: ...
    @property
    def removals(self) -> Sequence[RemovalRecord]: ...


def entered_stage(record: CaseRecord) -> dt.date:
    """When the case entered the stage it is at: its last change to that stage, else its
    decision date (the decision that put it there), else the day it was opened."""
    stage = record.case.stage
    changes = [c.on for c in record.stage_changes if c.to_stage == stage]
    if changes:
        return max(changes)
    decision = record.case.decision_date
    return decision.first_day if decision else record.opened
