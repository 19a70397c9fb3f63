"""Decisions as records: a case officer proposes a decision of the matrix for a case (the
changes it makes: stage, measures, a review's outcome, an appeal's result, and what its
letter says); an officer whose role takes that decision approves it once, in that role, on
a date, or returns it with a note. Approving applies the changes to the case in the same
transaction, with the decision maker and date taken from the record (never from a form),
and the stage change carries the decision's id. Nothing rewrites an approved decision.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy import update as sql_update

from generator.cases.case import Case
from generator.register import schema
from generator.register.permissions import deciding_role, may_take, refusals
from generator.register.store import Missing, Officer, Register, RegisterError, StoredCase
from generator.source.errors import Problem, Said, SourceError
from generator.source.model import Policy

__all__ = [
    "DECIDED",
    "LETTER",
    "Proposal",
    "approve",
    "decided",
    "for_case",
    "merged",
    "prepared_by",
    "proposal",
    "propose",
    "queue",
    "send_back",
]

#: The details of a case that only a decision sets (a proposal holds them until approved).
DECIDED = ("stage", "measures", "outcome", "appeal", "decision_maker", "decision_date")
#: What the decision's letter says besides (a proposal holds these too, for its draft).
LETTER = ("signatories", "expectations", "letter_date")
PROPOSED, APPROVED, RETURNED = "proposed", "approved", "returned"


@dataclass(frozen=True)
class Proposal:
    id: int
    reference: str
    decision: str
    letter_id: str | None
    changes: dict[str, Any]
    status: str
    proposed_by: str
    proposed_at: dt.datetime
    note: str | None
    decided_by: str | None
    decided_role: str | None
    decided_on: dt.date | None


def _query() -> Any:
    d, c = schema.decisions, schema.cases
    return select(d, c.c.reference).join(c, c.c.id == d.c.case_id).order_by(d.c.id)


def _proposal(row: Any) -> Proposal:
    at = row.proposed_at
    return Proposal(row.id, row.reference, row.decision, row.letter_id, dict(row.changes),
                    row.status, row.proposed_by,
                    at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at, row.note,
                    row.decided_by, row.decided_role, row.decided_on)


def propose(register: Register, reference: str, decision: str, letter_id: str | None,
            changes: dict[str, Any], *, by: str) -> int:
    """Propose ``decision`` for a kept case; its id. A proposal still waiting on the same
    decision for the case is replaced (returned, with a note saying so)."""
    with register._writing() as connection:
        row = register._row(connection, reference)
        if row is None:
            raise Missing(f"{reference} is not in the register")
        d = schema.decisions
        connection.execute(sql_update(d).where(
            d.c.case_id == row.id, d.c.decision == decision, d.c.status == PROPOSED)
            .values(status=RETURNED, note="replaced by a later proposal"))
        new = connection.execute(insert(d).values(
            case_id=row.id, decision=decision, letter_id=letter_id,
            changes={k: v for k, v in changes.items() if k in DECIDED or k in LETTER},
            status=PROPOSED,
            proposed_by=by, proposed_at=register._now().astimezone(dt.UTC)
        )).inserted_primary_key[0]  # type: ignore[index]  # an insert always has one
        register._log(connection, by, "propose", reference, sorted(changes), note=decision)
        return int(new)


def proposal(register: Register, proposal_id: int) -> Proposal | None:
    with register.engine.connect() as connection:
        row = connection.execute(_query().where(schema.decisions.c.id == proposal_id)).first()
    return _proposal(row) if row else None


def for_case(register: Register, reference: str) -> list[Proposal]:
    with register.engine.connect() as connection:
        return [_proposal(r) for r in connection.execute(
            _query().where(schema.cases.c.reference == reference))]


def prepared_by(register: Register, login: str) -> set[str]:
    """The references of the cases ``login`` proposed a decision on."""
    d, c = schema.decisions, schema.cases
    with register.engine.connect() as connection:
        return set(connection.scalars(select(c.c.reference).join(d, d.c.case_id == c.c.id)
                                      .where(d.c.proposed_by == login)))


def queue(register: Register, policy: Policy, roles: list[str]) -> list[Proposal]:
    """The proposals waiting for a decision an officer holding ``roles`` may take."""
    mine = [d for d, decision in policy.decisions.items() if may_take(decision, roles)]
    if not mine:
        return []
    d = schema.decisions
    with register.engine.connect() as connection:
        return [_proposal(r) for r in connection.execute(
            _query().where(d.c.status == PROPOSED, d.c.decision.in_(mine)))]


def decided(register: Register, reference: str, decision: str) -> Proposal | None:
    """The last approved record of ``decision`` for the case, if any."""
    approved = [p for p in for_case(register, reference)
                if p.decision == decision and p.status == APPROVED]
    return approved[-1] if approved else None


def merged(stored: StoredCase, found: Proposal, officer: Officer, role: str,
           on: dt.date) -> dict[str, Any]:
    """The case's data as approving ``found`` would leave it."""
    data = stored.case.model_dump(mode="json", exclude_defaults=True)
    data.update(found.changes)
    data["decision_maker"] = {"name": officer.name, "role": role}
    data["decision_date"] = on.isoformat()
    return data


def _refused(found: Proposal, message: str, hint: str = "") -> SourceError:
    return SourceError([Problem(f"register:{found.reference}", 0, "decision", message, hint)])


def approve(register: Register, policy: Policy, proposal_id: int, officer: Officer,
            on: dt.date, *, checked: Any = None) -> StoredCase:
    """Take the proposed decision as ``officer`` on ``on``: refused (SourceError) unless
    their role takes it and it is still waiting; the case saved with its changes.
    ``checked``: a function that gives the case, or raises SourceError with its problems
    (the letter's own checks)."""
    found = proposal(register, proposal_id)
    if found is None:
        raise Missing(f"no proposal {proposal_id}")
    decision = policy.decisions.get(found.decision)
    if found.status != PROPOSED:
        raise _refused(found, Said("this decision has been %(status)s already",
                                   status=found.status))
    if decision is None or not may_take(decision, officer.roles):
        problems = refusals(policy, officer.roles, None, {"stage": None, **found.changes})
        raise SourceError(problems or [Problem(
            f"register:{found.reference}", 0, "decision",
            Said("your role may not take this decision"), "")])
    role = deciding_role(decision, officer.roles)
    assert role is not None
    stored = register.get(found.reference)
    if stored is None:
        raise Missing(f"{found.reference} is not in the register")
    data = merged(stored, found, officer, role, on)
    problems = refusals(policy, officer.roles, stored.case.model_dump(mode="json"), data,
                        by=found.decision)
    if problems:
        raise SourceError(problems)
    case = checked(data) if checked else Case.model_validate(data)
    with register._writing() as connection:
        d = schema.decisions
        done = connection.execute(sql_update(d).where(d.c.id == found.id,
                                                      d.c.status == PROPOSED).values(
            status=APPROVED, decided_by=officer.login, decided_role=role, decided_on=on))
        if done.rowcount != 1:
            raise RegisterError(f"the decision on {found.reference} was taken meanwhile")
        row = register._row(connection, found.reference)
        register._update(connection, row, case, officer.login, stored.version, "decide",
                         found.id)
        return register._load(connection, found.reference)


def send_back(register: Register, policy: Policy, proposal_id: int, officer: Officer,
              note: str) -> Proposal:
    """Return a waiting proposal to its officer with ``note``; only one who may take it."""
    found = proposal(register, proposal_id)
    if found is None:
        raise Missing(f"no proposal {proposal_id}")
    decision = policy.decisions.get(found.decision)
    if decision is None or not may_take(decision, officer.roles):
        raise _refused(found, Said("your role may not take this decision"))
    if found.status != PROPOSED:
        raise _refused(found, Said("this decision has been %(status)s already",
                                   status=found.status))
    with register._writing() as connection:
        d = schema.decisions
        connection.execute(sql_update(d).where(d.c.id == found.id).values(
            status=RETURNED, note=note, decided_by=officer.login))
        register._log(connection, officer.login, "return", found.reference, ["decision"],
                      note=found.decision)
    returned = proposal(register, proposal_id)
    assert returned is not None
    return returned
