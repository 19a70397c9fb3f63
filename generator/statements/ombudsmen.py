"""Ombudsmen and regulators (``rights.ombudsmen``): where a customer may go beyond the body,
when each applies and how to reach it, as far as the source says.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.languages.catalogues import N_
from generator.source.model import Policy
from generator.statements.said import Line

__all__ = ["gaps", "page_lines"]


def page_lines(ombudsman: Any) -> list[Line]:
    """One ombudsman as a page tells "you" of it; ``ombudsman`` is the page's fact for it
    (its attributes print marked with their fact ids, its ``value`` is the model's)."""
    model = ombudsman.value
    lines = [Line(N_("You can ask the %(ombudsman)s to look into it %(when)s."),
                  {"ombudsman": ombudsman.name, "when": ombudsman.applies_when})
             if model.applies_when else
             Line(N_("You can ask the %(ombudsman)s to look into it."),
                  {"ombudsman": ombudsman.name})]
    if model.url:
        lines.append(Line(N_("Website: %(link)s."), {"link": ombudsman.url}))
    if model.phone:
        lines.append(Line(N_("Telephone: %(phone)s."), {"phone": ombudsman.phone}))
    if model.email:
        lines.append(Line(N_("Email: %(email)s."), {"email": ombudsman.email}))
    if model.address:
        lines.append(Line(N_("Address:"), joined=ombudsman.address))
    return lines


def gaps(policy: Policy) -> Iterator[tuple[tuple[Any, ...], str, str]]:
    """Where a customer can go beyond the body, when the source names nowhere."""
    if not policy.rights.ombudsmen:
        yield (("rights",), "where a customer can go once the body's own process is done",
               "add ombudsmen: with each ombudsman or regulator and when it applies")
