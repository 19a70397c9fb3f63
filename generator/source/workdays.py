"""Dates a letter states: a period added to a date, counting working days in the council's nation.

Working days skip Saturdays, Sundays and the bank holidays of the nation (the `holidays`
package's United Kingdom calendars), so a Scottish deadline skips St Andrew's Day and an
English one does not.
"""

from __future__ import annotations

import calendar
import datetime as dt
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from generator.source.model import Nation
from generator.source.values import Duration, PolicyDate

if TYPE_CHECKING:
    import holidays

__all__ = ["add_months", "add_period", "add_working_days", "is_working_day", "long_date"]

_SUBDIVISION = {Nation.england: "ENG", Nation.wales: "WLS", Nation.scotland: "SCT",
                Nation.northern_ireland: "NIR"}


@cache
def _bank_holidays(nation: Nation) -> holidays.HolidayBase:
    # Years are filled in on demand by the holidays package as dates are looked up. It is
    # imported here, when a date is first counted: loading it costs a command 0.05 s.
    import holidays

    return holidays.country_holidays("GB", subdiv=_SUBDIVISION[nation])


def is_working_day(day: dt.date, nation: Nation) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(nation)


def add_working_days(start: dt.date, count: int, nation: Nation) -> dt.date:
    """The ``count``-th working day after ``start`` (``start`` itself is not counted)."""
    day = start
    while count > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day, nation):
            count -= 1
    return day


def add_months(start: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day where it is shorter."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(start.day, last))


@lru_cache(maxsize=65536)
def add_period(start: dt.date, period: Duration, nation: Nation) -> dt.date:
    """The date ``period`` after ``start``: the end of a monitoring period, a review due...
    (remembered: a register's due list asks the same few thousand dates again and again)"""
    if period.unit == "working_days":
        return add_working_days(start, period.value, nation)
    if period.unit == "days":
        return start + dt.timedelta(days=period.value)
    if period.unit == "weeks":
        return start + dt.timedelta(weeks=period.value)
    if period.unit == "months":
        return add_months(start, period.value)
    return add_months(start, 12 * period.value)


def long_date(day: dt.date) -> str:
    """A date as letters print it: "14 March 2026"."""
    return str(PolicyDate(day.year, day.month, day.day))
