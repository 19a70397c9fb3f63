"""The desk's own words in Welsh: a gettext catalogue (locale/cy/LC_MESSAGES/desk.po) read
at run time with Babel, so no compiled .mo file is kept beside its source.

The desk speaks Welsh only where the source has Welsh; the officer picks the language
with the switcher in the header, kept in the session.
"""

from __future__ import annotations

import gettext as gnu
from pathlib import Path
from typing import Any

from flask import g, session

from generator.languages import catalogues
from generator.languages.translation import missing
from generator.source.model import Policy

__all__ = [
    "catalogue", "choose_language", "day", "gettext", "language", "languages", "ngettext",
    "policy_text",
]

LOCALE = Path(__file__).parent / "locale"
DOMAIN = "desk"


def catalogue(language: str) -> gnu.NullTranslations:
    """The desk's translations into ``language`` (none for English)."""
    return catalogues.load(LOCALE, DOMAIN, language)


def languages(policy: Policy) -> list[str]:
    """The languages the desk may speak for this source."""
    return ["en", "cy"] if policy.policy.welsh else ["en"]


def language() -> str:
    """The language of this request: the officer's choice, if the source allows it."""
    return getattr(g, "language", "en")


def choose_language(policy: Policy) -> None:
    """Set the request's language from the session (called before each request)."""
    chosen = session.get("language", "en")
    g.language = chosen if chosen in languages(policy) else "en"


def gettext(message: str, **variables: Any) -> str:
    text = catalogue(language()).gettext(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, n: int, **variables: Any) -> str:
    text = catalogue(language()).ngettext(singular, plural, n)
    return text % {"num": n, **variables}


_ = gettext


def day(value: Any) -> str:
    """A date as officers read it, in the desk's language: 12 January 2026, 12 Ionawr 2026.
    A date of the case (which may give only a month or year) prints as the case gives it."""
    import datetime as dt

    from babel.dates import format_date

    if value is None or value == "":
        return ""
    if hasattr(value, "first_day") and value.day:  # a case's date with its day
        value = value.first_day
    if not isinstance(value, dt.date):
        return str(value)
    return format_date(value, "d MMMM y", locale="cy" if language() == "cy" else "en_GB")


def policy_text(english: str, welsh: str | None) -> str:
    """A text of the source in the desk's language: its Welsh where the source gives it
    (the Welsh view marks a missing translation, and then the officer reads the English)."""
    if language() == "cy" and welsh and not missing(welsh):
        return welsh
    return english
