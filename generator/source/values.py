"""Typed values with one canonical text form: periods and dates as a policy states them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

from generator.source.errors import Said

__all__ = ["DateField", "Duration", "DurationField", "PolicyDate"]

Unit = Literal["days", "working_days", "weeks", "months", "years"]
_UNIT_WORDS: dict[str, tuple[str, str]] = {
    "days": ("day", "days"),
    "working_days": ("working day", "working days"),
    "weeks": ("week", "weeks"),
    "months": ("month", "months"),
    "years": ("year", "years"),
}
_DURATION = re.compile(r"^\s*(-?\d+)\s+(working\s+days?|days?|weeks?|months?|years?)\s*$")


@dataclass(frozen=True)
class Duration:
    """A period such as "6 months" or "15 working days"; always more than zero."""

    value: int
    unit: Unit

    @property
    def working(self) -> bool:
        return self.unit == "working_days"

    def __str__(self) -> str:
        singular, plural = _UNIT_WORDS[self.unit]
        return f"{self.value} {singular if self.value == 1 else plural}"

    @classmethod
    def parse(cls, raw: Any) -> Duration:
        if isinstance(raw, Duration):
            return raw
        match = _DURATION.match(str(raw)) if isinstance(raw, str) else None
        if not match:
            raise ValueError(Said(
                "%(value)r is not a period; write a number and a unit, such as '6 months', "
                "'15 working days', '2 weeks', '1 day' or '1 year'", value=raw))
        value, words = int(match.group(1)), match.group(2).split()
        if value <= 0:
            raise ValueError(Said("a period must be more than zero, not %(value)r; write a "
                                  "positive number, such as '3 months'", value=raw))
        unit = "working_days" if words[0] == "working" else words[-1].rstrip("s") + "s"
        return cls(value, unit)  # type: ignore[arg-type]


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


@dataclass(frozen=True, order=True)
class PolicyDate:
    """A date, or a month when the source only knows the month ("September 2019")."""

    year: int
    month: int
    day: int | None = None

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        if self.day:
            return self.first_day
        next_month = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
        return next_month - dt.timedelta(days=1)

    def __str__(self) -> str:
        month = MONTHS[self.month - 1]
        return f"{self.day} {month} {self.year}" if self.day else f"{month} {self.year}"

    def iso(self) -> str:
        return self.first_day.isoformat() if self.day else f"{self.year:04d}-{self.month:02d}"

    @classmethod
    def parse(cls, raw: Any) -> PolicyDate:
        if isinstance(raw, PolicyDate):
            return raw
        if isinstance(raw, dt.datetime):
            raw = raw.date()
        if isinstance(raw, dt.date):
            return cls(raw.year, raw.month, raw.day)
        match = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", str(raw).strip())
        if not match:
            raise ValueError(Said("%(value)r is not a date; write YYYY-MM-DD, or YYYY-MM for a "
                                  "month", value=raw))
        year, month, day = (int(g) if g else None for g in match.groups())
        try:
            dt.date(year, month, day or 1)  # type: ignore[arg-type]
        except ValueError as exc:
            raise ValueError(Said("%(value)r is not a real date (%(reason)s)", value=raw,
                                  reason=str(exc))) from None
        return cls(year, month, day)  # type: ignore[arg-type]


DurationField = Annotated[
    Duration,
    BeforeValidator(Duration.parse),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"type": "string", "pattern": _DURATION.pattern,
                    "examples": ["6 months", "15 working days"]}),
]
DateField = Annotated[
    PolicyDate,
    BeforeValidator(PolicyDate.parse),
    PlainSerializer(PolicyDate.iso, return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{2}(-\d{2})?$",
                    "examples": ["2019-09-01", "2019-09"]}),
]
