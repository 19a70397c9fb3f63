"""A policy's standing on a given day: may it be published, and is its review due?"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from generator.languages.interface import gettext
from generator.source.errors import Problem
from generator.source.model import Policy, Status
from generator.source.wording import text

__all__ = ["Notice", "approval_findings", "approval_notes", "notices", "review_findings",
           "sites_line", "standing", "summary_notes"]

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
    """Why the public site may not be built: it follows the policy's status alone (and, for
    an approved policy, the date it applies from), never the approvals the source records."""
    doc = policy.policy
    if doc.status == Status.draft:
        return [f"{_version(policy)} is a draft: set status to approved once "
                "it has been approved"]
    if doc.status == Status.approved and doc.publication_date is None:
        return [f"{_version(policy)} is approved but the source gives no date it applies "
                "from: add publication_date, or set status to published once it is"]
    return []


def sites_line(policy: Policy, as_of: dt.date) -> str:
    """Which sites `policy build` produces, and why, for `policy check`'s summary line."""
    doc = policy.policy
    welsh = set(doc.welsh.sites) if doc.welsh else set()
    reasons = standing(policy, as_of).unpublishable

    def named(audience: str) -> str:
        return f"{audience} (and Welsh)" if audience in welsh else audience
    if reasons:
        return (f"builds the {named('internal')} site only: {reasons[0].split(':')[0]}; "
                "`--preview` adds a public site marked PREVIEW")
    why = (f"approved, applies from {doc.publication_date}" if doc.status == Status.approved
           else "published")
    return f"builds the {named('public')} and {named('internal')} sites: {why}"


def approval_notes(policy: Policy, where: tuple[str, int]) -> list[str]:
    """A note for `policy check` when no approval of the current version is recorded: the
    policy is published all the same, and its document control says only what is recorded."""
    doc = policy.policy
    if doc.status == Status.draft:
        return []
    if any(a.version in (None, doc.version) for a in doc.approvals):
        return []
    return [f"note: {where[0]}:{where[1]}: no approval of {_version(policy)} is recorded: "
            "document control shows only the approvals the source records; add them under "
            "approvals where the policy records them"]


def summary_notes(policy: Policy, where: tuple[str, int]) -> list[str]:
    """A note for `policy check` when the current version's history entry says nothing of
    what changed (required before a draft is approved; printed as given otherwise)."""
    doc = policy.policy
    current = [e for e in doc.version_history if doc.version and e.version == doc.version]
    if current and not current[0].summary.strip():
        return [f"note: {where[0]}:{where[1]}: the version history entry for "
                f"{doc.version} has no summary of what changed: add one in a line"]
    return []


def _version(policy: Policy) -> str:
    return f"version {policy.policy.version}" if policy.policy.version else "the policy"


class Notice(NamedTuple):
    kind: str
    """draft, preview or overdue: each looks different on the page."""
    text: str


def notices(policy: Policy, as_of: dt.date, public: bool = False) -> list[Notice]:
    """Banner lines for every page of a site: the intranet's, or (``public``) Part A's."""
    state, _ = standing(policy, as_of), gettext(policy.language)
    found = []
    if policy.policy.status == Status.draft and not public:
        found.append(Notice("draft", _("DRAFT: version %(version)s has not been approved")
                            % {"version": policy.policy.version} if policy.policy.version
                            else _("DRAFT: this policy has not been approved")))
    if state.overdue_since:
        date = text(policy, policy.policy.next_review_date)
        found.append(Notice("overdue", _("This policy was due to be reviewed by %(date)s")
                            % {"date": date} if public else
                            _("This policy is overdue for review since %(date)s")
                            % {"date": date}))
    return found


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


def approval_findings(policy: Policy, as_of: dt.date, where: Callable[[int], tuple[str, int]]
                      ) -> tuple[list[str], list[Problem]]:
    """Approvals that cannot be right: an error when dated after ``as_of``, a warning when
    dated before the previous version, when this one cannot yet have been drafted (such an
    approval is usually left over from that version).

    ``where(n)`` is the file and line of the n-th approval's date.
    """
    doc = policy.policy
    versions = [e.version for e in doc.version_history]
    here = versions.index(doc.version) if doc.version in versions else len(versions)
    before = doc.version_history[here - 1] if here > 0 else None
    warnings, problems = [], []
    for number, approval in enumerate(doc.approvals):
        file, line = where(number)
        if approval.date.first_day > as_of:
            problems.append(Problem(file, line, "policy.approvals.date",
                                    f"the approval by {approval.approver} is dated "
                                    f"{approval.date}, which has not come yet",
                                    "record an approval once it has been given"))
        elif (before is not None and approval.version in (None, doc.version)
              and approval.date.last_day < before.date.first_day):
            earlier = (f"version {before.version}" if before.version
                       else "the revision")
            warnings.append(f"warning: {file}:{line}: the approval by {approval.approver} is "
                            f"dated {approval.date}, before {earlier} ({before.date}), which "
                            "this version replaces; check it is this version's approval, or "
                            "name the version it approved with version:")
    return warnings, problems
