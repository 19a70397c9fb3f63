"""Letters in Welsh, or in both languages: which versions a case gets, and what they lack.

A Welsh letter is the English rendering path run on the Welsh view of the policy
(:func:`generator.source.translation.welsh_view`) with the Welsh template of the same name
(``letter_templates/cy/``). A case says which language the customer asked for; a
bilingual letter holds both versions, in the order the source's ``welsh.bilingual`` sets.
Anything a Welsh letter would print without Welsh shows as a marker naming the missing
translation, and :func:`untranslated` lists every marker a letter can print.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from generator.cases.case import Case, CaseLanguage
from generator.languages.catalogues import marker
from generator.source.model import Policy
from generator.source.translation import welsh_view

__all__ = ["case_in", "untranslated", "versions", "welsh", "welsh_letters"]

_VIEWS: list[tuple[Policy, Policy]] = []  # the last policy and its Welsh view


def welsh(policy: Policy) -> Policy:
    """The Welsh view of ``policy``, made once for the policy last asked about."""
    if not _VIEWS or _VIEWS[0][0] is not policy:
        _VIEWS[:] = [(policy, welsh_view(policy))]
    return _VIEWS[0][1]


def welsh_letters(policy: Policy) -> bool:
    """Whether the source offers its letters in Welsh."""
    return bool(policy.policy.welsh and policy.policy.welsh.letters)


def versions(policy: Policy, language: CaseLanguage) -> list[Policy]:
    """The policy in each language the letter is written in, in the order printed."""
    if language == CaseLanguage.english:
        return [policy]
    if language == CaseLanguage.welsh:
        return [welsh(policy)]
    assert policy.policy.welsh is not None  # check_case refuses Welsh without it
    pair = [welsh(policy), policy]
    return pair if policy.policy.welsh.bilingual == "welsh_first" else pair[::-1]


def case_in(view: Policy, english: Policy, case: Case) -> Case:
    """The case as ``view``'s letter prints it: an appeal outcome named in the view's words.

    Everything else in a case (names, addresses, the officer's words) is printed as typed.
    """
    appeal = case.appeal
    if view.language == "en" or appeal is None or not appeal.outcome:
        return case
    welsh_outcome = next((view.welsh_text.get(path) or marker(path)
                          for path, text in _outcomes(english) if text == appeal.outcome),
                         appeal.outcome)
    return case.model_copy(update={"appeal": appeal.model_copy(
        update={"outcome": welsh_outcome})})


def _outcomes(policy: Policy) -> Iterator[tuple[str, str]]:
    for appeal_id, appeal in policy.rights.appeals.items():
        for index, outcome in enumerate(appeal.outcomes):
            yield f"rights.appeals.{appeal_id}.outcomes.{index}", outcome


#: What a case may bring into a letter from the policy, by the name of the fact printed:
#: a template that prints ``behaviours.name`` may print the name of any behaviour.
VOCABULARY: dict[str, Callable[[Policy, str], list[str]]] = {
    "behaviours.name": lambda p, _: [b.name for b in p.behaviours.values()],
    "behaviours.definition": lambda p, _: [b.definition for b in p.behaviours.values()],
    "measures.name": lambda p, lid: [m.name for m in _measures(p, lid)],
    "expectations": lambda p, lid: [m.name for m in _measures(p, lid)],
    "measures.description": lambda p, lid: [m.description for m in _measures(p, lid)],
    "measures.details": lambda p, lid: [q.label for m in _measures(p, lid)
                                        for q in m.parameters.values()],
    "stage.name": lambda p, _: [s.name for s in p.stages.values()],
    "stage.summary": lambda p, _: [s.summary for s in p.stages.values()],
    "decision_maker.role": lambda p, _: [r.name for r in p.roles.values()],
    "signatory.role": lambda p, _: [r.name for r in p.roles.values()],
    "outcome.appeal": lambda p, _: [o for a in p.rights.appeals.values() for o in a.outcomes],
}


def _measures(policy: Policy, letter_id: str) -> list[Any]:
    stage = policy.letters[letter_id].stage
    return [m for m in policy.measures.values() if stage is None or stage in m.allowed_at]


def untranslated(policy: Policy, letter_id: str, printed: set[str],
                 shown: list[str]) -> list[str]:
    """Texts with a marker that a letter shows, or may show for some case.

    ``printed`` names the facts a rendering printed and ``shown`` is its printed text; a
    fact a case chooses (a behaviour, a measure, a stage) counts for every choice.
    """
    chosen = [text for key in sorted(printed & VOCABULARY.keys())
              for text in VOCABULARY[key](policy, letter_id)]
    return [text for text in [*shown, *chosen] if "⟦" in text]
