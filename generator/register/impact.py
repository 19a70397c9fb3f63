"""What a draft revision would do to the open cases in the register, before it is published.

Each open case is read once (the register's columns, never its JSON: see
:mod:`generator.register.kept`) and held against both versions by the functions the
register itself uses, so no rule is worked out a second way:

- its dates (reviews, and the ends of stages, monitoring and measures) by
  :func:`generator.register.due.case_dates`, under the policy in force and under the draft:
  a date that moves earlier or later, one the draft adds, one it drops;
- each measure the case gives a duration longer than the draft's new maximum
  (:func:`generator.cases.case.measure_maximum`, compared as the case check compares);
- a stage or measure the draft no longer has;
- the letter it was sent last and the letter its next review sends, when the words they
  print would differ (:mod:`generator.revisions.letter_words`).

Nothing is written: the register's kept due dates change only when the revision is
published and the register is next read with it (:mod:`generator.register.upkeep`).
The result, its counts and its text: :mod:`generator.revisions.impact`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select

from generator.cases.case import longer_than, measure_maximum
from generator.register import schema
from generator.register.due import Due, case_dates, rules_for
from generator.register.kept import KeptFacts, all_facts, bulk
from generator.register.store import Register
from generator.revisions.impact import CaseImpact, Effect, Impact
from generator.revisions.letter_words import LetterWords
from generator.source.errors import Name, Said
from generator.source.model import Policy
from generator.source.queries import letter_decision
from generator.source.values import PolicyDate
from generator.statements import changes as say

__all__ = ["measure", "next_letter"]


def measure(register: Register, current: Policy, draft: Policy) -> Impact:
    """What ``draft`` would do to every open case of ``register``, kept under ``current``.
    Reads only; the register is left as it was."""
    facts = all_facts(register, where=schema.cases.c.closed.is_(None))
    last, welsh = _last_letters(register), _in_welsh(register)
    letters = LetterWords(current, draft)
    following = {stage: next_letter(draft, stage) for stage in {f.case.stage for f in facts}}
    with bulk():
        found = [CaseImpact(f.reference, f.case.full_name, f.case.stage, effects)
                 for f in facts if (effects := _effects(
                     current, draft, f, letters, (last.get(f.reference),
                                                  following[f.case.stage]),
                     f.reference in welsh))]
    return Impact(len(facts), found)


def _effects(current: Policy, draft: Policy, facts: KeptFacts, letters: LetterWords,
             sent: tuple[str | None, str | None], welsh: bool) -> list[Effect]:
    """What the draft changes for one case; ``sent``: the letter it was sent last and the
    one its next review sends; ``welsh``: written to in Welsh."""
    stage = facts.case.stage
    effects = _dates(case_dates(current, facts), case_dates(draft, facts))
    if stage in current.stages and stage not in draft.stages:
        effects.append(Effect("stage_gone", f"stages.{stage}",
                              Said(say.STAGE_GONE, name=Name(current.stages[stage].name,
                                                               f"stages.{stage}.name"))))
    for measure_id, imposed in facts.case.measures.items():
        if measure_id not in draft.measures:
            if measure_id in current.measures:
                effects.append(Effect("measure_gone", f"measures.{measure_id}",
                                      Said(say.MEASURE_GONE, name=Name(
                                          current.measures[measure_id].name,
                                          f"measures.{measure_id}.name"))))
            continue
        effects += _over_maximum(current, draft, measure_id, imposed.duration, stage)
    effects += _wording(letters, facts, sent, welsh)
    return effects


def _dates(before: Sequence[Due], after: Sequence[Due]) -> list[Effect]:
    """Each date that moves, appears or goes, matched by its rule."""
    old = {(d.kind, d.rule): d for d in before}
    new = {(d.kind, d.rule): d for d in after}
    effects: list[Effect] = []
    for key, due in new.items():
        was = old.get(key)
        if was is None:
            effects.append(Effect("new_date", due.rule, Said(
                say.NOW_DUE, what=due.what, day=_day(due.due))))
        elif was.due != due.due:
            effects.append(Effect("earlier" if due.due < was.due else "later", due.rule,
                                  Said(say.MOVED, what=due.what, before=_day(was.due),
                                       after=_day(due.due))))
    effects += [Effect("no_date", due.rule, Said(say.NO_LONGER_DUE, what=due.what,
                                                 day=_day(due.due)))
                for key, due in old.items() if key not in new]
    return effects


def _over_maximum(current: Policy, draft: Policy, measure_id: str, duration: Any,
                  stage: str | None) -> list[Effect]:
    """The case's duration for a measure, where the draft's new maximum is shorter."""
    maximum = measure_maximum(draft, measure_id, stage)
    if duration is None or maximum is None or measure_id not in current.measures or \
            maximum == measure_maximum(current, measure_id, stage) or \
            not longer_than(draft, duration, maximum):
        return []
    return [Effect("over_maximum", f"measures.{measure_id}.max_duration",
                   Said(say.OVER_MAXIMUM, name=Name(draft.measures[measure_id].name,
                                                    f"measures.{measure_id}.name"),
                        duration=duration, maximum=maximum))]


def _day(day: Any) -> PolicyDate:
    """A due date as the policy prints it ("10 July 2026"), which the desk says in Welsh."""
    return PolicyDate(day.year, day.month, day.day)


def next_letter(policy: Policy, stage: str | None) -> str | None:
    """The letter a case at ``stage`` is sent at its next review: the one telling of the
    decision of the case review covering the stage; None where the policy names none."""
    decisions = {rule.decision for _id, rule in rules_for(policy, stage) if rule.decision}
    return next((letter_id for letter_id, letter in policy.letters.items()
                 if letter.kind == "letter" and letter.recipient == "customer"
                 and letter_decision(policy, letter) in decisions), None)


def _wording(letters: LetterWords, facts: KeptFacts, sent: tuple[str | None, str | None],
             welsh: bool) -> list[Effect]:
    stage = facts.case.stage
    effects = []
    for when, letter_id in zip((say.LAST_SENT, say.NEXT), sent, strict=True):
        if letter_id is None:
            continue
        changed = letters.changed(letter_id, stage, facts.case.measures, facts.case.behaviours,
                                  welsh)
        if changed:
            title = letters.title(letter_id)
            effects.append(Effect("wording", f"letters.{letter_id}", Said(
                say.REWORDED_LETTER, title=Name(title, f"letters.{letter_id}.title"),
                when=Said(when), facts=", ".join(changed))))
    return effects


def _last_letters(register: Register) -> dict[str, str]:
    """The letter each open case was sent last, by reference."""
    cases, letters = schema.cases, schema.letters
    latest = (select(letters.c.case_id, func.max(letters.c.id).label("id"))
              .group_by(letters.c.case_id).subquery())
    query = (select(cases.c.reference, letters.c.letter_id)
             .select_from(latest.join(letters, letters.c.id == latest.c.id)
                          .join(cases, cases.c.id == latest.c.case_id))
             .where(cases.c.closed.is_(None)))
    with register.engine.connect() as connection:
        return {reference: letter_id for reference, letter_id in connection.execute(query)}


def _in_welsh(register: Register) -> set[str]:
    """The open cases whose customer is written to in Welsh (or in both languages)."""
    cases = schema.cases
    query = select(cases.c.reference).where(cases.c.closed.is_(None),
                                            cases.c.language.in_(["welsh", "bilingual"]))
    with register.engine.connect() as connection:
        return set(connection.scalars(query))
