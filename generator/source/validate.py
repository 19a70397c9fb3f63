"""Cross-reference checks on a typed policy, each problem reported with its FILE:LINE."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from generator import cache
from generator.source.errors import Problem
from generator.source.facts import check_prose
from generator.source.load import RawSource, locate
from generator.source.model import Policy
from generator.source.queries import page_ids, unsupplied

__all__ = ["validate"]

#: Fields holding ids of another collection: (dotted pattern, collection, what it names).
#: "*" stands for every key of a mapping or item of a list.
REFERENCES: list[tuple[str, str, str]] = [
    *((f"decisions.*.{f}.*", "roles", "role")
      for f in ("taken_by", "prepared_by", "recommended_by", "consult", "informed")),
    ("stages.*.notify.*.roles.*", "roles", "role"),
    ("roles.*.panel.members.*", "roles", "role"),
    ("roles.*.panel.conflicts_decided_by", "roles", "role"),
    ("roles.*.panel.adviser", "roles", "role"),
    ("stages.*.notify.*.by", "roles", "role"),
    ("measures.*.informed.*", "roles", "role"),
    ("rights.appeals.*.to", "roles", "role"),
    ("reviews.reporting.*.to", "roles", "role"),
    ("reviews.reporting.*.by", "roles", "role"),
    ("reviews.registers.*.kept_by", "roles", "role"),
    ("letters.*.signed_by", "roles", "role"),
    ("stages.*.entry_decision", "decisions", "decision"),
    ("stages.*.outcomes.*.decision", "decisions", "decision"),
    ("measures.*.decision", "decisions", "decision"),
    ("measures.*.renewal.decision", "decisions", "decision"),
    ("rights.appeals.*.against.*", "decisions", "decision"),
    ("rights.appeals.*.decision", "decisions", "decision"),
    ("reviews.case_reviews.*.decision", "decisions", "decision"),
    ("reviews.scheduled.*.decision", "decisions", "decision"),
    ("protocols.*.decision", "decisions", "decision"),
    ("letters.*.decision", "decisions", "decision"),
    ("stages.*.outcomes.*.to", "stages", "stage"),
    ("measures.*.allowed_at.*", "stages", "stage"),
    ("reviews.case_reviews.*.stages.*", "stages", "stage"),
    ("reviews.scheduled.*.stages.*", "stages", "stage"),
    ("reviews.registers.*.stages.*", "stages", "stage"),
    ("letters.*.stage", "stages", "stage"),
    ("reports.*.observed_behaviours.*", "behaviours", "behaviour"),
    ("stages.*.letter", "letters", "letter or form"),
    ("protocols.*.letter", "letters", "letter or form"),
    ("protocols.*.part", "parts", "part"),
    ("protocols.*.appeal", "rights.appeals", "appeal"),
]


def validate(policy: Policy, raw: RawSource) -> list[Problem]:
    """Every cross-reference problem in the policy; an empty list means it is sound."""
    data = policy.model_dump(mode="python")
    report = _Reporter(raw)
    for pattern, collection, kind in REFERENCES:
        ids = _collection(data, collection)
        for loc, value in _each(data, pattern.split(".")):
            if value is not None and value not in ids:
                file = f"{collection.split('.')[0]}.yaml"
                report(loc, f"unknown {kind} '{value}'",
                       f"use one of: {', '.join(ids)}" if ids else f"define it in {file}")
    broken_references = bool(report.problems)
    _check_document(policy, report)
    _check_parts(policy, raw, report)
    # prose prints the facts ids name, so it is rendered on trial only when every id resolves
    _check_prose(policy, raw, report, trial=not broken_references)
    _check_page_ids(policy, raw, report)
    _check_stages(policy, report)
    _check_appeals(policy, report)
    _check_protocols(policy, report)
    for letter_id, letter in policy.letters.items():
        for index, element in enumerate(letter.must_state):
            reason = unsupplied(policy, letter, element)
            if reason:
                report(("letters", letter_id, "must_state", index),
                       f"the letter must state '{element}' but {reason}",
                       "remove the element or add what it needs to the source")
    return report.problems


class _Reporter:
    def __init__(self, raw: RawSource):
        self.raw = raw
        self.problems: list[Problem] = []

    def __call__(self, loc: tuple[Any, ...], message: str, hint: str) -> None:
        file, line = locate(self.raw.data, loc)
        file = file or self.raw.display(f"{loc[0]}.yaml")
        self.problems.append(Problem(file, line, ".".join(map(str, loc)), message, hint))


def _each(data: Any, steps: list[str], loc: tuple[Any, ...] = ()) -> Iterator[tuple[tuple, Any]]:
    if not steps:
        yield loc, data
        return
    step, rest = steps[0], steps[1:]
    if step == "*":
        items = data.items() if isinstance(data, dict) else enumerate(data or [])
        for key, value in items:
            yield from _each(value, rest, (*loc, key))
    elif isinstance(data, dict) and data.get(step) is not None:
        yield from _each(data[step], rest, (*loc, step))


def _collection(data: dict[str, Any], dotted: str) -> list[str]:
    for step in dotted.split("."):
        data = data.get(step) or {}
    return list(data)


def _check_document(policy: Policy, report: _Reporter) -> None:
    doc = policy.policy
    if doc.next_review_date and doc.publication_date and \
            doc.next_review_date.last_day < doc.publication_date.first_day:
        report(("policy", "next_review_date"),
               f"the next review date ({doc.next_review_date}) is before the publication date "
               f"({doc.publication_date})", "set a review date after publication")
    versions = [entry.version for entry in doc.version_history if entry.version]
    if versions and doc.version and doc.version not in versions:
        report(("policy", "version"), f"version {doc.version} has no entry in version_history",
               "add a version_history entry with its date, summary and author")
    for number, approval in enumerate(doc.approvals):
        if approval.version is not None and approval.version not in {*versions, doc.version}:
            report(("policy", "approvals", number, "version"),
                   f"version {approval.version} is not in version_history",
                   "name a version listed there, or add its entry")


def _check_parts(policy: Policy, raw: RawSource, report: _Reporter) -> None:
    seen: dict[str, str] = {}
    for part_id, part in policy.parts.items():
        for index, section in enumerate(part.sections):
            loc = ("parts", part_id, "sections", index)
            if section.id in seen:
                report((*loc, "id"), f"duplicate section id '{section.id}'",
                       f"it is already used in part '{seen[section.id]}'; choose another")
            seen[section.id] = part_id
            if section.prose not in policy.prose:
                report((*loc, "prose"), f"no prose fragment '{section.prose}'",
                       f"create {raw.display('prose/' + section.prose)}")


def _check_page_ids(policy: Policy, raw: RawSource, report: _Reporter) -> None:
    """Two things on one page with the same id: a link to it would land on the first."""

    for part_id, part in policy.parts.items():
        seen: set[str] = set()
        for index, section in enumerate(part.sections):
            for page_id in page_ids(policy, part_id, only=index):
                if page_id in seen:
                    text = policy.prose.get(section.prose, "")
                    line = next((n for n, row in enumerate(text.splitlines(), 1)
                                 if f"#{page_id}" in row or f"={page_id}" in row), 0)
                    where = (raw.display(f"prose/{section.prose}"), line) if line else None
                    message = f"the id '{page_id}' is used twice on the page of part '{part_id}'"
                    hint = "give the heading or section another id, such as { #" + \
                        f"{page_id}-more" + " }"
                    if where:
                        report.problems.append(Problem(*where, "prose", message, hint))
                    else:
                        report(("parts", part_id, "sections", index, "id"), message, hint)
                seen.add(page_id)


def _check_protocols(policy: Policy, report: _Reporter) -> None:
    for protocol_id, protocol in policy.protocols.items():
        if protocol.warning_step and protocol.warning_step > len(protocol.steps):
            report(("protocols", protocol_id, "warning_step"),
                   f"step {protocol.warning_step} does not exist; the protocol has "
                   f"{len(protocol.steps)} steps", "give the number of one of its steps")
        if protocol.warning_step and protocol.warnings is None:
            report(("protocols", protocol_id, "warning_step"),
                   "warning_step is given but not how many warnings",
                   "add warnings: (how many warnings come first)")


def _check_prose(policy: Policy, raw: RawSource, report: _Reporter, trial: bool) -> None:
    """Each fragment checked, unless found clean before with the same facts: parsing and
    trying every fragment costs each build and check a tenth of a second, and a prose edit
    changes one fragment."""
    facts = facts_key(policy)
    for name, text in policy.prose.items():
        report.problems += unless_clean(
            partial(check_prose, policy, name, raw.display(f"prose/{name}"), trial),
            facts, str(trial), name, text)


def facts_key(policy: Policy) -> str:
    """A hash of all that a check of one fragment reads beside the fragment: the policy's
    facts (its prose aside), language and Welsh text, and the generator's code."""
    return cache.key(policy.model_dump_json(), policy.language,
                     json.dumps(policy.welsh_text, sort_keys=True), cache.generator_code())


def unless_clean(check: Callable[[], list[Problem]], *entry: str) -> list[Problem]:
    """The problems ``check`` finds, or none without running it when it found none before
    for the same ``entry`` (the parts of a hash of all it reads); a clean result is kept."""
    key = cache.key(*entry)
    if cache.value("clean-prose", key):
        return []
    problems = check()
    if not problems:
        cache.keep_value("clean-prose", key, True)
    return problems


def _check_stages(policy: Policy, report: _Reporter) -> None:
    roots = [sid for sid, stage in policy.stages.items() if stage.initial or stage.direct_entry]
    if policy.stages and not any(stage.initial for stage in policy.stages.values()):
        report(("stages",), "no stage is marked initial: true",
               "mark the stage where a case starts with initial: true")
    reached, queue = set(roots), list(roots)
    while queue:
        for outcome in policy.stages[queue.pop()].outcomes:
            if outcome.to in policy.stages and outcome.to not in reached:
                reached.add(outcome.to)
                queue.append(outcome.to)
    for stage_id, stage in policy.stages.items():
        if stage_id not in reached:
            report(("stages", stage_id), f"stage '{stage_id}' cannot be reached",
                   "mark it initial or direct_entry, or add an outcome leading to it")
        for index, outcome in enumerate(stage.outcomes):
            if outcome.period and outcome.kind not in ("extend", "renew"):
                report(("stages", stage_id, "outcomes", index, "period"),
                       f"a period is given for a '{outcome.kind}' outcome",
                       "only extend and renew run on for a further period; remove it")
            if outcome.kind == "escalate" and not outcome.to:
                report(("stages", stage_id, "outcomes", index), "an escalation names no stage",
                       "add to: with the stage the case moves to")
        if stage.kind == "active" and stage.entry_decision is None:
            report(("stages", stage_id, "entry_decision"), "the stage has no entry decision",
                   "name the decision (decisions.yaml) that puts a case at this stage")


def _check_appeals(policy: Policy, report: _Reporter) -> None:
    for appeal_id, appeal in policy.rights.appeals.items():
        loc = ("rights", "appeals", appeal_id)
        if not appeal.available and appeal.window is not None:
            report((*loc, "window"), "a window is given but no appeal is available",
                   "remove window, or set available: true")
