"""The permission rules themselves, on Rhondda's decision matrix: each change a case can
undergo names the decision that makes it, and only that decision's roles may make it."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from conftest import ROOT

from generator.register.permissions import changes, may_read, refusals
from generator.source.read import read_policy

POLICY = read_policy(ROOT / "examples" / "rhondda_cynon_taf")
BEFORE = {"reference": "T/1", "stage": "stage_2", "measures": {}}


@pytest.mark.parametrize(("after", "decision"), [
    ({"stage": "stage_1"}, "stage_1_warning"),
    ({"stage": "stage_2"}, "stage_2_restriction"),
    ({"measures": {"telephone_days_times": {"scope": "service"}}}, "stage_2_restriction"),
    ({"outcome": "close"}, "case_review"),
    ({"appeal": {"received": "2026-01-01", "outcome": "upheld"}}, "stage_1_appeal"),
])
def test_each_change_is_made_by_its_decision_and_its_roles_only(after, decision):
    old = {**BEFORE, "stage": None} if "stage" in after else BEFORE
    new = {**old, **after}
    assert [c.decision for c in changes(POLICY, old, new)] == [decision]
    takers = POLICY.decisions[decision].taken_by
    assert refusals(POLICY, takers, old, new) == []
    others = [r for r in POLICY.roles if r not in takers]
    (refused,) = refusals(POLICY, others, old, new)
    assert str(POLICY.decisions[decision].title) in refused.message


def test_a_change_no_decision_makes_is_refused_to_everyone():
    old, new = {"reference": "T/1"}, {"reference": "T/1", "stage": "no_such_stage"}
    (refused,) = refusals(POLICY, list(POLICY.roles), old, new)
    assert "names no decision" in refused.message


@pytest.mark.parametrize(("roles", "admin", "opens"), [
    (["all_staff"], False, set()),
    (["head_of_service"], False, {"cases"}),
    (["group_director"], False, {"cases", "due"}),
    (["monitoring_officer"], False, {"cases", "report"}),
    (["principal_democratic_services_officer"], False,
     {"cases", "due", "report", "access", "purge", "audit", "reading"}),
    ([], True, {"accounts", "reading"})])
def test_what_each_role_may_read(roles, admin, opens):
    officer = SimpleNamespace(roles=roles, admin=admin)
    readable = {what for what in ("cases", "due", "report", "access", "purge", "audit",
                                  "accounts", "reading") if may_read(POLICY, officer, what)}
    assert readable == opens
