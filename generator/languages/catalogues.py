"""Gettext catalogues: the toolkit's own words in each language it speaks, as ``.po`` files.

A catalogue lives at ``LOCALE/<language>/LC_MESSAGES/<domain>.po`` beside the code that
uses it (``generator/locale/`` for the domain "policy"), with the template
``LOCALE/messages.pot`` that ``pybabel extract`` writes from the code and templates (see
README, "Translating the generator"). It is compiled in memory when first asked for, so no
``.mo`` file is kept in git, and kept for the life of the process. English is the message
ids themselves. A fuzzy or empty entry counts as missing: :func:`load` leaves it out and
:func:`gaps` names it. Another domain loads the same way from its own folder, as
``load(Path(__file__).with_name("locale"), "desk", language)``.
"""

from __future__ import annotations

import functools
import gettext
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Babel is imported only when a catalogue is read: English reads none
    from babel.messages.catalog import Catalog

__all__ = ["NP_", "N_", "TEMPLATE", "Gap", "gaps", "load", "marker", "missing", "po_path", "read"]

TEMPLATE = "messages.pot"


def N_(message: str) -> str:  # the name pybabel extract looks for
    """Marks a message id for extraction where it is translated later, as in a table."""
    return message


#: What an output prints where a translation is missing: the translation's id in brackets.
_MARK = re.compile(r"⟦([^⟧]+)⟧")


def marker(key: str) -> str:
    return f"⟦{key}⟧"


def missing(text: str) -> list[str]:
    """The ids of the translations a rendered text lacks, in order, once each."""
    return list(dict.fromkeys(_MARK.findall(text)))


def NP_(singular: str, plural: str) -> tuple[str, str]:  # extracted as a plural (babel.cfg)
    """Marks a counted message (its singular and plural ids) translated later, with
    ngettext."""
    return singular, plural


def po_path(locale: Path, domain: str, language: str) -> Path:
    return locale / language / "LC_MESSAGES" / f"{domain}.po"


def read(path: Path, language: str | None = None) -> Catalog:
    """A .po or .pot file as Babel's catalogue (each message knows its line in the file)."""
    from babel.messages.pofile import read_po

    with path.open("rb") as file:
        return read_po(file, locale=language, domain=path.stem)


@functools.cache
def load(locale: Path, domain: str, language: str,
         fallback: gettext.NullTranslations | None = None) -> gettext.NullTranslations:
    """The domain's translations into ``language``; the ids themselves where it has none.

    ``fallback`` answers for a message the catalogue lacks (or holds only fuzzy or empty),
    as the policy domain prints a marker rather than English on a Welsh page.
    """
    path = po_path(locale, domain, language)
    if not path.is_file():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.support import Translations

    compiled = io.BytesIO()
    write_mo(compiled, read(path, language))  # leaves out fuzzy and untranslated entries
    compiled.seek(0)
    translations = Translations(compiled, domain=domain)
    if fallback is not None:
        translations.add_fallback(fallback)
    return translations


@dataclass(frozen=True)
class Gap:
    """A message the catalogue does not translate yet: where, which, and what is wrong."""

    line: int
    msgid: str
    what: str


def gaps(catalogue: Catalog, ids: set[str] | None = None) -> list[Gap]:
    """Each message of ``ids`` (every id in the catalogue when None) with no usable msgstr."""
    found = []
    for message in catalogue:
        key = message.id if isinstance(message.id, str) else message.id[0]
        if not key or (ids is not None and key not in ids):
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            found.append(Gap(message.lineno or 0, key, "marked fuzzy"))
        elif not all(strings):
            found.append(Gap(message.lineno or 0, key, "no translation"))
    missing = (ids or set()) - {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue}
    return found + [Gap(0, key, "not in the catalogue") for key in sorted(missing)]
