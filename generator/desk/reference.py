"""The reference the desk proposes for a new case, by the body's own pattern: the pattern
of the references it has kept (such as CR/2026/0042), the number one higher, the year
this year's (counting from 1 again in a new year). With no case kept there is no pattern,
so nothing is proposed and the officer types the first."""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["propose"]

#: A reference's last number, and a year (19xx or 20xx) standing on its own before it.
_NUMBER = re.compile(r"^(?P<head>.*?)(?P<number>\d+)(?P<tail>\D*)$")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def propose(references: list[str], today: dt.date) -> str | None:
    """The next reference after the kept ``references``, or None without a pattern."""
    numbered = [(m.group("head"), int(m.group("number")), len(m.group("number")),
                 m.group("tail")) for r in references if (m := _NUMBER.match(r))]
    if not numbered:
        return None
    this_year = [n for n in numbered if str(today.year) in _YEAR.findall(n[0])]
    head, number, width, tail = max(this_year or numbered, key=lambda n: (n[1], n[0]))
    if not this_year and _YEAR.search(head):  # a new year: its own count, from 1
        head, number = _YEAR.sub(str(today.year), head, count=1), 0
    taken = set(references)
    candidate = f"{head}{number + 1:0{width}d}{tail}"
    while candidate in taken:
        number += 1
        candidate = f"{head}{number + 1:0{width}d}{tail}"
    return candidate
