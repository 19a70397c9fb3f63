"""Kept cases for the register's duty tests: made-up people, in the shape the duties read
(generator.register.records), without a database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from generator.cases.case import Case

D = dt.date.fromisoformat


@dataclass
class Review:
    held_on: dt.date
    outcome: str = "continue"
    notes: str = ""


@dataclass
class Change:
    to_stage: str
    on: dt.date


@dataclass
class Sent:
    letter_id: str
    sent_on: dt.date


@dataclass
class Removed:
    measure: str
    ended_on: dt.date
    starts: dt.date | None = None
    duration: str | None = None


@dataclass
class Record:
    reference: str
    case: Case
    opened: dt.date
    closed: dt.date | None = None
    last_activity: dt.date | None = None
    reviews: list[Review] = field(default_factory=list)
    stage_changes: list[Change] = field(default_factory=list)
    letters: list[Sent] = field(default_factory=list)
    removals: list[Removed] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.last_activity = self.last_activity or self.opened


def record(reference: str, opened: str, *, closed: str | None = None,
           last_activity: str | None = None, reviews: tuple[str, ...] = (),
           changes: tuple[tuple[str, str], ...] = (),
           letters: tuple[tuple[str, str], ...] = (),
           removed: tuple[tuple[str, str], ...] = (), **case: Any) -> Record:
    """A kept case; ``case`` holds the case file's fields."""
    return Record(reference, Case.model_validate({"reference": reference, **case}),
                  D(opened), D(closed) if closed else None,
                  D(last_activity) if last_activity else None,
                  [Review(D(day)) for day in reviews],
                  [Change(stage, D(day)) for stage, day in changes],
                  [Sent(letter, D(day)) for letter, day in letters],
                  [Removed(measure, D(day)) for measure, day in removed])
