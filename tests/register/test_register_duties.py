"""The register's duties complete: an outcome that ends a case closes it (nothing more falls
due, retention counts from closure); subject access never exports another person of the
same name and never overwrites a file unasked; the report's period as two dates. On SQLite
and PostgreSQL; the people are made up."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest
from officers import add_officers, with_keeper

from generator.cases.case import Case
from generator.cli.policy import main
from generator.register.actions import purge, record_review
from generator.register.lists import due_list
from generator.register.store import Officer, Register
from generator.source.read import read_policy

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = ROOT / "tests" / "fixtures" / "minimal"


@pytest.fixture(autouse=True)
def _kept_by_its_keeper(tmp_path, monkeypatch):
    """The minimal source with a register keeper, whose role the officers hold."""
    monkeypatch.setattr(sys.modules[__name__], "MINIMAL", with_keeper(MINIMAL, tmp_path))


def officer(policy) -> Officer:
    return Officer("pat", "Pat", list(policy.roles), False)
D = dt.date.fromisoformat


def person(reference: str, address: list[str], **fields) -> Case:
    return Case.model_validate({"reference": reference, "given_names": "Jo",
                                "family_name": "Madeupname", "address": address,
                                "stage": "restricted", "decision_date": "2026-01-05",
                                **fields})


@pytest.fixture
def kept(register_url):
    with Register.open(register_url) as register:
        register.add_officer("dpo", "Dpo", list(read_policy(MINIMAL).roles), None)
        register.add_all([person("R/1", ["1 High Street", "Mold", "CH7 1AA"]),
                          person("R/2", ["9 Low Road", "Cardiff", "CF10 1AB"]),
                          person("R/3", ["1 High Street", "Mold", "CH7 1AA"],
                                 stage="warning")], by="pat")
    add_officers(register_url, MINIMAL)
    return register_url


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_review_that_closes_the_case_closes_it(kept, capsys):
    policy = read_policy(MINIMAL)
    reviewed = dt.datetime(2026, 7, 1, 12, tzinfo=dt.UTC)
    with Register.open(kept, now=lambda: reviewed) as register:
        assert "R/1" in {i.reference for i in due_list(register, policy, D("2026-12-01")).items}
        record_review(register, policy, "R/1", held_on=D("2026-07-01"), outcome="close",
                      notes="", by=officer(policy))
        stored = register.get("R/1")
        assert stored.closed == D("2026-07-01") and stored.case.stage == "dormant"
        assert "R/1" not in {i.reference for i in
                             due_list(register, policy, D("2030-01-01")).items}
        # retention counts from the closure: 12 months at the dormant stage
        assert purge(register, policy, D("2027-06-30"), by=officer(policy),
                     dry_run=True).expired == []
        [expired] = purge(register, policy, D("2027-07-01"), by=officer(policy),
                          dry_run=True).expired
        assert expired.reference == "R/1"
    code, out, _ = run(capsys, "cases", "due", "--source", str(MINIMAL), "--db", kept,
                       "--as-of", "2030-01-01")
    assert code == 0 and "R/2" in out and "R/1" not in out


def test_access_never_exports_another_person_of_the_same_name(kept, capsys, tmp_path):
    target = tmp_path / "jo.json"
    common = ["--source", str(MINIMAL), "--db", kept]
    code, _out, err = run(capsys, "cases", "access", "Jo Madeupname", "--to", str(target),
                         *common)
    assert code == 1 and not target.exists()
    assert "2 people of this name are kept" in err and "R/1, R/3 (CH71AA)" in err
    assert "R/2 (CF101AB)" in err and "--postcode" in err
    code, _out, _ = run(capsys, "cases", "access", "Jo Madeupname", "--postcode", "cf10 1ab",
                       "--to", str(target), *common)
    assert code == 0
    assert json.loads(target.read_text())["subject_access_export"]["cases"] == ["R/2"]
    # a reference: that person's cases (same name, same address), no one else's
    code, _, err = run(capsys, "cases", "access", "R/1", "--to", str(target), *common)
    assert code == 1 and "the file exists already" in err and "--force" in err
    assert json.loads(target.read_text())["subject_access_export"]["cases"] == ["R/2"]
    code, _out, _ = run(capsys, "cases", "access", "R/1", "--to", str(target), "--force",
                       *common)
    assert code == 0
    assert json.loads(target.read_text())["subject_access_export"]["cases"] == ["R/1", "R/3"]


def test_the_report_period_as_two_dates(kept, capsys, tmp_path):
    common = ["--source", str(MINIMAL), "--db", kept]
    code, _out, _ = run(capsys, "cases", "report", "--from", "2026-04-01", "--to", "2027-03-31",
                       "--out", str(tmp_path / "a"), *common)
    assert code == 0
    assert (tmp_path / "a" / "register-report-2026-04-01-2027-03-31.html").is_file()
    code, _out, _ = run(capsys, "cases", "report", "--period", "2026-04-01..2027-03-31",
                       "--out", str(tmp_path / "b"), *common)  # the older form still works
    assert code == 0 and (tmp_path / "b" / "register-report-2026-04-01-2027-03-31.html").is_file()
    code, _, err = run(capsys, "cases", "report", "--from", "2026-04-01", *common)
    assert code == 1 and "give --from YYYY-MM-DD and --to YYYY-MM-DD" in err
    code, _, err = run(capsys, "cases", "report", "--from", "2027-04-01", "--to", "2026-04-01",
                       *common)
    assert code == 1 and "ends (2026-04-01) before it starts" in err and "Traceback" not in err
