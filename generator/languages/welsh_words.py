"""Welsh forms of the values the model prints: periods, dates and lists of names.

Periods, month and day names come from Babel's copy of the Unicode CLDR, which knows the
mutations a number brings ("2 fis", "2 ddiwrnod", "5 mlynedd"); only the mutations after
"neu" and "a" in a list are ours.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Protocol

__all__ = ["Dated", "Period", "conjunction", "date", "month", "mutate", "period", "weekday"]

LOCALE = "cy"


class Period(Protocol):
    """A period as the model holds it (:class:`generator.source.values.Duration`)."""

    @property
    def value(self) -> int: ...
    @property
    def unit(self) -> str: ...


class Dated(Protocol):
    """A date, or a month with no day (:class:`generator.source.values.PolicyDate`)."""

    @property
    def year(self) -> int: ...
    @property
    def month(self) -> int: ...
    @property
    def day(self) -> int | None: ...

#: CLDR units for the policy's units; a working day is a day with "gwaith" after it.
_UNITS = {"days": "duration-day", "working_days": "duration-day", "weeks": "duration-week",
          "months": "duration-month", "years": "duration-year"}


@functools.cache
def _months() -> tuple[str, ...]:
    from babel.dates import get_month_names  # Babel only for Welsh: English needs none

    names = get_month_names("wide", locale=LOCALE)
    return tuple(names[month] for month in range(1, 13))


def month(number: int) -> str:
    """The Welsh name of a month of the year by its number, 1 for January."""
    return _months()[number - 1]


@functools.cache
def _days() -> tuple[str, ...]:
    from babel.dates import get_day_names

    names = get_day_names("wide", locale=LOCALE)
    return tuple(names[day] for day in range(7))  # Monday first, as date.weekday() counts


def period(duration: Period) -> str:
    """"6 mis", "2 fis", "15 diwrnod gwaith", "1 flwyddyn", "3 blynedd"."""
    return _period(duration.value, duration.unit)


@functools.cache  # letters print the same few periods thousands of times
def _period(value: int, unit: str) -> str:
    from babel.units import format_unit

    words = format_unit(value, _UNITS[unit], length="long", locale=LOCALE)
    return f"{words} gwaith" if unit == "working_days" else words


def date(value: Dated) -> str:
    """"14 Mawrth 2026", or "Medi 2019" for a month."""
    month = _months()[value.month - 1]
    return f"{value.day} {month} {value.year}" if value.day else f"{month} {value.year}"


def weekday(value: dt.date) -> str:
    return _days()[value.weekday()]


def conjunction(english: str, following: str) -> str:
    """Welsh for "and" (ac before a vowel) or "or"."""
    if english == "or":
        return "neu"
    return "ac" if following[:1].lower() in "aeiouy" else "a"


#: Welsh writes these as one letter each: "Chadeirydd" starts with ch, not c.
_DIGRAPHS = frozenset({"ch", "dd", "ff", "ng", "ll", "ph", "rh", "th"})
#: Initial letters and what they become: soft mutation follows "neu", aspirate "a".
_SOFT = {"p": "b", "t": "d", "c": "g", "b": "f", "d": "dd", "g": "", "m": "f", "ll": "l",
         "rh": "r"}
_ASPIRATE = {"p": "ph", "t": "th", "c": "ch"}


def _first_letter(word: str) -> str:
    """The word's first Welsh letter, in lower case: a digraph counts as one."""
    return word[:2].lower() if word[:2].lower() in _DIGRAPHS else word[:1].lower()


def mutate(word: str, after: str) -> str:
    """The word as it is written after "neu" (soft mutation) or "a" (aspirate mutation)."""
    rules = _SOFT if after == "neu" else _ASPIRATE if after == "a" else {}
    letter = _first_letter(word)
    if letter not in rules:
        return word  # ch, th, ph, dd, ff, ... never mutate further
    new, rest = rules[letter], word[len(letter):]
    if not word[:1].isupper():
        return new + rest
    return new[:1].upper() + new[1:] + rest if new else rest[:1].upper() + rest[1:]
