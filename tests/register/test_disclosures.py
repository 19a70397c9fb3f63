"""Every disclosure of a decided restriction on record: whom the fixture policy says to tell
(a stage's notify on entry, a measure's informed, a decision's informed), tellings recorded
and refused, the record in subject access and the report, on SQLite and PostgreSQL, and
`policy cases disclose|disclosures` read back from what they print."""

from __future__ import annotations

import datetime as dt
import getpass
import json
from pathlib import Path

import pytest

from generator.cases.case import Case
from generator.cli.policy import main
from generator.register import decisions, disclosures
from generator.register.actions import subject_access
from generator.register.disclosures import Told
from generator.register.report import Period, report_markdown
from generator.register.store import Register
from generator.register.tally import kept_figures
from generator.source.errors import SourceError
from generator.source.read import read_policy
from generator.statements import disclosure
from generator.statements.said import Words

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "tests" / "fixtures" / "disclosure"
MINIMAL = ROOT / "tests" / "fixtures" / "minimal"
TODAY = dt.date.today()
TEAM_RULE = "stages.restricted.notify.0"


def _case(reference: str = "T/1", name: str = "Alex Example") -> Case:
    return Case.model_validate({
        "reference": reference, "customer_name": name, "address": ["1 Test Row", "TE1 1AA"],
        "behaviours": ["abuse"], "stage": "warning"})


@pytest.fixture
def kept(register_url):
    """A case put at the restricted stage, with letters only, by a decision taken in the
    desk; ``pat`` holds every role, ``sam`` only reception's (told, never reading cases)."""
    policy = read_policy(SOURCE)
    register = Register.open(register_url)
    register.add_officer("pat", "Pat Keeper", list(policy.roles), None)
    register.add_officer("sam", "Sam Reception", ["reception"], None)
    register.add_officer(getpass.getuser(), "You", list(policy.roles), None)
    register.add(_case(), by="pat")
    proposal = decisions.propose(register, "T/1", "restriction", None, {
        "stage": "restricted", "measures": {"letter_only": {"scope": "service"}}}, by="pat")
    decisions.approve(register, policy, proposal, register.officer("pat"), TODAY)
    yield policy, register, register_url
    register.close()


def test_the_rules_say_whom_to_tell_in_the_statements_words():
    policy = read_policy(SOURCE)
    found = disclosure.rules(policy, "restricted", ["letter_only"], "restriction")
    assert [(r.path, r.roles, r.channel) for r in found] == [
        (TEAM_RULE, ("customer_relations",), "by email"),
        ("measures.letter_only.informed", ("reception",), None)]
    words = Words(policy)
    assert disclosure.rule_said(words, policy, found[0]) == (
        "When a case enters the stage 'Restricted contact', the policy says to tell: "
        "Customer Relations Team. They are told by email.")
    assert disclosure.rule_said(words, policy, found[1]) == (
        "When the measure 'Letters only' is imposed, the policy says to tell: Reception staff.")
    # the warning stage names no one: a gap for `policy check`, nothing made up
    assert disclosure.rules(policy, "warning") == []
    assert [loc for loc, _gap, _add in disclosure.gaps(policy)] == [("stages", "warning")]


def test_check_notes_a_restricting_stage_that_names_no_one(capsys):
    assert main(["check", "--source", str(SOURCE)]) == 0
    out = capsys.readouterr().err
    assert ("stages.yaml:1: stages.warning: the desk will not say whom to tell when a case "
            "enters the stage 'Warning'") in out
    assert "stages.restricted: the desk" not in out  # it names whom to tell
    assert "stages.dormant: the desk" not in out  # closed, restricts nothing


def test_tellings_recorded_refused_and_listed(kept):
    policy, register, _url = kept
    pat = register.officer("pat")
    decided = disclosures.last_decided(register, "T/1")
    stored = register.get("T/1")
    due = disclosures.to_tell(policy, stored, decided, [])
    assert [(t.role, t.rule.path, t.told) for t in due] == [
        ("customer_relations", TEAM_RULE, []), ("reception", "measures.letter_only.informed", [])]

    done = disclosures.record(register, policy, "T/1", pat, Told(
        "customer_relations", "Jo Team", TEAM_RULE, TODAY, "by email"), TODAY)
    assert (done.outside, done.rule, done.decision, done.by) == (False, TEAM_RULE, decided.id,
                                                                 "pat")
    refusals = {
        "outside without a reason": Told(None, "Dana Neighbour", None, TODAY),
        "a role the rule does not name, without a reason": Told("head_of_service", None,
                                                                TEAM_RULE, TODAY),
        "no one": Told(None, None, TEAM_RULE, TODAY),
        "a role not in the policy": Told("police", None, None, TODAY, reason="asked"),
        "a rule not of this case": Told("customer_relations", None, "decisions.warning.informed",
                                        TODAY),
        "a day to come": Told("customer_relations", None, TEAM_RULE,
                              TODAY + dt.timedelta(days=1)),
    }
    for what, told in refusals.items():
        with pytest.raises(SourceError) as refused:
            disclosures.record(register, policy, "T/1", pat, told, TODAY)
        assert refused.value.problems, what
    with pytest.raises(SourceError) as refused:
        disclosures.record(register, policy, "T/1", pat, refusals["outside without a reason"],
                           TODAY)
    problem = refused.value.problems[0]
    assert (problem.field, str(problem.message)) == (
        "reason", "telling anyone outside the roles the policy names needs a recorded reason")
    assert "Customer Relations Team, Reception staff" in str(problem.hint)

    outside = disclosures.record(register, policy, "T/1", pat, Told(
        None, "Dana Neighbour", None, TODAY, "by phone", "the housing officer visiting "
        "the customer needed to know"), TODAY)
    assert (outside.outside, outside.rule, outside.reason) == (
        True, None, "the housing officer visiting the customer needed to know")

    with pytest.raises(SourceError):  # reception may not read or record
        disclosures.record(register, policy, "T/1", register.officer("sam"), Told(
            "customer_relations", None, TEAM_RULE, TODAY), TODAY)
    with pytest.raises(SourceError):
        disclosures.listed(register, policy, ["T/1"], register.officer("sam"))

    kept_ = disclosures.listed(register, policy, ["T/1"], pat)
    assert [(d.name, d.role, d.outside) for d in kept_] == [
        ("Jo Team", "customer_relations", False), ("Dana Neighbour", None, True)]
    due = disclosures.to_tell(policy, register.get("T/1"), decided, kept_)
    assert [len(t.told) for t in due] == [1, 0]  # reception not told yet
    trail = [(e.action, e.fields, e.note) for e in register.audit("T/1")]
    assert ("disclose", ["disclosures"], TEAM_RULE) in trail
    assert ("disclose", ["disclosures"], "outside the policy's roles") in trail
    assert ("open", ["disclosures"], None) in trail
    assert not any("Dana" in str(e) for e in register.audit("T/1"))  # no names in the log


def test_subject_access_report_and_deletion(kept, tmp_path):
    policy, register, _url = kept
    pat = register.officer("pat")
    register.add(_case("T/2", "Robin Other"), by="pat")
    for told in (Told("customer_relations", None, TEAM_RULE, TODAY),
                 Told("reception", None, "measures.letter_only.informed", TODAY),
                 Told(None, "Dana Neighbour", None, TODAY, reason="safety of a visit")):
        disclosures.record(register, policy, "T/1", pat, told, TODAY)
    disclosures.record(register, policy, "T/2", pat, Told(None, "Lee", None, TODAY,
                                                           reason="asked by the police"),
                       TODAY)
    path, references = subject_access(register, policy, "T/1", tmp_path / "sar.json", TODAY)
    data = json.loads(path.read_text())
    assert references == ["T/1"]
    assert [(d["role"], d["name"], d["reason"]) for d in data["disclosures"]] == [
        ("customer_relations", None, None), ("reception", None, None),
        (None, "Dana Neighbour", "safety of a visit")]

    fig = kept_figures(register, policy, Period(TODAY - dt.timedelta(days=30), TODAY))
    assert (fig.disclosures, fig.cases_told, fig.most_told, fig.disclosures_outside) == (
        4, 2, 3, 2)
    assert dict(fig.told_per_case) == {"1": 1, "3 to 5": 1}
    text = report_markdown(policy, fig)
    assert "| Tellings recorded | 4 |" in text
    assert "| Tellings outside the roles the policy names (each with a recorded reason) | 2 |" \
        in text
    assert "| 3 to 5 | 1 |" in text
    assert "Dana" not in text and "T/1" not in text  # numbers only
    before = kept_figures(register, policy, Period(TODAY - dt.timedelta(days=60),
                                                   TODAY - dt.timedelta(days=31)))
    assert before.disclosures == 0

    register.delete("T/1", by="pat", reason="retention period over")
    assert disclosures.of_cases(register, ["T/1", "T/2"])[0].reference == "T/2"


def test_the_command_line_records_refuses_and_lists(kept, capsys):
    _policy, _register, url = kept
    base = ["cases", "disclose", "T/1", "--db", url, "--source", str(SOURCE), "--by", "pat"]
    assert main([*base, "--to", "customer_relations", "--rule", TEAM_RULE,
                 "--how", "by email"]) == 0
    assert f"told to customer_relations on {dt.date.today().isoformat()}, under {TEAM_RULE}" \
        in capsys.readouterr().out
    assert main([*base, "--to", "reception"]) == 0  # its rule found for it
    assert "told to reception" in capsys.readouterr().out
    assert main([*base, "--person", "Dana Neighbour"]) == 1
    err = capsys.readouterr().err
    assert "telling anyone outside the roles the policy names needs a recorded reason" in err
    assert "Traceback" not in err
    assert main([*base, "--person", "Dana Neighbour", "--reason", "visit planned"]) == 0
    assert "outside the policy's roles (visit planned)" in capsys.readouterr().out
    assert main(["cases", "disclose", "T/1", "--db", url, "--source", str(SOURCE), "--by",
                 "sam", "--to", "customer_relations", "--rule", TEAM_RULE]) == 1
    assert "your roles may not open the record of whom" in capsys.readouterr().err

    assert main(["cases", "disclosures", "T/9", "--db", url, "--source", str(SOURCE),
                 "--by", "pat"]) == 1
    assert "register:T/9: reference: no such case in the register" in capsys.readouterr().err
    assert main(["cases", "disclosures", "T/1", "--db", url, "--source", str(SOURCE),
                 "--by", "pat"]) == 0
    out = capsys.readouterr().out
    assert f"customer_relations ({TEAM_RULE}): {dt.date.today().isoformat()}" in out
    assert f"reception (measures.letter_only.informed): {dt.date.today().isoformat()}" in out
    assert "Dana Neighbour" in out and "outside the policy's roles: visit planned" in out
