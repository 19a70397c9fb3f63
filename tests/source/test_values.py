"""Periods and dates parse from what a policy owner writes and print one canonical way."""

from __future__ import annotations

import pytest

from generator.source.values import Duration, PolicyDate


@pytest.mark.parametrize(("raw", "value", "unit", "printed"), [
    ("6 months", 6, "months", "6 months"),
    ("1 month", 1, "months", "1 month"),
    ("15 working days", 15, "working_days", "15 working days"),
    ("1 working day", 1, "working_days", "1 working day"),
    ("2 weeks", 2, "weeks", "2 weeks"),
    ("1 day", 1, "days", "1 day"),
    (" 3  years ", 3, "years", "3 years"),
])
def test_duration_parses_and_prints(raw, value, unit, printed):
    duration = Duration.parse(raw)
    assert (duration.value, duration.unit) == (value, unit)
    assert str(duration) == printed


@pytest.mark.parametrize("raw", ["0 days", "-1 months", "six months", "6", "6 fortnights", 6])
def test_duration_rejects(raw):
    with pytest.raises(ValueError):
        Duration.parse(raw)


def test_dates_with_and_without_day():
    assert str(PolicyDate.parse("2019-09")) == "September 2019"
    assert str(PolicyDate.parse("2026-03-14")) == "14 March 2026"
    month = PolicyDate.parse("2024-02")
    assert month.last_day.isoformat() == "2024-02-29"
    assert month.iso() == "2024-02"
    with pytest.raises(ValueError, match="not a real date"):
        PolicyDate.parse("2023-02-29")
