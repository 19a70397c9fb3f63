"""Every disclosure of a decided restriction on record: whom the policy says to tell when a
case's restriction is decided (:mod:`generator.statements.disclosure`), and each telling an
officer records (whom: a role of the policy, a person's name or both; when; how; by which
account; under which rule). Telling anyone outside the roles a rule names is refused
without a reason, and the reason is kept with the telling.

Recording and reading both need the officer's roles to allow ``disclosures`` (see
:mod:`generator.register.permissions`); each is in the audit log (the rule's fact path in
its note, never whom or why, so the log holds no personal data).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, select

from generator.register import schema
from generator.register.decisions import Proposal, for_case
from generator.register.permissions import READS, may_read
from generator.register.store import Officer, Register, StoredCase
from generator.source.errors import Problem, Said, SourceError
from generator.source.model import Policy
from generator.statements.disclosure import TellingRule, role_names, rule_said, rules
from generator.statements.said import Words

__all__ = [
    "MAX_REASON", "MAX_TEXT", "Disclosure", "ToTell", "Told", "case_rules", "count",
    "last_decided", "listed", "of_cases", "record", "to_tell",
]

#: The longest name or "how" kept, and the longest reason.
MAX_TEXT, MAX_REASON = 200, 2000


@dataclass(frozen=True)
class Disclosure:
    """One telling, as the register keeps it."""

    reference: str
    role: str | None
    name: str | None
    told_on: dt.date
    how: str | None
    rule: str | None
    """The fact path of the policy's rule it followed, where one applies."""
    outside: bool
    """Told someone outside the roles the rule names (or under no rule): ``reason`` says why."""
    reason: str | None
    by: str
    """The account that recorded it."""
    at: dt.datetime
    decision: int | None = None
    """The recorded decision told of, where there is one."""
    id: int | None = None


@dataclass(frozen=True)
class ToTell:
    """A role the policy says to tell of the case's decision, under one rule, and the
    tellings recorded of it since that decision."""

    rule: TellingRule
    said: str
    role: str
    told: list[Disclosure]


def _refused(reference: str, field_name: str, message: str, hint: str = "") -> SourceError:
    return SourceError([Problem(f"register:{reference}", 0, field_name, message, hint)])


def _allowed(policy: Policy, officer: Officer, reference: str) -> None:
    if not may_read(policy, officer, "disclosures"):
        raise _refused(reference, "", Said("your roles may not open %(what)s",
                                           what=READS["disclosures"]),
                       "the policy's roles say who may (roles.yaml, decisions.yaml, "
                       "reviews.yaml)")


def last_decided(register: Register, reference: str) -> Proposal | None:
    """The case's last decision taken in the desk, if any."""
    taken = [p for p in for_case(register, reference) if p.status == "approved"]
    return taken[-1] if taken else None


def case_rules(policy: Policy, stored: StoredCase, decided: Proposal | None) -> list[TellingRule]:
    """The rules that name whom to tell of the case's restriction as it stands: its stage's,
    its measures' and those of the decision that put it there."""
    return rules(policy, stored.case.stage, stored.case.measures,
                 decided.decision if decided else None)


def to_tell(policy: Policy, stored: StoredCase, decided: Proposal | None,
            kept: Iterable[Disclosure]) -> list[ToTell]:
    """Each role each rule names, with the tellings of it recorded since the decision."""
    words = Words(policy)
    since = [d for d in kept if decided is None or d.decision == decided.id]
    return [ToTell(rule, str(rule_said(words, policy, rule)), role,
                   [d for d in since if d.rule == rule.path and d.role == role])
            for rule in case_rules(policy, stored, decided) for role in rule.roles]


def _disclosure(row: Any) -> Disclosure:
    at = row.recorded_at
    return Disclosure(row.reference, row.role, row.name, row.told_on, row.how, row.rule,
                      bool(row.outside), row.reason, row.recorded_by,
                      at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at,
                      row.decision_id, row.id)


def of_cases(register: Register, references: Iterable[str]) -> list[Disclosure]:
    """The tellings recorded for the cases ``references``, oldest first, for a reader whose
    permission the caller has checked (subject access: the register's keepers)."""
    d, c = schema.disclosures, schema.cases
    query = (select(d, c.c.reference).join(c, c.c.id == d.c.case_id)
             .where(c.c.reference.in_(list(references))).order_by(d.c.id))
    with register.engine.connect() as connection:
        return [_disclosure(row) for row in connection.execute(query)]


def listed(register: Register, policy: Policy, references: Iterable[str],
           officer: Officer) -> list[Disclosure]:
    """The tellings recorded for the kept cases ``references`` (refused for one not kept),
    oldest first; the reading is in the audit log, once for each case."""
    references = list(references)
    for reference in references:
        _allowed(policy, officer, reference)
        if register.get(reference) is None:
            raise _refused(reference, "reference", "no such case in the register",
                           "give the reference of a kept case")
    found = of_cases(register, references)
    for reference in references:
        register.log(officer.login, "open", reference, ["disclosures"])
    return found


def _clean(text: str | None, most: int) -> str | None:
    kept = " ".join((text or "").split())
    return kept[:most] or None


@dataclass(frozen=True)
class Told:
    """What an officer says they told: whom (a role, a name or both), under which rule,
    when, how, and why where it is outside the roles the rule names."""

    role: str | None = None
    name: str | None = None
    rule: str | None = None
    told_on: dt.date | None = None
    how: str | None = None
    reason: str | None = None


def _checks(policy: Policy, where: str, told: Told, known: dict[str, TellingRule],
            today: dt.date) -> list[Problem]:
    """What is wrong with whom, under which rule and when, before any reason is asked."""
    role, day = told.role, told.told_on or today
    problems: list[Problem] = []
    if not (role or told.name):
        problems.append(Problem(where, 0, "to", Said("say whom you told"),
                                "give a role of the policy, a person's name, or both"))
    if role and role not in policy.roles:
        problems.append(Problem(where, 0, "to", Said(
            "'%(role)s' is not a role of the policy", role=role),
            "give a role id of roles.yaml, or the person's name alone"))
    if told.rule and told.rule not in known:
        problems.append(Problem(where, 0, "rule", Said(
            "'%(rule)s' is not a rule that says whom to tell of this case", rule=told.rule),
            f"give one of: {', '.join(known) or 'none (the policy names no one to tell)'}"
            "; or no rule, with a reason"))
    if day > today:
        problems.append(Problem(where, 0, "told_on", Said("the day told is still to come"),
                                "give today or an earlier day"))
    return problems


def record(register: Register, policy: Policy, reference: str, officer: Officer,
           told: Told, today: dt.date) -> Disclosure:
    """Record a telling of the case's decided restriction, refused (SourceError) when the
    officer's roles may not, the role or rule is not the policy's, the day is to come, or
    the telling is outside the roles the rule names and gives no reason. Without a rule,
    a role's telling is under the first of the case's rules that names the role."""
    _allowed(policy, officer, reference)
    stored = register.get(reference)
    if stored is None:
        raise _refused(reference, "reference", "no such case in the register",
                       "give the reference of a kept case")
    role, name = _clean(told.role, 100), _clean(told.name, MAX_TEXT)
    how, reason = _clean(told.how, MAX_TEXT), _clean(told.reason, MAX_REASON)
    day = told.told_on or today
    decided = last_decided(register, reference)
    known = {r.path: r for r in case_rules(policy, stored, decided)}
    where = f"register:{reference}"
    problems = _checks(policy, where, Told(role, name, told.rule, day), known, today)
    rule = known.get(told.rule or "") or (None if told.rule else next(
        (r for r in known.values() if role in r.roles), None))  # the role's own rule
    outside = rule is None or role not in rule.roles
    if outside and not reason and not problems:
        named = ", ".join(sorted({n for r in known.values()
                                  for n in role_names(policy, r.roles)}))
        problems.append(Problem(where, 0, "reason", Said(
            "telling anyone outside the roles the policy names needs a recorded reason"),
            Said("the policy names: %(roles)s; give the reason you told this person",
                 roles=named) if named else
            "give the reason you told this person"))
    if problems:
        raise SourceError(problems)
    return _insert(register, stored, decided, officer,
                   Told(role, name, rule.path if rule else None, day, how, reason),
                   outside)


def _insert(register: Register, stored: StoredCase, decided: Proposal | None,
            officer: Officer, told: Told, outside: bool) -> Disclosure:
    at = register._now().astimezone(dt.UTC)
    assert told.told_on is not None
    with register.writing() as connection:
        case_id = register._touch(connection, stored.reference)
        new = connection.execute(insert(schema.disclosures).values(
            case_id=case_id, decision_id=decided.id if decided else None, role=told.role,
            name=told.name, told_on=told.told_on, how=told.how, rule=told.rule,
            outside=outside, reason=told.reason if outside else None,
            recorded_by=officer.login, recorded_at=at)).inserted_primary_key
        assert new is not None
        register._log(connection, officer.login, "disclose", stored.reference,
                      ["disclosures"], note=told.rule or "outside the policy's roles")
    return Disclosure(stored.reference, told.role, told.name, told.told_on, told.how,
                      told.rule, outside, told.reason if outside else None, officer.login,
                      at, decided.id if decided else None, int(new[0]))


def count(register: Register, start: dt.date, end: dt.date,
          open_ids: Any) -> tuple[Counter[int], int]:
    """The tellings between ``start`` and ``end`` of the cases ``open_ids`` selects: how
    many for each case (by its row id), and how many were outside the roles named."""
    d = schema.disclosures
    per_case: Counter[int] = Counter()
    outside = 0
    with register.engine.connect() as connection:
        for case_id, was_outside, number in connection.execute(
                select(d.c.case_id, d.c.outside, func.count())
                .where(d.c.told_on >= start, d.c.told_on <= end,
                       d.c.case_id.in_(open_ids))
                .group_by(d.c.case_id, d.c.outside)):
            per_case[case_id] += number
            outside += number if was_outside else 0
    return per_case, outside
