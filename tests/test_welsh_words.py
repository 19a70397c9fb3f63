"""Welsh forms of periods, dates and lists, including the mutations lists need."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.values import Duration, PolicyDate
from generator.welsh_words import date, mutate, period, weekday
from generator.wording import join


@pytest.mark.parametrize(("raw", "welsh"), [
    ("6 months", "6 mis"), ("15 working days", "15 diwrnod gwaith"), ("1 day", "1 diwrnod"),
    ("2 weeks", "2 wythnos"), ("1 year", "1 flwyddyn"), ("2 years", "2 flynedd"),
    ("3 years", "3 blynedd"), ("5 years", "5 mlynedd"),
])
def test_periods(raw, welsh):
    assert period(Duration.parse(raw)) == welsh


def test_dates_and_days():
    assert date(dt.date(2026, 3, 14)) == "14 Mawrth 2026"
    assert date(PolicyDate.parse("2019-09")) == "Medi 2019"
    assert weekday(dt.date(2026, 3, 14)) == "Dydd Sadwrn"


@pytest.mark.parametrize(("word", "after", "mutated"), [
    ("Cyfarwyddwr", "neu", "Gyfarwyddwr"), ("Pennaeth", "neu", "Bennaeth"),
    ("Llywodraethwr", "neu", "Lywodraethwr"), ("Grŵp", "neu", "Rŵp"),
    ("Dirprwy", "neu", "Ddirprwy"), ("Swyddog", "neu", "Swyddog"),
    ("Pennaeth", "a", "Phennaeth"), ("Cyfarwyddwr", "a", "Chyfarwyddwr"),
    ("Swyddog", "a", "Swyddog"),
])
def test_mutations(word, after, mutated):
    assert mutate(word, after) == mutated


def test_lists_join_with_the_right_conjunction_and_mutation():
    assert join(["Pennaeth Gwasanaeth", "Cyfarwyddwr Gwasanaeth"], "or", "cy") == \
        "Pennaeth Gwasanaeth neu Gyfarwyddwr Gwasanaeth"
    assert join(["Swyddog Monitro", "Pennaeth"], "and", "cy") == "Swyddog Monitro a Phennaeth"
    assert join(["Swyddog Monitro", "Aelodau"], "and", "cy") == "Swyddog Monitro ac Aelodau"
