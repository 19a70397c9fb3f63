"""The facts each role acts on, so a revision asks again only the staff it changes.

A role acts on every entry of the source that names it, directly or through a decision it
has a part in:

- the role itself, and each panel it sits on;
- the decisions it takes (alone, jointly, or as a member of a panel), prepares, recommends,
  is consulted on or is told of;
- the stages whose entry, outcomes or notifications are decided by, or name, the role;
- the measures it may impose: the measure's own decision, else the entry decision of a stage
  the measure is allowed at;
- the protocols, case reviews and calendar reviews whose decision it has a part in;
- the reports it makes or receives and the registers it keeps;
- the appeal rules it receives, decides, or that lie against a decision it takes;
- the letters it signs (the signatory's details).

A role's facts are kept as those entries, whole, by fact path (``stages.warning``); their
fingerprint changes only when one of them does, so an edit to another role's decision or
to wording no role acts on leaves it alone. What changed for a role is the fact-level
comparison of :mod:`generator.revisions.diff`, limited to its entries.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.revisions.diff import Change, compare
from generator.source.model import (
    Appeal,
    CaseReview,
    Decision,
    Letter,
    Measure,
    Policy,
    Protocol,
    Register,
    Reporting,
    Role,
    ScheduledReview,
    Stage,
)
from generator.statements import changes as say

__all__ = ["ENTRIES", "acts_on", "changes_for", "decisions_of", "fingerprint"]

#: The collections a role's facts come from, each with the class of its entries.
ENTRIES: dict[str, type[BaseModel]] = {
    "roles": Role, "decisions": Decision, "stages": Stage, "measures": Measure,
    "protocols": Protocol, "reviews.case_reviews": CaseReview,
    "reviews.scheduled": ScheduledReview, "reviews.reporting": Reporting,
    "reviews.registers": Register, "rights.appeals": Appeal, "letters": Letter,
}


def _panels(policy: Policy, role_id: str) -> list[str]:
    return [i for i, r in policy.roles.items() if r.panel and role_id in r.panel.members]


def decisions_of(policy: Policy, role_id: str, taking: bool = False) -> set[str]:
    """The decisions the role has a part in (``taking``: only those it takes, itself or
    as a member of a panel)."""
    takers = {role_id, *_panels(policy, role_id)}
    found = set()
    for decision_id, d in policy.decisions.items():
        takes = bool(takers & set(d.taken_by))
        named = role_id in {*d.prepared_by, *d.recommended_by, *d.consult, *d.informed}
        if takes or (named and not taking):
            found.add(decision_id)
    return found


def _measure_decisions(policy: Policy, measure: Measure) -> set[str]:
    if measure.decision:
        return {measure.decision}
    return {policy.stages[s].entry_decision or "" for s in measure.allowed_at
            if s in policy.stages} - {""}


def _stage_names(stage: Stage, role_id: str, decisions: set[str]) -> bool:
    said = {stage.entry_decision, *(o.decision for o in stage.outcomes)}
    notified = any(role_id in n.roles or n.by == role_id for n in stage.notify)
    return bool(said & decisions) or notified


def _review_decision(policy: Policy, review: CaseReview) -> set[str]:
    if review.decision:
        return {review.decision}
    return {policy.stages[s].entry_decision or "" for s in review.stages
            if s in policy.stages} - {""}


def _paths(policy: Policy, role_id: str) -> Iterable[str]:
    """The fact paths of the entries ``role_id`` acts on, in the source's order."""
    if role_id not in policy.roles:
        return
    yield f"roles.{role_id}"
    yield from (f"roles.{p}" for p in _panels(policy, role_id))
    mine, taken = decisions_of(policy, role_id), decisions_of(policy, role_id, taking=True)
    yield from (f"decisions.{d}" for d in policy.decisions if d in mine)
    yield from (f"stages.{i}" for i, s in policy.stages.items()
                if _stage_names(s, role_id, mine))
    yield from (f"measures.{i}" for i, m in policy.measures.items()
                if _measure_decisions(policy, m) & taken)
    yield from (f"protocols.{i}" for i, p in policy.protocols.items() if p.decision in mine)
    reviews = policy.reviews
    yield from (f"reviews.case_reviews.{i}" for i, r in reviews.case_reviews.items()
                if _review_decision(policy, r) & mine)
    yield from (f"reviews.scheduled.{i}" for i, r in reviews.scheduled.items()
                if r.decision in mine)
    yield from (f"reviews.reporting.{i}" for i, r in reviews.reporting.items()
                if role_id in (r.by, r.to))
    yield from (f"reviews.registers.{i}" for i, r in reviews.registers.items()
                if r.kept_by == role_id)
    yield from (f"rights.appeals.{i}" for i, a in policy.rights.appeals.items()
                if a.to == role_id or a.decision in mine or set(a.against) & taken)
    yield from (f"letters.{i}" for i, letter in policy.letters.items()
                if letter.signed_by == role_id)


def _collection(policy: Policy, path: str) -> dict[str, Any]:
    owner: Any = policy
    for step in path.split("."):
        owner = getattr(owner, step)
    return owner


def acts_on(policy: Policy, role_id: str) -> dict[str, Any]:
    """The entries ``role_id`` acts on, by fact path, each as plain data (JSON): enough to
    say later what changed for the role. Empty for a role the policy does not name."""
    found = {}
    for path in _paths(policy, role_id):
        collection, key = path.rsplit(".", 1)
        found[path] = _collection(policy, collection)[key].model_dump(mode="json")
    return found


def fingerprint(facts: dict[str, Any]) -> str:
    """The SHA-256 of a role's facts: the same facts, the same fingerprint."""
    data = json.dumps(facts, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()


def changes_for(policy: Policy, role_id: str, confirmed: dict[str, Any]) -> list[Change]:
    """What changed, for ``role_id``, between the facts it confirmed (``confirmed``, as
    :func:`acts_on` gave them) and ``policy``: the fact-level comparison of the policy as
    it stood for the role then and as it stands now, in both only the role's entries."""
    now = acts_on(policy, role_id)
    paths = [*now, *(p for p in confirmed if p not in now)]
    try:
        before = _as_confirmed(policy, confirmed, paths)
    except ValidationError:  # facts kept by an older format: say which entries changed
        return [Change(p, say.said(say.CHANGED, path=p)) for p in paths
                if now.get(p) != confirmed.get(p)]
    changes, _wording = compare(before, policy)
    return changes


def _as_confirmed(policy: Policy, confirmed: dict[str, Any], paths: list[str]) -> Policy:
    """``policy`` with each of ``paths`` as ``confirmed`` holds it (absent there: removed),
    everything else as it is now."""
    changed: dict[str, dict[str, Any]] = {}
    for path in paths:
        collection, key = path.rsplit(".", 1)
        entries = changed.setdefault(collection, dict(_collection(policy, collection)))
        if path in confirmed:
            entries[key] = ENTRIES[collection].model_validate(confirmed[path])
        else:
            entries.pop(key, None)
    top = {k: v for k, v in changed.items() if "." not in k}
    for owner in ("reviews", "rights"):
        inner = {k.split(".", 1)[1]: v for k, v in changed.items()
                 if k.startswith(owner + ".")}
        if inner:
            top[owner] = getattr(policy, owner).model_copy(update=inner)
    return policy.model_copy(update=top)
