"""Every source in the repository loads, validates and holds its founding document's key facts."""

from __future__ import annotations

import pytest
from conftest import ROOT, SOURCES

from generator.cli import main
from generator.source import read_policy
from generator.values import Duration


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_source_checks_ok(source, capsys):
    assert main(["check", str(source)]) == 0
    assert capsys.readouterr().out.startswith("OK: ")


def test_cheshire_west_key_facts():
    policy = read_policy(ROOT / "policy_src")
    stage_1 = policy.stages["stage_1"]
    assert stage_1.monitoring.default == Duration(6, "months")
    assert policy.stages["stage_2"].direct_entry
    assert policy.decisions["stage_2_managed_contact"].taken_by == ["director_of_governance"]
    assert policy.decisions["stage_2_managed_contact"].recommended_by == [
        "customer_relations_team"]
    appeals = policy.rights.appeals.values()
    assert appeals and not any(appeal.available for appeal in appeals)
    assert policy.rights.ombudsman.name == "Local Government and Social Care Ombudsman"
    assert policy.reviews.case_reviews["regular_review"].interval == Duration(6, "months")
    assert policy.stages["dormant"].retention == Duration(12, "months")
    assert {p.audience for p in policy.parts.values()} == {"public", "internal", "members"}
    assert [entry.version for entry in policy.policy.version_history][-1] == "3.0"
    assert len(policy.policy.approvals) == 2
