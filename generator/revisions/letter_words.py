"""Which letters a revision words differently, for which cases, without writing a letter.

A letter's words come from its context (:mod:`generator.letters.letter_context`, the
statements), and what it states from letters.yaml (its ``must_state`` and the floor of its
purpose, :func:`generator.source.floor.letter_states`). For each letter and stage, the
context is made once under each version for a stand-in case holding every behaviour and
measure both versions have; the values the letter states are compared, apart from the
case's own lists, and then measure by measure and behaviour by behaviour. A case's letter
is worded differently when a compared value differs, or one for its own measures or
behaviours does; a customer written to in Welsh is held against the Welsh words too. Ten
thousand cases cost a few dozen contexts, not ten thousand letters.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from generator.cases.case import Case
from generator.letters.letter_check import ELEMENT_FACTS, sample_case
from generator.letters.letter_context import letter_context, values
from generator.source.floor import letter_states
from generator.source.model import Element, Policy
from generator.source.translation import welsh_view

__all__ = ["ALWAYS", "EVERY_REVISION", "LetterWords"]

Words = dict[str, list[str]]


class LetterWords:
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
