"""Every kept case at once, in one query per table, for the duties that read them all
(reviews due, retention, reports): :meth:`Register.get` asks four queries per case, which
for ten thousand cases is forty thousand round trips."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select

from generator.case import Case
from generator.register import schema
from generator.register.store import HeldReview, Register, SentLetter, StageChange, StoredCase


def all_cases(register: Register) -> list[StoredCase]:
    """Every case in the register, with its letters, reviews and stage changes."""
    with register.engine.connect() as connection:
        def grouped(table: Any) -> dict[int, list[Any]]:
            rows: dict[int, list[Any]] = defaultdict(list)
            for row in connection.execute(select(table).order_by(table.c.id)):
                rows[row.case_id].append(row)
            return rows

        letters, reviews = grouped(schema.letters), grouped(schema.reviews)
        changes = grouped(schema.stage_changes)
        cases = connection.execute(select(schema.cases).order_by(schema.cases.c.reference))
        return [StoredCase(
            reference=row.reference, case=Case.model_validate(row.data), version=row.version,
            opened=row.opened, closed=row.closed, last_activity=row.last_activity,
            letters=[SentLetter(r.letter_id, r.docx_sha256, r.pdf_sha256, r.sent_on, r.sent_by)
                     for r in letters[row.id]],
            reviews=[HeldReview(r.held_on, r.outcome, r.notes, r.held_by)
                     for r in reviews[row.id]],
            stage_changes=[StageChange(r.from_stage, r.to_stage, r.changed_on, r.changed_by)
                           for r in changes[row.id]]) for row in cases]


def deletions(register: Register) -> list[Any]:
    """The days cases were deleted, from the audit log."""
    return [entry.at.date() for entry in register.audit() if entry.action == "delete"]
