"""A subject access request: everything the register holds about one person, in one file.

The file is JSON: it holds every field of every case and record as the register keeps
them (the case itself, letters with their hashes, reviews, stage changes, the audit trail)
without a layout deciding what to leave out, and it is the structured, commonly used,
machine-readable form that the right of access and data portability ask for; an officer
can still read it in any text editor. It is written owner-only (0600), whole or not at all.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.output import write_private_bytes
from generator.register.records import CaseRecord
from generator.register.store import StoredCase, search_keys

__all__ = ["Person", "access_export", "matching", "people_named", "write_private"]


def _plain(value: Any) -> Any:
    """Kept records as JSON values: models, dataclasses, dates, enums, lists, mappings."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_defaults=True)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _name(case: Any) -> str:
    return " ".join((case.full_name or "").split()).casefold()


def matching(records: Iterable[StoredCase], who: str) -> list[StoredCase]:
    """The cases of one reference, else every case whose customer has this full name
    (letter case and spacing aside), whoever they are: see :func:`people_named`."""
    records = list(records)
    exact = [r for r in records if r.reference == who]
    if exact:
        return exact
    name = " ".join(who.split()).casefold()
    return [r for r in records
            if _name(r.case) == name
            or " ".join(filter(None, [r.case.given_names, r.case.family_name])).casefold()
            == name]


@dataclass(frozen=True)
class Person:
    """One person's cases: the same name at the same address."""

    name: str
    address: tuple[str, ...]
    postcode: str | None
    records: list[Any]

    def describe(self) -> str:
        """The person as an officer tells them apart: their cases and postcode."""
        where = self.postcode or (self.address[-1] if self.address else "no address kept")
        return f"{', '.join(r.reference for r in self.records)} ({where})"


def _person_key(case: Any) -> tuple[str, tuple[str, ...]]:
    return _name(case), tuple(" ".join(line.split()).casefold() for line in case.address)


def people_named(records: Iterable[Any], who: str) -> list[Person]:
    """The people ``who`` names, each apart: a reference names its customer (with their
    other cases at the same address); a name, everyone of that name, one
    :class:`Person` per address. Records need the whole case (its address)."""
    records = list(records)
    found = matching(records, who)
    if len(found) == 1 and found[0].reference == who:
        key = _person_key(found[0].case)
        found = [r for r in records if _person_key(r.case) == key]
    people: dict[tuple[str, tuple[str, ...]], list[Any]] = {}
    for record in found:
        people.setdefault(_person_key(record.case), []).append(record)
    return [Person(records[0].case.full_name or "", tuple(records[0].case.address),
                   search_keys(records[0].case)["postcode_key"], records)
            for records in people.values()]


def access_export(records: Sequence[CaseRecord], audit: Sequence[Any], council: str,
                  made_on: dt.date, disclosures: Sequence[Any] = ()) -> dict[str, Any]:
    """Everything held about the person whose ``records`` these are, with whom each
    decision on them was told to (the recipients the right of access names)."""
    references = {r.reference for r in records}
    return {
        "subject_access_export": {"council": council, "made_on": made_on.isoformat(),
                                  "cases": sorted(references)},
        "cases": [_plain(r) for r in records],
        "disclosures": [_plain(d) for d in disclosures
                        if getattr(d, "reference", None) in references],
        "audit": [_plain(a) for a in audit if getattr(a, "reference", None) in references],
    }


def write_private(path: Path, data: dict[str, Any]) -> Path:
    """Write ``data`` as JSON readable by its owner only, replacing ``path`` whole."""
    return write_private_bytes(path, (json.dumps(data, indent=2, ensure_ascii=False)
                                      + "\n").encode("utf-8"))

