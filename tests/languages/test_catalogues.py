"""The generator's own words in gettext catalogues: complete, current, and read as gettext does."""

from __future__ import annotations

import gettext
import shutil

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from conftest import FIXTURES, ROOT

from generator.cli.policy import main
from generator.languages import catalogues, interface
from generator.sites import pages

GENERATOR = ROOT / "generator"
PO = catalogues.po_path(interface.LOCALE, interface.DOMAIN, "cy")


def ids(messages) -> set[str | tuple[str, ...]]:
    return {m if isinstance(m, str) else tuple(m) for m in messages if m}


@pytest.fixture(scope="module")
def extracted() -> set[str | tuple[str, ...]]:
    """What `pybabel extract -F generator/babel.cfg ... generator tools` finds in the code,
    the page templates and the Welsh letter templates that tools/make_templates.py writes."""
    with (GENERATOR / "babel.cfg").open() as file:
        method_map, options_map = parse_mapping_cfg(file)
    return ids(message for folder in (GENERATOR, ROOT / "tools") for _, _, message, _, _ in
               extract_from_dir(str(folder), method_map, options_map))


def test_the_template_holds_every_message_the_code_uses_and_no_other(extracted):
    template = catalogues.read(interface.LOCALE / catalogues.TEMPLATE)
    stale = ids(m.id for m in template) ^ extracted
    assert sorted(map(str, stale)) == [], "re-extract (README, Translating the generator)"


def test_every_message_has_welsh_with_the_same_placeholders(extracted):
    welsh = catalogues.read(PO, "cy")
    keys = {m if isinstance(m, str) else m[0] for m in extracted}
    assert catalogues.gaps(welsh, keys) == []
    assert ids(m.id for m in welsh) == extracted and not welsh.obsolete
    # Babel takes "{% if" for a Python placeholder; a letter template's tags are Jinja
    assert [(m.id, errors) for m, errors in welsh.check() if "{%" not in str(m.id)] == []


def test_a_fuzzy_or_empty_entry_counts_as_missing_and_plurals_follow_welsh(tmp_path):
    po = catalogues.po_path(tmp_path, "test", "cy")
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=6; plural=(n == 0 ? 0 : '
                  'n == 1 ? 1 : n == 2 ? 2 : n == 3 ? 3 : n == 6 ? 4 : 5);\\n"\n\n'
                  'msgid "Page"\nmsgstr "Tudalen"\n\n#, fuzzy\nmsgid "Word"\nmsgstr "Gair"\n\n'
                  'msgid "Name"\nmsgstr ""\n\nmsgid "%(num)s day"\nmsgid_plural "%(num)s days"\n'
                  + "".join(f'msgstr[{i}] "{i}: %(num)s"\n' for i in range(6)), encoding="utf-8")

    class Missing(gettext.NullTranslations):
        def gettext(self, message: str) -> str:
            return f"missing {message}"

    words = catalogues.load(tmp_path, "test", "cy", Missing())
    assert [words.gettext(m) for m in ("Page", "Word", "Name")] == \
        ["Tudalen", "missing Word", "missing Name"]
    assert [words.ngettext("%(num)s day", "%(num)s days", n) for n in (0, 1, 2, 3, 4, 6)] == \
        [f"{i}: %(num)s" for i in (0, 1, 2, 3, 5, 4)]
    assert catalogues.gaps(catalogues.read(po, "cy")) == [
        catalogues.Gap(9, "Word", "marked fuzzy"), catalogues.Gap(12, "Name", "no translation")]
    assert catalogues.load(tmp_path, "test", "en").gettext("Word") == "Word"


@pytest.fixture
def fuzzy_catalogue(tmp_path, monkeypatch):
    """A copy of the policy catalogue with one message marked fuzzy; its line in the file."""
    locale = tmp_path / "locale"
    shutil.copytree(interface.LOCALE, locale)
    po = catalogues.po_path(locale, interface.DOMAIN, "cy")
    text = po.read_text(encoding="utf-8")
    entry = 'msgid "About this document"\n'
    po.write_text(text.replace(entry, "#, fuzzy\n" + entry), encoding="utf-8")
    monkeypatch.setattr(interface, "LOCALE", locale)
    for cached in (catalogues.load, pages._templates):
        cached.cache_clear()
    yield po, text[:text.index(entry)].count("\n") + 2
    for cached in (catalogues.load, pages._templates):
        cached.cache_clear()


def test_policy_check_names_the_catalogue_line_a_welsh_page_lacks(fuzzy_catalogue, capsys):
    po, line = fuzzy_catalogue
    assert main(["check", str(FIXTURES / "welsh")]) == 1
    assert (f"{po}:{line}: msgstr: no Welsh for the generator's words 'About this document' "
            "(marked fuzzy); translate it and remove the fuzzy mark") in capsys.readouterr().err
