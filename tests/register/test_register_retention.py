"""Retention against dates worked out by hand."""

from __future__ import annotations

from pathlib import Path

from register_cases import D, record

from generator.register.retention import purge_due
from generator.source.read import read_policy

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = read_policy(ROOT / "tests" / "fixtures" / "minimal")


def test_dormant_cases_go_twelve_months_after_their_last_activity():
    cases = [
        # entered dormant 10 March 2025; 12 months later, 10 March 2026: due on that day
        record("M/1", "2024-01-01", stage="dormant", changes=(("dormant", "2025-03-10"),)),
        # entered 10 March 2025 but a letter on 1 June 2025: due from 1 June 2026
        record("M/2", "2024-01-01", stage="dormant", changes=(("dormant", "2025-03-10"),),
               last_activity="2025-06-01"),
        # an active case is never purged, however old
        record("M/3", "2020-01-01", stage="restricted", decision_date="2020-01-01"),
    ]
    purge = purge_due(MINIMAL, cases, D("2026-03-10"))
    assert [(e.reference, e.delete_from.isoformat()) for e in purge.expired] == [
        ("M/1", "2026-03-10")]
    assert purge.expired[0].reason == "stages.dormant.retention: no activity since 2025-03-10"
    later = purge_due(MINIMAL, cases, D("2026-06-01"))
    assert [e.reference for e in later.expired] == ["M/1", "M/2"]
    assert purge.unsaid == []


def test_no_retention_means_nothing_is_deleted_and_says_so():
    district = read_policy(ROOT / "examples" / "district_council_2014")
    old = record("D/9", "2010-01-01", stage="monitoring_ended",
                 changes=(("monitoring_ended", "2010-04-01"),))
    purge = purge_due(district, [old], D("2026-01-01"))
    assert purge.expired == []
    assert purge.unsaid == [
        "stages.monitoring_ended: the policy sets no retention period for Monitoring ended, "
        "so none of its cases is deleted",
        "the policy sets no retention period for any stage, so no case is due for deletion"]
