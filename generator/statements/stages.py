"""Stages (``stages``) as staff read them: when a case may start at one, how long an
outcome carries it on, and who is told when a case enters or leaves it.

Each sentence is said only where the source gives its fact: no condition for starting
straight away, no period for an outcome, no sender for a notification is ever assumed.
"""

from __future__ import annotations

from typing import Any

from generator.languages.catalogues import N_
from generator.statements.said import Line

__all__ = ["entry_lines", "event_lines", "outcome_lines", "sender_lines"]


def entry_lines(stage: Any) -> list[Line]:
    """When a case may start straight away at the stage (``direct_entry_when``);
    ``stage`` is the page's fact for the stage."""
    if not (stage.value.direct_entry and stage.value.direct_entry_when):
        return []
    return [Line(N_("When: %(when)s"), {"when": stage.direct_entry_when})]


def outcome_lines(outcome: Any) -> list[Line]:
    """How long an outcome carries the case on (``stages.*.outcomes.*.period``):
    "for a further 6 months"; ``outcome`` is the page's fact for it."""
    if not outcome.value.period:
        return []
    return [Line(N_("for a further %(period)s"), {"period": outcome.period})]


def event_lines(stage: Any, event: str) -> list[Line]:
    """The moment a role is told of (``event``: ``"entry"`` or ``"exit"``): a case
    entering or leaving the stage; ``stage`` is the page's fact for it."""
    if event == "entry":
        return [Line(N_("when a case enters %(stage)s"), {"stage": stage.name})]
    return [Line(N_("when a case leaves %(stage)s"), {"stage": stage.name})]


def sender_lines(notification: Any) -> list[Line]:
    """Who sends a notification (``stages.*.notify.*.by``), where the source names
    them; ``notification`` is the page's fact for it."""
    if not notification.value.by:
        return []
    return [Line(N_("sent by the %(sender)s"), {"sender": notification.by})]
