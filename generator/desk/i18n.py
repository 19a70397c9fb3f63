"""The desk's own words in Welsh: a gettext catalogue (locale/cy/LC_MESSAGES/desk.po) read
at run time with Babel, so no compiled .mo file is kept beside its source.

The desk speaks Welsh only where the source has Welsh; the officer picks the language
with the switcher in the header, kept in the session.
"""

from __future__ import annotations

import gettext as gnu
from pathlib import Path
from typing import Any

from flask import current_app, g, has_app_context, session

from generator.languages import catalogues, interface, welsh_words
from generator.languages.catalogues import missing
from generator.source.errors import Name, Said
from generator.source.model import Policy
from generator.source.values import Duration, PolicyDate

__all__ = [
    "catalogue", "choice", "choose_language", "day", "gettext", "language", "languages",
    "ngettext", "period", "policy_text", "said",
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
    """The language of this request: the officer's choice, if the source allows it
    (English outside a request, as for the command line)."""
    return getattr(g, "language", "en") if has_app_context() else "en"


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


def said(text: str) -> str:
    """Words of the toolkit (a case check's message, a due list's reason, a revision's
    effect on a case) in the desk's language: the English itself, or its message id
    translated by the desk's catalogue (else the policy's, which holds the statements
    modules' messages) and filled with the same values, names of the policy's things in the
    source's Welsh."""
    if language() == "en" or not isinstance(text, Said | Name):
        return str(text)
    if isinstance(text, Name):
        return str(_value(text))
    words = catalogue(language()).gettext(text.id)
    if words == text.id:  # a statements module's message: the policy's catalogue has it
        words = catalogues.load(interface.LOCALE, interface.DOMAIN, language()).gettext(text.id)
    return words % {key: _value(value) for key, value in text.values.items()} \
        if text.values else words


def _value(value: object) -> object:
    if isinstance(value, Said):
        return said(value)
    if isinstance(value, Name):
        return policy_text(value, current_app.config["DESK_POLICY"].welsh_text.get(value.path))
    if isinstance(value, Duration):
        return welsh_words.period(value)
    if isinstance(value, PolicyDate):
        return welsh_words.date(value)
    return value


def period(value: object) -> str:
    """A period of the source or the case ("3 months") in the desk's language."""
    return str(_value(value)) if language() == "cy" else str(value)


def choice(value: str, field: str) -> str:
    """A value of the policy's fixed choices (a review outcome's kind) in words, in the
    desk's language, by the generator's own catalogue."""
    if str(value) not in interface.CHOICES.get(field, {}):
        return str(value)
    return interface.choice(language(), field, value)
