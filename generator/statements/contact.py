"""How the customer can still make contact while arrangements apply (the case's
``single_point_of_contact``), and whom a letter tells them to ask for.

The sentence is said only when the case names the person: never the letter's signatory
by default, which may contradict the letter's own measures.
"""

from __future__ import annotations

from types import SimpleNamespace as Namespace
from typing import Any

from markupsafe import Markup

from generator.languages.catalogues import N_
from generator.statements.said import Line, Statement, Words

__all__ = ["body_lines", "still"]


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


def body_lines(council: Any) -> list[Line]:
    """How to contact the body about its policy, a line for each way the source gives:
    its postal address, telephone, email and website (``council.address``, ``phone``,
    ``email``, ``website``); ``council`` is the page's fact for the body."""
    lines = []
    if council.value.address:
        lines.append(Line(N_("By post:"), after=Markup(", ").join(council.address)))
    if council.value.phone:
        lines.append(Line(N_("Telephone:"), after=council.phone))
    if council.value.email:
        lines.append(Line(N_("Email:"), after=Markup("[{0}](mailto:{1})").format(
            council.email, str(council.email))))
    if council.value.website:
        lines.append(Line(N_("Website:"), after=council.website))
    return lines
