"""Welsh forms of the values the model prints: periods, dates and lists of names."""

from __future__ import annotations

import datetime as dt

from generator.values import Duration, PolicyDate

MONTHS = ("Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst",
          "Medi", "Hydref", "Tachwedd", "Rhagfyr")
DAYS = ("Dydd Llun", "Dydd Mawrth", "Dydd Mercher", "Dydd Iau", "Dydd Gwener",
        "Dydd Sadwrn", "Dydd Sul")
_UNITS = {"days": "diwrnod", "working_days": "diwrnod gwaith", "weeks": "wythnos",
          "months": "mis"}
#: "blwyddyn" mutates after a number: un flwyddyn, dwy flynedd, pum mlynedd, tair blynedd.
_YEARS = {1: "flwyddyn", 2: "flynedd", 5: "mlynedd", 7: "mlynedd", 8: "mlynedd",
          9: "mlynedd", 10: "mlynedd", 15: "mlynedd", 18: "mlynedd", 20: "mlynedd",
          100: "mlynedd"}


def period(duration: Duration) -> str:
    """"6 mis", "15 diwrnod gwaith", "1 flwyddyn", "3 blynedd"."""
    if duration.unit == "years":
        return f"{duration.value} {_YEARS.get(duration.value, 'blynedd')}"
    return f"{duration.value} {_UNITS[duration.unit]}"


def date(value: PolicyDate | dt.date) -> str:
    """"14 Mawrth 2026", or "Medi 2019" for a month."""
    if isinstance(value, dt.date):
        return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    month = MONTHS[value.month - 1]
    return f"{value.day} {month} {value.year}" if value.day else f"{month} {value.year}"


def weekday(value: dt.date) -> str:
    return DAYS[value.weekday()]


def conjunction(english: str, following: str) -> str:
    """Welsh for "and" (ac before a vowel) or "or"."""
    if english == "or":
        return "neu"
    return "ac" if following[:1].lower() in "aeiouy" else "a"


#: Initial consonants and what they become: soft mutation follows "neu", aspirate "a".
_SOFT = (("ll", "l"), ("rh", "r"), ("p", "b"), ("t", "d"), ("c", "g"), ("b", "f"),
         ("d", "dd"), ("g", ""), ("m", "f"))
_ASPIRATE = (("p", "ph"), ("t", "th"), ("c", "ch"))


def mutate(word: str, after: str) -> str:
    """The word as it is written after "neu" (soft mutation) or "a" (aspirate mutation)."""
    rules = _SOFT if after == "neu" else _ASPIRATE if after == "a" else ()
    for old, new in rules:
        if word[:len(old)].lower() == old:
            if old == "d" and word[:2].lower() == "dd":
                return word  # already a mutated letter
            rest = word[len(old):]
            if word[:1].isupper():
                return (new[:1].upper() + new[1:] + rest) if new else rest[:1].upper() + rest[1:]
            return new + rest
    return word
