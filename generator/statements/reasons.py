"""Why a letter is sent (``reasons``): what the letter explains, said only of what it
states, so a letter with no reasons never says it explains why."""

from __future__ import annotations

from generator.languages.catalogues import N_
from generator.source.model import Element
from generator.source.wording import join
from generator.statements.said import Statement, Words

__all__ = ["explains"]

#: What a letter explains, by the element that explains it, in order.
CLAUSES = ((Element.reasons, N_("why")), (Element.measures, N_("what the arrangements are")),
           (Element.appeal_right, N_("what you can do if you disagree")),
           (Element.ombudsman, N_("what you can do if you disagree")))


def explains(words: Words, states: list[Element]) -> Statement | None:
    """"This letter explains why and what the arrangements are...", as far as it does."""
    clauses = list(dict.fromkeys(words(clause) for element, clause in CLAUSES
                                 if element in states))
    if not clauses:
        return None
    return words(N_("This letter explains %(what)s."), "letter.explains",
                 what=join(clauses, "and", words.policy.language))
