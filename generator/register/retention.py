"""Retention: which kept cases the policy says must now be deleted.

A stage's ``retention`` is how long its cases are kept with no further activity (Cheshire
West and Chester deletes dormant cases 12 months after they move to that stage, if nothing
has happened since). Where a stage states none, its cases are never due for deletion:
:func:`unsaid` says so, and no period is invented.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from generator.register.records import CaseRecord, entered_stage
from generator.source.errors import Name, Said
from generator.source.model import Policy, StageKind
from generator.source.workdays import add_period, long_date

__all__ = ["Purge", "purge_due"]


@dataclass(frozen=True)
class Expired:
    """A case kept as long as its stage's retention allows."""

    reference: str
    stage: str
    quiet_since: dt.date
    """The later of its entry to the stage and its last activity."""
    delete_from: dt.date

    @property
    def reason(self) -> str:
        """Why it is deleted, for the audit log: the rule and dates, no personal data."""
        return (f"stages.{self.stage}.retention: no activity since "
                f"{self.quiet_since.isoformat()}")

    def describe(self) -> str:
        return (f"{self.reference}  at {self.stage}, no activity since "
                f"{long_date(self.quiet_since)}: due for deletion from "
                f"{long_date(self.delete_from)}")


@dataclass
class Purge:
    on: dt.date
    expired: list[Expired] = field(default_factory=list)
    unsaid: list[str] = field(default_factory=list)


def expiry(policy: Policy, record: CaseRecord) -> Expired | None:
    """When the case's records must go, where its stage states a retention period."""
    stage_id = record.case.stage or ""
    stage = policy.stages.get(stage_id)
    if stage is None or stage.retention is None:
        return None
    quiet = max(d for d in (entered_stage(record), record.last_activity, record.closed) if d)
    return Expired(record.reference, stage_id, quiet,
                   add_period(quiet, stage.retention, policy.policy.council.nation))


def purge_due(policy: Policy, records: Iterable[CaseRecord], on: dt.date) -> Purge:
    """Every kept case whose retention period has run out by ``on``, oldest first."""
    expired = [e for e in (expiry(policy, r) for r in records) if e and e.delete_from <= on]
    expired.sort(key=lambda e: (e.delete_from, e.reference))
    return Purge(on, expired, unsaid(policy))


def unsaid(policy: Policy) -> list[str]:
    """The stages whose cases the policy keeps for no stated time, so purge deletes none."""
    notes: list[str] = [
        Said("stages.%(id)s: the policy sets no retention period for %(stage)s, so none "
                  "of its cases is deleted", id=stage_id,
                  stage=Name(stage.name, f"stages.{stage_id}.name"))
             for stage_id, stage in policy.stages.items()
             if stage.kind == StageKind.dormant and stage.retention is None]
    if not any(stage.retention for stage in policy.stages.values()):
        notes.append(Said("the policy sets no retention period for any stage, so no case is "
                          "due for deletion"))

    return notes
