"""Welsh forms of periods, dates and lists, including the mutations lists need."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.languages.welsh_words import date, mutate, period, weekday
from generator.source.values import Duration, PolicyDate
from generator.source.wording import join


@pytest.mark.parametrize(("raw", "welsh"), [
    ("6 months", "6 mis"), ("15 working days", "15 diwrnod gwaith"), ("1 day", "1 diwrnod"),
    ("2 weeks", "2 wythnos"), ("1 year", "1 flwyddyn"), ("2 years", "2 flynedd"),
    ("3 years", "3 blynedd"), ("5 years", "5 mlynedd"),
    # CLDR's mutations after "2" (dau/dwy), which a hand-written table missed
    ("2 months", "2 fis"), ("2 days", "2 ddiwrnod"), ("2 working days", "2 ddiwrnod gwaith"),
])
def test_periods(raw, welsh):
    assert period(Duration.parse(raw)) == welsh


def test_dates_and_days():
    assert date(dt.date(2026, 3, 14)) == "14 Mawrth 2026"
    assert date(PolicyDate.parse("2019-09")) == "Medi 2019"
    assert weekday(dt.date(2026, 3, 14)) == "Dydd Sadwrn"
    assert weekday(dt.date(2026, 3, 16)) == "Dydd Llun"
    assert date(dt.date(2026, 2, 1)) == "1 Chwefror 2026"


@pytest.mark.parametrize(("word", "after", "mutated"), [
    ("Cyfarwyddwr", "neu", "Gyfarwyddwr"), ("Pennaeth", "neu", "Bennaeth"),
    ("Llywodraethwr", "neu", "Lywodraethwr"), ("Grŵp", "neu", "Rŵp"),
    ("Dirprwy", "neu", "Ddirprwy"), ("Swyddog", "neu", "Swyddog"),
    ("Pennaeth", "a", "Phennaeth"), ("Cyfarwyddwr", "a", "Chyfarwyddwr"),
    ("Swyddog", "a", "Swyddog"), ("Rheolwr", "neu", "Reolwr"), ("Tîm", "neu", "Dîm"),
    ("Tîm", "a", "Thîm"), ("cyngor", "neu", "gyngor"),
    # ch, th, ph, dd, ff, ll, rh and ng are single letters: c, t, p, d are not their start
    ("Chadeirydd", "neu", "Chadeirydd"), ("Chadeirydd", "a", "Chadeirydd"),
    ("Thîm", "a", "Thîm"), ("Thîm", "neu", "Thîm"), ("Phwyllgor", "neu", "Phwyllgor"),
    ("Phwyllgor", "a", "Phwyllgor"), ("Ddirprwy", "neu", "Ddirprwy"), ("Ffôn", "neu", "Ffôn"),
    ("Ngwasanaeth", "neu", "Ngwasanaeth"), ("Llywodraethwr", "a", "Llywodraethwr"),
])
def test_mutations(word, after, mutated):
    assert mutate(word, after) == mutated


def test_lists_join_with_the_right_conjunction_and_mutation():
    assert join(["Pennaeth Gwasanaeth", "Cyfarwyddwr Gwasanaeth"], "or", "cy") == \
        "Pennaeth Gwasanaeth neu Gyfarwyddwr Gwasanaeth"
    assert join(["Swyddog Monitro", "Pennaeth"], "and", "cy") == "Swyddog Monitro a Phennaeth"
    assert join(["Swyddog Monitro", "Aelodau"], "and", "cy") == "Swyddog Monitro ac Aelodau"
    assert join(["Swyddog Monitro", "Thîm Cwsmeriaid"], "and", "cy") == \
        "Swyddog Monitro a Thîm Cwsmeriaid"
    assert join(["Swyddog Monitro", "Chadeirydd"], "or", "cy") == "Swyddog Monitro neu Chadeirydd"
