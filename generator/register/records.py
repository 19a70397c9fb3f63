"""The shape of a kept case that the register's duties read (reviews due, retention,
reports, subject access).

The store's :class:`~generator.register.store.StoredCase` has this shape; the duties are
written against these protocols so that they stay pure functions of the policy, the
cases and a date, and so that tests can hand them simple records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from generator.case import Case


class HeldReviewRecord(Protocol):
    held_on: dt.date
    outcome: str


class StageChangeRecord(Protocol):
    to_stage: str | None
    on: dt.date


class CaseRecord(Protocol):
    reference: str
    case: Case
    opened: dt.date
    closed: dt.date | None
    last_activity: dt.date
    reviews: Sequence[HeldReviewRecord]
    stage_changes: Sequence[StageChangeRecord]


def entered_stage(record: CaseRecord) -> dt.date | None:
    """When the case entered the stage it is at: its last change to that stage, else its
    decision date (the decision that put it there), else the day it was opened."""
    stage = record.case.stage
    changes = [c.on for c in record.stage_changes if c.to_stage == stage]
    if changes:
        return max(changes)
    decision = record.case.decision_date
    return decision.first_day if decision else record.opened
