"""Every source in the repository loads, validates and holds its founding document's key facts."""

from __future__ import annotations

import pytest
from conftest import CHESHIRE, ROOT, SOURCES

from generator.cli.policy import main
from generator.source.read import read_policy
from generator.source.values import Duration


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_source_checks_ok(source, capsys):
    assert main(["check", str(source)]) == 0
    assert capsys.readouterr().out.startswith("OK: ")


def test_cheshire_west_key_facts():
    policy = read_policy(CHESHIRE)
    stage_1 = policy.stages["stage_1"]
    assert stage_1.monitoring.default == Duration(6, "months")
    assert policy.stages["stage_2"].direct_entry
    assert policy.decisions["stage_2_managed_contact"].taken_by == ["director_of_governance"]
    assert policy.decisions["stage_2_managed_contact"].recommended_by == [
        "customer_relations_team"]
    appeals = policy.rights.appeals.values()
    assert appeals and not any(appeal.available for appeal in appeals)
    assert policy.rights.ombudsmen[0].name == "Local Government and Social Care Ombudsman"
    assert policy.reviews.case_reviews["regular_review"].interval == Duration(6, "months")
    assert policy.stages["dormant"].retention == Duration(12, "months")
    assert {p.audience for p in policy.parts.values()} == {"public", "internal", "members"}
    assert [entry.version for entry in policy.policy.version_history][-1] == "3.0"
    assert len(policy.policy.approvals) == 2


def test_district_council_2014_key_facts():
    policy = read_policy(ROOT / "examples" / "district_council_2014")
    monitoring = policy.stages["monitoring"].monitoring
    assert monitoring.default == Duration(3, "months") and monitoring.may_shorten
    assert policy.decisions["impose_sanction"].taken_by == ["chief_executive"]
    assert policy.roles["chief_executive"].name == "Chief Executive"
    sanctions = [m for m in policy.measures.values() if "sanctions" in m.allowed_at]
    assert len(sanctions) == 3
    assert set(policy.letters["monitoring_letter"].must_state) == {
        "reasons", "expectations", "monitoring_period", "single_point_of_contact",
        "potential_outcome", "policy_enclosed"}
    assert len(policy.behaviours) == 6


def test_cabinet_report_2017_key_facts():
    policy = read_policy(ROOT / "examples" / "cabinet_report_2017")
    report = policy.reports["cabinet_2017"]
    assert report.body == "Cabinet"
    assert str(report.meeting_date) == "14 December 2017"
    assert len(report.observed_behaviours) == 6
    assert set(report.observed_behaviours) == set(policy.behaviours)
    assert {"recording_without_permission", "flouting_behaviour_and_access_contracts"} <= set(
        policy.behaviours)
    assert len(policy.policy.related_policies) == 2


def test_rhondda_cynon_taf_key_facts():
    policy = read_policy(ROOT / "examples" / "rhondda_cynon_taf")
    assert policy.policy.council.nation == "wales"
    appeal = policy.rights.appeals["warning_appeal"]
    assert appeal.window == Duration(15, "working_days")
    assert appeal.to == "principal_democratic_services_officer"
    assert policy.decisions[appeal.decision].taken_by == ["group_director"]
    assert policy.reviews.case_reviews["restriction_review"].interval == Duration(12, "months")
    stage_2 = policy.decisions["stage_2_restriction"]
    assert (stage_2.taken_by, stage_2.consult) == (["group_director"], ["monitoring_officer"])
    assert len([m for m in policy.measures.values() if "stage_2" in m.allowed_at]) == 7
    assert all(set(m.scopes) <= {"officer", "team", "service"} for m in policy.measures.values())
    assert not policy.rights.appeals["no_appeal_health_safety"].available


def test_flintshire_key_facts():
    policy = read_policy(ROOT / "examples" / "flintshire")
    appeal = policy.rights.appeals["managed_contact_appeal"]
    assert appeal.window == Duration(20, "working_days")
    assert policy.roles[appeal.to].name == "Chief Officer Governance"
    assert policy.reviews.case_reviews["decision_review"].interval == Duration(6, "months")
    assert len(policy.decisions) == 6
    assert policy.protocols["ending_calls"].warnings == 1
    assert policy.protocols["one_day_telephone_restriction"].restriction == Duration(1, "days")
    assert policy.reviews.scheduled["annual_review"].months == [3]
