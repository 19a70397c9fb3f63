"""How the customer can still make contact while arrangements apply (the case's
``single_point_of_contact``), and whom a letter tells them to ask for.

The sentence is said only when the case names the person: never the letter's signatory
by default, which may contradict the letter's own measures.
"""

from __future__ import annotations

from types import SimpleNamespace as Namespace

from generator.languages.catalogues import N_
from generator.statements.said import Statement, Words

__all__ = ["still"]


def still(words: Words, person: Namespace | None) -> Statement | None:
    """"While these arrangements apply, you can still contact us through ...", where the
    case names a single point of contact."""
    if person is None or not person.name:
        return None
    if person.phone:
        return words(N_("While these arrangements apply, you can still contact us through "
                        "%(name)s on %(phone)s."), "contact.still", name=person.name,
                     phone=person.phone)
    return words(N_("While these arrangements apply, you can still contact us through "
                    "%(name)s."), "contact.still", name=person.name)
