"""The one canonical text form of each kind of fact, shared by pages, letters and checks."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from generator.languages import welsh_words
from generator.source.model import Approval, Decision, Policy, Role
from generator.source.values import Duration, PolicyDate

__all__ = [
    "approval_text", "approver_fields", "approver_text", "deciders", "join",
    "months", "role_names", "text",
]

#: Fields that hold role ids; their text is the roles' names.
ROLE_FIELDS = frozenset({
    "taken_by", "prepared_by", "recommended_by", "consult", "informed", "roles",
    "to", "by", "kept_by", "signed_by", "members", "conflicts_decided_by", "adviser",
})


def join(items: Iterable[str], conjunction: str = "and", language: str = "en") -> str:
    """"A", "A and B", "A, B and C" (in Welsh "A, B a C")."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    if language == "cy":
        conjunction = welsh_words.conjunction(conjunction, items[-1])
        items[-1] = welsh_words.mutate(items[-1], conjunction)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


#: Month names, fixed rather than from the locale, so every machine prints the same.
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def months(policy: Policy, numbers: Iterable[int]) -> str:
    """Months of the year by number, in words: "May and November"."""
    name = welsh_words.month if policy.language == "cy" else (lambda n: MONTHS[n - 1])
    return join((name(n) for n in numbers), "and", policy.language)


def role_names(policy: Policy, ids: Iterable[str], conjunction: str = "and") -> str:
    return join((policy.roles[i].name for i in ids), conjunction, policy.language)


def deciders(policy: Policy, decision: Decision) -> str:
    """Who takes a decision: "A and B" when they decide jointly, "A or B" otherwise."""
    return role_names(policy, decision.taken_by, "and" if decision.jointly else "or")


def _all_roles(policy: Policy, value: Any) -> bool:
    """Whether a value holds role ids ("to" names a role on an appeal, a stage on an outcome)."""
    ids = [value] if isinstance(value, str) else value
    return isinstance(ids, list) and bool(ids) and all(i in policy.roles for i in ids)


def text(policy: Policy, value: Any, field: str = "") -> str:
    """The printed form of any model value."""
    if isinstance(value, Duration):
        return welsh_words.period(value) if policy.language == "cy" else str(value)
    if isinstance(value, PolicyDate):
        return welsh_words.date(value) if policy.language == "cy" else str(value)
    if isinstance(value, Role):
        return value.name
    if isinstance(value, Decision):
        return deciders(policy, value)
    if field in ROLE_FIELDS and _all_roles(policy, value):
        return role_names(policy, [value] if isinstance(value, str) else value)
    if isinstance(value, bool):
        return ("ydy" if value else "nac ydy") if policy.language == "cy" else (
            "yes" if value else "no")
    if field == "months" and isinstance(value, list):  # a calendar review's months, by name
        return months(policy, value)
    if isinstance(value, list):
        return join((text(policy, item) for item in value), "and", policy.language)
    if isinstance(value, BaseModel):
        for name in ("name", "title"):
            if name in type(value).model_fields:
                return str(getattr(value, name))
    return str(value)


def approver_fields(approval: Approval) -> list[str]:
    """The fields that say who approved, in the order printed: a body and its minute
    (where given), or a person's name and job title."""
    if approval.body is not None:
        return ["body", *(["minute"] if approval.minute else [])]
    return ["name"] if approval.role == approval.name else ["name", "role"]


def approver_text(approval: Approval) -> str:
    """Who approved, as the source states it: "Cabinet, Minute 45/23" for a body, "A
    Person, Director of Governance" for a person."""
    return ", ".join(str(getattr(approval, name)) for name in approver_fields(approval))


def approval_text(approval: Approval) -> str:
    """"Cabinet, 12 January 2027" where a body approved; "A Person, Director, ..." otherwise;
    with the version approved where the source names one."""
    version = f" (version {approval.version})" if approval.version else ""
    return f"{approver_text(approval)}, {approval.date}{version}"
