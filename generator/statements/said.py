"""What a statement is: printed text that knows which facts it states.

:class:`Value` is one fact as printed ("20 working days", key ``appeal.window``);
:class:`Blank` is a case detail left for the officer (``[Customer name]``);
:class:`Statement` is a sentence made of values, which remembers them, so a check that
asks "did the letter print the appeal window?" is answered by the sentence that holds it.
:class:`Words` says things in the policy's language; :class:`Line` is a sentence a page
places.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from generator.languages.interface import gettext
from generator.source.model import Policy
from generator.source.values import Duration, PolicyDate
from generator.source.wording import join, text

__all__ = ["Blank", "Line", "Statement", "Value", "Words", "sentences"]


class Value(str):
    """Printed text that knows the name of the fact it states."""

    key: str

    def __new__(cls, text: str, key: str) -> Value:
        value = super().__new__(cls, text)
        value.key = key
        return value


class Blank(Value):
    """A case detail left for the officer, printed as ``[Label]`` and highlighted."""

    def __new__(cls, label: str, key: str) -> Blank:
        return super().__new__(cls, f"[{label}]", key)  # type: ignore[return-value]


class Statement(Value):
    """A sentence (or a few) stating a fact, with the values it is made of."""

    parts: tuple[Value, ...]

    def __new__(cls, text: str, key: str, parts: Iterable[Any] = ()) -> Statement:
        statement = super().__new__(cls, text, key)
        found: list[Value] = []
        for part in parts:
            if isinstance(part, Statement):
                found += [part, *part.parts]
            elif isinstance(part, Value):
                found.append(part)
        statement.parts = tuple(found)  # type: ignore[attr-defined]
        return statement  # type: ignore[return-value]


@dataclass(frozen=True)
class Line:
    """One sentence of a page: a catalogue message and its values (the page's facts, which
    print marked with their ids), then the source's own text (``after``) or list
    (``joined``, printed with commas), if any. The page translates and places it (the
    ``said`` macro), so a page's words for a fact are its statement module's."""

    message: str
    values: dict[str, Any] = field(default_factory=dict)
    after: Any = None
    joined: Any = None
    plural: str | None = None
    """The message counted: said with ``count`` as ``%(num)s`` (ngettext)."""
    count: int = 1


def sentences(key: str, *said: object) -> Statement | None:
    """Sentences said one after another (each text given; ``None``, ``False`` and empty
    text are not said); None when none is said."""
    kept = [s for s in said if isinstance(s, str) and s]
    return Statement(" ".join(kept), key, kept) if kept else None


@dataclass(frozen=True)
class Words:
    """The policy's language: the generator's words from its catalogue, dates and periods
    as the policy prints them."""

    policy: Policy

    def __call__(self, message: str, key: str = "", **values: Any) -> Statement:
        """A message of the catalogue with its values put in; it states ``key``."""
        words = gettext(self.policy.language)(message)
        return Statement(words % values if values else words, key, values.values())

    def day(self, day: dt.date) -> str:
        """A date as letters print it: "14 March 2026", or in Welsh "14 Mawrth 2026"."""
        return text(self.policy, PolicyDate(day.year, day.month, day.day))

    def period(self, period: Duration) -> str:
        return text(self.policy, period)

    def either(self, items: Iterable[str]) -> str:
        """Choices in words: "close or extend", in Welsh "cau neu ymestyn"."""
        return join(items, "or", self.policy.language)
