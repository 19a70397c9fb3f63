"""Questions renderers and checks ask of the model: which decision a letter reports, which
appeal rule covers it, why the model cannot supply an element a letter must state, and
which ids a part's page sets itself.

They live beside the model, not in the validator, so a renderer reads the model without
depending on the cross-reference checks.
"""

from __future__ import annotations

import re

from generator.source.model import Appeal, Element, Letter, Policy

__all__ = ["appeal_for", "letter_decision", "page_ids", "unsupplied"]


def letter_decision(policy: Policy, letter: Letter) -> str | None:
    """The decision a letter reports: its own, or the one that enters its stage."""
    if letter.decision:
        return letter.decision
    stage = policy.stages.get(letter.stage or "")
    return stage.entry_decision if stage else None


def appeal_for(policy: Policy, decision: str | None) -> Appeal | None:
    """The appeal rule covering a decision, if the source states one."""
    return next((a for a in policy.rights.appeals.values() if decision in a.against), None)


def unsupplied(policy: Policy, letter: Letter, element: Element) -> str:
    """Why the model (with the letter's case fields) cannot supply an element; '' if it can."""
    stage = policy.stages.get(letter.stage or "")
    appeal = appeal_for(policy, letter_decision(policy, letter))
    needs_case = {
        Element.reasons: "behaviours", Element.measures: "measures",
        Element.single_point_of_contact: "single_point_of_contact",
        Element.decision_maker: "decision_maker",
    }
    if element in needs_case and needs_case[element] not in letter.case_fields:
        return f"case_fields does not include '{needs_case[element]}'"
    if element is Element.monitoring_period and not (stage and stage.monitoring):
        return "the letter's stage has no monitoring period"
    if element is Element.duration and not (stage and (stage.monitoring or stage.max_duration)):
        return "the letter's stage has no monitoring period or maximum duration"
    if element is Element.review_date and not any(
            letter.stage in review.stages for review in policy.reviews.case_reviews.values()):
        return "no case review covers the letter's stage"
    if element in (Element.appeal_right, Element.appeal_deadline) and not (
            appeal and appeal.available):
        return "no appeal is available against the decision it reports"
    if element is Element.appeal_deadline and appeal and appeal.window is None:
        return "its appeal rule gives no window; add window: to the rule in rights.yaml"
    if element is Element.appeal_deadline and appeal and appeal.window_from is None:
        return ("its appeal rule does not say what the window counts from; add window_from: "
                "(letter, receipt or decision) to the rule in rights.yaml (a source written "
                "before it was required: `policy upgrade` writes the old default, letter)")
    if element is Element.no_appeal and appeal and appeal.available:
        return "an appeal is available against the decision it reports"
    if element is Element.ombudsman and not policy.rights.ombudsmen:
        return "rights.yaml names no ombudsman"
    if element is Element.statutory_rights and not policy.rights.statutory_rights:
        return "rights.yaml lists no statutory rights"
    if element is Element.retention and not any(s.retention for s in policy.stages.values()):
        return "no stage sets a retention period"
    if element is Element.potential_outcome and not (stage and stage.outcomes):
        return "the letter's stage has no outcomes"
    return ""


_EXPLICIT_ID = re.compile(r"\{\s*#([A-Za-z][\w-]*)(?=[\s}])[^}]*\}|\bid=[\"']([\w-]+)")


def page_ids(policy: Policy, part_id: str, only: int | None = None) -> list[str]:
    """The ids a part's page sets itself before generated sections: its section ids and the
    ids its prose gives (``{ #id }``). With ``only``, those of that one section. (Headings
    without an id get one from their words, which MkDocs keeps clear of these.)"""
    ids = []
    sections = policy.parts[part_id].sections
    for section in sections if only is None else [sections[only]]:
        ids.append(section.id)
        ids += [m.group(1) or m.group(2)
                for m in _EXPLICIT_ID.finditer(policy.prose.get(section.prose, ""))]
    return ids
