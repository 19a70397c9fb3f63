"""Timescales (every period the policy sets): each period's label, by the field that holds
it, as the timescales page and the change log name it, and what working days are.
"""

from __future__ import annotations

from typing import Any

from generator.languages.catalogues import N_
from generator.statements import appeals
from generator.statements.said import Line

__all__ = ["LABELS", "intro_lines", "label"]

#: How a field reads after the name of the thing it belongs to, on the timescales page and
#: in the list of changes (message ids of the policy catalogue).
LABELS = {
    **appeals.LABELS,
    "review_interval": N_("reviewed at least every"),
    "default": N_("monitoring period"),
    "maximum": N_("longest monitoring period"),
    "max_duration": N_("longest duration"),
    "retention": N_("records kept with no activity for"),
    "interval": N_("review at least every"),
    "every": N_("reported every"),
    "restriction": N_("restriction lasts"),
    "period": N_("runs on for a further"),
    "renewal.period": N_("renewed for"),
    "renew_every": N_("renewed at least every"),
    "meets_every": N_("meets every"),
    "next_review_date": N_("next review due by"),
    "publication_date": N_("publication date"),
    "version_history": N_("version history"),
    "status": N_("status"),
    "approvals": N_("approvals"),
}


def label(path: str) -> str:
    """The label of a period by its field, or by its parent and field where that is closer
    (a message of the catalogue; the path itself where there is none)."""
    steps = path.split(".")
    return LABELS.get(".".join(steps[-2:])) or LABELS.get(steps[-1], path)


def intro_lines(nation: Any) -> list[Line]:
    """What the timescales page says of its periods: that it lists every one the policy sets
    and what a working day is where the body is (``nation``, the nation in words)."""
    return [Line(N_("Every period and deadline the policy sets. Working days leave out weekends "
                    "and the bank holidays of %(nation)s."), {"nation": nation})]
