"""Read and understood: officers confirm, role by role, that they have read the policy as
it applies to them, and a revision asks again only those whose role's facts changed.

A confirmation keeps the officer's login, the role, the policy's version and its date,
the fingerprint of the facts the role acts on (:mod:`generator.revisions.role_facts`) and
those facts, which are the policy's own words, never a customer's. It stays current for as
long as the role's facts keep that fingerprint, whatever the version: an officer is asked
again only when a fact their role acts on changed, and is then shown what changed.

Who may read the list of who has confirmed is said by the permissions module (``reading``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import insert, select

from generator.register import schema
from generator.register.store import Officer, Register
from generator.revisions.diff import Change
from generator.revisions.role_facts import acts_on, changes_for, fingerprint
from generator.source.errors import Problem, Said, SourceError
from generator.source.model import Policy

__all__ = ["Confirmation", "Standing", "confirm", "roll", "standing", "version_of", "what_changed"]


@dataclass(frozen=True)
class Confirmation:
    login: str
    role: str
    version: str | None
    version_date: dt.date | None
    fingerprint: str
    facts: dict[str, Any]
    confirmed_at: dt.datetime


@dataclass(frozen=True)
class Standing:
    """One officer in one of their roles, against the policy as it stands."""

    login: str
    name: str
    role: str
    confirmation: Confirmation | None
    """Their latest confirmation in this role, if any."""
    current: bool
    """Whether that confirmation covers the role's facts as they stand."""


def version_of(policy: Policy) -> tuple[str | None, dt.date | None]:
    """The policy's version and that version's date (its version history entry, else the
    publication date), as far as the source gives them."""
    doc = policy.policy
    entry = next((e for e in doc.version_history if doc.version and e.version == doc.version),
                 None)
    day = entry.date if entry else doc.publication_date
    return doc.version, day.first_day if day else None


def _confirmation(row: Any) -> Confirmation:
    at = row.confirmed_at if row.confirmed_at.tzinfo else row.confirmed_at.replace(tzinfo=dt.UTC)
    return Confirmation(row.login, row.role, row.version, row.version_date, row.fingerprint,
                        dict(row.facts), at)


def _latest(register: Register, login: str | None = None) -> dict[tuple[str, str], Confirmation]:
    """Each officer's latest confirmation per role (of ``login`` only, when given)."""
    table = schema.confirmations
    query = select(table).order_by(table.c.id)
    if login is not None:
        query = query.where(table.c.login == login)
    with register.engine.connect() as connection:
        return {(c.login, c.role): c for c in map(_confirmation, connection.execute(query))}


def confirm(register: Register, policy: Policy, officer: Officer, role: str) -> Confirmation:
    """Keep the officer's confirmation that they have read the policy as it applies to
    ``role`` (one of their roles), with the role's facts as they stand; logged."""
    if role not in officer.roles or role not in policy.roles:
        raise SourceError([Problem("register", 0, "role", Said(
            "'%(role)s' is not one of your roles", role=role),
            "confirm for a role your account holds")])
    facts = acts_on(policy, role)
    version, day = version_of(policy)
    kept = Confirmation(officer.login, role, version, day, fingerprint(facts), facts,
                        register._now().astimezone(dt.UTC))
    with register.writing() as connection:
        connection.execute(insert(schema.confirmations).values(**asdict(kept)))
        register._log(connection, officer.login, "confirm", None, ["role"], note=role)
    return kept


def _fingerprints(policy: Policy, roles: Iterable[str]) -> dict[str, str]:
    """The fingerprint of the facts each of ``roles`` acts on (those the policy names)."""
    return {role: fingerprint(acts_on(policy, role)) for role in roles if role in policy.roles}


def standing(register: Register, policy: Policy, officer: Officer) -> list[Standing]:
    """The officer's standing in each of their roles the policy names."""
    prints, kept = _fingerprints(policy, officer.roles), _latest(register, officer.login)
    found = []
    for role in officer.roles:
        if role in prints:
            last = kept.get((officer.login, role))
            found.append(Standing(officer.login, officer.name, role, last,
                                  last is not None and last.fingerprint == prints[role]))
    return found


def roll(register: Register, policy: Policy) -> dict[str, list[Standing]]:
    """Every enabled officer's standing, by role in the policy's order: who has confirmed
    the facts their role acts on as they stand, and who is outstanding."""
    prints, kept = _fingerprints(policy, policy.roles), _latest(register)
    found: dict[str, list[Standing]] = {role: [] for role in policy.roles}
    for officer in register.officers():
        if officer.disabled:
            continue
        for role in officer.roles:
            if role in found:
                last = kept.get((officer.login, role))
                found[role].append(Standing(
                    officer.login, officer.name, role, last,
                    last is not None and last.fingerprint == prints[role]))
    return found


def what_changed(policy: Policy, entry: Standing) -> list[Change]:
    """What changed for the officer's role since they confirmed (nothing when current or
    never confirmed)."""
    if entry.confirmation is None or entry.current:
        return []
    return changes_for(policy, entry.role, entry.confirmation.facts)
