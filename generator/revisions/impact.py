"""What a draft revision would do to the open cases in the register: the result of
measuring it (:mod:`generator.register.impact` measures), its counts and its text.

:func:`counts` gives the committee numbers without a name or reference; :class:`CaseImpact`
lines are for officers whose roles may read the cases.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

from generator.languages.catalogues import N_
from generator.statements import changes as say

__all__ = ["KINDS", "CaseImpact", "Effect", "Impact", "Kind", "as_data", "counts", "render_impact"]

Kind = Literal["earlier", "later", "new_date", "no_date", "over_maximum", "stage_gone",
               "measure_gone", "wording"]

#: Each kind of effect, in the order every output lists them, with what a count of cases
#: of that kind means.
KINDS: dict[Kind, str] = {
    "earlier": N_("a review or an end falls due earlier"),
    "later": N_("a review or an end falls due later"),
    "new_date": N_("a review or an end falls due that no rule set before"),
    "no_date": N_("a review or an end no longer falls due by any rule"),
    "over_maximum": N_("a measure is imposed for longer than the new maximum"),
    "stage_gone": N_("the stage the case is at is removed"),
    "measure_gone": N_("a measure the case has is removed"),
    "wording": N_("the last or next letter would be worded differently"),
}


@dataclass(frozen=True)
class Effect:
    kind: Kind
    rule: str
    """The fact path it comes from, such as ``reviews.case_reviews.regular_review``."""
    text: str
    """What changes, in words an officer reads."""


@dataclass(frozen=True)
class CaseImpact:
    reference: str
    name: str | None
    stage: str | None
    effects: list[Effect] = field(default_factory=list)

    @property
    def kinds(self) -> list[Kind]:
        return [kind for kind in KINDS if any(e.kind == kind for e in self.effects)]


@dataclass(frozen=True)
class Impact:
    measured: int
    """How many open cases were held against the draft."""
    cases: list[CaseImpact]
    """The cases the draft would change, by reference."""

    def count(self, kind: Kind) -> int:
        return sum(1 for case in self.cases if kind in case.kinds)


def counts(impact: Impact, language: str = "en") -> list[tuple[str, int]]:
    """The committee's figures: open cases measured, then cases of each kind, no names;
    each label worded by :mod:`generator.statements.changes` in ``language``."""
    return [(say.said(say.MEASURED, language), impact.measured),
            (say.said(say.CHANGED_CASES, language), len(impact.cases)),
            *((say.said(say.CASES_WHERE, language, meaning=say.said(meaning, language)),
               impact.count(kind)) for kind, meaning in KINDS.items())]


def as_data(impact: Impact, cases: bool) -> dict[str, Any]:
    """The impact as JSON data: the counts (open cases measured, cases changed, cases of
    each kind of :data:`KINDS`), and with ``cases`` the case list."""
    data: dict[str, Any] = {"counts": {"measured": impact.measured, "changed": len(impact.cases),
                                       **{kind: impact.count(kind) for kind in KINDS}}}
    if cases:
        data["cases"] = [{"reference": c.reference, "name": c.name, "stage": c.stage,
                          "effects": [{"kind": e.kind, "rule": e.rule, "text": e.text}
                                      for e in c.effects]} for c in impact.cases]
    return data


def render_impact(impact: Impact, fmt: str, cases: bool) -> str:
    """The impact as text or Markdown: the counts, and with ``cases`` each case changed
    with what changes for it."""
    if fmt == "json":
        return json.dumps(as_data(impact, cases), indent=2) + "\n"
    markdown = fmt == "markdown"
    heading = "What it would do to the cases in the register"
    lines = ["", f"## {heading}" if markdown else f"{heading}:", ""]
    lines += [f"- {label}: {number}" for label, number in counts(impact)]
    if cases:
        lines += ["", "### The cases" if markdown else "The cases:", ""]
        for case in impact.cases:
            lines.append(f"- {case.reference}, {case.name or '(no name)'}, "
                         f"at {case.stage or '(no stage)'}")
            lines += [f"    - {effect.text}" for effect in case.effects]
        if not impact.cases:
            lines.append("No case would change.")
    return "\n".join(lines) + "\n"
