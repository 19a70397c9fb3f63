"""Who may do what with the register, from the policy's roles and decision matrix: the one
place the desk and `policy cases` ask, so no page or command decides it on its own.

Changes: each change a case can undergo (its stage, its measures, a review's outcome, an
appeal's result, closing it) is made by a decision of ``decisions.yaml``; an officer makes
the change only when one of their roles takes that decision (``taken_by``). A joint
decision needs every one of its roles among the officer's.

Reading: the cases are seen by the roles of the decision matrix that take, recommend or are
consulted on a decision, that receive appeals or keep a register, and so are the cases a
draft revision would change; the due list by those who
review cases and the register's keepers; the report by those who make or receive it and the
keepers; subject access, retention (purge), the audit log and the marker feed (the live
restrictions for a CRM, with names and postcodes) by the keepers only. Who has
confirmed reading the policy for their roles, and who has not (``reading``), is read by the
register's keepers and by an administrator of accounts, who between them answer for the
desk's staff; every officer reads and confirms the policy for their own roles. The
record of whom each decision was told to, and recording a telling, is read by those who see
the cases and the roles the policy says tell others. Roles that only prepare a decision
start cases and propose decisions, and see the cases they prepared.
Accounts are managed by an administrator, whatever their roles.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from generator.source.errors import Problem, Said
from generator.source.model import Decision, Policy, Stage
from generator.source.queries import letter_decision

__all__ = [
    "READS",
    "Change",
    "changes",
    "deciding_role",
    "decision_problem",
    "letter_decision_id",
    "may_prepare",
    "may_read",
    "may_take",
    "readers",
    "refusals",
    "review_decision",
]

#: What can be read, each with what it is called in a refusal.
READS = {"cases": "the cases", "due": "the reviews due", "report": "the register's report",
         "access": "subject access requests", "purge": "retention and deletion",
         "audit": "the audit log", "accounts": "officers' accounts",
         "reading": "who has read the policy",
         "impact": "the cases a draft revision would change",
         "disclosures": "the record of whom a decision was told to",
         "markers": "the marker feed"}


class Holder(Protocol):
    """An officer as the register keeps one."""

    @property
    def roles(self) -> list[str]: ...

    @property
    def admin(self) -> bool: ...


def _keepers(policy: Policy) -> set[str]:
    return {r.kept_by for r in policy.reviews.registers.values() if r.kept_by}


def _reviewers(policy: Policy) -> set[str]:
    decisions = {r.decision for r in policy.reviews.case_reviews.values()} | {
        o.decision for s in policy.stages.values() for o in s.outcomes}
    return {role for d in decisions if d in policy.decisions
            for role in policy.decisions[d].taken_by}


def readers(policy: Policy, what: str) -> set[str]:
    """The roles that may read ``what`` (a key of :data:`READS`)."""
    keepers = _keepers(policy)
    if what == "impact":  # which cases a draft changes, and how: read as the cases are
        return readers(policy, "cases")
    if what == "cases":
        return keepers | {a.to for a in policy.rights.appeals.values() if a.to} | {
            role for d in policy.decisions.values()
            for role in (*d.taken_by, *d.recommended_by, *d.consult)}
    if what == "due":
        return keepers | _reviewers(policy)
    if what == "report":
        return keepers | {role for r in policy.reviews.reporting.values()
                          for role in (r.by, r.to) if role}
    if what == "disclosures":  # who sees the cases, and who the policy says tells others
        return readers(policy, "cases") | {note.by for s in policy.stages.values()
                                           for note in s.notify if note.by}
    return keepers if what in ("access", "purge", "audit", "reading", "markers") else set()


def may_read(policy: Policy, officer: Holder, what: str) -> bool:
    if what == "accounts":
        return officer.admin
    if what == "reading" and officer.admin:
        return True
    return bool(readers(policy, what) & set(officer.roles))


def may_prepare(policy: Policy, officer: Holder) -> bool:
    """Whether the officer may start a case and propose decisions on it."""
    preparers = readers(policy, "cases") | {role for d in policy.decisions.values()
                                            for role in d.prepared_by}
    return bool(preparers & set(officer.roles))


def may_take(decision: Decision, roles: Iterable[str]) -> bool:
    """Whether an officer holding ``roles`` may take ``decision`` (all its roles, if joint)."""
    held = set(roles)
    if decision.jointly:
        return set(decision.taken_by) <= held
    return bool(held & set(decision.taken_by))


def deciding_role(decision: Decision, roles: Iterable[str]) -> str | None:
    """The role in which the officer takes ``decision`` (the first the matrix names)."""
    held = set(roles)
    return next((role for role in decision.taken_by if role in held), None)


@dataclass(frozen=True)
class Change:
    """One change to a case and the decision that makes it ('' where the policy names
    none)."""

    what: str
    """In words: "moves it to stage 2", "imposes the measure X"."""
    decision: str


def review_decision(policy: Policy, stage: str | None, outcome: str) -> str:
    """The decision that chooses a review's ``outcome`` for a case at ``stage``: the
    outcome's own, else the case review's, else the stage's entry decision."""
    staged = policy.stages.get(stage or "")
    own = next((o.decision for o in (staged.outcomes if staged else [])
                if str(o.kind) == outcome and o.decision), None)
    rule = next((r.decision for r in policy.reviews.case_reviews.values()
                 if stage in r.stages and r.decision), None)
    return own or rule or (staged.entry_decision if staged else None) or ""


def _measure_decision(policy: Policy, measure_id: str, staged: Stage | None) -> str:
    """Who imposes a measure: its own decision, else its case's stage's entry decision,
    else the entry decision of the first stage it is allowed at that names one."""
    measure = policy.measures.get(measure_id)
    allowed = [policy.stages[s] for s in (measure.allowed_at if measure else [])
               if s in policy.stages]
    return next((d for d in (measure.decision if measure else None,
                             staged.entry_decision if staged else None,
                             *(s.entry_decision for s in allowed)) if d), "")


def changes(policy: Policy, old: dict | None, new: dict, by: str = "") -> list[Change]:
    """The changes between two versions of a case's data (``old`` None: a new case), each
    with the decision that makes it (``by``, the decision proposed, where the policy names
    none of its own)."""
    found = _changes(policy, old or {}, new)
    return [Change(c.what, c.decision or by) for c in found]


def _changes(policy: Policy, old: dict, new: dict) -> list[Change]:
    found: list[Change] = []
    stage = new.get("stage")
    if stage and stage != old.get("stage"):
        staged = policy.stages.get(stage)
        found.append(Change(f"puts the case at the stage '{stage}'",
                            (staged.entry_decision if staged else None) or ""))
    staged = policy.stages.get(stage or "")
    old_measures = old.get("measures") or {}
    for measure_id, imposed in (new.get("measures") or {}).items():
        if old_measures.get(measure_id) != imposed:
            found.append(Change(f"imposes or changes the measure '{measure_id}'",
                                _measure_decision(policy, measure_id, staged)))
    for measure_id in old_measures.keys() - (new.get("measures") or {}).keys():
        found.append(Change(f"lifts the measure '{measure_id}'",
                            (staged.entry_decision if staged else None) or ""))
    if new.get("outcome") and new.get("outcome") != old.get("outcome"):
        found.append(Change(f"records the review outcome '{new['outcome']}'",
                            review_decision(policy, stage, str(new["outcome"]))))
    appeal, old_appeal = new.get("appeal") or {}, old.get("appeal") or {}
    if appeal.get("outcome") and appeal.get("outcome") != old_appeal.get("outcome"):
        rule = next((a for a in policy.rights.appeals.values() if a.decision), None)
        found.append(Change("records an appeal's result", rule.decision if rule and
                            rule.decision else ""))
    return found


def decision_problem(policy: Policy, roles: Iterable[str], decision_id: str, what: str,
                     where: str = "register") -> Problem | None:
    """Why an officer holding ``roles`` may not make a change by ``decision_id``; None if
    they may."""
    decision = policy.decisions.get(decision_id)
    if decision is None:
        return Problem(where, 0, "decision", Said(
            "the policy names no decision that %(what)s, so no one may make this change",
            what=what), "name the decision in stages.yaml (entry_decision), measures.yaml or "
            "reviews.yaml (decision)")
    if may_take(decision, roles):
        return None
    roles_named = ", ".join(str(policy.roles[r].name) if r in policy.roles else r
                            for r in decision.taken_by)
    return Problem(where, 0, "decision", Said(
        "your role may not take the decision '%(decision)s'", decision=str(decision.title)),
        Said("by the decision matrix it is taken by: %(roles)s%(joint)s", roles=roles_named,
             joint=" (jointly)" if decision.jointly else ""))


def refusals(policy: Policy, roles: Iterable[str], old: dict | None, new: dict,
             where: str = "register", by: str = "") -> list[Problem]:
    """Every change from ``old`` to ``new`` that an officer holding ``roles`` may not make
    (``by``: the decision that makes the changes the policy gives no decision of their own)."""
    held = list(roles)
    found = [decision_problem(policy, held, change.decision, change.what, where)
             for change in changes(policy, old, new, by)]
    unique = {str(p): p for p in found if p is not None}
    return list(unique.values())


def letter_decision_id(policy: Policy, letter_id: str) -> str | None:
    """The decision a letter tells of, if any (the letter's own, or its stage's)."""
    return letter_decision(policy, policy.letters[letter_id])
