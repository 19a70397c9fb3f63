"""Dates in letters: working days across Christmas, Easter and nation-specific bank holidays."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.source.model import Nation
from generator.source.values import Duration
from generator.source.workdays import add_months, add_period, add_working_days, long_date

D = dt.date


@pytest.mark.parametrize(("start", "days", "nation", "expected"), [
    # Christmas 2026: Fri 25, Sat 26 (Boxing Day), Mon 28 (Boxing Day substitute), Fri 1 Jan.
    (D(2026, 12, 21), 15, Nation.england, D(2027, 1, 14)),
    (D(2026, 12, 24), 1, Nation.england, D(2026, 12, 29)),
    # Scotland also keeps 2 January (a Saturday in 2027, so Monday 4 January instead).
    (D(2026, 12, 24), 5, Nation.scotland, D(2027, 1, 6)),
    (D(2026, 12, 24), 5, Nation.england, D(2027, 1, 5)),
    # Easter 2026: Good Friday 3 April everywhere; Easter Monday 6 April not in Scotland.
    (D(2026, 4, 2), 1, Nation.england, D(2026, 4, 7)),
    (D(2026, 4, 2), 1, Nation.wales, D(2026, 4, 7)),
    (D(2026, 4, 2), 1, Nation.scotland, D(2026, 4, 6)),
    (D(2026, 3, 27), 20, Nation.wales, D(2026, 4, 28)),
    # St Andrew's Day, Monday 30 November 2026, is a bank holiday in Scotland only.
    (D(2026, 11, 27), 1, Nation.scotland, D(2026, 12, 1)),
    (D(2026, 11, 27), 1, Nation.england, D(2026, 11, 30)),
    (D(2026, 11, 20), 15, Nation.scotland, D(2026, 12, 14)),
    (D(2026, 11, 20), 15, Nation.england, D(2026, 12, 11)),
    # St Patrick's Day, Tuesday 17 March 2026, in Northern Ireland only.
    (D(2026, 3, 16), 1, Nation.northern_ireland, D(2026, 3, 18)),
    (D(2026, 3, 16), 1, Nation.wales, D(2026, 3, 17)),
    # A weekend start counts from the next working day.
    (D(2026, 3, 14), 1, Nation.england, D(2026, 3, 16)),
])
def test_working_days(start, days, nation, expected):
    assert add_working_days(start, days, nation) == expected


@pytest.mark.parametrize(("start", "period", "expected"), [
    (D(2026, 3, 11), "6 months", D(2026, 9, 11)),
    (D(2026, 8, 31), "6 months", D(2027, 2, 28)),
    (D(2028, 8, 31), "6 months", D(2029, 2, 28)),
    (D(2027, 8, 31), "6 months", D(2028, 2, 29)),
    (D(2026, 12, 18), "12 months", D(2027, 12, 18)),
    (D(2024, 2, 29), "1 year", D(2025, 2, 28)),
    (D(2026, 12, 21), "2 weeks", D(2027, 1, 4)),
    (D(2026, 12, 31), "1 day", D(2027, 1, 1)),
    (D(2026, 12, 18), "15 working days", D(2027, 1, 13)),
])
def test_periods(start, period, expected):
    assert add_period(start, Duration.parse(period), Nation.england) == expected


def test_add_months_crosses_years_both_ways():
    assert add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)


def test_long_date():
    assert long_date(D(2026, 3, 14)) == "14 March 2026"
    assert long_date(D(2027, 1, 1)) == "1 January 2027"
