"""Every period the policy sets, found by walking the model, each with a readable label."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from generator.languages.interface import gettext
from generator.source.facts import NOT_FACTS
from generator.source.model import Appeal, CaseReview, Policy, Reporting
from generator.source.values import Duration
from generator.statements.timescales import label as _label

__all__ = ["timescales"]


def timescales(policy: Policy) -> list[tuple[str, str, str, Duration]]:
    """(what it applies to, what the period is, fact path, period) for every period in
    the policy, in source order: "Stage 1", "Monitoring period", ..., 6 months."""
    _ = gettext(policy.language)
    return [(owner, _sentence(_(_label(path))), path, value)
            for owner, path, value in _walk(policy, policy, "", _("The policy"))]


def _sentence(label: str) -> str:
    return label[:1].upper() + label[1:]


def _walk(policy: Policy, value: Any, path: str, owner: str) -> Iterator[tuple[str, str, Any]]:
    if isinstance(value, Duration):
        yield owner, path, value
    elif isinstance(value, BaseModel):
        owner = _owner(policy, value, path) or owner
        for name in type(value).model_fields:
            if name not in NOT_FACTS:
                yield from _walk(policy, getattr(value, name), _join(path, name), owner)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(policy, item, _join(path, key), owner)


def _owner(policy: Policy, value: BaseModel, path: str) -> str:
    """The readable name of the entry a period belongs to."""
    _ = gettext(policy.language)
    if isinstance(value, Appeal):
        titles = [policy.decisions[d].title for d in value.against if d in policy.decisions]
        return _("Appeal against: %(decisions)s") % {"decisions": "; ".join(titles)}
    if isinstance(value, CaseReview):
        stages = [policy.stages[s].name for s in value.stages if s in policy.stages]
        return _("Case review (%(stages)s)") % {"stages": ", ".join(stages)}
    if isinstance(value, Reporting):
        return (_("Report to the %(role)s") % {"role": policy.roles[value.to].name}
                if value.to in policy.roles else "")
    for field in ("name", "title"):
        if field in type(value).model_fields and path.count(".") <= 1:
            return str(getattr(value, field))
    return ""


def _join(path: str, key: Any) -> str:
    return f"{path}.{key}" if path else str(key)
