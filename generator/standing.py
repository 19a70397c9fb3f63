"""A policy's standing on a given day: may it be published, and is its review due?"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.errors import Problem
from generator.interface import gettext
from generator.model import Policy, Status
from generator.wording import text

#: How long before the next review date `policy check` starts to warn.
REVIEW_WARNING = dt.timedelta(days=60)


@dataclass(frozen=True)
class Standing:
    unpublishable: list[str]
    """Why the public site may not be built; empty when it may."""
    review_due: dt.date | None
    """The review date, when it falls within the warning period."""
    overdue_since: str | None
    """The review date as printed, when it has passed."""

    @property
    def publishable(self) -> bool:
        return not self.unpublishable


def standing(policy: Policy, as_of: dt.date) -> Standing:
    doc = policy.policy
    if doc.next_review_date is None:  # the policy states no review date: nothing falls due
        return Standing(_unpublishable(policy), None, None)
    review_by = doc.next_review_date.last_day
    overdue = as_of > review_by
    return Standing(
        unpublishable=_unpublishable(policy),
        review_due=review_by if not overdue and review_by - as_of <= REVIEW_WARNING else None,
        overdue_since=str(doc.next_review_date) if overdue else None,
    )


def _unpublishable(policy: Policy) -> list[str]:
    doc = policy.policy
    reasons = []
    if doc.status == Status.draft:
        reasons.append(f"{_version(policy)} is a draft: set status to approved once "
                       "it has been approved")
    if not doc.approvals:
        reasons.append("no approvals are recorded: add them under approvals in policy.yaml")
    current = [e for e in doc.version_history if e.version == doc.version]
    if current and not current[0].summary.strip():
        reasons.append(f"the version history entry for {doc.version} has no summary of "
                       "what changed")
    return reasons


def _version(policy: Policy) -> str:
    return f"version {policy.policy.version}" if policy.policy.version else "the policy"


def notices(policy: Policy, as_of: dt.date) -> list[str]:
    """Banner lines for every page of the internal site."""
    state, _ = standing(policy, as_of), gettext(policy.language)
    lines = []
    if policy.policy.status == Status.draft:
        lines.append(_("DRAFT: version %(version)s has not been approved")
                     % {"version": policy.policy.version} if policy.policy.version else
                     _("DRAFT: this policy has not been approved"))
    if state.overdue_since:
        lines.append(_("This policy is overdue for review since %(date)s")
                     % {"date": text(policy, policy.policy.next_review_date)})
    return lines


def review_findings(policy: Policy, as_of: dt.date, strict: bool,
                    where: tuple[str, int]) -> tuple[list[str], list[Problem]]:
    """Warnings about the review date for `policy check`; with ``strict``, overdue is an error."""
    state = standing(policy, as_of)
    file, line = where
    if state.overdue_since:
        message = f"the policy is overdue for review since {state.overdue_since}"
        hint = "review it and start a revision with `policy revise`"
        if strict:
            return [], [Problem(file, line, "policy.next_review_date", message, hint)]
        return [f"WARNING: {file}:{line}: {message}; {hint}"], []
    if state.review_due:
        days = (state.review_due - as_of).days
        return [f"warning: {file}:{line}: the policy is due for review by "
                f"{policy.policy.next_review_date} (in {days} days)"], []
    return [], []
