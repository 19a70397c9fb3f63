"""What a draft revision would do to the open cases in the register, before it is published.

Each open case is read once (the register's columns, never its JSON: see
:mod:`generator.register.kept`) and held against both versions by the functions the
register itself uses, so no rule is worked out a second way:

- its dates (reviews, and the ends of stages, monitoring and measures) by
  :func:`generator.register.due.case_dates`, under the policy in force and under the draft:
  a date that moves earlier or later, one the draft adds, one it drops;
- each measure the case gives a duration longer than the draft's new maximum
  (:func:`generator.letters.case.measure_maximum`, compared as the case check compares);
- a stage or measure the draft no longer has;
- the letter it was sent last and the letter its next review sends, when the words they
  print would differ: each letter's context (:mod:`generator.letters.letter_context`, the
  statements) is made once per letter and stage for a stand-in case under both versions,
  so ten thousand cases cost a few dozen contexts, not ten thousand letters.

Nothing is written: the register's kept due dates change only when the revision is
published and the register is next read with it (:mod:`generator.register.upkeep`).
:func:`counts` gives the committee numbers without a name or reference; :class:`CaseImpact`
lines are for officers whose roles may read the cases.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import func, select

from generator.languages.translation import welsh_view
from generator.letters.case import Case, longer_than, measure_maximum
from generator.letters.floor import letter_states
from generator.letters.letter_check import ELEMENT_FACTS, sample_case
from generator.letters.letter_context import letter_context, values
from generator.register import schema
from generator.register.due import Due, case_dates, rules_for
from generator.register.kept import KeptFacts, all_facts, bulk
from generator.register.store import Register
from generator.source.model import Element, Policy
from generator.source.queries import letter_decision
from generator.source.workdays import long_date

__all__ = ["KINDS", "CaseImpact", "Effect", "Impact", "as_data", "counts", "measure", "next_letter",
           "render_impact"]

Kind = Literal["earlier", "later", "new_date", "no_date", "over_maximum", "stage_gone",
               "measure_gone", "wording"]

#: Each kind of effect, in the order every output lists them, with what a count of cases
#: of that kind means.
KINDS: dict[Kind, str] = {
    "earlier": "a review or an end falls due earlier",
    "later": "a review or an end falls due later",
    "new_date": "a review or an end falls due that no rule set before",
    "no_date": "a review or an end no longer falls due by any rule",
    "over_maximum": "a measure is imposed for longer than the new maximum",
    "stage_gone": "the stage the case is at is removed",
    "measure_gone": "a measure the case has is removed",
    "wording": "the last or next letter would be worded differently",
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


def counts(impact: Impact) -> list[tuple[str, int]]:
    """The committee's figures: open cases measured, then cases of each kind, no names."""
    return [("open cases in the register", impact.measured),
            ("cases the revision would change", len(impact.cases)),
            *((f"cases where {meaning}", impact.count(kind)) for kind, meaning in KINDS.items())]


def measure(register: Register, current: Policy, draft: Policy) -> Impact:
    """What ``draft`` would do to every open case of ``register``, kept under ``current``.
    Reads only; the register is left as it was."""
    facts = all_facts(register, where=schema.cases.c.closed.is_(None))
    last, welsh = _last_letters(register), _in_welsh(register)
    letters = _LetterWords(current, draft)
    with bulk():
        found = [CaseImpact(f.reference, f.case.full_name, f.case.stage, effects)
                 for f in facts
                 if (effects := _effects(current, draft, f, last, letters, welsh))]
    return Impact(len(facts), found)


def _effects(current: Policy, draft: Policy, facts: KeptFacts, last: dict[str, str],
             letters: _LetterWords, welsh: set[str]) -> list[Effect]:
    stage = facts.case.stage
    effects = _dates(case_dates(current, facts), case_dates(draft, facts))
    if stage in current.stages and stage not in draft.stages:
        effects.append(Effect("stage_gone", f"stages.{stage}",
                              f"the stage {current.stages[stage].name} is removed"))
    for measure_id, imposed in facts.case.measures.items():
        if measure_id not in draft.measures:
            if measure_id in current.measures:
                effects.append(Effect("measure_gone", f"measures.{measure_id}",
                                      f"the measure {current.measures[measure_id].name} is "
                                      "removed"))
            continue
        effects += _over_maximum(current, draft, measure_id, imposed.duration, stage)
    effects += _wording(letters, facts, last.get(facts.reference), draft,
                        facts.reference in welsh)
    return effects


def _dates(before: Sequence[Due], after: Sequence[Due]) -> list[Effect]:
    """Each date that moves, appears or goes, matched by its rule."""
    old = {(d.kind, d.rule): d for d in before}
    new = {(d.kind, d.rule): d for d in after}
    effects: list[Effect] = []
    for key, due in new.items():
        was = old.get(key)
        if was is None:
            effects.append(Effect("new_date", due.rule,
                                  f"{due.what}: now due {long_date(due.due)}"))
        elif was.due != due.due:
            effects.append(Effect("earlier" if due.due < was.due else "later", due.rule,
                                  f"{due.what}: {long_date(was.due)} → {long_date(due.due)}"))
    effects += [Effect("no_date", due.rule, f"{due.what}: no longer due (was "
                       f"{long_date(due.due)})") for key, due in old.items() if key not in new]
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
                   f"{draft.measures[measure_id].name}: {duration} is longer than the new "
                   f"maximum of {maximum}")]


def next_letter(policy: Policy, stage: str | None) -> str | None:
    """The letter a case at ``stage`` is sent at its next review: the one telling of the
    decision of the case review covering the stage; None where the policy names none."""
    decisions = {rule.decision for _id, rule in rules_for(policy, stage) if rule.decision}
    return next((letter_id for letter_id, letter in policy.letters.items()
                 if letter.kind == "letter" and letter.recipient == "customer"
                 and letter_decision(policy, letter) in decisions), None)


def _wording(letters: _LetterWords, facts: KeptFacts, last: str | None, draft: Policy,
             welsh: bool) -> list[Effect]:
    stage = facts.case.stage
    effects = []
    for when, letter_id in (("last sent", last), ("next", next_letter(draft, stage))):
        if letter_id is None:
            continue
        changed = letters.changed(letter_id, stage, facts.case.measures, facts.case.behaviours,
                                  welsh)
        if changed:
            title = letters.title(letter_id)
            effects.append(Effect("wording", f"letters.{letter_id}",
                                  f"{title} ({when}) would be worded differently where it states: "
                                  + ", ".join(changed)))
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


Words = dict[str, list[str]]


class _LetterWords:
    """What each letter prints under both versions, once per letter and stage, for a
    stand-in case holding every behaviour and measure both versions have: its words apart
    from the case's lists, and its words for each measure and each behaviour, so a case is
    held against those of its own measures and behaviours only."""

    def __init__(self, current: Policy, draft: Policy):
        self.current, self.draft = current, draft
        self.known: dict[tuple[str, str | None, bool],
                         tuple[list[str], set[str], set[str]]] = {}
        self.welsh: tuple[Policy, Policy] | None = None

    def _versions(self, welsh: bool) -> tuple[Policy, Policy] | None:
        """Both versions in English, or in Welsh (None where either has no Welsh)."""
        if not welsh:
            return self.current, self.draft
        if not (self.current.policy.welsh and self.draft.policy.welsh):
            return None
        if self.welsh is None:
            self.welsh = (welsh_view(self.current), welsh_view(self.draft))
        return self.welsh

    def title(self, letter_id: str) -> str:
        letter = self.draft.letters.get(letter_id) or self.current.letters.get(letter_id)
        return letter.title if letter else letter_id

    def changed(self, letter_id: str, stage: str | None, measures: Iterable[str],
                behaviours: Iterable[str], welsh: bool = False) -> list[str]:
        """The names of the facts whose words differ in this case's letter ("letter": the
        draft has no such letter); ``welsh``: in its Welsh words too."""
        found: list[str] = []
        for language in (False, True) if welsh else (False,):
            key = (letter_id, stage, language)
            if key not in self.known:
                versions = self._versions(language)
                self.known[key] = _compare(*versions, letter_id, stage) if versions \
                    else ([], set(), set())
            general, by_measure, by_behaviour = self.known[key]
            found += [*general, *sorted(f"measures.{m}" for m in set(measures) & by_measure),
                      *sorted(f"behaviours.{b}" for b in set(behaviours) & by_behaviour)]
        return list(dict.fromkeys(found))

def _compare(current: Policy, draft: Policy, letter_id: str, stage: str | None
             ) -> tuple[list[str], set[str], set[str]]:
    """What differs in a letter between the versions: the names of its facts worded
    differently apart from the case's lists, then the measures and the behaviours whose
    words differ."""
    if letter_id not in current.letters:
        return [], set(), set()  # a letter the register keeps but the policy never had
    if letter_id not in draft.letters:
        return ["letter"], set(), set()
    if stage is not None and (stage not in current.stages
                              or stage not in draft.stages):
        return [], set(), set()  # said as a stage gone, or not a stage of the policy
    measures = [m for m in current.measures if m in draft.measures]
    behaviours = [b for b in current.behaviours if b in draft.behaviours]
    states = [letter_states(p, p.letters[letter_id]) for p in (current, draft)]
    placed = {name for listed in states for element in listed
              for name in _placed(element)} | ALWAYS
    before = _words(current, letter_id, stage, measures, behaviours, placed)
    after = _words(draft, letter_id, stage, measures, behaviours, placed)
    general = sorted({key for key in {*before[0], *after[0]}
                      if before[0].get(key) != after[0].get(key)}
                     | ({"states"} if set(states[0]) != set(states[1]) else set()))
    return (general, {m for m in measures if before[1].get(m) != after[1].get(m)},
            {b for b in behaviours if before[2].get(b) != after[2].get(b)})


#: What every letter prints, whatever it states: who sends it, about what, who signs.
ALWAYS = frozenset({"council", "letter", "signatory", "signatories", "welsh_commitment"})
#: Values every revision changes: a letter that names the policy's version names the one in
#: force on the day it is sent, which is no change of wording for a case.
EVERY_REVISION = frozenset({"policy.version", "policy.document"})
#: Names beside an element's facts that print with them.
WITH = {"ombudsman": ("ombudsmen",), "duration": ("length",), "measures": ("length",),
        "outcomes": ("stage_for_customer",)}


def _placed(element: Element) -> set[str]:
    """The names of a letter's context that print an element it states: those of the
    element's facts (the required-content check's own list), and those printed with them."""
    names = {key.split(".")[0] for key in ELEMENT_FACTS.get(element, ())}
    return names | {other for name in names for other in WITH.get(name, ())}


def _words(policy: Policy, letter_id: str, stage: str | None, measures: list[str],
           behaviours: list[str], placed: set[str]
           ) -> tuple[Words, dict[str, list[str]], dict[str, list[str]]]:
    """The letter's printed values for the stand-in case: by fact name (those under the
    names ``placed``), then for each measure and each behaviour."""
    data = sample_case(policy, letter_id).model_dump(mode="json", exclude_none=True)
    data.update(stage=stage, behaviours=behaviours, outcome=None, measures={
        m: ({"scope": str(policy.measures[m].scopes[0])} if policy.measures[m].scopes else {})
        for m in measures})
    case = Case.model_validate({k: v for k, v in data.items() if v is not None})
    context = letter_context(policy, letter_id, case)
    general: Words = {}
    for name, node in context.items():
        if name in ("measures", "behaviours", "expectations") or name not in placed:
            continue  # the case's own lists are compared item by item below
        for value in values(node):
            if value.key not in EVERY_REVISION:
                general.setdefault(value.key, []).append(str(value))
    return general, _items(context.get("measures"), measures), \
        _items(context.get("behaviours"), behaviours)


def _items(listed: Any, ids: list[str]) -> dict[str, list[str]]:
    if not isinstance(listed, list) or len(listed) != len(ids):
        return {}
    return {item_id: [str(v) for v in values(node)] for item_id, node in zip(ids, listed,
                                                                               strict=True)}



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
